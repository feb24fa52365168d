"""Who may register a subject for the year and who decides on a late registration (DOMAIN.md, "Who
appraises, who decides": a subject registers with the level above).

- A member registers themselves (their own record); the secretary of their cell, or the office of the
  committee above the cell, registers them on their behalf (many members have no smartphone).
- A cell is registered by its secretary, or on its behalf by the office of a committee above it.
- A grassroots committee (or any committee) is registered by its own office or standing committee, or on its
  behalf by the office of a committee above it.
- A late registration is decided by the level above: a member's by the secretary of their cell; a cell's (or
  a sub-committee's) by the office or standing committee of a committee above it; a grassroots committee's
  by the reviewer (the superior's organisation board) or the superior's standing committee. Nobody decides
  on themselves: a member who holds the secretary role of their cell is decided on by those who decide on
  the cell's own late registration (decisions.md 62).
A superuser may do everything.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from bontot.members.models import Member
from bontot.organizations.access import STAFF_ROLES, Grant, grants
from bontot.organizations.models import Organization, OrganizationKind, Role

from . import authority
from .models import Assessment, Registration

CELL_KINDS = (OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL)
# Roles that may decide on a late registration somewhere (the pending page is theirs).
DECIDER_ROLES = frozenset({Role.CELL_SECRETARY, Role.OFFICE, Role.STANDING_COMMITTEE, Role.REVIEWER})
SELF_DECISION = "Không thể tự quyết định đăng ký muộn của chính mình"


def _held(actor: Any, held: tuple[Grant, ...] | None) -> tuple[Grant, ...]:
    return grants(actor) if held is None else held


def _superuser(actor: Any) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def _above(grant: Grant, path: str) -> bool:
    """The grant covers `path` from a strictly higher organisation."""
    return grant.covers(path) and grant.path != path


def may_register_member(actor: Any, member: Member, held: tuple[Grant, ...] | None = None) -> bool:
    if _superuser(actor):
        return True
    if member.user_id is not None and member.user_id == getattr(actor, "pk", None):
        return True
    path = member.organization.path
    return any(
        (g.role == Role.CELL_SECRETARY and g.path == path) or (g.role == Role.OFFICE and _above(g, path))
        for g in _held(actor, held)
    )


def may_register_organization(actor: Any, org: Organization, held: tuple[Grant, ...] | None = None) -> bool:
    if _superuser(actor):
        return True
    for g in _held(actor, held):
        if g.role == Role.OFFICE and _above(g, org.path):
            return True
        if g.path == org.path:
            if org.kind in CELL_KINDS and g.role == Role.CELL_SECRETARY:
                return True
            if org.kind not in CELL_KINDS and g.role in (Role.OFFICE, Role.STANDING_COMMITTEE):
                return True
    return False


def _decides_for(org: Organization, held: tuple[Grant, ...]) -> bool:
    """The grants decide on the organisation's own late registration."""
    if org.kind in (OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL):
        roles = {Role.REVIEWER, Role.STANDING_COMMITTEE}
    else:
        roles = {Role.OFFICE, Role.STANDING_COMMITTEE}
    return any(g.role in roles and _above(g, org.path) for g in held)


def own_registration(actor: Any, registration: Registration) -> bool:
    return registration.member is not None and authority.is_self(actor, registration.member)


def self_decision_refusal(member: Member) -> str:
    return authority.self_refusal(member, SELF_DECISION, "quyết định")


def may_decide(
    actor: Any, registration: Registration, held: tuple[Grant, ...] | None = None, *, secretary: bool | None = None
) -> bool:
    """The level above the registration's subject (see the module's docstring), never the subject themself.

    `secretary` says whether a member holds their cell's secretary role, when the caller knows (else one
    query, made only when the actor is the cell's secretary or decides for the cell)."""
    if own_registration(actor, registration):
        return False
    if _superuser(actor):
        return True
    held = _held(actor, held)
    if registration.member is not None:
        cell = registration.member.organization
        by_secretary = any(g.role == Role.CELL_SECRETARY and g.path == cell.path for g in held)
        by_above = _decides_for(cell, held)
        if not (by_secretary or by_above):
            return False
        if secretary is None:
            secretary = authority.is_cell_secretary(registration.member)
        return by_above if secretary else by_secretary
    org = registration.organization
    assert org is not None
    return _decides_for(org, held)


