"""Who self-assesses, who appraises and who decides, per subject (DOMAIN.md, "Who appraises, who decides").

- member: self-assessed by the member (or the secretary of the cell on their behalf); appraised by the
  secretary of the member's cell; decided by the standing committee of the member's grassroots organisation.
  Nobody appraises themselves: a member who holds the secretary role of their cell (on the day) is
  appraised by whoever appraises the cell itself (the office of the committee above; for a grassroots
  cell, the reviewer of the superior) — decisions.md 62.
- cell (or sub-committee) under a committee: self-assessed by the cell's secretary (its committee);
  appraised by the office of the parent; decided by the standing committee of the parent.
- grassroots committee: self-assessed by its office or standing committee; grassroots cell: by its
  secretary; both appraised by the reviewer (organisation board) of the superior and decided by the
  superior's standing committee.

Each authority is a role held *on that exact organisation* (a grant on a higher organisation reaches the
subtree for reading, not for deciding). A superuser may do everything. The competent organisation of a
subject is the one whose standing committee decides: `issuer_of(subject)`; decisions are issued in its name.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bontot.members.models import Member
from bontot.organizations.access import Grant, grants
from bontot.organizations.models import Organization, OrganizationKind, Role, RoleAssignment

GRASSROOTS_KINDS = (OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL)

Subject = Member | Organization

SELF_APPRAISAL = "Không thể tự thẩm định bản tự đánh giá của chính mình"
ABOVE_THE_SECRETARY = "cấp trên trực tiếp (văn phòng cấp ủy cấp trên)"


@dataclass(frozen=True)
class Authority:
    """A role on one organisation (by path): whoever holds it on the day acts."""

    role: str
    path: str

    def held_by(self, held: Iterable[Grant]) -> bool:
        return any(g.role == self.role and g.path == self.path for g in held)


def _superuser(actor: Any) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def subject_of(row: Any) -> Subject:
    """The member or organisation of a SubjectModel row (Registration, Assessment, …).

    A row that carries the member's cell of its year (`Assessment.cell`) gives the member *as of that year*:
    a copy whose `organization` is that cell, so that a 2024 assessment is appraised and decided where the
    member was in 2024, after a transfer or the 2025 reorganisation too."""
    if row.member_id is not None:
        cell_id = getattr(row, "cell_id", None)
        if cell_id is not None and cell_id != row.member.organization_id:
            member = copy.copy(row.member)
            member.organization = row.cell
            return member
        return row.member
    return row.organization


def as_member_of(member: Member, cell: Organization) -> Member:
    """The member as a member of `cell` (a copy when it is not their current cell), as `subject_of` does."""
    if cell.pk == member.organization_id:
        return member
    found = copy.copy(member)
    found.organization = cell
    return found


def member_in_year(member: Member, year: int) -> Member:
    """The member as of `year`: in their cell of that year (`selectors.year_cell`, where the assessment of that
    year is filed), so that authority over a row not yet created is checked where it will live."""
    from .selectors import year_cell

    return as_member_of(member, year_cell(member, year))


def subject_path(subject: Subject) -> str:
    """The path under which the subject's records live: its cell's for a member, its own for an organisation."""
    if isinstance(subject, Member):
        return subject.organization.path
    return subject.path


def _ancestors(path: str) -> list[Organization]:
    """The organisations on `path`, root first (one query)."""
    codes = [code for code in path.strip("/").split("/") if code]
    by_code = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def issuer_of(subject: Subject) -> Organization | None:
    """The organisation whose standing committee decides the subject's recognition (None at the root)."""
    if isinstance(subject, Member):
        chain = _ancestors(subject.organization.path)
        for org in reversed(chain):
            if org.kind in GRASSROOTS_KINDS:
                return org
        return chain[-2] if len(chain) > 1 else None
    if subject.parent_id is None:
        return None
    return subject.parent


def is_self(actor: Any, subject: Subject) -> bool:
    """The actor is the member themself (their own login)."""
    return isinstance(subject, Member) and subject.user_id is not None and subject.user_id == getattr(actor, "pk", None)


def self_refusal(member: Member, refused: str, done_by: str) -> str:
    """ "Không thể tự …; <who> <does it>.": who acts instead of the member on their own record."""
    who = ABOVE_THE_SECRETARY if is_cell_secretary(member) else "bí thư chi bộ"
    return f"{refused}; {who} {done_by}."


def self_appraisal_refusal(member: Member) -> str:
    return self_refusal(member, SELF_APPRAISAL, "thẩm định")


def _in_force(day: datetime.date | None) -> QuerySet[RoleAssignment]:
    on = day or timezone.localdate()
    return RoleAssignment.objects.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


def cell_secretaries(pairs: Iterable[tuple[int, int]], *, on: datetime.date | None = None) -> set[tuple[int, int]]:
    """The (user id, cell id) pairs whose user holds the cell's secretary role on the day (one query)."""
    wanted = set(pairs)
    if not wanted:
        return set()
    rows = (
        _in_force(on)
        .filter(
            role=Role.CELL_SECRETARY,
            user_id__in={user for user, _ in wanted},
            organization_id__in={cell for _, cell in wanted},
        )
        .values_list("user_id", "organization_id")
    )
    return {pair for pair in rows if pair in wanted}


