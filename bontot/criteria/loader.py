"""The fact loader: read one year's facts for a scope in a fixed number of bulk queries.

Each fact table has one reader (`read_*`): one query that returns the engine's typed rows (the frozen
dataclasses of `engine.snapshot`) grouped by their owner's id. `load_year_facts` then attributes the
facts to the year's subjects and builds their snapshots. The number of queries does not depend on the
number of subjects (a test pins it at two data sizes).

Facts in time:
- The subjects of a year are the organisations valid on the year's reference date (the cut-off, or the
  as-of date when earlier) and the members of their cells on that date.
- A member belongs to cells through dated official memberships (`Membership`); a member without any
  belongs to `Member.organization` from `admitted_on`. Every dated fact of a member (a discipline, the
  admission) counts for the cell the member belonged to on that date.
- A reorganisation closes an organisation and names a `successor`: a successor inherits its
  predecessors' facts of the year (meetings, complaints, its members' facts); a member recorded only in
  a later successor cell counts, for an earlier year, in the predecessor valid then (the first one in
  tree order when several merged: give those members their memberships to be exact).
"""

from __future__ import annotations

import datetime
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet

from bontot.assessments.models import Judgement
from bontot.core.text import vi_name_key
from bontot.facts.models import (
    AdmissionTarget,
    Complaint,
    Discipline,
    Meeting,
    MeetingStatus,
    OrgResult,
    QualityRating,
    ResidenceComment,
    WorkplaceRating,
)
from bontot.members.models import Member, Membership, MembershipKind, MemberStatus, StatusKind
from bontot.organizations.models import LinkedBody, Organization, OrganizationKind

from .engine import snapshot as snap
from .models import EvaluationYear

CELL_KINDS = frozenset({OrganizationKind.CELL.value, OrganizationKind.GRASSROOTS_CELL.value})
SUBJECT_ORG_KINDS = CELL_KINDS | {OrganizationKind.GRASSROOTS_COMMITTEE.value}
T = TypeVar("T")


class ScopeError(LookupError):
    """The requested scope (year or organisation) does not exist."""


@dataclass(frozen=True, slots=True)
class OrgRow:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    path: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    successor_id: int | None

    def valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class MemberRow:
    id: int
    card_no: str
    full_name: str
    organization_id: int
    admitted_on: datetime.date
    left_on: datetime.date | None
    civil_servant: bool
    has_history: bool  # has official memberships: they, not `organization_id`, say where the member was


@dataclass(frozen=True, slots=True)
class Stay:
    """A period in which a member belonged to an organisation."""

    organization_id: int
    start: datetime.date
    end: datetime.date | None

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class YearFacts:
    """Everything the engine needs for one year and scope."""

    year: EvaluationYear
    period: snap.Period
    organizations: tuple[snap.OrganizationSnapshot, ...]  # in tree order
    members: tuple[snap.MemberSnapshot, ...]  # by cell in tree order, then by Vietnamese name


def reference_date(year: EvaluationYear, as_of: datetime.date) -> datetime.date:
    """Return the day on which a year's subjects are taken: the cut-off, or `as_of` when earlier."""
    day = min(as_of, year.cutoff)
    return max(day, datetime.date(year.year, 1, 1))


