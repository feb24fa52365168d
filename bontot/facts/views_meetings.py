"""Meetings pages: the month-by-month log of an organisation, entry (full, announced ahead, this month's
meeting in a few taps), logging an announced meeting, deletion with a reason, members' upcoming meetings.

Thin views: parse → `access_*` → `save_record` / `delete_record` → render or redirect.
Who: the cell secretary of the organisation and the office of a committee above write; the supervisor,
the standing committee and the superior reviewer read; a member reads their own cell's log.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from bontot.core.models import AuditLog
from bontot.core.records import delete_record, save_record
from bontot.members.models import Member
from bontot.organizations.access import Grant, access_organization, request_grants, visible_organizations
from bontot.organizations.models import Organization, OrganizationKind, Role
from bontot.spreadsheets.export import export_query, wants_xlsx
from bontot.spreadsheets.exports import meeting_log_xlsx, organization_choice_xlsx, upcoming_meetings_xlsx

from . import score_sheet
from .access import MEETING_READERS, MEETING_WRITERS, access_meeting
from .forms_meetings import SHEET_PREFIX, AnnounceForm, DeleteMeetingForm, MeetingForm, QuickMeetingForm
from .models import Meeting, MeetingStatus
from .selectors import get_upcoming_meetings

WRITE_ROLES = MEETING_WRITERS
READ_ROLES = MEETING_READERS
OWN_CELL_ROLES = frozenset({Role.MEMBER, Role.CELL_SECRETARY})
REGULAR_KINDS = ("regular", "combined")  # a combined session counts as one regular and one thematic
CELL_KINDS = (OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL)
THEMATIC_KINDS = ("thematic", "combined")
GOOD_OR_FAIR = ("good", "fair")
MAX_MEETINGS_A_YEAR = 400  # a bound on one organisation's year (a cell holds 12 + a few)
ORGS_PER_PAGE = 50
HISTORY_ROWS = 50
YEAR_MIN, YEAR_MAX = 2000, 2100


def _year(request: HttpRequest) -> int:
    """Return the year asked for (?nam=), or this year when absent or not a sensible year."""
    raw = request.GET.get("nam", "")
    if raw.isdigit() and YEAR_MIN <= int(raw) <= YEAR_MAX:
        return int(raw)
    return timezone.localdate().year


def _can_write(request: HttpRequest, organization: Organization, held: tuple[Grant, ...]) -> bool:
    if request.user.is_superuser:
        return True
    return any(g.role in WRITE_ROLES and g.covers(organization.path) for g in held)


def _log_url(organization_id: int, year: int) -> str:
    return f"{reverse('facts:meeting_log', kwargs={'org_pk': organization_id})}?nam={year}"


@dataclass
class Month:
    number: int
    meetings: list[Meeting] = field(default_factory=list)
    missing: bool = False  # started, inside the organisation's life, and no regular meeting held
    ahead: bool = False  # not started yet

    @property
    def label(self) -> str:
        return f"Tháng {self.number}"


def monthly_kinds(organization: Organization) -> tuple[str, ...]:
    """Return the kinds of an organisation's monthly meeting: a cell's regular meeting (or a combined
    session), a committee's meeting of its executive committee."""
    return REGULAR_KINDS if organization.kind in CELL_KINDS else ("committee",)


def build_months(meetings: list[Meeting], year: int, organization: Organization, today: datetime.date) -> list[Month]:
    """Return the 12 months of `year` with their meetings, flagging each started month of the
    organisation's life without a held monthly meeting (a combined session counts as regular)."""
    kinds = monthly_kinds(organization)
    months = [Month(number) for number in range(1, 13)]
    for meeting in meetings:
        months[meeting.held_on.month - 1].meetings.append(meeting)
    for month in months:
        first = datetime.date(year, month.number, 1)
        last = (datetime.date(year + (month.number == 12), month.number % 12 + 1, 1)) - datetime.timedelta(days=1)
        month.ahead = first > today
        alive = organization.valid_from <= last and (organization.valid_to is None or organization.valid_to >= first)
        held_regular = any(m.is_held and m.kind in kinds for m in month.meetings)
        month.missing = alive and not month.ahead and not held_regular
    return months


