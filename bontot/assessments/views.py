"""Registration pages: a member's own registration, a cell's members (registered on their behalf), the
late registrations waiting for the level above, and who has not registered (for the office).

Every id from a request goes through `access_organization` / `access_registration`; lists through
`visible_organizations`; writes through `services`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from bontot.criteria.models import EvaluationYear
from bontot.members.models import Member
from bontot.organizations.access import access_organization, request_grants, visible_organizations
from bontot.organizations.models import Role
from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import (
    missing_cells_xlsx,
    missing_members_xlsx,
    pending_registrations_xlsx,
    registration_cell_xlsx,
)

from . import authority, services
from .access import CELL_KINDS, DECIDER_ROLES, access_registration, may_decide
from .forms import DecisionForm
from .models import Assessment, Registration, RegistrationStatus
from .selectors import registrations_by_subject

PAGE_SIZE = 50
CELL_PAGE_ROLES = (Role.CELL_SECRETARY, Role.OFFICE)


def _year(request: HttpRequest) -> int:
    raw = request.POST.get("year") or request.GET.get("year") or ""
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


def workflow_year(request: HttpRequest) -> int:
    """The year of the workflow's pages: `?year=` when given, else the latest year up to today that has
    assessments (the review of a year runs into the next January), else the latest evaluation year up to
    today, else this year."""
    raw = request.POST.get("year") or request.GET.get("year") or ""
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    today = timezone.localdate().year
    latest = Assessment.objects.filter(year__lte=today).aggregate(latest=Max("year"))["latest"]
    if latest is None:
        latest = EvaluationYear.objects.filter(year__lte=today).aggregate(latest=Max("year"))["latest"]
    return int(latest or today)


def _with_year(name: str, year: int, **kwargs: Any) -> str:
    return f"{reverse(name, kwargs=kwargs or None)}?year={year}"


def _error(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_http_methods(["GET", "POST"])
def registration_mine(request: HttpRequest) -> HttpResponse:
    """The logged-in member's registration for the year, with a button to register."""
    member = None
    if request.user.pk is not None:
        member = Member.objects.select_related("organization").filter(user_id=request.user.pk).first()
    if member is None:
        raise Http404("Tài khoản này không gắn với đảng viên nào.")
    year = _year(request)
    if request.method == "POST":
        try:
            created = services.register_subject(year, member=member, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error(error))
        else:
            if created.status == RegistrationStatus.PENDING:
                messages.warning(request, "Đã đăng ký muộn: chờ cấp trên quyết định.")
            else:
                messages.success(request, "Đã đăng ký xây dựng mô hình.")
        return redirect(_with_year("assessments:registration_mine", year))
    registration = Registration.objects.filter(year=year, member=member).first()
    context = {
        "member": member,
        "year": year,
        "registration": registration,
        "deadline": services.registration_deadline(year),
    }
    return render(request, "assessments/registration_mine.html", context)


@require_http_methods(["GET", "POST"])
def registration_cell(request: HttpRequest, org_pk: int) -> HttpResponseBase:
    """A cell's current members with their registration; the secretary (or the office above) registers
    selected members on their behalf, and the cell itself."""
    held = request_grants(request)
    cell = access_organization(request.user, org_pk, need=CELL_PAGE_ROLES, held=held)
    if cell.kind not in CELL_KINDS:
        raise Http404("Không phải chi bộ.")
    year = _year(request)
    members = Member.objects.filter(organization=cell, left_on__isnull=True).order_by("sort_name", "pk")
    if request.method == "POST":
        ids = [int(raw) for raw in request.POST.getlist("members") if raw.isdigit()]
        done, failed = 0, []
        for member in members.filter(pk__in=ids).select_related("organization"):
            try:
                services.register_subject(year, member=member, actor=request.user)
                done += 1
            except ValidationError as error:
                failed.append(f"{member.full_name}: {_error(error)}")
        if request.POST.get("cell"):
            try:
                services.register_subject(year, organization=cell, actor=request.user)
                done += 1
            except ValidationError as error:
                failed.append(f"{cell.name}: {_error(error)}")
        if done:
            messages.success(request, f"Đã đăng ký {done} đối tượng.")
        for text in failed:
            messages.error(request, text)
        if not done and not failed:
            messages.error(request, "Chưa chọn đối tượng nào để đăng ký.")
        return redirect(_with_year("assessments:registration_cell", year, org_pk=cell.pk))
    if wants_xlsx(request):  # "Xuất Excel": the cell and every member of the list
        return registration_cell_xlsx(cell, members, year)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    by_member, by_org = registrations_by_subject(year, member_ids=[m.pk for m in page], organization_ids=[cell.pk])
    context = {
        "cell": cell,
        "year": year,
        "page_obj": page,
        "rows": [(m, by_member.get(m.pk)) for m in page],
        "cell_registration": by_org.get(cell.pk),
        "deadline": services.registration_deadline(year),
        "query": f"year={year}",
    }
    return render(request, "assessments/registration_cell.html", context)


