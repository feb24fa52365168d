"""Reads of facts shared by several pages (the facts pages and the dashboards)."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.db.models import QuerySet

from bontot.organizations.models import Organization

from .models import Meeting, MeetingStatus

MAX_UPCOMING = 20


def get_upcoming_meetings(
    organizations: QuerySet[Organization] | Collection[Organization], *, today: datetime.date
) -> list[Meeting]:
    """Return the meetings announced in `organizations` for today or later, soonest first (one query).

    The caller scopes `organizations` (the user's own cells); at most `MAX_UPCOMING` are returned.
    """
    return list(
        Meeting.objects.filter(organization__in=organizations, status=MeetingStatus.ANNOUNCED, held_on__gte=today)
        .select_related("organization")
        .order_by("held_on", "organization__path")[:MAX_UPCOMING]
    )