@require_GET
def meetings_index(request: HttpRequest) -> HttpResponseBase:
    """List the organisations whose meeting log the user may read; go straight to it when there is one."""
    held = request_grants(request)
    organizations = visible_organizations(request.user, roles=READ_ROLES, held=held).order_by("path")
    if wants_xlsx(request):  # "Xuất Excel": every organisation of the list
        return organization_choice_xlsx("Sổ theo dõi sinh hoạt", organizations)
    page = Paginator(organizations, ORGS_PER_PAGE).get_page(request.GET.get("page"))
    if page.paginator.count == 1:
        return redirect(_log_url(page.object_list[0].pk, _year(request)))
    context = {"page_obj": page, "year": _year(request), "xlsx_query": export_query(request.GET.urlencode())}
    return render(request, "facts/meetings/index.html", context)


@require_GET
def meeting_log(request: HttpRequest, org_pk: int) -> HttpResponseBase:
    """Show an organisation's meetings of a year month by month, flagging months without a regular one."""
    held = request_grants(request)
    organization = access_organization(request.user, org_pk, need=READ_ROLES, held=held)
    year = _year(request)
    meetings = list(
        Meeting.objects.filter(organization=organization, held_on__year=year).order_by("held_on", "kind")[
            :MAX_MEETINGS_A_YEAR
        ]
    )
    today = timezone.localdate()
    months = build_months(meetings, year, organization, today)
    if wants_xlsx(request):  # "Xuất Excel": the year's months and meetings, as on the page
        return meeting_log_xlsx(organization, year, months, today=today, is_cell=organization.kind in CELL_KINDS)
    held_meetings = [m for m in meetings if m.is_held]
    kinds = monthly_kinds(organization)
    context: dict[str, Any] = {
        "organization": organization,
        "year": year,
        "months": months,
        "can_write": _can_write(request, organization, held),
        "is_cell": organization.kind in CELL_KINDS,
        "regular_count": sum(m.kind in kinds for m in held_meetings),
        "good_or_fair_count": sum(m.kind in kinds and m.grade in GOOD_OR_FAIR for m in held_meetings),
        "thematic_count": sum(m.kind in THEMATIC_KINDS for m in held_meetings),
        "announced": [m for m in meetings if not m.is_held and m.held_on >= today],
        "today": today,
        "xlsx_query": export_query(f"nam={year}"),
    }
    return render(request, "facts/meetings/log.html", context)


def _save(request: HttpRequest, form: Any) -> bool:
    """Write the form's meeting through save_record; on a late rule error show it on the form."""
    try:
        save_record(form.instance, actor=request.user, changed=list(form.changed_data))
    except ValidationError as error:
        form.add_model_errors(error)
        return False
    return True


def _saved(request: HttpRequest, meeting: Meeting, text: str) -> HttpResponse:
    messages.success(request, f"{text}: {meeting} — {meeting.organization.name}.")
    return redirect(_log_url(meeting.organization_id, meeting.held_on.year))


def _form_page(request: HttpRequest, form: Any, organization: Organization, title: str, **extra: Any) -> HttpResponse:
    context = {"form": form, "organization": organization, "title": title, **extra}
    return render(request, "facts/meetings/form.html", context)


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, org_pk: int) -> HttpResponse:
    """Record a held meeting with every detail (grade or score sheet, attendance, duration, topic)."""
    organization = access_organization(request.user, org_pk, need=WRITE_ROLES, held=request_grants(request))
    meeting = Meeting(organization=organization, status=MeetingStatus.HELD)
    form = MeetingForm(request.POST or None, instance=meeting, initial={"kind": monthly_kinds(organization)[0]})
    if request.method == "POST" and form.is_valid() and _save(request, form):
        return _saved(request, meeting, "Đã ghi nhận kỳ sinh hoạt")
    return _form_page(request, form, organization, "Ghi nhận kỳ sinh hoạt", sheet=True)