# -- the scope every reader filters by -------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which rows the readers fetch for one year as of a date: everything, or what a subtree needs.

    Nothing dated after `as_of` is read, and a period or a resolution that ends after it reads as still
    running: a year evaluated as of a date gives the same facts whatever is recorded later.
    """

    year: int
    as_of: datetime.date
    cells: frozenset[int] | None  # cells whose members are read (subjects, predecessors, successors); None: all
    orgs: frozenset[int] | None  # organisations whose own facts are read (subjects, predecessors, children)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        """Return the last day read: 31 December, or `as_of` when earlier."""
        return min(datetime.date(self.year, 12, 31), self.as_of)

    def known(self, day: datetime.date | None) -> datetime.date | None:
        """Return an end or resolution date as known on `as_of` (None when it comes later)."""
        return day if day is not None and day <= self.as_of else None

    def overlapping(self) -> Q:
        """Return the filter of periods (`start`, `end`) that have a day in the year up to `as_of`."""
        return Q(start__lte=self.end) & (Q(end__isnull=True) | Q(end__gte=self.start))

    def members(self) -> QuerySet[Member]:
        """Return the members who may belong to a cell in scope during the year (up to `as_of`)."""
        query = Member.objects.order_by().filter(
            Q(admitted_on__lte=self.end) & (Q(left_on__isnull=True) | Q(left_on__gte=self.start))
        )
        if self.cells is None:
            return query
        official = Membership.objects.filter(
            self.overlapping(), kind=MembershipKind.OFFICIAL, organization_id__in=self.cells
        )
        return query.filter(Q(organization_id__in=self.cells) | Q(id__in=official.values("member_id")))

    def by_member(self) -> Q:
        """Return the filter of rows (with a `member` key) about the members in scope."""
        return Q() if self.cells is None else Q(member_id__in=self.members().values("id"))

    def by_org(self, field: str = "organization_id") -> Q:
        """Return the filter of rows about the organisations in scope."""
        return Q() if self.orgs is None else Q(**{f"{field}__in": self.orgs})


# -- readers: one query each -----------------------------------------------------------------------------


def read_organizations() -> dict[int, OrgRow]:
    """Return every organisation: successor chains cross subtrees (about 5,000 rows for a city)."""
    rows = Organization.objects.order_by().values_list(
        "id", "code", "name", "kind", "parent_id", "path", "valid_from", "valid_to", "successor_id"
    )
    return {row[0]: OrgRow(*row) for row in rows}


def read_members(scope: Scope) -> list[MemberRow]:
    """Return the members who may belong to a cell in scope during the year."""
    history = Membership.objects.filter(member_id=OuterRef("pk"), kind=MembershipKind.OFFICIAL)
    rows = (
        scope.members()
        .annotate(has_history=Exists(history))
        .values_list(
            "id", "card_no", "full_name", "organization_id", "admitted_on", "left_on", "civil_servant", "has_history"
        )
    )
    return [MemberRow(*row) for row in rows]


def read_memberships(scope: Scope) -> tuple[dict[int, list[Stay]], dict[int, list[snap.Span]]]:
    """Return official stays and residence cells, by member, of the memberships overlapping the year."""
    official: dict[int, list[Stay]] = defaultdict(list)
    residence: dict[int, list[snap.Span]] = defaultdict(list)
    rows = (
        Membership.objects.order_by("start")
        .filter(scope.overlapping(), scope.by_member(), kind__in=(MembershipKind.OFFICIAL, MembershipKind.RESIDENCE))
        .values_list("member_id", "organization_id", "kind", "start", "end", "organization__name")
    )
    for member_id, org_id, kind, start, end, org_name in rows:
        if kind == MembershipKind.OFFICIAL:
            official[member_id].append(Stay(org_id, start, scope.known(end)))
        else:
            residence[member_id].append(snap.Span(start, scope.known(end), org_name))
    return official, residence


def read_statuses(scope: Scope) -> tuple[dict[int, list[snap.Span]], dict[int, list[snap.Span]]]:
    """Return suspension and exemption periods overlapping the year, by member."""
    suspended: dict[int, list[snap.Span]] = defaultdict(list)
    exempt: dict[int, list[snap.Span]] = defaultdict(list)
    rows = (
        MemberStatus.objects.order_by("start")
        .filter(scope.overlapping(), scope.by_member())
        .values_list("member_id", "kind", "start", "end", "reason")
    )
    for member_id, kind, start, end, reason in rows:
        target = suspended if kind == StatusKind.SUSPENDED else exempt
        target[member_id].append(snap.Span(start, scope.known(end), reason))
    return suspended, exempt


def read_ratings(scope: Scope) -> tuple[dict[int, snap.Rating], dict[int, snap.Rating]]:
    """Return the year's quality ratings of members and of organisations."""
    members: dict[int, snap.Rating] = {}
    orgs: dict[int, snap.Rating] = {}
    where = Q() if scope.cells is None else scope.by_member() | scope.by_org()
    rows = (
        QualityRating.objects.order_by()
        .filter(where, year=scope.year)
        .values_list("member_id", "organization_id", "level", "final", "reason")
    )
    for member_id, org_id, level, final, reason in rows:
        rating = snap.Rating(level=level, final=final, reason=reason)
        if member_id is not None:
            members[member_id] = rating
        else:
            orgs[org_id] = rating
    return members, orgs


