"""Member pages: list, page, create, edit, transfer, departure, statuses. A member is never deleted.

Every member id goes through `access_member` (a member reaches only their own record, other ids answer
404); every list and choice through `visible_members` / `visible_organizations`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from bontot.core.history import OTHER_ORGANIZATION, history_for
from bontot.dashboards.links import dashboard_year
from bontot.facts.models import Discipline
from bontot.organizations.access import (
    STAFF_ROLES,
    access_member,
    access_organization,
    history_paths,
    request_grants,
    visible_members,
    visible_organizations,
)
from bontot.organizations.forms import attach_errors
from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import members_xlsx

from . import services
from .forms import DepartureForm, EndStatusForm, MemberForm, MemberSearchForm, StatusForm, TransferForm
from .models import Member, MemberStatus
from .permissions import CELL_KINDS, MEMBER_WRITERS, OFFICE, holds

PAGE_SIZE = 50


@require_GET
def member_list(request: HttpRequest) -> HttpResponseBase:
    """List the members the actor sees (a member: only themselves), in Vietnamese name order, 50 a page."""
    held = request_grants(request)
    staff = request.user.is_superuser or any(g.role in STAFF_ROLES for g in held)
    organizations = visible_organizations(request.user, roles=STAFF_ROLES, held=held).order_by("path")
    if not staff:
        organizations = organizations.none()
    form = MemberSearchForm(request.GET or None, organizations=organizations)
    members = form.filter(visible_members(request.user, held=held)).select_related("organization")
    if wants_xlsx(request):  # "Xuất Excel": the same rows, every page
        return members_xlsx(members)
    page = Paginator(members.order_by("sort_name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page_obj": page, "query": query.urlencode(), "staff": staff}
    return render(request, "members/list.html", context)


def _memberships(member: Member, paths: tuple[str, ...] | None, *, own: bool) -> list[dict[str, Any]]:
    """The member's memberships, each naming its cell only when the viewer sees that cell (else "tổ chức
    khác"): staff see the cells of their subtrees; the member sees all of their own."""
    rows = []
    for ms in member.memberships.select_related("organization").order_by("-start"):
        shown = own or paths is None or any(ms.organization.path.startswith(p) for p in paths)
        rows.append(
            {
                "kind": ms.get_kind_display(),
                "organization": ms.organization.name if shown else OTHER_ORGANIZATION,
                "start": ms.start,
                "end": ms.end,
            }
        )
    return rows


@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a member: identity, cell, membership history, statuses, disciplines (staff and the member)."""
    held = request_grants(request)
    member = access_member(request.user, pk, held=held)
    path = member.organization.path
    staff = holds(request.user, path, STAFF_ROLES, held=held)
    own = member.user_id is not None and member.user_id == request.user.pk
    paths = history_paths(request.user, held)
    context: dict[str, Any] = {
        "member": member,
        "staff": staff,
        "memberships": _memberships(member, paths, own=own),
        "statuses": member.statuses.order_by("-start"),
        "disciplines": Discipline.objects.filter(member=member).order_by("-decided_on") if staff or own else None,
        "can_write": holds(request.user, path, MEMBER_WRITERS, held=held),
        "is_office": holds(request.user, path, OFFICE, held=held),
        "entries": history_for("members.member", member.pk, paths=paths) if staff else [],
        "dashboard_year": dashboard_year(),
    }
    return render(request, "members/detail.html", context)


@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest, org_pk: int) -> HttpResponse:
    """Add a member to cell `org_pk` (office of an ancestor committee, or the cell's secretary)."""
    held = request_grants(request)
    cell = access_organization(request.user, org_pk, need=MEMBER_WRITERS, held=held)
    if cell.kind not in CELL_KINDS or cell.valid_to is not None:
        raise Http404("Chỉ thêm đảng viên vào một chi bộ đang hoạt động.")
    form = MemberForm(request.POST or None, instance=Member(organization=cell))
    if request.method == "POST" and form.is_valid():
        try:
            member = services.create_member(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Đã thêm đảng viên.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "cell": cell, "member": None})


@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a member's identity (office of an ancestor committee, or the cell's secretary)."""
    member = access_member(request.user, pk, need=MEMBER_WRITERS, held=request_grants(request))
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(form.instance, actor=request.user, changed=form.changed_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "cell": member.organization, "member": member})


@require_http_methods(["GET", "POST"])
def member_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """Transfer a member to another cell where the actor holds the office role (chuyển sinh hoạt đảng)."""
    held = request_grants(request)
    member = access_member(request.user, pk, need=OFFICE, held=held)
    cells = (
        visible_organizations(request.user, roles=OFFICE, held=held)
        .filter(kind__in=CELL_KINDS, valid_to__isnull=True)
        .exclude(pk=member.organization_id)
        .order_by("path")
    )
    form = TransferForm(request.POST or None, cells=cells)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_member(
                member, actor=request.user, to=form.cleaned_data["organization"], on=form.cleaned_data["on"]
            )
        except ValidationError as error:
            attach_errors(form, error, rename={"start": "on", "end": "on"})
        else:
            messages.success(request, "Đã chuyển sinh hoạt đảng.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/action.html", {"form": form, "member": member, "action": "transfer"})


@require_http_methods(["GET", "POST"])
def member_departure(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a member left the party or the committee (date and reason); the member is kept."""
    member = access_member(request.user, pk, need=OFFICE, held=request_grants(request))
    form = DepartureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_departure(
                member, actor=request.user, on=form.cleaned_data["left_on"], reason=form.cleaned_data["left_reason"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Đã ghi nhận đảng viên ra khỏi đảng bộ.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/action.html", {"form": form, "member": member, "action": "departure"})


@require_http_methods(["GET", "POST"])
def status_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a period of exemption (miễn công tác và sinh hoạt) or suspension (đình chỉ sinh hoạt)."""
    member = access_member(request.user, pk, need=MEMBER_WRITERS, held=request_grants(request))
    form = StatusForm(request.POST or None, instance=MemberStatus(member=member))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_status(form.instance, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Đã ghi nhận.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/action.html", {"form": form, "member": member, "action": "status"})


@require_http_methods(["GET", "POST"])
def status_end(request: HttpRequest, pk: int, status_pk: int) -> HttpResponse:
    """End an open period of exemption or suspension."""
    member = access_member(request.user, pk, need=MEMBER_WRITERS, held=request_grants(request))
    status = get_object_or_404(MemberStatus, pk=status_pk, member=member)
    form = EndStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_status(status, actor=request.user, on=form.cleaned_data["end"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Đã ghi nhận ngày kết thúc.")
            return redirect("members:detail", pk=member.pk)
    context = {"form": form, "member": member, "action": "status_end", "status": status}
    return render(request, "members/action.html", context)
