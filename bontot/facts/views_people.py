"""Discipline and complaint pages: entered by the office, read by the staff of the subtree.

A member never reaches another member's disciplines (their own are on their own page); complaints are
staff-only. A record entered by mistake is deleted on its own with a reason (`delete_record`, audited).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from bontot.core.history import history_for
from bontot.core.records import delete_record, save_record
from bontot.members.permissions import OFFICE, holds
from bontot.organizations.access import (
    STAFF_ROLES,
    access_member,
    access_organization,
    history_paths,
    request_grants,
)
from bontot.organizations.forms import attach_errors
from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import complaints_xlsx

from .access_people import access_complaint, access_discipline
from .forms_people import ComplaintForm, DeleteForm, DisciplineForm, ResolutionForm
from .models import Complaint, Discipline

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def discipline_create(request: HttpRequest, member_pk: int) -> HttpResponse:
    """Record a disciplinary decision on a member (office of an ancestor committee)."""
    member = access_member(request.user, member_pk, need=OFFICE, held=request_grants(request))
    form = DisciplineForm(request.POST or None, instance=Discipline(member=member))
    if request.method == "POST" and form.is_valid():
        try:
            save_record(form.instance, actor=request.user, changed=form.changed_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Đã ghi nhận kỷ luật.")
            return redirect("members:detail", pk=member.pk)
    return render(request, "facts/people/discipline_form.html", {"form": form, "member": member, "entries": []})


@require_http_methods(["GET", "POST"])
def discipline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a disciplinary decision (office)."""
    discipline = access_discipline(request.user, pk, need=OFFICE, held=request_grants(request))
    form = DisciplineForm(request.POST or None, instance=discipline)
    if request.method == "POST" and form.is_valid():
        try:
            save_record(form.instance, actor=request.user, changed=form.changed_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("members:detail", pk=discipline.member_id)
    context = {
        "form": form,
        "member": discipline.member,
        "discipline": discipline,
        "entries": history_for(
            "facts.discipline", discipline.pk, paths=history_paths(request.user, request_grants(request))
        ),
    }
    return render(request, "facts/people/discipline_form.html", context)


@require_http_methods(["GET", "POST"])
def discipline_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a disciplinary decision entered by mistake, with the reason (office; audited)."""
    discipline = access_discipline(request.user, pk, need=OFFICE, held=request_grants(request))
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member_pk = discipline.member_id
        delete_record(discipline, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Đã xóa quyết định kỷ luật nhập nhầm.")
        return redirect("members:detail", pk=member_pk)
    context = {"form": form, "record": discipline, "back": ("members:detail", discipline.member_id)}
    return render(request, "facts/people/delete.html", context)


@require_GET
def complaint_list(request: HttpRequest, org_pk: int) -> HttpResponseBase:
    """List an organisation's complaint and denunciation letters with their resolution (staff)."""
    held = request_grants(request)
    org = access_organization(request.user, org_pk, need=STAFF_ROLES, held=held)
    complaints = (
        Complaint.objects.filter(organization=org).select_related("about_member").order_by("-received_on", "-pk")
    )
    if wants_xlsx(request):  # "Xuất Excel": every letter
        return complaints_xlsx(org, complaints)
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"org": org, "page_obj": page, "is_office": holds(request.user, org.path, OFFICE, held=held)}
    return render(request, "facts/people/complaint_list.html", context)


@require_http_methods(["GET", "POST"])
def complaint_create(request: HttpRequest, org_pk: int) -> HttpResponse:
    """Record a complaint or denunciation letter received by an organisation (office)."""
    held = request_grants(request)
    org = access_organization(request.user, org_pk, need=OFFICE, held=held)
    form = ComplaintForm(
        request.POST or None, instance=Complaint(organization=org), actor=request.user, held=held, organization=org
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_record(form.instance, actor=request.user, changed=form.changed_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Đã ghi nhận đơn thư.")
            return redirect("facts:complaint_list", org_pk=org.pk)
    context = {"form": form, "org": org, "complaint": None, "entries": []}
    return render(request, "facts/people/complaint_form.html", context)


@require_http_methods(["GET", "POST"])
def complaint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a complaint letter (office)."""
    held = request_grants(request)
    complaint = access_complaint(request.user, pk, need=OFFICE, held=held)
    form = ComplaintForm(
        request.POST or None, instance=complaint, actor=request.user, held=held, organization=complaint.organization
    )
    return _complaint_form(request, complaint, form, "Đã lưu thay đổi.")


@require_http_methods(["GET", "POST"])
def complaint_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the day a complaint letter was resolved (office)."""
    complaint = access_complaint(request.user, pk, need=OFFICE, held=request_grants(request))
    form = ResolutionForm(request.POST or None, instance=complaint)
    return _complaint_form(request, complaint, form, "Đã ghi nhận kết quả giải quyết.")


def _complaint_form(
    request: HttpRequest, complaint: Complaint, form: ComplaintForm | ResolutionForm, done: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save_record(form.instance, actor=request.user, changed=form.changed_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("facts:complaint_list", org_pk=complaint.organization_id)
    context = {
        "form": form,
        "org": complaint.organization,
        "complaint": complaint,
        "resolving": isinstance(form, ResolutionForm),
        "entries": history_for(
            "facts.complaint", complaint.pk, paths=history_paths(request.user, request_grants(request))
        ),
    }
    return render(request, "facts/people/complaint_form.html", context)


@require_http_methods(["GET", "POST"])
def complaint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a complaint letter entered by mistake, with the reason (office; audited)."""
    complaint = access_complaint(request.user, pk, need=OFFICE, held=request_grants(request))
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org_pk = complaint.organization_id
        delete_record(complaint, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Đã xóa đơn thư nhập nhầm.")
        return redirect("facts:complaint_list", org_pk=org_pk)
    context = {"form": form, "record": complaint, "back": ("facts:complaint_list", complaint.organization_id)}
    return render(request, "facts/people/delete.html", context)
