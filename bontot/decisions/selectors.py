"""Read decisions: which are in force, which decision recognises a subject, and who decides whom in bulk."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from bontot.assessments.authority import GRASSROOTS_KINDS
from bontot.assessments.holds import holds_for
from bontot.assessments.models import Assessment, AssessmentStatus, Proposal, Registration, RegistrationStatus
from bontot.organizations.models import Organization

from .models import MODEL_LABELS, Decision, DecisionEntry, model_of


def decisions_in_force() -> QuerySet[Decision]:
    """Return the decisions no later decision has revoked."""
    return Decision.objects.filter(revoked_by__isnull=True)


def entries_in_force(year: int) -> QuerySet[DecisionEntry]:
    """Return the year's recognitions by decisions in force."""
    return DecisionEntry.objects.filter(decision__year=year, decision__revoked_by__isnull=True)


def recognition_of(
    year: int, *, member_id: int | None = None, organization_id: int | None = None
) -> DecisionEntry | None:
    """Return the entry of the decision in force recognising the subject in `year` (one query), if any."""
    if (member_id is None) == (organization_id is None):
        raise ValueError("give exactly one subject")
    rows = entries_in_force(year).select_related("decision__issuer")
    if member_id is not None:
        return rows.filter(member_id=member_id).first()
    assert organization_id is not None
    return rows.filter(organization_id=organization_id).first()


def recognitions_by_assessment(assessment_ids: Iterable[int]) -> dict[int, DecisionEntry]:
    """Return the entries in force of these assessments, by assessment id (one query)."""
    rows = DecisionEntry.objects.filter(
        assessment_id__in=list(assessment_ids), decision__revoked_by__isnull=True
    ).select_related("decision")
    return {row.assessment_id: row for row in rows}


def organizations_on(paths: Iterable[str]) -> dict[str, Organization]:
    """Return every organisation on the given paths, by code (one query)."""
    codes = {code for path in paths for code in path.strip("/").split("/") if code}
    return {o.code: o for o in Organization.objects.filter(code__in=codes)}


def cell_issuers(cell_paths: Iterable[str]) -> dict[str, Organization | None]:
    """Return, per cell path, the organisation deciding its members (`authority.issuer_of` in bulk: one query).

    The nearest grassroots organisation on the path (the cell itself when it is a grassroots cell), else the
    cell's parent."""
    paths = set(cell_paths)
    by_code = organizations_on(paths)
    found: dict[str, Organization | None] = {}
    for path in paths:
        chain = [by_code[c] for c in path.strip("/").split("/") if c in by_code]
        grassroots = [o for o in chain if o.kind in GRASSROOTS_KINDS]
        found[path] = grassroots[-1] if grassroots else (chain[-2] if len(chain) > 1 else None)
    return found


def current_on(organization: Organization, day: datetime.date, *, hops: int = 10) -> Organization:
    """Return the organisation standing for `organization` on `day`: itself, or its successor when closed."""
    current = organization
    while hops and current.valid_to is not None and current.valid_to < day and current.successor_id is not None:
        current = Organization.objects.get(pk=current.successor_id)
        hops -= 1
    return current


@dataclass(frozen=True)
class Candidate:
    """An appraised subject proposed for recognition, as the issue page lists it."""

    assessment: Assessment
    name: str
    organization_name: str
    model: str
    hold_label: str
    registered: bool
    order: tuple[str, int, str] = field(default=("", 0, ""), repr=False)

    @property
    def selectable(self) -> bool:
        return self.registered and not self.hold_label

    @property
    def model_label(self) -> str:
        return MODEL_LABELS[self.model]


def candidates(issuer: Organization, year: int, *, model: str = "", include: Iterable[int] = ()) -> list[Candidate]:
    """Return the year's appraised assessments proposed for recognition that `issuer` decides (and the
    assessments of `include`, whatever their state: the subjects of a decision being corrected), with
    their holds and registrations: five queries whatever their number."""
    subtree = Q(cell__path__startswith=issuer.path) | Q(organization__parent=issuer)
    wanted = Q(status=AssessmentStatus.APPRAISED, proposal=Proposal.RECOGNISE) | Q(pk__in=list(include))
    rows = list(
        Assessment.objects.filter(subtree, wanted, year=year)
        .select_related("member__organization", "cell", "organization__parent")
        .order_by("pk")
    )
    issuers = cell_issuers({r.home.path for r in rows if r.member is not None})
    rows = [
        r
        for r in rows
        if (r.member is not None and (i := issuers.get(r.home.path)) is not None and i.pk == issuer.pk)
        or r.organization_id is not None
    ]
    if model:
        rows = [r for r in rows if model_of(r.member_id, r.organization) == model]
    member_ids = [r.member_id for r in rows if r.member_id is not None]
    org_ids = [r.organization_id for r in rows if r.organization_id is not None]
    holds = holds_for(year, member_ids=member_ids, organization_ids=org_ids)
    accepted = Registration.objects.filter(year=year, status=RegistrationStatus.ACCEPTED).filter(
        Q(member_id__in=member_ids) | Q(organization_id__in=org_ids)
    )
    registered = set(accepted.values_list("member_id", "organization_id"))
    found: list[Candidate] = []
    for r in rows:
        if r.member is not None:
            name, org_name, key = r.member.full_name, r.home.name, ("member", r.member_id)
            order = (r.home.path, 1, r.member.sort_name or name)
        else:
            assert r.organization is not None
            parent = r.organization.parent
            name, org_name, key = r.organization.name, parent.name if parent else "", ("org", r.organization_id)
            order = (r.organization.path, 0, name)
        hold = holds.get(key)  # type: ignore[arg-type]
        found.append(
            Candidate(
                r,
                name,
                org_name,
                model_of(r.member_id, r.organization),
                hold.label if hold is not None else "",
                (r.member_id, r.organization_id) in registered,
                order,
            )
        )
    found.sort(key=lambda c: c.order)
    return found