def read_workplace_ratings(scope: Scope) -> dict[int, str]:
    """Return the year's workplace (civil-service) rating level, by member."""
    rows = WorkplaceRating.objects.order_by().filter(scope.by_member(), year=scope.year)
    return dict(rows.values_list("member_id", "level"))


def read_residence_comments(scope: Scope) -> dict[int, str]:
    """Return the year's residence-cell comment, by member."""
    rows = ResidenceComment.objects.order_by().filter(scope.by_member(), year=scope.year)
    return dict(rows.values_list("member_id", "verdict"))


def read_disciplines(scope: Scope) -> dict[int, list[tuple[datetime.date, str]]]:
    """Return the year's disciplinary decisions (date, form), by member, in date order."""
    out: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    rows = (
        Discipline.objects.order_by("decided_on")
        .filter(scope.by_member(), decided_on__range=(scope.start, scope.end))
        .values_list("member_id", "decided_on", "form")
    )
    for member_id, decided_on, form in rows:
        out[member_id].append((decided_on, form))
    return out


def read_judgements(scope: Scope) -> tuple[dict[int, list[snap.Judgement]], dict[int, list[snap.Judgement]]]:
    """Return the year's judgements of members and of organisations."""
    members: dict[int, list[snap.Judgement]] = defaultdict(list)
    orgs: dict[int, list[snap.Judgement]] = defaultdict(list)
    where = Q() if scope.cells is None else scope.by_member() | scope.by_org()
    rows = (
        Judgement.objects.order_by("pk")
        .filter(where, year=scope.year)
        .values_list("member_id", "organization_id", "indicator", "verdict", "by", "note")
    )
    for member_id, org_id, indicator, verdict, by, note in rows:
        item = snap.Judgement(indicator=indicator, verdict=verdict, by=by, note=note)
        if member_id is not None:
            members[member_id].append(item)
        else:
            orgs[org_id].append(item)
    return members, orgs


def read_meetings(scope: Scope) -> dict[int, list[snap.Meeting]]:
    """Return the year's held meetings, by organisation (an announced meeting is not a fact yet)."""
    out: dict[int, list[snap.Meeting]] = defaultdict(list)
    rows = (
        Meeting.objects.order_by("held_on")
        .filter(scope.by_org(), held_on__range=(scope.start, scope.end), status=MeetingStatus.HELD)
        .values_list("organization_id", "held_on", "kind", "grade", "score", "attendance", "expected", "minutes")
    )
    for org_id, held_on, kind, grade, score, attendance, expected, minutes in rows:
        out[org_id].append(snap.Meeting(held_on, kind, grade, score, attendance, expected, minutes))
    return out


def read_complaints(scope: Scope) -> dict[int, list[snap.Complaint]]:
    """Return the year's complaints and earlier mass or over-level ones not resolved before the year."""
    out: dict[int, list[snap.Complaint]] = defaultdict(list)
    backlog = Q(received_on__lt=scope.start, mass_or_over_level=True) & (
        Q(resolved_on__isnull=True) | Q(resolved_on__gte=scope.start)
    )
    rows = (
        Complaint.objects.order_by("received_on")
        .filter(Q(received_on__range=(scope.start, scope.end)) | backlog, scope.by_org())
        .values_list("organization_id", "received_on", "kind", "internal", "mass_or_over_level", "resolved_on")
    )
    for org_id, received_on, kind, internal, mass, resolved_on in rows:
        out[org_id].append(snap.Complaint(received_on, kind, internal, mass, scope.known(resolved_on)))
    return out


def read_org_results(scope: Scope) -> dict[int, list[snap.OrgResult]]:
    """Return the year's result levels, by organisation."""
    out: dict[int, list[snap.OrgResult]] = defaultdict(list)
    rows = (
        OrgResult.objects.order_by("pk")
        .filter(scope.by_org(), year=scope.year)
        .values_list("organization_id", "area", "name", "level")
    )
    for org_id, area, name, level in rows:
        out[org_id].append(snap.OrgResult(area, name, level))
    return out


