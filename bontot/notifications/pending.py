"""Pending work digests: "Có N bản tự đánh giá chờ thẩm định" to the appraisers, "Có N đối tượng đã thẩm
định, đề nghị công nhận, chờ quyết định" to the deciders, at most once per user, kind and ISO week while
such work remains.

The competent authority of each pending assessment is the one of `assessments.authority`
(`appraiser_of`, `decider_of`), computed here in bulk from the organisations' paths: `authority.issuer_of`
reads a member's ancestors with one query per member; `issuer_path` does it from a map read once.
A subject whose decision is held (an open complaint about its assessment or rating, `assessments.holds`)
is not work the decider can do: it is left out of the decision digest (the hold shows on every list).
Nobody appraises themselves: a member who holds their cell's secretary role is appraised by the cell's own
appraiser (`authority.appraiser_of`; read with the pending assessments, as `by_secretary`), and no digest
offers a user their own assessment.
Whatever the number of pending assessments, a run reads four tables: the pending assessments (with their
subjects), the open complaints of their years, the organisations on their paths, and the roles in force on
those organisations.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from bontot.assessments.authority import (
    GRASSROOTS_KINDS,
    Authority,
    Subject,
    appraiser_of,
    cell_secretary_exists,
    subject_of,
)
from bontot.assessments.models import Assessment, AssessmentStatus, Proposal
from bontot.facts.models import Complaint
from bontot.members.models import Member
from bontot.organizations.models import Organization, Role, RoleAssignment

from .registration import _names
from .services import Message

APPRAISAL = "pending.appraisal"
DECISION = "pending.decision"
# The pages where the work is done (URL names of the appraisal and decision slices); a name not (yet)
# defined leaves the digest without a link rather than failing the run.
LINKS = {APPRAISAL: "assessments:appraisal_queue", DECISION: "decisions:issue"}


@dataclass(frozen=True)
class OrgOnPath:
    code: str
    path: str
    kind: str


def _codes(path: str) -> list[str]:
    return [code for code in path.strip("/").split("/") if code]


def organizations_on(paths: Iterable[str]) -> dict[str, OrgOnPath]:
    """Every organisation named on `paths`, by code (one query)."""
    codes = {code for path in paths for code in _codes(path)}
    rows = Organization.objects.filter(code__in=codes).values_list("code", "path", "kind")
    return {code: OrgOnPath(code, path, kind) for code, path, kind in rows}


def issuer_path(subject: Subject, by_code: Mapping[str, OrgOnPath]) -> str | None:
    """The path of `authority.issuer_of(subject)`, from a map of the organisations on the subject's path.

    A member: the nearest grassroots organisation above (or at) their cell, else the cell's parent. An
    organisation: its parent (none at the root). A subject's relations must be loaded (select_related)."""
    if isinstance(subject, Member):
        chain = [by_code[c] for c in _codes(subject.organization.path) if c in by_code]
        for org in reversed(chain):
            if org.kind in GRASSROOTS_KINDS:
                return org.path
        return chain[-2].path if len(chain) > 1 else None
    parent = subject.parent if subject.parent_id is not None else None
    return None if parent is None else parent.path


def decider(subject: Subject, by_code: Mapping[str, OrgOnPath]) -> Authority | None:
    """`authority.decider_of(subject)` without a query (see `issuer_path`)."""
    path = issuer_path(subject, by_code)
    return None if path is None else Authority(Role.STANDING_COMMITTEE, path)


def appraiser(subject: Subject, *, secretary: bool = False) -> Authority | None:
    """`authority.appraiser_of(subject)`: no query once the subject's cell or parent is loaded and whether a
    member holds their cell's secretary role is known."""
    return appraiser_of(subject, secretary=secretary)


def holders(authorities: Iterable[Authority], on: datetime.date) -> dict[Authority, list[Any]]:
    """The active users holding each authority on the day (as `authority.users_holding`), in one query."""
    wanted = set(authorities)
    if not wanted:
        return {}
    rows = (
        RoleAssignment.objects.filter(Q(end__isnull=True) | Q(end__gte=on))
        .filter(
            role__in={a.role for a in wanted},
            organization__path__in={a.path for a in wanted},
            start__lte=on,
            user__is_active=True,
        )
        .select_related("user", "organization")
        .order_by("user_id", "pk")
    )
    found: dict[Authority, list[Any]] = defaultdict(list)
    for row in rows:
        authority = Authority(row.role, row.organization.path)
        if authority in wanted and all(u.pk != row.user_id for u in found[authority]):
            found[authority].append(row.user)
    return found


