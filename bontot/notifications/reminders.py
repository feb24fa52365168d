"""The periodic reminders (management command `send_reminders`, task `send_reminders_task`).

Registration (`registration.py`): opening (from 01/01 of a declared evaluation year until the deadline's last
week), 7 days (within the last week) and 1 day before the deadline (or on it), and overdue (the week after
it), only to those with something still unregistered in their scope: a member with a login, the cell's
secretary, the committee's office (roles in force that day). Meetings: from `MEETING_REMINDER_DAY` of a month
on, to each cell secretary whose cell has no held regular (or combined) meeting in that month. Pending work
(`pending.py`): a weekly digest to the appraisers and the deciders. Every reminder carries a key made of its
kind, its scope and its period, so running the reminders twice sends nothing twice. The queries are a
constant number whatever the size of the tree.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse

from bontot.criteria.models import EvaluationYear
from bontot.facts.models import Meeting, MeetingStatus
from bontot.organizations.models import Role, RoleAssignment

from .models import Notification
from .pending import pending_messages
from .registration import registration_stage, reminders_for
from .services import Message, send_messages

MEETING_KINDS = ("regular", "combined")  # a combined meeting is also the month's regular one
REGISTRATION_ROLES = (Role.CELL_SECRETARY, Role.OFFICE)
REMINDERS_LOCK = 4_260_120  # the advisory lock key of a reminder run (any constant unused elsewhere)


def _assignments_in_force(today: datetime.date, roles: tuple[str, ...]) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(
            Q(end__isnull=True) | Q(end__gte=today),
            Q(organization__valid_to__isnull=True) | Q(organization__valid_to__gte=today),
            role__in=roles,
            start__lte=today,
            user__is_active=True,
        )
        .select_related("user", "organization")
        .order_by("pk")
    )


def reminder_messages(today: datetime.date) -> list[Message]:
    """Return every reminder due `today`, before removing those already sent."""
    years = list(EvaluationYear.objects.filter(year__in=(today.year, today.year + 1)))
    registration_due = any(registration_stage(y.registration_deadline, y.year, today) for y in years)
    reminder_day = getattr(settings, "MEETING_REMINDER_DAY", 20)
    meetings_due = today.day >= reminder_day
    messages: list[Message] = []
    if registration_due or meetings_due:
        roles = REGISTRATION_ROLES if registration_due else (Role.CELL_SECRETARY,)
        assignments = _assignments_in_force(today, roles)
        if registration_due:
            messages += reminders_for(years, today, assignments)
        if meetings_due:
            messages += meeting_messages(today, [a for a in assignments if a.role == Role.CELL_SECRETARY])
    return messages + pending_messages(today)


def meeting_messages(today: datetime.date, secretaries: list[RoleAssignment]) -> list[Message]:
    """'No regular meeting logged this month' to each secretary whose cell has none held in `today`'s month."""
    if not secretaries:
        return []
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    held = set(
        Meeting.objects.filter(
            organization_id__in={a.organization_id for a in secretaries},
            held_on__range=(first, last),
            status=MeetingStatus.HELD,
            kind__in=MEETING_KINDS,
        ).values_list("organization_id", flat=True)
    )
    period = f"{today.month:02d}/{today.year}"
    return [
        Message(
            user=a.user,
            kind="meetings.missing",
            text=f"{a.organization.name} chưa ghi nhận kỳ sinh hoạt thường kỳ tháng {period}.",
            url=reverse("facts:meeting_log", kwargs={"org_pk": a.organization_id}),
            key=f"meetings.missing:{a.organization_id}:{today:%Y-%m}",
            organization_path=a.organization.path,
        )
        for a in secretaries
        if a.organization_id not in held
    ]


def send_due(today: datetime.date, *, email: bool = True) -> list[Notification]:
    """Send the reminders due `today` not sent before; return the notifications created.

    Runs queue on an advisory lock (PostgreSQL) so that a run reads the keys sent only once the run before it
    has committed: two runs at once (cron and a manual run, two workers) create and e-mail each reminder
    once. SQLite lets one writer at a time anyway."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REMINDERS_LOCK])
        return send_messages(reminder_messages(today), email=email)


def send_reminders(today: datetime.date, *, email: bool = True) -> int:
    """Send the reminders due `today` not sent before; return how many notifications were created."""
    return len(send_due(today, email=email))