def is_cell_secretary(member: Member, *, on: datetime.date | None = None) -> bool:
    """The member's login holds the secretary role of the member's cell (`member.organization`) on the day."""
    if member.user_id is None:
        return False
    return bool(cell_secretaries([(member.user_id, member.organization_id)], on=on))


def cell_secretary_exists(
    cell: str = "cell_id", user: str = "member__user_id", *, on: datetime.date | None = None
) -> Exists:
    """A filter/annotation of rows whose member's login holds the secretary role of the row's cell on the
    day; `cell` and `user` name the row's cell id and member's user id (as `cell_secretaries`, in the query)."""
    return Exists(
        _in_force(on).filter(role=Role.CELL_SECRETARY, organization_id=OuterRef(cell), user_id=OuterRef(user))
    )


def _parent_path(path: str) -> str | None:
    codes = [code for code in path.strip("/").split("/") if code]
    return "/" + "/".join(codes[:-1]) + "/" if len(codes) > 1 else None


def cell_appraiser(cell: Organization) -> Authority | None:
    """`appraiser_of(cell)` from the cell's path and kind, without reading its parent."""
    parent = _parent_path(cell.path)
    if parent is None:
        return None
    return Authority(Role.REVIEWER if cell.kind in GRASSROOTS_KINDS else Role.OFFICE, parent)


def appraiser_of(subject: Subject, *, secretary: bool | None = None) -> Authority | None:
    """Who appraises the subject. A member who holds their cell's secretary role is appraised by the cell's
    own appraiser; `secretary` says whether they do when the caller knows (else one query)."""
    if isinstance(subject, Member):
        if secretary is None:
            secretary = is_cell_secretary(subject)
        if secretary:
            return cell_appraiser(subject.organization)
        return Authority(Role.CELL_SECRETARY, subject.organization.path)
    parent = subject.parent if subject.parent_id is not None else None
    if parent is None:
        return None
    if subject.kind in GRASSROOTS_KINDS:
        return Authority(Role.REVIEWER, parent.path)
    return Authority(Role.OFFICE, parent.path)


def decider_of(subject: Subject) -> Authority | None:
    issuer = issuer_of(subject)
    return None if issuer is None else Authority(Role.STANDING_COMMITTEE, issuer.path)


def self_assessors_of(subject: Subject) -> tuple[Authority, ...]:
    """Roles that fill in and submit the subject's self-assessment (a member's own login is checked apart)."""
    if isinstance(subject, Member):
        return (Authority(Role.CELL_SECRETARY, subject.organization.path),)
    if subject.kind == OrganizationKind.GRASSROOTS_COMMITTEE:
        return (Authority(Role.OFFICE, subject.path), Authority(Role.STANDING_COMMITTEE, subject.path))
    return (Authority(Role.CELL_SECRETARY, subject.path),)


def _held(actor: Any, held: tuple[Grant, ...] | None) -> tuple[Grant, ...]:
    return grants(actor) if held is None else held


def may_self_assess(actor: Any, subject: Subject, held: tuple[Grant, ...] | None = None) -> bool:
    if _superuser(actor):
        return True
    if isinstance(subject, Member) and subject.user_id is not None and subject.user_id == getattr(actor, "pk", None):
        return True
    held = _held(actor, held)
    return any(a.held_by(held) for a in self_assessors_of(subject))


def may_appraise(
    actor: Any, subject: Subject, held: tuple[Grant, ...] | None = None, *, secretary: bool | None = None
) -> bool:
    """Whether the actor appraises the subject (never themself). `secretary`: see `appraiser_of`; the query
    it saves is only made when the actor holds one of the two authorities a member may have."""
    if is_self(actor, subject):
        return False
    if _superuser(actor):
        return True
    held = _held(actor, held)
    if isinstance(subject, Member) and secretary is None:
        above = cell_appraiser(subject.organization)
        own = Authority(Role.CELL_SECRETARY, subject.organization.path)
        if not own.held_by(held) and not (above is not None and above.held_by(held)):
            return False
    authority = appraiser_of(subject, secretary=secretary)
    return authority is not None and authority.held_by(held)


def may_decide_recognition(actor: Any, subject: Subject, held: tuple[Grant, ...] | None = None) -> bool:
    if _superuser(actor):
        return True
    authority = decider_of(subject)
    return authority is not None and authority.held_by(_held(actor, held))


def users_holding(authority: Authority | None, *, on: datetime.date | None = None) -> QuerySet[Any]:
    """Active users who hold `authority` on the day (default today): the recipients of pending work."""
    user_model = get_user_model()
    if authority is None:
        return user_model.objects.none()
    day = on or timezone.localdate()
    assignments = RoleAssignment.objects.filter(
        role=authority.role, organization__path=authority.path, start__lte=day
    ).filter(Q(end__isnull=True) | Q(end__gte=day))
    return user_model.objects.filter(is_active=True, pk__in=assignments.values("user_id")).order_by("pk")


def subject_users(subject: Subject) -> QuerySet[Any]:
    """Who hears about the subject's own assessment: the member's login, or the self-assessors."""
    user_model = get_user_model()
    if isinstance(subject, Member):
        if subject.user_id is None:
            return user_model.objects.none()
        return user_model.objects.filter(pk=subject.user_id, is_active=True)
    query = Q()
    for authority in self_assessors_of(subject):
        query |= Q(pk__in=users_holding(authority).values("pk"))
    return user_model.objects.filter(query).order_by("pk")