def held_subjects(years: Iterable[int], on: datetime.date) -> set[tuple[int, str, int]]:
    """(year, "member"|"org", id) of every subject held on the day, as `holds.holds_for` finds them, read in
    one query without listing the subjects (open complaints about the workflow are few; subjects are many)."""
    years = set(years)
    if not years:
        return set()
    rows = (
        Complaint.objects.filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=on), received_on__lte=on)
        .filter(year__in=years)
        .exclude(concerns="")
        .values_list("year", "about_member_id", "organization_id")
    )
    held: set[tuple[int, str, int]] = set()
    for year, member_id, organization_id in rows:
        if year is None:  # excluded by the filter; for the type checker
            continue
        held.add((year, "member", member_id) if member_id is not None else (year, "org", organization_id))
    return held


def _key(assessment: Assessment) -> tuple[int, str, int]:
    if assessment.member_id is not None:
        return (assessment.year, "member", assessment.member_id)
    return (assessment.year, "org", assessment.organization_id)  # type: ignore[return-value]


def pending_assessments(on: datetime.date | None = None) -> list[Assessment]:
    """Assessments waiting for an appraisal (submitted) or a decision (appraised, proposed for recognition),
    each with `by_secretary`: its member holds their cell's secretary role on the day (default today)."""
    return list(
        Assessment.objects.filter(
            Q(status=AssessmentStatus.SUBMITTED) | Q(status=AssessmentStatus.APPRAISED, proposal=Proposal.RECOGNISE)
        )
        .select_related("member__organization", "cell", "organization__parent")
        .annotate(by_secretary=cell_secretary_exists(on=on))
        .order_by("year", "pk")
    )


def _link(kind: str) -> str:
    try:
        return reverse(LINKS[kind])
    except NoReverseMatch:
        return ""


def _week(today: datetime.date) -> str:
    iso = today.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def _text(kind: str, subjects: Sequence[Subject]) -> str:
    names = _names([s.full_name if isinstance(s, Member) else s.name for s in subjects], "đối tượng")
    if kind == APPRAISAL:
        return f"Có {len(subjects)} bản tự đánh giá chờ thẩm định: {names}."
    return f"Có {len(subjects)} đối tượng đã thẩm định, đề nghị công nhận, chờ quyết định: {names}."


def pending_messages(today: datetime.date) -> list[Message]:
    """One digest per user and kind of pending work, keyed by the ISO week of `today` (four queries)."""
    assessments = pending_assessments(today)
    if not assessments:
        return []
    to_decide = [a for a in assessments if a.status == AssessmentStatus.APPRAISED]
    held = held_subjects({a.year for a in to_decide}, today)
    if held:
        to_decide = [a for a in to_decide if _key(a) not in held]
        assessments = [a for a in assessments if a.status == AssessmentStatus.SUBMITTED] + to_decide
    # Only a member's issuer needs more than the loaded parent: the organisations on the member's cell's path.
    # A member's cell is the one of the assessment's year (`Assessment.cell`, through `subject_of`).
    by_code = organizations_on(a.cell.path for a in to_decide if a.member is not None and a.cell is not None)
    work: list[tuple[str, Authority, Subject]] = []
    for assessment in assessments:
        subject = subject_of(assessment)
        if assessment.status == AssessmentStatus.SUBMITTED:
            kind, authority = APPRAISAL, appraiser(subject, secretary=bool(getattr(assessment, "by_secretary", False)))
        else:
            kind, authority = DECISION, decider(subject, by_code)
        if authority is not None:
            work.append((kind, authority, subject))
    users = holders((authority for _, authority, _ in work), today)
    per_user: dict[tuple[int, str], list[Subject]] = defaultdict(list)
    people: dict[int, Any] = {}
    paths: dict[tuple[int, str], str] = {}
    for kind, authority, subject in work:
        for user in users.get(authority, ()):
            if isinstance(subject, Member) and subject.user_id == user.pk:
                continue  # nobody is asked to appraise or decide on themselves
            per_user[(user.pk, kind)].append(subject)
            people[user.pk] = user
            paths.setdefault((user.pk, kind), authority.path)
    week = _week(today)
    return [
        Message(
            user=people[user_id],
            kind=kind,
            text=_text(kind, subjects),
            url=_link(kind),
            key=f"{kind}:{week}",
            organization_path=paths[(user_id, kind)],
        )
        for (user_id, kind), subjects in sorted(per_user.items())
    ]
