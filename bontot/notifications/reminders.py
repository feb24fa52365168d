"""The periodic reminders (management command `send_reminders`, task `send_reminders_task`).

Registration: opening (from 01/01 of a declared evaluation year until the deadline's last week), 7 days
(within the last week) and 1 day before the deadline (or on it), and overdue (the week after it), to the
cell secretaries and office users whose role is in force that day. Meetings: from `MEETING_REMINDER_DAY`
of a month on, to each cell secretary whose cell has no held regular (or combined) meeting in that month.
Every reminder carries a key made of its kind, its subject and its period, so running the reminders twice
sends nothing twice. The queries are a constant number whatever the size of the tree.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from bontot.criteria.models import EvaluationYear
from bontot.facts.models import Meeting, MeetingStatus
from bontot.organizations.models import Role, RoleAssignment

from .services import Message, send_messages

MEETING_KINDS = ("regular", "combined")  # a combined meeting is also the month's regular one
REGISTRATION_ROLES = (Role.CELL_SECRETARY, Role.OFFICE)


@dataclass(frozen=True)
class Stage:
    kind: str
    text: str


def registration_stage(year: EvaluationYear, today: datetime.date) -> list[Stage]:
    """Return the registration reminders due `today` for `year` (often none)."""
    deadline = year.registration_deadline
    shown = deadline.strftime("%d/%m/%Y")
    days_left = (deadline - today).days
    stages = []
    # At most one a day: the opening until the last week, then the week's reminders (a year declared late
    # skips the opening, the week's reminder says the same and more).
    if datetime.date(year.year, 1, 1) <= today and days_left > 7:
        stages.append(
            Stage(
                "registration.opening",
                f"Năm {year.year}: đã mở đăng ký phấn đấu đạt “bốn tốt”. Hạn đăng ký là ngày {shown}.",
            )
        )
    if 1 < days_left <= 7:
        stages.append(
            Stage(
                "registration.deadline_7",
                f"Năm {year.year}: còn {days_left} ngày đến hạn đăng ký ({shown}). "
                "Đề nghị đồng chí đôn đốc việc đăng ký.",
            )
        )
    elif 0 <= days_left <= 1:
        when = "ngày mai" if days_left == 1 else "hôm nay"
        stages.append(
            Stage(
                "registration.deadline_1",
                f"Năm {year.year}: {when} ({shown}) là hạn cuối đăng ký. Đề nghị đồng chí hoàn tất việc đăng ký.",
            )
        )
    elif -7 <= days_left <= -1:
        stages.append(
            Stage(
                "registration.overdue",
                f"Năm {year.year}: đã quá hạn đăng ký ({shown}). Đăng ký từ nay là đăng ký muộn, "
                "chờ cấp trên chấp nhận.",
            )
        )
    return stages


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
    years = EvaluationYear.objects.filter(year__in=(today.year, today.year + 1))
    stages = [(year, stage) for year in years for stage in registration_stage(year, today)]
    reminder_day = getattr(settings, "MEETING_REMINDER_DAY", 20)
    meetings_due = today.day >= reminder_day
    if not stages and not meetings_due:
        return []
    roles = REGISTRATION_ROLES if stages else (Role.CELL_SECRETARY,)
    assignments = _assignments_in_force(today, roles)
    messages = [
        Message(
            user=assignment.user,
            kind=stage.kind,
            text=stage.text,
            key=f"{stage.kind}:{year.year}",
            organization_path=assignment.organization.path,
        )
        for year, stage in stages
        for assignment in assignments
    ]
    if meetings_due:
        messages += meeting_messages(today, [a for a in assignments if a.role == Role.CELL_SECRETARY])
    return messages


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


def send_reminders(today: datetime.date, *, email: bool = True) -> int:
    """Send the reminders due `today` not sent before; return how many notifications were created."""
    return len(send_messages(reminder_messages(today), email=email))
