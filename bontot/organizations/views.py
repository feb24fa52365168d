"""Organisation pages: list, page with history, create a child, edit, close (never delete).

Staff roles only (a member reads their cell through their own page). Every id goes through
`access_organization`; every list and choice through `visible_organizations`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from bontot.core.history import history_for, history_in
from bontot.dashboards.links import dashboard_year
from bontot.members.models import Member
from bontot.members.permissions import CELL_KINDS, MEMBER_WRITERS, OFFICE, holds
from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import organizations_xlsx

from . import services
from .access import STAFF_ROLES, access_organization, history_paths, request_grants, visible_organizations
from .forms import CloseOrganizationForm, OrganizationForm, OrganizationSearchForm, attach_errors
from .models import Organization

PAGE_SIZE = 50


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def organization_list(request: HttpRequest) -> HttpResponseBase:
    """List the organisations the actor sees as staff, searchable by name or code, filtered by kind and state."""
    held = request_grants(request)
    if not request.user.is_superuser and not any(g.role in STAFF_ROLES for g in held):
        raise PermissionDenied("Trang này dành cho cán bộ phụ trách tổ chức đảng.")
    form = OrganizationSearchForm(request.GET or None)
    organizations = form.filter(
        visible_organizations(request.user, roles=STAFF_ROLES, held=held).select_related("parent")
    ).order_by("path")
    # The parent is named only inside the actor's subtrees (the top of a subtree has its parent outside).
    paths = history_paths(request.user, held)
    if wants_xlsx(request):  # "Xuất Excel": the same rows, every page
        return organizations_xlsx(organizations, paths)
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    for org in page:
        org.shown_parent = (  # type: ignore[attr-defined]
            org.parent
            if org.parent is not None and (paths is None or any(org.parent.path.startswith(p) for p in paths))
            else None
        )
    context = {"form": form, "page_obj": page, "query": _query_without_page(request)}
    return render(request, "organizations/list.html", context)


@require_GET
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one organisation: its dates, parent, successor and predecessors, visible children, member counts
    and history (its own, and its subtree's latest changes)."""
    held = request_grants(request)
    org = access_organization(request.user, pk, need=STAFF_ROLES, held=held)
    visible = visible_organizations(request.user, roles=STAFF_ROLES, held=held)
    related = {
        o.pk: o
        for o in visible.filter(
            Q(pk=org.parent_id) | Q(pk=org.successor_id) | Q(successor=org) | Q(parent=org)
        ).annotate(current_members=Count("members", filter=Q(members__left_on__isnull=True)))
    }
    members = Member.objects.filter(left_on__isnull=True)
    paths = history_paths(request.user, held)
    office = holds(request.user, org.path, OFFICE, held=held)
    context: dict[str, Any] = {
        "org": org,
        "parent": related.get(org.parent_id) if org.parent_id else None,
        "successor": related.get(org.successor_id) if org.successor_id else None,
        "predecessors": sorted((o for o in related.values() if o.successor_id == org.pk), key=lambda o: o.path),
        "children": sorted((o for o in related.values() if o.parent_id == org.pk), key=lambda o: o.path),
        "member_count": members.filter(organization=org).count(),
        "subtree_member_count": members.filter(organization__path__startswith=org.path).count(),
        "can_create": office and org.valid_to is None and org.kind not in CELL_KINDS,
        "is_cell": org.kind in CELL_KINDS,
        "can_add_member": holds(request.user, org.path, MEMBER_WRITERS, held=held) and org.valid_to is None,
        "can_edit": _may_close(request, org),
        "can_close": _may_close(request, org) and org.valid_to is None,
        "entries": history_for("organizations.organization", org.pk, paths=paths, accounts=office),
        "subtree_entries": history_in(org.path, paths=paths, accounts=office, limit=10),
        "dashboard_year": dashboard_year(),
    }
    return render(request, "organizations/detail.html", context)


@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a child organisation under organisation `pk` (office on the parent)."""
    held = request_grants(request)
    parent = access_organization(request.user, pk, need=OFFICE, held=held)
    if parent.kind in CELL_KINDS:
        raise Http404("Chi bộ không có tổ chức trực thuộc.")
    form = OrganizationForm(request.POST or None, instance=Organization(parent=parent))
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organization(form.instance, actor=request.user, parent=parent)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Đã tạo tổ chức đảng.")
            return redirect("organizations:detail", pk=org.pk)
    return render(request, "organizations/form.html", {"form": form, "parent": parent, "org": None})


@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the name, kind and start date of organisation `pk` (office of a committee above it: an office
    does not rename or re-kind its own committee)."""
    held = request_grants(request)
    org = access_organization(request.user, pk, need=OFFICE, held=held)
    if not _may_close(request, org):
        raise PermissionDenied("Chỉ văn phòng cấp ủy cấp trên mới sửa thông tin của tổ chức này.")
    form = OrganizationForm(request.POST or None, instance=org, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(form.instance, actor=request.user, changed=form.changed_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("organizations:detail", pk=org.pk)
    return render(request, "organizations/form.html", {"form": form, "parent": org.parent, "org": org})


def _may_close(request: HttpRequest, org: Organization) -> bool:
    """Closing or editing needs the office of a committee above the organisation (its own office cannot)."""
    if request.user.is_superuser:
        return True
    parent_path = org.path[: org.path.rstrip("/").rfind("/") + 1]
    return bool(org.parent_id) and holds(request.user, parent_path, OFFICE, held=request_grants(request))


@require_http_methods(["GET", "POST"])
def organization_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close organisation `pk`: an end date and an optional successor among the visible organisations."""
    held = request_grants(request)
    org = access_organization(request.user, pk, need=OFFICE, held=held)
    if not _may_close(request, org):
        raise PermissionDenied("Chỉ văn phòng cấp ủy cấp trên mới kết thúc hoạt động của tổ chức này.")
    successors = (
        visible_organizations(request.user, roles=OFFICE, held=held)
        .exclude(path__startswith=org.path)
        .filter(valid_to__isnull=True)
    )
    form = CloseOrganizationForm(request.POST or None, successors=successors)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_organization(
                org, actor=request.user, on=form.cleaned_data["valid_to"], successor=form.cleaned_data["successor"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Đã ghi nhận tổ chức kết thúc hoạt động.")
            return redirect("organizations:detail", pk=org.pk)
    current = Member.objects.filter(organization=org, left_on__isnull=True).count()
    return render(request, "organizations/close.html", {"form": form, "org": org, "current_members": current})