@require_http_methods(["GET", "POST"])
def meeting_announce(request: HttpRequest, org_pk: int) -> HttpResponse:
    """Announce a meeting ahead: date, topic, documents to read; members see it on their page."""
    organization = access_organization(request.user, org_pk, need=WRITE_ROLES, held=request_grants(request))
    meeting = Meeting(organization=organization, status=MeetingStatus.ANNOUNCED)
    initial = {"expected": _current_members(organization), "kind": monthly_kinds(organization)[0]}
    form = AnnounceForm(request.POST or None, instance=meeting, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        return _saved(request, meeting, "Đã thông báo kỳ sinh hoạt")
    return _form_page(request, form, organization, "Thông báo kỳ sinh hoạt sắp tới")


def _current_members(organization: Organization) -> int:
    today = timezone.localdate()
    return (
        Member.objects.filter(organization=organization).filter(Q(left_on__isnull=True) | Q(left_on__gt=today)).count()
    )


@require_http_methods(["GET", "POST"])
def meeting_quick(request: HttpRequest, org_pk: int) -> HttpResponse:
    """This month's regular meeting in a few taps: today's date and the cell's member count prefilled."""
    organization = access_organization(request.user, org_pk, need=WRITE_ROLES, held=request_grants(request))
    kind = monthly_kinds(organization)[0]
    meeting = Meeting(organization=organization, status=MeetingStatus.HELD, kind=kind)
    today = timezone.localdate()
    initial = {"held_on": today, "expected": _current_members(organization)}
    form = QuickMeetingForm(request.POST or None, instance=meeting, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        return _saved(request, meeting, "Đã ghi nhận kỳ sinh hoạt")
    announced = (
        Meeting.objects.filter(
            organization=organization,
            status=MeetingStatus.ANNOUNCED,
            kind__in=monthly_kinds(organization),
            held_on__year=today.year,
            held_on__month=today.month,
        )
        .order_by("held_on")
        .first()
    )
    context = {"form": form, "organization": organization, "announced": announced, "kind": meeting.get_kind_display()}
    return render(request, "facts/meetings/quick.html", context)


def _field_labels() -> dict[str, str]:
    labels = {f.name: str(f.verbose_name) for f in Meeting._meta.get_fields() if hasattr(f, "verbose_name")}
    labels |= {SHEET_PREFIX + item.code: f"phiếu: {item.label}" for item in score_sheet.ITEMS}
    return labels


def _history(meeting: Meeting) -> list[dict[str, Any]]:
    """Return the meeting's latest audit rows, each with the labels of the fields it changed."""
    rows = AuditLog.objects.filter(object_type="facts.meeting", object_id=str(meeting.pk)).select_related("actor")
    labels = _field_labels()
    return [
        {"row": row, "fields": [labels.get(name, name) for name in row.data.get("fields", [])]}
        for row in rows.order_by("-created_at", "-id")[:HISTORY_ROWS]
    ]


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a meeting (an announced one keeps its announcement form), with its history below."""
    meeting = access_meeting(request.user, pk, need=WRITE_ROLES, held=request_grants(request))
    form_class = MeetingForm if meeting.is_held else AnnounceForm
    form = form_class(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        return _saved(request, meeting, "Đã lưu kỳ sinh hoạt")
    title = "Sửa kỳ sinh hoạt" if meeting.is_held else "Sửa thông báo kỳ sinh hoạt"
    return _form_page(
        request, form, meeting.organization, title, meeting=meeting, history=_history(meeting), sheet=meeting.is_held
    )


@require_http_methods(["GET", "POST"])
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Log an announced meeting once held (grade or score sheet, attendance, duration): it becomes held."""
    meeting = access_meeting(request.user, pk, need=WRITE_ROLES, held=request_grants(request))
    meeting.status = MeetingStatus.HELD
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        return _saved(request, meeting, "Đã ghi nhận kết quả kỳ sinh hoạt")
    return _form_page(
        request, form, meeting.organization, "Ghi nhận kết quả kỳ sinh hoạt đã thông báo", meeting=meeting, sheet=True
    )


@require_http_methods(["GET", "POST"])
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a meeting entered by mistake, with a reason kept in the audit log."""
    meeting = access_meeting(request.user, pk, need=WRITE_ROLES, held=request_grants(request))
    form = DeleteMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        text, org_id, year = str(meeting), meeting.organization_id, meeting.held_on.year
        delete_record(meeting, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"Đã xóa {text}.")
        return redirect(_log_url(org_id, year))
    return render(request, "facts/meetings/delete.html", {"form": form, "meeting": meeting})


@require_GET
def upcoming_meetings(request: HttpRequest) -> HttpResponseBase:
    """List the announced meetings ahead in the user's own cell(s); a fragment for htmx, else a page."""
    cells = visible_organizations(request.user, roles=OWN_CELL_ROLES, held=request_grants(request))
    meetings = get_upcoming_meetings(cells, today=timezone.localdate())
    if wants_xlsx(request):  # "Xuất Excel": the same meetings
        return upcoming_meetings_xlsx(meetings)
    template = "facts/meetings/_upcoming.html" if request.headers.get("HX-Request") else "facts/meetings/upcoming.html"
    return render(request, template, {"meetings": meetings})
