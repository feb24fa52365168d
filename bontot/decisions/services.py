"""Decision transitions: issue a recognition decision, revoke one by a new decision.

Each is one atomic function: it locks the issuing organisation (decisions of one body are issued one at a
time, so a number is checked against every committed decision), the revoked decision and the assessments
(in primary-key order), checks every subject with a Vietnamese message naming it, writes the decision and
its entries, moves the assessments (`version += 1`), writes audit rows and notifies after commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from bontot.assessments import authority
from bontot.assessments.holds import holds_for
from bontot.assessments.models import Assessment, AssessmentStatus, Proposal, Registration, RegistrationStatus
from bontot.core.audit import log_action
from bontot.notifications.pending import holders
from bontot.notifications.services import Message, send_messages
from bontot.organizations.access import STAFF_ROLES, Grant, grants
from bontot.organizations.models import Organization, Role

from .models import Decision, DecisionEntry, number_key
from .selectors import MODEL_LABELS, cell_issuers, current_on, model_of, recognitions_by_assessment

DECISION_TYPE = "decisions.decision"
ASSESSMENT_TYPE = "assessments.assessment"
EMPTY = "Chọn ít nhất một đối tượng để công nhận."
STALE = "Đã có người khác cập nhật bản tự đánh giá của {name}; tải lại trang."


def _superuser(actor: Any) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def may_issue(actor: Any, issuer: Organization, held: tuple[Grant, ...] | None = None) -> bool:
    """The standing committee of the issuing organisation itself (a superuser may too)."""
    if _superuser(actor):
        return True
    held = grants(actor) if held is None else held
    return authority.Authority(Role.STANDING_COMMITTEE, issuer.path).held_by(held)


def _name(assessment: Assessment) -> str:
    if assessment.member is not None:
        return f"Đảng viên {assessment.member.full_name}"
    assert assessment.organization is not None
    return assessment.organization.name


def _date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class Draft:
    """What a decision will say, checked but not written: the preview shows it."""

    issuer: Organization
    issuer_name: str
    superior_name: str
    assessments: list[Assessment]


PARTY_ORGANISATION = "Đảng bộ "
COMMITTEE = "Đảng ủy "


def body_name(organization_name: str) -> str:
    """The name of the body that signs for an organisation, upper-case as a header shows it: a committee
    (đảng bộ) issues through its executive committee, "Đảng bộ xã Tam Thăng" → "ĐẢNG ỦY XÃ TAM THĂNG"
    (Hướng dẫn 36-HD/VPTW); a cell or a named committee ("Thành ủy Tam Kỳ") signs under its own name."""
    if organization_name.startswith(PARTY_ORGANISATION):
        organization_name = COMMITTEE + organization_name[len(PARTY_ORGANISATION) :]
    return organization_name.upper()


def issuing_names(issuer: Organization, day: datetime.date) -> tuple[str, str]:
    """Return the issuing body's and its superior's names valid on `day`, upper-case as a header shows them."""
    if not issuer.is_valid_on(day):
        raise ValidationError(
            {"issued_on": f"{issuer.name} không còn (hoặc chưa) hoạt động vào ngày {_date(day)}, không thể ban hành."}
        )
    superior = ""
    if issuer.parent_id is not None:
        parent = Organization.objects.get(pk=issuer.parent_id)
        superior = body_name(current_on(parent, day).name)
    return body_name(issuer.name), superior


def _subject_problems(
    issuer: Organization,
    year: int,
    rows: Sequence[Assessment],
    *,
    revoking: Decision | None,
    versions: Mapping[int, int] | None,
) -> list[str]:
    """Return one Vietnamese message per refused subject (constant queries whatever the number of rows)."""
    problems: list[str] = []
    issuers = cell_issuers({r.home.path for r in rows if r.member is not None})
    member_ids = [r.member_id for r in rows if r.member_id is not None]
    org_ids = [r.organization_id for r in rows if r.organization_id is not None]
    registered = Registration.objects.filter(year=year, status=RegistrationStatus.ACCEPTED).filter(
        Q(member_id__in=member_ids) | Q(organization_id__in=org_ids)
    )
    registered_keys = {(m, o) for m, o in registered.values_list("member_id", "organization_id")}
    holds = holds_for(year, member_ids=member_ids, organization_ids=org_ids)
    in_force = recognitions_by_assessment(r.pk for r in rows if r.status == AssessmentStatus.RECOGNISED)
    for row in rows:
        name = _name(row)
        if row.member is not None:
            decider = issuers.get(row.home.path)
        else:
            assert row.organization is not None
            decider = row.organization.parent if row.organization.parent_id is not None else None
        if decider is None or decider.pk != issuer.pk:
            problems.append(f"{name} không thuộc thẩm quyền quyết định công nhận của {issuer.name}.")
            continue
        if versions is not None and row.pk in versions and versions[row.pk] != row.version:
            problems.append(STALE.format(name=name))
            continue
        if row.year != year:
            problems.append(f"{name}: bản tự đánh giá là của năm {row.year}, không phải năm {year}.")
            continue
        entry = in_force.get(row.pk)
        if row.status == AssessmentStatus.RECOGNISED and not (
            revoking is not None and entry is not None and entry.decision_id == revoking.pk
        ):
            where = f" theo {entry.decision}" if entry is not None else ""
            problems.append(f"{name} đã được công nhận{where}.")
            continue
        if row.status not in (AssessmentStatus.APPRAISED, AssessmentStatus.RECOGNISED):
            problems.append(
                f"{name}: bản tự đánh giá chưa được thẩm định ({row.get_status_display()}); "
                "không thể quyết định công nhận trước khi thẩm định."
            )
            continue
        if row.proposal != Proposal.RECOGNISE:
            problems.append(f"{name}: cấp thẩm định không đề nghị công nhận.")
            continue
        if (row.member_id, row.organization_id) not in registered_keys:
            problems.append(
                f"{name} chưa có đăng ký xây dựng mô hình năm {year} được chấp nhận; không được xem xét công nhận."
            )
            continue
        key = ("member", row.member_id) if row.member_id is not None else ("org", row.organization_id)
        hold = holds.get(key)  # type: ignore[arg-type]
        if hold is not None:
            problems.append(f"{name}: {hold.label}.")
    return problems


def _rows(ids: Collection[int], *, lock: bool) -> list[Assessment]:
    rows = Assessment.objects.select_related("member__organization", "cell", "organization__parent").order_by("pk")
    if lock:
        rows = rows.select_for_update(of=("self",))
    return list(rows.filter(pk__in=list(ids)))


def _check_header(issuer: Organization, year: int, number: str, issued_on: datetime.date) -> None:
    errors: dict[str, str] = {}
    if issued_on > timezone.localdate():
        errors["issued_on"] = "Ngày ban hành không được sau ngày hôm nay."
    elif issued_on.year < year:
        errors["issued_on"] = "Ngày ban hành không được trước năm đánh giá."
    taken = (
        Decision.objects.filter(issuer=issuer, number_year=issued_on.year, number_key=number_key(number))
        .order_by("pk")
        .first()
    )
    if taken is not None:
        errors["number"] = (
            f"Số quyết định {number.strip()} đã được {issuer.name} dùng cho {taken} (năm {issued_on.year})."
        )
    if errors:
        raise ValidationError(errors)


def check_decision(
    *,
    issuer: Organization,
    year: int,
    number: str,
    issued_on: datetime.date,
    assessment_ids: Collection[int],
    actor: Any,
    revokes: Decision | None = None,
    versions: Mapping[int, int] | None = None,
    lock: bool = False,
    held: tuple[Grant, ...] | None = None,
) -> Draft:
    """Check a decision without writing it: raise ValidationError (every refused subject named) or
    PermissionDenied; return what it will say. The preview calls it; `issue_decision` calls it locked."""
    held = grants(actor) if held is None else held
    if not may_issue(actor, issuer, held):
        raise PermissionDenied(f"Chỉ Ban Thường vụ {issuer.name} mới ban hành quyết định công nhận.")
    _check_header(issuer, year, number, issued_on)
    issuer_name, superior_name = issuing_names(issuer, issued_on)
    ids = set(assessment_ids)
    if not ids and revokes is None:
        raise ValidationError(EMPTY)
    rows = _rows(ids, lock=lock)
    # An id the actor may not see answers like one that does not exist: no name, no hint it exists.
    if len(rows) != len(ids) or not all(_visible(actor, row, held) for row in rows):
        raise ValidationError(NOT_FOUND)
    problems = _subject_problems(issuer, year, rows, revoking=revokes, versions=versions)
    if problems:
        raise ValidationError(problems)
    return Draft(issuer, issuer_name, superior_name, rows)


NOT_FOUND = "Không tìm thấy một số bản tự đánh giá đã chọn; tải lại trang."


def _visible(actor: Any, row: Assessment, held: tuple[Grant, ...]) -> bool:
    """A staff grant of the actor covers the subject (the assessments the issue page can list)."""
    if actor is not None and actor.is_authenticated and actor.is_superuser:
        return True
    path = row.home.path
    return any(g.role in STAFF_ROLES and g.covers(path) for g in held)


def _recipients(value: str | Sequence[str]) -> str:
    lines = value.splitlines() if isinstance(value, str) else list(value)
    return "\n".join(line.strip() for line in lines if line.strip())


def _order(row: Assessment) -> tuple[str, int, str]:
    if row.member is not None:
        return (row.home.path, 1, row.member.sort_name or row.member.full_name)
    assert row.organization is not None
    return (row.organization.path, 0, row.organization.name)


def _entry(decision: Decision, row: Assessment, position: int) -> DecisionEntry:
    if row.member is not None:
        name, org_name = row.member.full_name, row.home.name
    else:
        assert row.organization is not None
        parent = row.organization.parent
        name, org_name = row.organization.name, parent.name if parent is not None else ""
    return DecisionEntry(
        decision=decision,
        assessment=row,
        member=row.member,
        organization=row.organization,
        name=name,
        organization_name=org_name,
        position=position,
        created_by=decision.created_by,
        updated_by=decision.created_by,
    )


def _move(row: Assessment, to: str, *, actor: Any, decision: Decision, reason: str = "") -> None:
    before = row.status
    row.status = to
    row.version += 1
    row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    row.save(update_fields=["status", "version"])
    log_action(
        f"assessments.assessment.{'recognised' if to == AssessmentStatus.RECOGNISED else 'recognition_revoked'}",
        actor=actor,
        object_type=ASSESSMENT_TYPE,
        object_id=str(row.pk),
        organization_path=authority.subject_path(authority.subject_of(row)),
        data={
            "subject": row.subject,
            "year": row.year,
            "from": before,
            "to": to,
            "reason": reason,
            "decision_id": decision.pk,
            "decision": decision.number,
        },
    )


def _messages(
    rows: Sequence[Assessment], text: Any, *, kind: str, decision: Decision, link: Decision | None = None
) -> list[Message]:
    """Build one message per user of each subject, linking to `link` (default `decision`): a subject dropped by
    a revoking decision is sent to the decision that named them. The users are those of
    `authority.subject_users` — a member's own login, an organisation's self-assessors —, read in two queries
    whatever the number of subjects (the members' logins, then every self-assessor role at once)."""
    users = get_user_model().objects
    member_users = {
        u.pk: u for u in users.filter(is_active=True, pk__in=[r.member.user_id for r in rows if r.member is not None])
    }
    subjects = [authority.subject_of(row) for row in rows]
    roles = {
        row.pk: authority.self_assessors_of(subject)
        for row, subject in zip(rows, subjects, strict=True)
        if row.member is None
    }
    holding = holders({a for wanted in roles.values() for a in wanted}, timezone.localdate())
    url = reverse("decisions:detail", kwargs={"pk": (link or decision).pk})
    found: list[Message] = []
    for row, subject in zip(rows, subjects, strict=True):
        path = authority.subject_path(subject)
        if row.member is not None:
            recipients = [member_users[row.member.user_id]] if row.member.user_id in member_users else []
        else:
            by_pk = {u.pk: u for a in roles[row.pk] for u in holding.get(a, [])}
            recipients = [by_pk[pk] for pk in sorted(by_pk)]
        key = f"{kind}:{decision.pk}:{row.subject}"
        found += [Message(u, kind, text(row), url, key, path) for u in recipients]
    return found


def _label(row: Assessment) -> str:
    return MODEL_LABELS[model_of(row.member_id, row.organization)]


def _issue(
    *,
    issuer: Organization,
    year: int,
    number: str,
    issued_on: datetime.date,
    place: str,
    signer_name: str,
    signer_title: str,
    signing_mode: str,
    assessment_ids: Collection[int],
    recipients: str | Sequence[str],
    actor: Any,
    title: str,
    summary: str,
    versions: Mapping[int, int] | None,
    revokes: Decision | None = None,
    reason: str = "",
) -> Decision:
    user = actor if getattr(actor, "is_authenticated", False) else None
    if not may_issue(actor, issuer):
        raise PermissionDenied(f"Chỉ Ban Thường vụ {issuer.name} mới ban hành hoặc thu hồi quyết định công nhận.")
    with transaction.atomic():
        issuer = Organization.objects.select_for_update().get(pk=issuer.pk)
        old_rows: list[Assessment] = []
        if revokes is not None:
            revokes = Decision.objects.select_for_update().get(pk=revokes.pk)
            if revokes.issuer_id != issuer.pk:
                raise ValidationError("Chỉ cấp ủy đã ban hành mới thu hồi quyết định này.")
            later = Decision.objects.filter(revokes=revokes).first()
            if later is not None:
                raise ValidationError(f"{revokes} đã bị thu hồi bởi {later}.")
            if not reason.strip():
                raise ValidationError({"revoke_reason": "Phải ghi lý do thu hồi quyết định."})
            old_ids = set(revokes.entries.values_list("assessment_id", flat=True))
            # Lock every assessment the change touches, in one pass and in pk order (no deadlock).
            _rows(old_ids | set(assessment_ids), lock=True)
            old_rows = [r for r in _rows(old_ids - set(assessment_ids), lock=False)]
        draft = check_decision(
            issuer=issuer,
            year=year,
            number=number,
            issued_on=issued_on,
            assessment_ids=assessment_ids,
            actor=actor,
            revokes=revokes,
            versions=versions,
            lock=True,
        )
        decision = Decision(
            issuer=issuer,
            year=year,
            number=number.strip(),
            number_year=issued_on.year,
            number_key=number_key(number),
            issued_on=issued_on,
            place=place.strip(),
            signer_name=signer_name.strip(),
            signer_title=signer_title.strip().upper(),
            signing_mode=signing_mode,
            issuer_name=draft.issuer_name,
            superior_name=draft.superior_name,
            title=title.strip(),
            summary=summary.strip(),
            recipients=_recipients(recipients),
            revokes=revokes,
            revoke_reason=reason.strip(),
            created_by=user,
            updated_by=user,
        )
        decision.full_clean(validate_constraints=False)  # the number was checked under the issuer's lock
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError:
            raise ValidationError(
                {"number": f"Số quyết định {decision.number} đã được dùng; tải lại trang để xem quyết định đó."}
            ) from None
        rows = sorted(draft.assessments, key=_order)
        DecisionEntry.objects.bulk_create(_entry(decision, row, n) for n, row in enumerate(rows, start=1))
        for row in rows:
            if row.status != AssessmentStatus.RECOGNISED:
                _move(row, AssessmentStatus.RECOGNISED, actor=actor, decision=decision)
            else:  # kept by the decision revoking the one that recognised it
                log_action(
                    "assessments.assessment.recognised",
                    actor=actor,
                    object_type=ASSESSMENT_TYPE,
                    object_id=str(row.pk),
                    organization_path=authority.subject_path(authority.subject_of(row)),
                    data={"subject": row.subject, "year": row.year, "from": row.status, "to": row.status,
                          "decision_id": decision.pk, "decision": decision.number},
                )  # fmt: skip
        for row in old_rows:
            _move(row, AssessmentStatus.APPRAISED, actor=actor, decision=decision, reason=reason.strip())
        data: dict[str, Any] = {
            "number": decision.number,
            "year": year,
            "issued_on": _date(issued_on),
            "assessments": [r.pk for r in rows],
        }
        log_action(
            "decisions.decision.issued",
            actor=actor,
            object_type=DECISION_TYPE,
            object_id=str(decision.pk),
            organization_path=issuer.path,
            data=data,
        )
        if revokes is not None:
            log_action(
                "decisions.decision.revoked",
                actor=actor,
                object_type=DECISION_TYPE,
                object_id=str(revokes.pk),
                organization_path=issuer.path,
                data={"from": "in_force", "to": "revoked", "reason": reason.strip(), "by": decision.pk,
                      "by_number": decision.number, "returned": [r.pk for r in old_rows]},
            )  # fmt: skip
        when = f"Quyết định số {decision.number} ngày {_date(issued_on)}"
        outgoing = _messages(
            rows,
            lambda r: f"{_name(r)}: Đã được công nhận “{_label(r)}” năm {year} theo {when}.",
            kind="decision.recognised",
            decision=decision,
        )
        if revokes is not None:
            old = f"Quyết định số {revokes.number} ngày {_date(revokes.issued_on)}"
            outgoing += _messages(
                old_rows,
                lambda r: (
                    f"{_name(r)}: {old} công nhận “{_label(r)}” năm {revokes.year} đã bị thu hồi theo {when}. "
                    f"Lý do: {reason.strip()}"
                ),
                kind="decision.revoked",
                decision=decision,
                link=revokes,
            )
        transaction.on_commit(lambda: send_messages(outgoing))
    return decision


def issue_decision(
    *,
    issuer: Organization,
    year: int,
    number: str,
    issued_on: datetime.date,
    place: str,
    signer_name: str,
    signer_title: str,
    signing_mode: str,
    assessment_ids: Collection[int],
    recipients: str | Sequence[str],
    actor: Any,
    title: str = "",
    summary: str = "",
    versions: Mapping[int, int] | None = None,
) -> Decision:
    """Issue a recognition decision of `issuer`'s standing committee for the appraised subjects named.

    Refused (ValidationError naming each subject) for an assessment not appraised, not proposed for
    recognition, of another year or another issuer, already recognised, without an accepted registration,
    under a complaint hold, or shown at a stale version; for a number the issuer already used that year.
    PermissionDenied unless the actor is on the issuer's standing committee."""
    return _issue(
        issuer=issuer,
        year=year,
        number=number,
        issued_on=issued_on,
        place=place,
        signer_name=signer_name,
        signer_title=signer_title,
        signing_mode=signing_mode,
        assessment_ids=assessment_ids,
        recipients=recipients,
        actor=actor,
        title=title or default_title(year),
        summary=summary,
        versions=versions,
    )


def revoke_decision(
    old: Decision,
    *,
    number: str,
    issued_on: datetime.date,
    place: str,
    signer_name: str,
    signer_title: str,
    signing_mode: str,
    assessment_ids: Collection[int],
    recipients: str | Sequence[str],
    reason: str,
    actor: Any,
    title: str = "",
    summary: str = "",
    versions: Mapping[int, int] | None = None,
) -> Decision:
    """Issue a new decision that revokes `old` (both kept) and recognises the corrected list (may be empty).

    Subjects of `old` left out of the new list go back to "appraised"; the others stay recognised, now by
    the new decision. The reason is required."""
    return _issue(
        issuer=old.issuer,
        year=old.year,
        number=number,
        issued_on=issued_on,
        place=place,
        signer_name=signer_name,
        signer_title=signer_title,
        signing_mode=signing_mode,
        assessment_ids=assessment_ids,
        recipients=recipients,
        actor=actor,
        title=title or f"Về việc thu hồi Quyết định số {old.number} ngày {_date(old.issued_on)}",
        summary=summary,
        versions=versions,
        revokes=old,
        reason=reason,
    )


def default_title(year: int) -> str:
    return f"Về việc công nhận đảng viên, tổ chức đảng đạt “bốn tốt” năm {year}"
