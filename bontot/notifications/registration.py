"""Registration reminders: who still has to register for a year, told to whoever can act on it.

A subject has acted once it has a registration row for the year, whatever its status: accepted, pending
(late, waiting for the level above) or refused (the level above has said no; a subject registers once a
year, so a reminder could only nag). Subjects that must register: current members, and the cells,
grassroots cells and grassroots committees in force (the models the criteria evaluate). Recipients, each
told only what is missing in their own scope:

- a member with an active login: their own registration ("Đồng chí chưa đăng ký …");
- the secretary of a cell (role in force): the cell itself and the cell's members not yet registered, by
  name (members without a login depend on them; a member who is the secretary hears it once, here);
- the office of a committee: the committee itself, the organisations below it and the number of members
  not yet registered, per cell.

Nobody with nothing missing in their scope hears anything. The data are read in three queries per year
whatever the size of the tree; the scopes are computed in Python from the organisations' paths.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from bontot.assessments.models import Registration
from bontot.members.models import Member
from bontot.organizations.models import Organization, OrganizationKind, Role, RoleAssignment

from .services import Message

# The organisations that register (the models the engine evaluates: cell and grassroots).
REGISTERING_KINDS = (OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL, OrganizationKind.GRASSROOTS_COMMITTEE)
CELL_KINDS = (OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL)
NAMES_SHOWN = 10  # names (or cells) spelt out in one reminder; the rest are counted


@dataclass(frozen=True)
class Stage:
    """A registration reminder due on a day: its kind and the sentence about the deadline."""

    kind: str
    head: str


@dataclass
class Missing:
    """What is still missing for one year: unregistered organisations and members, indexed for scopes."""

    orgs: list[Organization] = field(default_factory=list)
    members_by_cell: dict[int, list[Member]] = field(default_factory=lambda: defaultdict(list))
    cells: dict[int, Organization] = field(default_factory=dict)  # the cells of the unregistered members

    def org_ids(self) -> set[int]:
        return {o.pk for o in self.orgs}


def registration_stage(deadline: datetime.date, year: int, today: datetime.date) -> list[Stage]:
    """Return the registration reminders due `today` for `year` (at most one; often none)."""
    shown = deadline.strftime("%d/%m/%Y")
    days_left = (deadline - today).days
    # At most one a day: the opening until the last week, then the week's reminders (a year declared late
    # skips the opening, the week's reminder says the same and more).
    if datetime.date(year, 1, 1) <= today and days_left > 7:
        return [
            Stage(
                "registration.opening",
                f"Năm {year}: đã mở đăng ký phấn đấu đạt “bốn tốt”, hạn đăng ký là ngày {shown}.",
            )
        ]
    if 1 < days_left <= 7:
        return [Stage("registration.deadline_7", f"Năm {year}: còn {days_left} ngày đến hạn đăng ký ({shown}).")]
    if 0 <= days_left <= 1:
        when = "ngày mai" if days_left == 1 else "hôm nay"
        return [Stage("registration.deadline_1", f"Năm {year}: {when} ({shown}) là hạn cuối đăng ký.")]
    if -7 <= days_left <= -1:
        return [
            Stage(
                "registration.overdue",
                f"Năm {year}: đã quá hạn đăng ký ({shown}); đăng ký từ nay là đăng ký muộn, chờ cấp trên chấp nhận.",
            )
        ]
    return []


def _in_force(today: datetime.date) -> Q:
    return Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))


def missing_for(year: int, today: datetime.date) -> Missing:
    """Read the subjects without any registration row for `year` on `today`: two queries."""
    registered = Registration.objects.filter(year=year)
    orgs = (
        Organization.objects.filter(_in_force(today), kind__in=REGISTERING_KINDS)
        .exclude(Exists(registered.filter(organization=OuterRef("pk"))))
        .only("id", "code", "name", "kind", "path")
        .order_by("path")
    )
    members = (
        Member.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=today), admitted_on__lte=today)
        .exclude(Exists(registered.filter(member=OuterRef("pk"))))
        .select_related("user", "organization")
        .only(
            "id",
            "full_name",
            "sort_name",
            "organization__id",
            "organization__name",
            "organization__path",
            "organization__kind",
            "user__id",
            "user__email",
            "user__is_active",
            "user__username",
            "user__first_name",
            "user__last_name",
        )  # fmt: skip
        .order_by("organization__path", "sort_name", "pk")
    )
    missing = Missing(orgs=list(orgs))
    for member in members:
        missing.members_by_cell[member.organization_id].append(member)
        missing.cells.setdefault(member.organization_id, member.organization)
    return missing


def _names(names: Sequence[str], other: str) -> str:
    """Spell out the first NAMES_SHOWN names and count the rest ("… và 5 người khác")."""
    shown = ", ".join(names[:NAMES_SHOWN])
    rest = len(names) - NAMES_SHOWN
    return f"{shown} và {rest} {other} khác" if rest > 0 else shown


def _covers(path: str, scope: str) -> bool:
    return path.startswith(scope)


def _cell_text(cell: Organization, cell_missing: bool, members: list[Member]) -> str:
    parts = []
    if cell_missing:
        parts.append("chưa đăng ký")
    if members:
        names = _names([m.full_name for m in members], "đồng chí")
        parts.append(f"còn {len(members)} đảng viên chưa đăng ký: {names}")
    return f"{cell.name} {'; '.join(parts)}."


def _committee_text(org: Organization, missing: Missing) -> str | None:
    """What the office of `org` is told: `org` itself, the organisations below it, the members per cell."""
    scope = org.path
    itself = any(o.pk == org.pk for o in missing.orgs)
    below = [o for o in missing.orgs if o.pk != org.pk and _covers(o.path, scope)]
    cells = [c for c in missing.cells.values() if _covers(c.path, scope)]
    cells.sort(key=lambda c: c.path)
    if not (itself or below or cells):
        return None
    parts = []
    if itself:
        parts.append("chưa đăng ký")
    if below:
        what = "chi bộ" if all(o.kind in CELL_KINDS for o in below) else "tổ chức đảng"
        parts.append(f"còn {len(below)} {what} chưa đăng ký: {_names([o.name for o in below], what)}")
    if cells:
        counts = [f"{c.name}: {len(missing.members_by_cell[c.pk])}" for c in cells]
        total = sum(len(missing.members_by_cell[c.pk]) for c in cells)
        parts.append(f"còn {total} đảng viên chưa đăng ký ({_names(counts, 'chi bộ')})")
    return f"{org.name} {'; '.join(parts)}."


def registration_messages(
    year: int, stage: Stage, missing: Missing, assignments: Sequence[RoleAssignment]
) -> list[Message]:
    """The reminders of one stage: to each secretary and office (`assignments`, roles in force) with
    something missing in scope, and to each unregistered member with a login who is not their cell's
    secretary. Keys: kind, year and the scope (the organisation, or the member)."""
    missing_org_ids = missing.org_ids()
    messages: list[Message] = []
    told: set[tuple[int, int]] = set()  # (user, cell) of secretaries told about their cell
    for a in assignments:
        org = a.organization
        text: str | None = None
        url = ""
        if a.role == Role.CELL_SECRETARY:
            members = missing.members_by_cell.get(org.pk, [])
            if org.pk in missing_org_ids or members:
                text = _cell_text(org, org.pk in missing_org_ids, members)
                url = reverse("assessments:registration_cell", kwargs={"org_pk": org.pk}) + f"?year={year}"
                told.add((a.user_id, org.pk))
        elif a.role == Role.OFFICE:
            text = _committee_text(org, missing)
            url = reverse("assessments:registration_missing") + f"?year={year}"
        if text is not None:
            messages.append(
                Message(
                    user=a.user,
                    kind=stage.kind,
                    text=f"{stage.head} {text}",
                    url=url,
                    key=f"{stage.kind}:{year}:{a.role}:{org.pk}",
                    organization_path=org.path,
                )
            )
    own = reverse("assessments:registration_mine") + f"?year={year}"
    for cell_id, members in missing.members_by_cell.items():
        for member in members:
            user = member.user
            if user is None or not user.is_active or (user.pk, cell_id) in told:
                continue
            messages.append(
                Message(
                    user=user,
                    kind=stage.kind,
                    text=f"{stage.head} Đồng chí chưa đăng ký phấn đấu đạt “bốn tốt” năm {year}.",
                    url=own,
                    key=f"{stage.kind}:{year}:member:{member.pk}",
                    organization_path=member.organization.path,
                )
            )
    return messages


def reminders_for(years: Any, today: datetime.date, assignments: Sequence[RoleAssignment]) -> list[Message]:
    """Every registration reminder due `today` for the evaluation years `years` (two queries per year due)."""
    messages: list[Message] = []
    for year in years:
        for stage in registration_stage(year.registration_deadline, year.year, today):
            messages += registration_messages(year.year, stage, missing_for(year.year, today), assignments)
    return messages