def _pending_for(request: HttpRequest) -> list[Registration]:
    held = request_grants(request)
    user = request.user
    if not user.is_superuser and not any(g.role in DECIDER_ROLES for g in held):
        raise PermissionDenied("Bạn không có quyền quyết định đăng ký muộn.")
    rows = Registration.objects.filter(status=RegistrationStatus.PENDING)
    if not user.is_superuser:
        scope = Q(pk__in=[])
        for grant in held:
            if grant.role in DECIDER_ROLES:
                scope |= Q(member__organization__path__startswith=grant.path)
                scope |= Q(organization__path__startswith=grant.path)
        rows = rows.filter(scope)
    rows = (
        rows.select_related("member__organization", "organization")
        .annotate(by_secretary=authority.cell_secretary_exists("member__organization_id", "member__user_id"))
        .order_by("year", "registered_on", "pk")
    )
    return [r for r in rows if may_decide(user, r, held, secretary=bool(getattr(r, "by_secretary", False)))]


@require_GET
def registration_pending(request: HttpRequest) -> HttpResponseBase:
    """The late registrations the actor decides (the level above their subjects)."""
    rows = _pending_for(request)
    if wants_xlsx(request):  # "Xuất Excel": the same registrations
        return pending_registrations_xlsx(rows)
    cells = visible_organizations(request.user, roles=(Role.CELL_SECRETARY,), held=request_grants(request))
    cells = cells.filter(kind__in=CELL_KINDS).order_by("path")
    return render(request, "assessments/registration_pending.html", {"rows": rows, "cells": cells})


@require_http_methods(["GET", "POST"])
def registration_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a late registration, or refuse it with a reason (the level above only)."""
    held = request_grants(request)
    registration = access_registration(request.user, pk, need="decide", held=held)
    form = DecisionForm(request.POST) if request.method == "POST" else DecisionForm()
    if request.method == "POST":
        form.is_valid()  # the rule (a reason to refuse) is the service's, through the model's clean()
        action = request.POST.get("action")
        reason = request.POST.get("decision_reason", "")
        try:
            if action == "accept":
                services.accept_late_registration(registration, actor=request.user, reason=reason)
                messages.success(request, "Đã chấp nhận đăng ký muộn.")
            elif action == "refuse":
                services.refuse_late_registration(registration, actor=request.user, reason=reason)
                messages.success(request, "Đã không chấp nhận đăng ký muộn.")
            else:
                raise ValidationError("Chọn chấp nhận hoặc không chấp nhận.")
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return redirect("assessments:registration_pending")
    return render(request, "assessments/registration_decide.html", {"registration": registration, "form": form})


@require_GET
def registration_missing(request: HttpRequest) -> HttpResponseBase:
    """For the office: per cell, how many current members have no accepted registration and whether the
    cell has one; `?chi_bo=<pk>` lists that cell's members without one."""
    held = request_grants(request)
    user = request.user
    if not user.is_superuser and not any(g.role == Role.OFFICE for g in held):
        raise PermissionDenied("Chỉ văn phòng cấp ủy xem danh sách chưa đăng ký.")
    year = _year(request)
    accepted = Registration.objects.filter(year=year, status=RegistrationStatus.ACCEPTED)
    unregistered = Member.objects.filter(left_on__isnull=True).exclude(Exists(accepted.filter(member=OuterRef("pk"))))
    context: dict[str, Any] = {"year": year}
    cell_pk = request.GET.get("chi_bo")
    if cell_pk:
        cell = access_organization(user, cell_pk, need=(Role.OFFICE,), held=held)
        if cell.kind not in CELL_KINDS:
            raise Http404("Không phải chi bộ.")
        members = unregistered.filter(organization=cell).order_by("sort_name", "pk")
        if wants_xlsx(request):  # "Xuất Excel": every member of the list
            return missing_members_xlsx(cell, members, year)
        context |= {
            "cell": cell,
            "page_obj": Paginator(members, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": f"year={year}&chi_bo={cell.pk}",
        }
        return render(request, "assessments/registration_missing_cell.html", context)
    missing = (
        unregistered.filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    cells = (
        visible_organizations(user, roles=(Role.OFFICE,), held=held)
        .filter(kind__in=CELL_KINDS)
        .annotate(
            missing=Coalesce(Subquery(missing, output_field=IntegerField()), Value(0)),
            registered=Exists(accepted.filter(organization=OuterRef("pk"))),
        )
        .order_by("path")
    )
    if wants_xlsx(request):  # "Xuất Excel": every cell of the list
        return missing_cells_xlsx(cells, year)
    context |= {"page_obj": Paginator(cells, PAGE_SIZE).get_page(request.GET.get("page")), "query": f"year={year}"}
    return render(request, "assessments/registration_missing.html", context)