def read_linked_bodies(scope: Scope) -> dict[int, list[snap.LinkedBody]]:
    """Return the year's linked bodies and their ratings, by organisation."""
    out: dict[int, list[snap.LinkedBody]] = defaultdict(list)
    rows = (
        LinkedBody.objects.order_by("name")
        .filter(scope.by_org(), year=scope.year)
        .values_list("organization_id", "name", "level", "reason")
    )
    for org_id, name, level, reason in rows:
        out[org_id].append(snap.LinkedBody(name, level, reason))
    return out


def read_admission_targets(scope: Scope) -> dict[int, int]:
    """Return the year's admission target, by organisation."""
    rows = AdmissionTarget.objects.order_by().filter(scope.by_org(), year=scope.year)
    return dict(rows.values_list("organization_id", "target"))


# -- the tree in time ------------------------------------------------------------------------------------


def _predecessor_map(
    orgs: dict[int, OrgRow], subjects: Iterable[OrgRow], start: datetime.date, end: datetime.date
) -> dict[int, tuple[int, ...]]:
    """Map each subject to its predecessors (transitively) that existed during [start, end]."""
    direct: dict[int, list[int]] = defaultdict(list)
    for o in orgs.values():
        if o.successor_id is not None:
            direct[o.successor_id].append(o.id)
    out: dict[int, tuple[int, ...]] = {}
    for subject in subjects:
        found: list[int] = []
        stack = list(direct.get(subject.id, ()))
        seen = {subject.id}
        while stack:
            oid = stack.pop()
            if oid in seen:
                continue
            seen.add(oid)
            o = orgs[oid]
            if o.valid_to is None or o.valid_to >= start:
                if o.valid_from <= end:
                    found.append(oid)
                stack.extend(direct.get(oid, ()))
        if found:
            out[subject.id] = tuple(found)
    return out


def _cell_subjects(
    orgs: dict[int, OrgRow], cells: list[OrgRow], predecessors: dict[int, tuple[int, ...]]
) -> dict[int, int]:
    """Map each organisation a member may be recorded in to the subject cell it counts for this year.

    A subject cell counts for itself; its predecessors of the year count for it; a later successor
    (a member recorded only where they sit today) counts for the first subject cell, in tree order,
    that it succeeds.
    """
    out: dict[int, int] = {cell.id: cell.id for cell in cells}
    for cell in cells:
        for predecessor in predecessors.get(cell.id, ()):
            out.setdefault(predecessor, cell.id)
    for cell in cells:
        seen = {cell.id}
        nxt = cell.successor_id
        while nxt is not None and nxt not in seen and nxt in orgs:
            seen.add(nxt)
            out.setdefault(nxt, cell.id)
            nxt = orgs[nxt].successor_id
    return out


# -- assembling snapshots --------------------------------------------------------------------------------


