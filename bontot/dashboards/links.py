"""Links from the dashboards to the fact pages, each shown only when the viewer may open it.

Each rule mirrors the check of the target view (the roles it passes to `access_organization` /
`access_member`), decided with the grants the page has already read: no query per link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from bontot.criteria.models import EvaluationYear
from bontot.facts.access import MEETING_READERS
from bontot.facts.access_ratings import READERS as YEAR_FACT_READERS
from bontot.members.models import Member
from bontot.members.permissions import holds
from bontot.organizations.access import STAFF_ROLES, Grant
from bontot.organizations.models import Organization


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def _url(name: str, org: Organization, *, year: int | None = None, query: dict[str, Any] | None = None) -> str:
    kwargs: dict[str, Any] = {"org_pk": org.pk} if name.startswith("facts:") else {"pk": org.pk}
    if year is not None:
        kwargs["year"] = year
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{urlencode(query)}" if query else url


def organization_links(actor: Any, org: Organization, year: int, *, held: tuple[Grant, ...]) -> list[Link]:
    """Return the fact pages of `org` the actor may open, for `year` where the page has one.

    facts:meeting_log  → MEETING_READERS (members of the cell too)
    facts:year_facts   → facts.access_ratings.READERS (no member)
    organizations:detail, members:list (filtered to the organisation), facts:complaint_list → STAFF_ROLES
    """
    rules = [
        ("Sổ sinh hoạt", MEETING_READERS, lambda: _url("facts:meeting_log", org, query={"nam": year})),
        ("Xếp loại, số liệu năm", YEAR_FACT_READERS, lambda: _url("facts:year_facts", org, year=year)),
        ("Thông tin tổ chức", STAFF_ROLES, lambda: _url("organizations:detail", org)),
        ("Danh sách đảng viên", STAFF_ROLES, lambda: f"{reverse('members:list')}?{urlencode({'to_chuc': org.pk})}"),
        ("Đơn thư", STAFF_ROLES, lambda: _url("facts:complaint_list", org)),
    ]
    return [Link(label, url()) for label, roles, url in rules if holds(actor, org.path, roles, held=held)]


def may_open_member(actor: Any, member: Member, *, held: tuple[Grant, ...]) -> bool:
    """Return whether `members:detail` opens for the actor (`access_member` without `need`): the member
    themselves, or a staff role covering the member's cell."""
    own = member.user_id is not None and member.user_id == getattr(actor, "pk", None)
    return own or holds(actor, member.organization.path, STAFF_ROLES, held=held)


def dashboard_year() -> int:
    """Return the year the dashboards open on: the latest evaluation year, else this year (one query).

    For the pages linking back to a dashboard (`organizations:detail`, `members:detail`): whoever opens those
    opens the dashboard too (`access_organization` / `access_member` with no role needed there).
    """
    latest = EvaluationYear.objects.values_list("year", flat=True).first()
    return latest if latest is not None else timezone.localdate().year
