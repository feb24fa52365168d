"""Holds (Quy định 366-QĐ/TW): while a complaint about a subject's assessment or rating of a year is open, the
subject's recognition decision of that year is held. The hold shows on every list of the workflow.

A complaint concerns the yearly workflow when `Complaint.concerns` is set; its subject is `about_member`,
or the receiving organisation itself when no member is named. It is open on a day when received on or
before it and not resolved by then (`resolved_on` is a date, so a past day gives the answer it gave then).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from bontot.facts.models import Complaint

HOLD_LABEL = "Tạm dừng xét công nhận: có đơn khiếu nại chưa giải quyết (Quy định 366-QĐ/TW)"


@dataclass(frozen=True)
class Hold:
    complaint_id: int
    received_on: datetime.date
    concerns: str  # ComplaintConcerns value

    @property
    def label(self) -> str:
        return f"{HOLD_LABEL}, nhận ngày {self.received_on:%d/%m/%Y}"


SubjectKey = tuple[str, int]  # ("member", member_id) or ("org", organization_id)


def _open_on(day: datetime.date) -> Q:
    return Q(received_on__lte=day) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=day))


def holds_for(
    year: int,
    *,
    member_ids: Collection[int] = (),
    organization_ids: Collection[int] = (),
    on: datetime.date | None = None,
) -> dict[SubjectKey, Hold]:
    """Return the holds of these subjects for `year` on a day (default today), in one query.

    Pass the ids of the page's rows (a page holds tens of rows, never the city)."""
    day = on or timezone.localdate()
    if not member_ids and not organization_ids:
        return {}
    subjects = Q(about_member_id__in=list(member_ids)) | Q(
        about_member__isnull=True, organization_id__in=list(organization_ids)
    )
    rows = (
        Complaint.objects.filter(_open_on(day), subjects, year=year)
        .exclude(concerns="")
        .order_by("received_on", "pk")
        .values_list("pk", "received_on", "concerns", "about_member_id", "organization_id")
    )
    found: dict[SubjectKey, Hold] = {}
    for pk, received_on, concerns, member_id, organization_id in rows:
        key: SubjectKey = ("member", member_id) if member_id is not None else ("org", organization_id)
        found.setdefault(key, Hold(pk, received_on, concerns))
    return found


def hold_of(row_or_subject: object, year: int, *, on: datetime.date | None = None) -> Hold | None:
    """The hold of one subject (a Member, an Organization, or a row with `member_id`/`organization_id`)."""
    from bontot.members.models import Member
    from bontot.organizations.models import Organization

    if isinstance(row_or_subject, Member):
        key: SubjectKey = ("member", row_or_subject.pk)
    elif isinstance(row_or_subject, Organization):
        key = ("org", row_or_subject.pk)
    else:
        member_id = getattr(row_or_subject, "member_id", None)
        key = ("member", member_id) if member_id is not None else ("org", row_or_subject.organization_id)  # type: ignore[attr-defined]
    kind, pk = key
    found = holds_for(
        year, member_ids=[pk] if kind == "member" else [], organization_ids=[pk] if kind == "org" else [], on=on
    )
    return found.get(key)
