"""Story transitions: create and edit a draft, publish, withdraw (with a reason). Nothing is deleted.

Each is one atomic function that locks the story row (`select_for_update`), checks the status and the version
the form showed, validates (`full_clean`), saves with `version += 1` and writes an audit row. Only the
propaganda board of the organisation (or above) writes, and only about a subject recognised by a decision in
force inside that organisation's subtree.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from bontot.assessments import authority
from bontot.core.audit import log_action
from bontot.decisions.models import DecisionEntry
from bontot.notifications.services import notify
from bontot.organizations.access import Grant
from bontot.organizations.models import Organization

from .access import WRITERS_ONLY, may_write
from .models import Story, StoryStatus
from .photos import check_photo, clean_photo

STORY_TYPE = "showcase.story"
STALE = "Đã có người khác cập nhật bài này; tải lại trang."
NOT_RECOGNISED = "Chỉ giới thiệu đảng viên, tổ chức đảng đã được công nhận “bốn tốt” bằng quyết định còn hiệu lực."
OUTSIDE = "Đối tượng được công nhận này không thuộc tổ chức đảng mà bài được đăng cho."
VERBS = {StoryStatus.PUBLISHED: "đăng", StoryStatus.WITHDRAWN: "gỡ"}


def candidate_entries(*paths: str) -> QuerySet[DecisionEntry]:
    """The recognitions in force of subjects inside the subtrees of `paths` (a member through the cell of
    the recognised year's assessment), newest decision first."""
    inside = Q(pk__in=[])
    for path in paths:
        inside |= Q(organization__path__startswith=path) | Q(assessment__cell__path__startswith=path)
    return (
        DecisionEntry.objects.filter(decision__revoked_by__isnull=True)
        .filter(inside)
        .select_related("decision", "member", "organization")
        .order_by("-decision__year", "-decision__issued_on", "decision_id", "position")
    )


def _check_writer(actor: Any, organization: Organization, held: tuple[Grant, ...] | None) -> None:
    if not may_write(actor, organization, held):
        raise PermissionDenied(WRITERS_ONLY)


def _check_entry(organization: Organization, entry: DecisionEntry | None) -> DecisionEntry:
    if entry is None:
        raise ValidationError({"entry": "Chọn đối tượng được công nhận mà bài giới thiệu."})
    found = DecisionEntry.objects.filter(pk=entry.pk, decision__revoked_by__isnull=True).first()
    if found is None:
        raise ValidationError({"entry": NOT_RECOGNISED})
    if not candidate_entries(organization.path).filter(pk=entry.pk).exists():
        raise ValidationError({"entry": OUTSIDE})
    return found


def _store_photo(story: Story, photo: UploadedFile) -> str:
    """Check the photo and store it re-encoded under a random name; return the stored name (to remove on failure)."""
    name = photo.name or "ảnh"
    checked = check_photo(photo, name=name, size=photo.size)
    cleaned = ContentFile(clean_photo(photo, name=name))  # no EXIF (GPS, camera, owner) is stored
    story.photo.save(f"{uuid.uuid4().hex}{checked.kind.extensions[0]}", cleaned, save=False)
    story.photo_type = checked.kind.content_type
    return story.photo.name


def _save(story: Story, actor: Any, stored: str | None) -> None:
    try:  # a refused row must not leave its file behind
        story.stamp(actor)
        story.full_clean()
        story.save()
    except Exception:
        if stored:
            story.photo.storage.delete(stored)
        raise


def _audit(action: str, story: Story, actor: Any, data: dict[str, Any]) -> None:
    log_action(
        f"showcase.story.{action}",
        actor=actor,
        object_type=STORY_TYPE,
        object_id=str(story.pk),
        organization_path=story.organization.path,
        data={"repr": story.title, **data},
    )


def create_story(
    *,
    organization: Organization,
    entry: DecisionEntry | None,
    title: str,
    body: str,
    actor: Any,
    photo: UploadedFile | None = None,
    held: tuple[Grant, ...] | None = None,
) -> Story:
    """Write a draft story about a recognised subject, for the organisation's subtree."""
    _check_writer(actor, organization, held)
    story = Story(organization=organization, title=title.strip(), body=body.strip())
    if photo is not None:
        check_photo(photo, name=photo.name or "ảnh", size=photo.size)
    with transaction.atomic():
        story.entry = _check_entry(organization, entry)
        stored = _store_photo(story, photo) if photo is not None else None
        _save(story, actor, stored)
        _audit("created", story, actor, {"to": StoryStatus.DRAFT, "entry": story.entry_id})
    return story


def _lock(story: Story, version: int | None) -> Story:
    locked = Story.objects.select_for_update().select_related("organization").get(pk=story.pk)
    if version is not None and locked.version != version:
        raise ValidationError(STALE)
    return locked


def _moved_on(story: Story, doing: str) -> ValidationError:
    if story.status == StoryStatus.PUBLISHED:
        who, when = story.published_by, story.published_at
    else:
        who, when = story.withdrawn_by, story.withdrawn_at
    name = (who.get_full_name() or who.username) if who is not None else "hệ thống"
    moment = f"{timezone.localtime(when):%H:%M %d/%m/%Y}" if when else ""
    verb = VERBS.get(StoryStatus(story.status), story.status)
    return ValidationError(f"Bài “{story.title}” đã được {verb} bởi {name} lúc {moment}, không thể {doing}.")


def update_story(
    story: Story,
    *,
    version: int | None,
    entry: DecisionEntry | None,
    title: str,
    body: str,
    actor: Any,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
    held: tuple[Grant, ...] | None = None,
) -> Story:
    """Edit a draft (its text, its recognition, its photo); a published or withdrawn story is not edited."""
    _check_writer(actor, story.organization, held)
    if photo is not None:
        check_photo(photo, name=photo.name or "ảnh", size=photo.size)
    with transaction.atomic():
        locked = _lock(story, version)
        if locked.status != StoryStatus.DRAFT:
            raise _moved_on(locked, "sửa")
        locked.entry = _check_entry(locked.organization, entry)
        locked.title, locked.body = title.strip(), body.strip()
        stored = None
        if photo is not None:
            stored = _store_photo(locked, photo)  # the former file is kept (nothing is deleted)
        elif remove_photo:
            locked.photo, locked.photo_type = "", ""
        locked.version += 1
        _save(locked, actor, stored)
        _audit("changed", locked, actor, {"from": StoryStatus.DRAFT, "to": StoryStatus.DRAFT, "entry": locked.entry_id})
    return locked


def publish_story(story: Story, *, version: int | None, actor: Any, held: tuple[Grant, ...] | None = None) -> Story:
    """Publish a draft: everyone in the organisation's subtree reads it from now on."""
    _check_writer(actor, story.organization, held)
    with transaction.atomic():
        locked = _lock(story, version)
        if locked.status != StoryStatus.DRAFT:
            raise _moved_on(locked, "đăng lại")
        _check_entry(locked.organization, locked.entry)
        locked.status = StoryStatus.PUBLISHED
        locked.published_at, locked.published_by = timezone.now(), actor
        locked.version += 1
        _save(locked, actor, None)
        _audit("published", locked, actor, {"from": StoryStatus.DRAFT, "to": StoryStatus.PUBLISHED})
        transaction.on_commit(lambda: _tell_subject(locked))
    return locked


def featured_users(entry: DecisionEntry) -> list[Any]:
    """Who hears that a story features the subject: the member's own login, or those who self-assess the
    recognised organisation (its secretary; a committee's office and standing committee)."""
    if entry.member_id is not None:
        user = entry.member.user if entry.member is not None else None
        return [user] if user is not None and user.is_active else []
    assert entry.organization is not None
    found: dict[int, Any] = {}
    for holder in authority.self_assessors_of(entry.organization):
        found |= {user.pk: user for user in authority.users_holding(holder)}
    return list(found.values())


def _tell_subject(story: Story) -> None:
    entry = DecisionEntry.objects.select_related("member__user", "organization").get(pk=story.entry_id)
    notify(
        featured_users(entry),
        kind="showcase.published",
        text=f"Ban Tuyên giáo đã đăng bài “{story.title}” giới thiệu gương {entry.name}.",
        url=reverse("showcase:detail", args=[story.pk]),
        key=f"showcase.published:{story.pk}",
        organization_path=story.organization.path,
    )


def withdraw_story(
    story: Story, *, version: int | None, reason: str, actor: Any, held: tuple[Grant, ...] | None = None
) -> Story:
    """Withdraw a published story, with a reason; it stays recorded and readable by its authors."""
    _check_writer(actor, story.organization, held)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"withdraw_reason": "Phải ghi lý do gỡ bài."})
    with transaction.atomic():
        locked = _lock(story, version)
        if locked.status == StoryStatus.DRAFT:
            raise ValidationError(f"Bài “{locked.title}” chưa được đăng, không thể gỡ.")
        if locked.status != StoryStatus.PUBLISHED:
            raise _moved_on(locked, "gỡ lại")
        locked.status = StoryStatus.WITHDRAWN
        locked.withdrawn_at, locked.withdrawn_by = timezone.now(), actor
        locked.withdraw_reason = reason
        locked.version += 1
        _save(locked, actor, None)
        _audit(
            "withdrawn", locked, actor, {"from": StoryStatus.PUBLISHED, "to": StoryStatus.WITHDRAWN, "reason": reason}
        )
    return locked
