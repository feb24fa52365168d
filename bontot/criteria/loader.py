"""The fact loader: read one year's facts for a scope in a fixed number of bulk queries.

It turns the normalised tables into the engine's frozen snapshots. The number of queries does not
depend on the number of subjects (a test pins it at two data sizes).

Time versioning: the subjects of a year are the organisations valid on the year's reference date
(the cut-off date, or the as-of date when that is earlier) and the members of their cells. A
reorganisation closes an organisation and names a `successor`; a successor inherits its
predecessors' meetings and complaints of that year, and a member whose current cell is a successor
belongs, for an earlier year, to the predecessor that was valid then.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from bontot.assessments.models import Judgement
from bontot.core.text import vi_name_key
from bontot.facts.models import (
    AdmissionTarget,
    Complaint,
    Discipline,
    Meeting,
    OrgResult,
    QualityRating,
    ResidenceComment,
    WorkplaceRating,
)
from bontot.members.models import Member
from bontot.organizations.models import LinkedBody, Organization, OrganizationKind

from .engine import snapshot as snap
from .models import EvaluationYear

CELL_KINDS = frozenset({OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL})
SUBJECT_ORG_KINDS = CELL_KINDS | {OrganizationKind.GRASSROOTS_COMMITTEE}


class ScopeError(LookupError):
    """The requested scope (year or organisation) does not exist."""


@dataclass(frozen=True)
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


def load_year_facts(year: int, *, as_of: datetime.date, org_code: str | None = None) -> YearFacts:
    """Load the snapshots of every subject of `year` in scope (one organisation's subtree, or all)."""
    try:
        eval_year = EvaluationYear.objects.get(year=year)
    except EvaluationYear.DoesNotExist:
        raise ScopeError(f"Chưa khai báo năm đánh giá {year}.") from None
    period = snap.Period(year=year, cutoff=eval_year.cutoff, as_of=as_of)
    ref = reference_date(eval_year, as_of)
    year_start, year_end = period.year_start, period.year_end

    orgs = {
        row["id"]: OrgRow(**row)
        for row in Organization.objects.values(
            "id", "code", "name", "kind", "parent_id", "path", "valid_from", "valid_to", "successor_id"
        )
    }
    scope_prefix = ""
    if org_code is not None:
        scope = next((o for o in orgs.values() if o.code == org_code), None)
        if scope is None:
            raise ScopeError(f"Không có tổ chức đảng mã {org_code}.")
        scope_prefix = scope.path

    subjects = sorted(
        (
            o
            for o in orgs.values()
            if o.kind in SUBJECT_ORG_KINDS and o.valid_on(ref) and o.path.startswith(scope_prefix)
        ),
        key=lambda o: o.path,
    )
    subject_ids = {o.id for o in subjects}
    # Each subject's succession chain: the subject, its successors (where members now sit)
    # and its predecessors valid during the year (whose facts it inherits).
    current_to_subject = _successor_map(orgs, [o for o in subjects if o.kind in CELL_KINDS])
    current_cells = list(current_to_subject)
    predecessors = _predecessor_map(orgs, subjects, year_start, year_end)
    chain_ids = {oid for ids in predecessors.values() for oid in ids} | subject_ids

    # Everyone whose cell is in scope, including those who left during the year: an expelled member's
    # discipline and a member admitted then transferred still count for their cell.
    people = [
        m
        for m in Member.objects.filter(organization_id__in=current_cells).values(
            "id",
            "card_no",
            "full_name",
            "organization_id",
            "admitted_on",
            "civil_servant",
            "exempt",
            "suspended",
            "left_on",
        )
        if m["admitted_on"] <= year_end and (m["left_on"] is None or m["left_on"] >= year_start)
    ]
    # The subjects: members on the reference date.
    members = [m for m in people if m["admitted_on"] <= ref and (m["left_on"] is None or m["left_on"] >= ref)]
    member_cell = {m["id"]: current_to_subject[m["organization_id"]] for m in people}

    # Year-keyed facts, each one query.
    member_q = Q(member__organization_id__in=current_cells)
    org_q = Q(organization_id__in=subject_ids)
    ratings = QualityRating.objects.filter(Q(year=year) & (member_q | org_q)).values(
        "member_id", "organization_id", "level", "final", "reason"
    )
    member_rating: dict[int, snap.Rating] = {}
    org_rating: dict[int, snap.Rating] = {}
    for r in ratings:
        rating = snap.Rating(level=r["level"], final=r["final"], reason=r["reason"])
        if r["member_id"] is not None:
            member_rating[r["member_id"]] = rating
        else:
            org_rating[r["organization_id"]] = rating
    # Directly subordinate organisations are rated too, and may lie outside the subject kinds.
    child_ids = {o.id for o in orgs.values() if o.parent_id in subject_ids and o.valid_on(ref)} - set(org_rating)
    for r in QualityRating.objects.filter(year=year, organization_id__in=child_ids).values(
        "organization_id", "level", "final", "reason"
    ):
        org_rating[r["organization_id"]] = snap.Rating(level=r["level"], final=r["final"], reason=r["reason"])

    workplace = dict(
        WorkplaceRating.objects.filter(year=year, member__organization_id__in=current_cells).values_list(
            "member_id", "level"
        )
    )
    residence = dict(
        ResidenceComment.objects.filter(year=year, member__organization_id__in=current_cells).values_list(
            "member_id", "verdict"
        )
    )
    disciplines_by_member: dict[int, list[snap.Discipline]] = defaultdict(list)
    member_by_id = {m["id"]: m for m in people}
    for d in Discipline.objects.filter(
        member__organization_id__in=current_cells, decided_on__range=(year_start, year_end)
    ).values("member_id", "decided_on", "form"):
        m = member_by_id.get(d["member_id"])
        if m is not None:
            disciplines_by_member[d["member_id"]].append(
                snap.Discipline(
                    card_no=m["card_no"], full_name=m["full_name"], decided_on=d["decided_on"], form=d["form"]
                )
            )

    judgements_member: dict[int, list[snap.Judgement]] = defaultdict(list)
    judgements_org: dict[int, list[snap.Judgement]] = defaultdict(list)
    for j in Judgement.objects.filter(Q(year=year) & (member_q | org_q)).values(
        "member_id", "organization_id", "indicator", "verdict", "by", "note"
    ):
        item = snap.Judgement(indicator=j["indicator"], verdict=j["verdict"], by=j["by"], note=j["note"])
        if j["member_id"] is not None:
            judgements_member[j["member_id"]].append(item)
        else:
            judgements_org[j["organization_id"]].append(item)

    meetings_by_org: dict[int, list[snap.Meeting]] = defaultdict(list)
    for mt in Meeting.objects.filter(organization_id__in=chain_ids, held_on__range=(year_start, year_end)).values(
        "organization_id", "held_on", "kind", "grade", "score", "attendance", "expected", "minutes"
    ):
        oid = mt.pop("organization_id")
        meetings_by_org[oid].append(snap.Meeting(**mt))
    complaints_by_org: dict[int, list[snap.Complaint]] = defaultdict(list)
    # Complaints of the year, and earlier ones still flagged as unresolved mass or over-level cases.
    for c in Complaint.objects.filter(
        Q(received_on__range=(year_start, year_end))
        | Q(received_on__lt=year_start, mass_or_over_level_unresolved=True),
        organization_id__in=chain_ids,
    ).values("organization_id", "received_on", "kind", "internal", "mass_or_over_level_unresolved"):
        oid = c.pop("organization_id")
        complaints_by_org[oid].append(snap.Complaint(**c))
    results_by_org: dict[int, list[snap.OrgResult]] = defaultdict(list)
    for res in OrgResult.objects.filter(year=year, organization_id__in=subject_ids).values(
        "organization_id", "area", "name", "level"
    ):
        oid = res.pop("organization_id")
        results_by_org[oid].append(snap.OrgResult(**res))
    bodies_by_org: dict[int, list[snap.LinkedBody]] = defaultdict(list)
    for b in LinkedBody.objects.filter(year=year, organization_id__in=subject_ids).values(
        "organization_id", "name", "level", "reason"
    ):
        oid = b.pop("organization_id")
        bodies_by_org[oid].append(snap.LinkedBody(**b))
    targets = dict(
        AdmissionTarget.objects.filter(year=year, organization_id__in=subject_ids).values_list(
            "organization_id", "target"
        )
    )

    # Members of each cell, in Vietnamese name order; `people_by_cell` adds those who left in the year.
    members_by_cell: dict[int, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    people_by_cell: dict[int, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    active = {m["id"] for m in members}
    for m in sorted(people, key=lambda m: vi_name_key(m["full_name"])):
        people_by_cell[member_cell[m["id"]]].append(m)
        if m["id"] in active:
            members_by_cell[member_cell[m["id"]]].append(m)

    # Cells under each organisation, found by walking up from each cell (cells × depth, not cells × orgs).
    cells_under: dict[int, list[int]] = defaultdict(list)
    for cell_id in sorted(people_by_cell, key=lambda cid: orgs[cid].path):
        ancestor: int | None = cell_id
        while ancestor is not None:
            cells_under[ancestor].append(cell_id)
            ancestor = orgs[ancestor].parent_id if ancestor in orgs else None

    def under(org: OrgRow, by_cell: dict[int, list[dict]]) -> list[dict]:  # type: ignore[type-arg]
        return [m for cell_id in cells_under.get(org.id, ()) for m in by_cell.get(cell_id, ())]

    def chain_items(items: dict[int, list], org_id: int) -> tuple:  # type: ignore[type-arg]
        out = [x for oid in (org_id, *predecessors.get(org_id, ())) for x in items.get(oid, ())]
        return tuple(sorted(out, key=lambda x: x.held_on if hasattr(x, "held_on") else x.received_on))

    children_by_parent: dict[int, list[OrgRow]] = defaultdict(list)
    for o in sorted(orgs.values(), key=lambda o: o.path):
        if o.parent_id is not None and o.valid_on(ref):
            children_by_parent[o.parent_id].append(o)

    org_snapshots: list[snap.OrganizationSnapshot] = []
    for org in subjects:
        in_org = under(org, members_by_cell)
        everyone = under(org, people_by_cell)
        chain_start = min([org.valid_from, *(orgs[p].valid_from for p in predecessors.get(org.id, ()))])
        children = children_by_parent.get(org.id, [])
        org_snapshots.append(
            snap.OrganizationSnapshot(
                code=org.code,
                name=org.name,
                kind=org.kind,
                valid_from=chain_start,
                valid_to=org.valid_to,
                meetings=chain_items(meetings_by_org, org.id),
                complaints=chain_items(complaints_by_org, org.id),
                org_results=tuple(results_by_org.get(org.id, ())),
                linked_bodies=tuple(bodies_by_org.get(org.id, ())),
                admission_target=targets.get(org.id),
                admissions=tuple(
                    snap.Admission(card_no=m["card_no"], full_name=m["full_name"], admitted_on=m["admitted_on"])
                    for m in everyone
                    if year_start <= m["admitted_on"] <= year_end
                ),
                members=tuple(
                    snap.RatedMember(
                        card_no=m["card_no"],
                        full_name=m["full_name"],
                        rating=member_rating.get(m["id"]),
                        exempt=m["exempt"],
                        suspended=m["suspended"],
                    )
                    for m in in_org
                )
                if org.kind in CELL_KINDS
                else (),
                subordinates=tuple(
                    snap.RatedOrganization(code=c.code, name=c.name, rating=org_rating.get(c.id)) for c in children
                )
                if org.kind == OrganizationKind.GRASSROOTS_COMMITTEE
                else (),
                disciplines=tuple(
                    sorted(
                        (d for m in everyone for d in disciplines_by_member.get(m["id"], ())),
                        key=lambda d: d.decided_on,
                    )
                ),
                judgements=tuple(judgements_org.get(org.id, ())),
            )
        )

    member_snapshots = [
        snap.MemberSnapshot(
            card_no=m["card_no"],
            full_name=m["full_name"],
            organization_code=orgs[cell_id].code,
            civil_servant=m["civil_servant"],
            exempt=m["exempt"],
            suspended=m["suspended"],
            workplace_rating=workplace.get(m["id"]),
            residence_comment=residence.get(m["id"]),
            disciplines=tuple(disciplines_by_member.get(m["id"], ())),
            judgements=tuple(judgements_member.get(m["id"], ())),
        )
        for cell_id in sorted(members_by_cell, key=lambda cid: orgs[cid].path)
        for m in members_by_cell[cell_id]
    ]
    return YearFacts(
        year=eval_year,
        period=period,
        organizations=tuple(org_snapshots),
        members=tuple(member_snapshots),
    )


def _successor_map(orgs: dict[int, OrgRow], cells: list[OrgRow]) -> dict[int, int]:
    """Map each cell, and each later organisation in its succession chain, to that cell.

    When cells merged, the later organisation maps to the first of them in tree order.
    """
    out: dict[int, int] = {}
    for cell in cells:
        out[cell.id] = cell.id
    for cell in cells:
        seen = {cell.id}
        nxt = cell.successor_id
        while nxt is not None and nxt not in seen and nxt in orgs:
            seen.add(nxt)
            out.setdefault(nxt, cell.id)
            nxt = orgs[nxt].successor_id
    return out


def _predecessor_map(
    orgs: dict[int, OrgRow], subjects: list[OrgRow], start: datetime.date, end: datetime.date
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