def subject_path(registration: Registration) -> str:
    if registration.member is not None:
        return registration.member.organization.path
    assert registration.organization is not None
    return registration.organization.path


def access_registration(
    actor: Any,
    pk: int | str,
    *,
    need: Literal["view", "decide"] = "view",
    held: tuple[Grant, ...] | None = None,
) -> Registration:
    """Return registration `pk` for the actor: Http404 when missing or outside their subtrees (a member sees
    only their own), else PermissionDenied when `need="decide"` and the actor is not the level above."""
    try:
        registration = Registration.objects.select_related("member__organization", "organization").get(pk=pk)
    except (Registration.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy đăng ký.") from None
    if _superuser(actor):
        return registration
    held = _held(actor, held)
    path = subject_path(registration)
    own = registration.member is not None and registration.member.user_id == getattr(actor, "pk", None)
    covering = [g for g in held if g.covers(path)]
    if registration.member is not None and not own:
        covering = [g for g in covering if g.role in STAFF_ROLES]
    if not covering and not own:
        raise Http404("Không tìm thấy đăng ký.")
    if need == "decide" and registration.member is not None and own_registration(actor, registration):
        raise PermissionDenied(self_decision_refusal(registration.member))
    if need == "decide" and not may_decide(actor, registration, held):
        raise PermissionDenied("Bạn không có quyền quyết định đăng ký này.")
    return registration


AssessmentNeed = Literal["view", "self", "appraise", "decide"]


def assessment_path(assessment: Assessment) -> str:
    """The member's cell of the assessment's year (`Assessment.cell`), or the organisation's own path."""
    if assessment.member is not None:
        cell = assessment.cell or assessment.member.organization
        return cell.path
    assert assessment.organization is not None
    return assessment.organization.path


def access_assessment(
    actor: Any,
    pk: int | str,
    *,
    need: AssessmentNeed = "view",
    held: tuple[Grant, ...] | None = None,
    lock: bool = False,
) -> Assessment:
    """Return assessment `pk` for the actor, or raise.

    Http404 when missing or not visible: a member's assessment is visible to the member (their own login)
    and to staff grants covering their cell; an organisation's to staff grants covering it. Then
    PermissionDenied unless the actor holds the authority `need` names (authority.py): "self" fills in and
    submits, "appraise" appraises, "decide" decides recognition; "view" only reads. `lock=True` selects the
    row for update (call inside `transaction.atomic()`)."""
    rows = Assessment.objects.select_related("member__organization", "cell", "organization__parent")
    if lock:
        rows = rows.select_for_update(of=("self",))
    try:
        assessment = rows.get(pk=pk)
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy bản tự đánh giá.") from None
    if _superuser(actor):
        return assessment
    held = _held(actor, held)
    own = assessment.member is not None and assessment.member.user_id == getattr(actor, "pk", None)
    staff = any(g.role in STAFF_ROLES and g.covers(assessment_path(assessment)) for g in held)
    if not (own or staff):
        raise Http404("Không tìm thấy bản tự đánh giá.")
    subject = authority.subject_of(assessment)
    if need == "self" and not authority.may_self_assess(actor, subject, held):
        raise PermissionDenied("Bạn không có quyền tự đánh giá thay cho đối tượng này.")
    if need == "appraise" and isinstance(subject, Member) and authority.is_self(actor, subject):
        raise PermissionDenied(authority.self_appraisal_refusal(subject))
    if need == "appraise" and not authority.may_appraise(actor, subject, held):
        raise PermissionDenied("Chỉ cấp có thẩm quyền mới thẩm định bản tự đánh giá này.")
    if need == "decide" and not authority.may_decide_recognition(actor, subject, held):
        raise PermissionDenied("Chỉ Ban Thường vụ có thẩm quyền mới quyết định công nhận đối tượng này.")
    return assessment


def visible_assessments(actor: Any, *, held: tuple[Grant, ...] | None = None) -> QuerySet[Assessment]:
    """The assessments the actor may read: their own (as a member) and those under their staff grants."""
    rows = Assessment.objects.all()
    if _superuser(actor):
        return rows
    query = Q(pk__in=[])
    for g in _held(actor, held):
        if g.role in STAFF_ROLES:
            query |= Q(cell__path__startswith=g.path) | Q(organization__path__startswith=g.path)
    if actor is not None and actor.is_authenticated:
        query |= Q(member__user=actor)
    return rows.filter(query)
