"""Read registrations for later steps: a subject without an accepted registration is not considered for
recognition."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import BigIntegerField, CharField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat

from bontot.members.models import Member
from bontot.organizations.models import Organization

from .models import Registration, RegistrationStatus


def is_registered(year: int, *, member: Member | None = None, organization: Organization | None = None) -> bool:
    """True when the subject has an accepted registration for `year`."""
    if (member is None) == (organization is None):
        raise ValueError("give exactly one subject")
    rows = Registration.objects.filter(year=year, status=RegistrationStatus.ACCEPTED)
    if member is not None:
        return rows.filter(member=member).exists()
    return rows.filter(organization=organization).exists()


def registrations_by_subject(
    year: int, *, member_ids: Iterable[int] = (), organization_ids: Iterable[int] = ()
) -> tuple[dict[int, Registration], dict[int, Registration]]:
    """Return the year's registrations (any status) of the given members and organisations, by id: one query."""
    members, orgs = list(member_ids), list(organization_ids)
    rows = Registration.objects.filter(year=year).filter(Q(member_id__in=members) | Q(organization_id__in=orgs))
    by_member: dict[int, Registration] = {}
    by_org: dict[int, Registration] = {}
    for row in rows:
        if row.member_id is not None:
            by_member[row.member_id] = row
        elif row.organization_id is not None:
            by_org[row.organization_id] = row
    return by_member, by_org


def registered_member_ids(year: int, member_ids: Iterable[int]) -> set[int]:
    """The members among `member_ids` with an accepted registration for `year` (one query)."""
    rows = Registration.objects.filter(year=year, status=RegistrationStatus.ACCEPTED, member_id__in=list(member_ids))
    return set(rows.values_list("member_id", flat=True))


def year_cell(member: Member, year: int) -> Organization:
    """The cell a member belongs to for `year`: the one the engine evaluated them in (the stored verdict's
    organisation), else their official membership in force on the year's cut-off (or the last one that
    started by then), else their current cell."""
    from bontot.criteria.models import EvaluationYear, StoredVerdict
    from bontot.members.models import Membership, MembershipKind

    path = (
        StoredVerdict.objects.filter(year=year, subject=f"member:{member.card_no}")
        .values_list("organization_path", flat=True)
        .first()
    )
    if path:
        found = Organization.objects.filter(path=path).first()
        if found is not None:
            return found
    cutoff = EvaluationYear.objects.filter(year=year).values_list("cutoff", flat=True).first()
    day = cutoff or datetime.date(year, 12, 31)
    stay = (
        Membership.objects.filter(member=member, kind=MembershipKind.OFFICIAL, start__lte=day)
        .select_related("organization")
        .order_by("-start")
        .first()
    )
    if stay is not None:
        return stay.organization
    return member.organization


def year_members(cell: Organization, year: int) -> QuerySet[Member]:
    """The members whose cell for `year` is `cell` (`year_cell`, in one query): those the engine evaluated in
    it that year, else whose official membership in force on the year's cut-off is there, else its current
    members. Members who left are included (filter `left_on` as needed)."""
    from bontot.criteria.models import EvaluationYear, StoredVerdict
    from bontot.members.models import Membership, MembershipKind

    day = Coalesce(
        Subquery(EvaluationYear.objects.filter(year=year).values("cutoff")[:1]),
        Value(datetime.date(year, 12, 31)),
    )
    verdict_path = StoredVerdict.objects.filter(
        year=year, subject=Concat(Value("member:"), OuterRef(OuterRef("card_no")), output_field=CharField())
    ).values("organization_path")[:1]
    verdict_cell = Organization.objects.filter(path=Subquery(verdict_path)).values("pk")[:1]
    stay_cell = (
        Membership.objects.filter(member=OuterRef("pk"), kind=MembershipKind.OFFICIAL, start__lte=day)
        .order_by("-start")
        .values("organization_id")[:1]
    )
    candidates = (
        Q(organization=cell)
        | Q(pk__in=StoredVerdict.objects.filter(year=year, organization_path=cell.path).values("member_id"))
        | Q(pk__in=Membership.objects.filter(organization=cell, kind=MembershipKind.OFFICIAL).values("member_id"))
    )
    return (
        Member.objects.filter(candidates)
        .annotate(
            year_cell_id=Coalesce(
                Subquery(verdict_cell), Subquery(stay_cell), F("organization_id"), output_field=BigIntegerField()
            )
        )
        .filter(year_cell_id=cell.pk)
    )
