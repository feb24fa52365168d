"""Who reads a story, who writes one.

- Reading: a published story (of a subject whose recognition is still in force) is read by everyone inside
  the subtree of the organisation it is published for: a user with any role (the member role included) on that
  organisation or below it, a member whose cell is there (until the day they leave). Staff whose grant covers
  the organisation (the office or the reviewer above) read it too. A member of another committee does not.
- Writing: the propaganda board (`Role.PROPAGANDA`) of the organisation or of one above it writes, publishes
  and withdraws; it also reads its drafts and withdrawn stories. A superuser does everything.
Everyone else gets 404 for a story id (the same answer as for a missing story); a reader asking to write 403.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bontot.members.models import Member
from bontot.organizations.access import STAFF_ROLES, Grant, grants
from bontot.organizations.models import Organization, Role

from .models import Story, StoryStatus

NOT_FOUND = "Không tìm thấy bài viết."
WRITERS_ONLY = "Chỉ Ban Tuyên giáo của tổ chức đảng này hoặc cấp trên mới viết, đăng và gỡ bài."


def _superuser(actor: Any) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def _held(actor: Any, held: tuple[Grant, ...] | None) -> tuple[Grant, ...]:
    return grants(actor) if held is None else held


def author_paths(actor: Any, held: tuple[Grant, ...] | None = None) -> list[str]:
    """The paths of the organisations whose propaganda board the actor sits on."""
    return sorted({g.path for g in _held(actor, held) if g.role == Role.PROPAGANDA})


def may_write(actor: Any, organization: Organization, held: tuple[Grant, ...] | None = None) -> bool:
    """A propaganda grant on the organisation or above it (a superuser may too)."""
    if _superuser(actor):
        return True
    return any(organization.path.startswith(path) for path in author_paths(actor, held))


def ancestors(path: str) -> list[str]:
    """'/SUP/DU/A/' → ['/SUP/', '/SUP/DU/', '/SUP/DU/A/']."""
    codes = [code for code in path.split("/") if code]
    return ["/" + "/".join(codes[: n + 1]) + "/" for n in range(len(codes))]


def in_force() -> Q:
    """Stories whose recognition stands: the entry's decision has not been revoked."""
    return Q(entry__decision__revoked_by__isnull=True)


def _reader_query(actor: Any, held: tuple[Grant, ...]) -> Q:
    places = {g.path for g in held}
    # A member's own cell, while they are a member (a member who left reads no more of it, as elsewhere).
    members = Member.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=timezone.localdate()), user_id=actor.pk)
    places |= set(members.values_list("organization__path", flat=True))
    query = Q(organization__path__in=sorted({a for p in places for a in ancestors(p)}))
    for g in held:
        if g.role in STAFF_ROLES:
            query |= Q(organization__path__startswith=g.path)
    return query


def visible_stories(actor: Any, *, held: tuple[Grant, ...] | None = None) -> QuerySet[Story]:
    """The published stories the actor reads (module docstring), their recognition in force."""
    rows = Story.objects.filter(in_force(), status=StoryStatus.PUBLISHED)
    if _superuser(actor):
        return rows
    if actor is None or not actor.is_authenticated:
        return rows.none()
    return rows.filter(_reader_query(actor, _held(actor, held)))


def manageable_stories(actor: Any, *, held: tuple[Grant, ...] | None = None) -> QuerySet[Story]:
    """Every story (any status) the actor writes: under their propaganda grants."""
    if _superuser(actor):
        return Story.objects.all()
    query = Q(pk__in=[])
    for path in author_paths(actor, held):
        query |= Q(organization__path__startswith=path)
    return Story.objects.filter(query)


def access_story(
    actor: Any,
    pk: int | str,
    *,
    need: Literal["view", "write"] = "view",
    held: tuple[Grant, ...] | None = None,
) -> Story:
    """Return story `pk`: Http404 when missing or not visible; PermissionDenied when `need="write"` and the
    actor reads it without writing it."""
    held = _held(actor, held)
    story = (
        Story.objects.select_related(
            "organization", "entry__decision", "entry__member", "entry__organization", "published_by", "withdrawn_by"
        )
        .filter(pk=pk if str(pk).isdigit() else -1)
        .first()
    )
    if story is None:
        raise Http404(NOT_FOUND)
    writes = may_write(actor, story.organization, held)
    if not writes and not visible_stories(actor, held=held).filter(pk=story.pk).exists():
        raise Http404(NOT_FOUND)
    if need == "write" and not writes:
        raise PermissionDenied(WRITERS_ONLY)
    return story
