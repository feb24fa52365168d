"""Who self-assesses, who appraises and who decides, per subject (DOMAIN.md, "Who appraises, who decides").

- member: self-assessed by the member (or the secretary of the cell on their behalf); appraised by the
  secretary of the member's cell; decided by the standing committee of the member's grassroots organisation.
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
from django.db.models import Q, QuerySet
from django.utils import timezone

from bontot.members.models import Member
from bontot.organizations.access import Grant, grants
from bontot.organizations.models import Organization, OrganizationKind, Role, RoleAssignment

GRASSROOTS_KINDS = (OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL)

Subject = Member | Organization


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


def appraiser_of(subject: Subject) -> Authority | None:
    if isinstance(subject, Member):
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


def may_appraise(actor: Any, subject: Subject, held: tuple[Grant, ...] | None = None) -> bool:
    if _superuser(actor):
        return True
    authority = appraiser_of(subject)
    return authority is not None and authority.held_by(_held(actor, held))


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