def load_year_facts(year: int, *, as_of: datetime.date, org_code: str | None = None) -> YearFacts:
    """Load the snapshots of every subject of `year` in scope (one organisation's subtree, or all)."""
    with collector_paused():
        return _load_year_facts(year, as_of=as_of, org_code=org_code)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many objects.

    A city's load builds millions of acyclic rows and snapshots: every collection pass would walk all of
    them and find nothing (a fifth of the load's time). Reference counting still frees them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_year_facts(year: int, *, as_of: datetime.date, org_code: str | None) -> YearFacts:
    try:
        eval_year = EvaluationYear.objects.get(year=year)
    except EvaluationYear.DoesNotExist:
        raise ScopeError(f"Chưa khai báo năm đánh giá {year}.") from None
    period = snap.Period(year=year, cutoff=eval_year.cutoff, as_of=as_of)
    ref = reference_date(eval_year, as_of)
    year_start, year_end = period.year_start, period.year_end

    orgs = read_organizations()
    scope_prefix = ""
    if org_code is not None:
        found = next((o for o in orgs.values() if o.code == org_code), None)
        if found is None:
            raise ScopeError(f"Không có tổ chức đảng mã {org_code}.")
        scope_prefix = found.path

    subjects = sorted(
        (
            o
            for o in orgs.values()
            if o.kind in SUBJECT_ORG_KINDS and o.valid_on(ref) and o.path.startswith(scope_prefix)
        ),
        key=lambda o: o.path,
    )
    subject_ids = {o.id for o in subjects}
    subject_cells = [o for o in subjects if o.kind in CELL_KINDS]
    predecessors = _predecessor_map(orgs, subjects, year_start, year_end)
    cell_subject = _cell_subjects(orgs, subject_cells, predecessors)
    children_by_parent: dict[int, list[OrgRow]] = defaultdict(list)
    for o in sorted(orgs.values(), key=lambda o: o.path):
        if o.parent_id is not None and o.valid_on(ref):
            children_by_parent[o.parent_id].append(o)
    if org_code is None:
        scope = Scope(year=year, as_of=as_of, cells=None, orgs=None)
    else:
        own = subject_ids | {p for ids in predecessors.values() for p in ids}
        children = {c.id for s in subjects for c in children_by_parent.get(s.id, ())}
        scope = Scope(year=year, as_of=as_of, cells=frozenset(cell_subject), orgs=frozenset(own | children))

    people = read_members(scope)
    official, residence = read_memberships(scope)
    suspended, exempt = read_statuses(scope)
    member_rating, org_rating = read_ratings(scope)
    workplace = read_workplace_ratings(scope)
    comments = read_residence_comments(scope)
    disciplines = read_disciplines(scope)
    judgements_member, judgements_org = read_judgements(scope)
    meetings = read_meetings(scope)
    complaints = read_complaints(scope)
    results = read_org_results(scope)
    bodies = read_linked_bodies(scope)
    targets = read_admission_targets(scope)

    # Where each member was: their official stays (or Member.organization since admission), clipped to
    # their time in the party, mapped to this year's subject cells.
    def stays(m: MemberRow) -> list[Stay]:
        if m.has_history:
            return official.get(m.id, [])
        return [Stay(m.organization_id, m.admitted_on, scope.known(m.left_on))]

    def stay_on(m: MemberRow, member_stays: list[Stay], day: datetime.date, *, latest: bool = False) -> int | None:
        """Return the organisation a member officially belonged to on `day` (None outside the party).

        With `latest`, a member between two cells on that day (a transfer takes days) belongs to the last
        cell they joined before it.
        """
        left_on = scope.known(m.left_on)
        if day < m.admitted_on or (left_on is not None and day > left_on):
            return None
        for stay in member_stays:
            if stay.contains(day):
                return stay.organization_id
        if latest:
            before = [stay for stay in member_stays if stay.start <= day]
            if before:
                return max(before, key=lambda stay: stay.start).organization_id
        return None

    # The committees a fact counts for: every grassroots subject above the cell it happened in (or above
    # the subject cell that cell became), a committee's predecessors counting for it.
    committee_of: dict[int, int] = {o.id: o.id for o in subjects if o.kind not in CELL_KINDS}
    for subject_id, earlier in predecessors.items():
        if subject_id in committee_of:
            for predecessor in earlier:
                committee_of.setdefault(predecessor, subject_id)

    def committees(org_id: int) -> Iterable[int]:
        ancestor = orgs[org_id].parent_id if org_id in orgs else None
        while ancestor is not None and ancestor in orgs:
            if ancestor in committee_of:
                yield committee_of[ancestor]
            ancestor = orgs[ancestor].parent_id

    members_by_cell: dict[int, list[MemberRow]] = defaultdict(list)
    disciplines_by_cell: dict[int, list[snap.Discipline]] = defaultdict(list)
    admissions_by_cell: dict[int, list[snap.Admission]] = defaultdict(list)
    committee_disciplines: dict[int, list[snap.Discipline]] = defaultdict(list)
    committee_admissions: dict[int, list[snap.Admission]] = defaultdict(list)
    own_disciplines: dict[int, tuple[snap.Discipline, ...]] = {}
    for m in people:
        member_stays = stays(m)
        here = stay_on(m, member_stays, ref, latest=True)
        if here is not None and here in cell_subject:
            members_by_cell[cell_subject[here]].append(m)
        if m.id in disciplines:
            items = tuple(
                snap.Discipline(card_no=m.card_no, full_name=m.full_name, decided_on=day, form=form)
                for day, form in disciplines[m.id]
            )
            own_disciplines[m.id] = items
            for item in items:
                where = stay_on(m, member_stays, item.decided_on)
                if where is not None:
                    anchor = cell_subject.get(where, where)
                    if anchor in subject_ids:
                        disciplines_by_cell[anchor].append(item)
                    for committee in committees(anchor):
                        committee_disciplines[committee].append(item)
        if year_start <= m.admitted_on <= year_end:
            where = stay_on(m, member_stays, m.admitted_on)
            if where is not None:
                admission = snap.Admission(card_no=m.card_no, full_name=m.full_name, admitted_on=m.admitted_on)
                anchor = cell_subject.get(where, where)
                if anchor in subject_ids:
                    admissions_by_cell[anchor].append(admission)
                for committee in committees(anchor):
                    committee_admissions[committee].append(admission)

    def chain(items: dict[int, list[T]], org_id: int) -> list[T]:
        return [x for oid in (org_id, *predecessors.get(org_id, ())) for x in items.get(oid, ())]

    for cell_members in members_by_cell.values():
        cell_members.sort(key=lambda m: vi_name_key(m.full_name))

    org_snapshots: list[snap.OrganizationSnapshot] = []
    for org in subjects:
        is_cell = org.kind in CELL_KINDS
        chain_start = min([org.valid_from, *(orgs[p].valid_from for p in predecessors.get(org.id, ()))])
        org_snapshots.append(
            snap.OrganizationSnapshot(
                code=org.code,
                name=org.name,
                kind=org.kind,
                valid_from=chain_start,
                valid_to=scope.known(org.valid_to),
                meetings=tuple(sorted(chain(meetings, org.id), key=lambda x: x.held_on)),
                complaints=tuple(sorted(chain(complaints, org.id), key=lambda x: x.received_on)),
                org_results=tuple(results.get(org.id, ())),
                linked_bodies=tuple(bodies.get(org.id, ())),
                admission_target=targets.get(org.id),
                admissions=tuple(
                    sorted(
                        (admissions_by_cell if is_cell else committee_admissions).get(org.id, ()),
                        key=lambda a: (a.admitted_on, a.card_no),
                    )
                ),
                members=tuple(
                    snap.RatedMember(card_no=m.card_no, full_name=m.full_name, rating=member_rating.get(m.id))
                    for m in members_by_cell.get(org.id, ())
                )
                if is_cell
                else (),
                subordinates=tuple(
                    snap.RatedOrganization(code=c.code, name=c.name, rating=org_rating.get(c.id))
                    for c in children_by_parent.get(org.id, ())
                )
                if org.kind == OrganizationKind.GRASSROOTS_COMMITTEE
                else (),
                disciplines=tuple(
                    sorted(
                        (disciplines_by_cell if is_cell else committee_disciplines).get(org.id, ()),
                        key=lambda d: (d.decided_on, d.card_no),
                    )
                ),
                judgements=tuple(judgements_org.get(org.id, ())),
            )
        )

    member_snapshots = [
        snap.MemberSnapshot(
            card_no=m.card_no,
            full_name=m.full_name,
            organization_code=cell.code,
            civil_servant=m.civil_servant,
            workplace_rating=workplace.get(m.id),
            residence_comment=comments.get(m.id),
            disciplines=own_disciplines.get(m.id, ()),
            judgements=tuple(judgements_member.get(m.id, ())),
            suspensions=tuple(suspended.get(m.id, ())),
            exemptions=tuple(exempt.get(m.id, ())),
            residence_cells=tuple(residence.get(m.id, ())),
        )
        for cell in subject_cells
        for m in members_by_cell.get(cell.id, ())
    ]
    return YearFacts(
        year=eval_year,
        period=period,
        organizations=tuple(org_snapshots),
        members=tuple(member_snapshots),
    )
