"""Downloads of official documents, PDF and Word, each access-checked like the page it comes from."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from bontot.assessments.models import Registration
from bontot.assessments.views import CELL_PAGE_ROLES, _year
from bontot.decisions.access import access_decision, own_entries, sees_whole
from bontot.organizations.access import access_organization, request_grants

from .contexts import decision_context, registration_context
from .render import DOCX_TYPE, PDF_TYPE, download, render_docx, render_pdf


def _decision(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The decision's context for the reader, as `decisions:detail` shows it: staff covering the issuer read
    the whole list; a recognised member (or a recognised cell's secretary) reads their own line only; everyone
    else gets 404 (`access_decision`)."""
    held = request_grants(request)
    decision = access_decision(request.user, pk, held=held)
    whole = sees_whole(request.user, decision, held)
    entries = decision.entries.all() if whole else own_entries(request.user, held).filter(decision=decision)
    rows = list(entries.select_related("organization").order_by("position"))
    return decision_context(decision, rows, whole=whole)


@require_GET
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _decision(request, pk)
    pdf = render_pdf("documents/decision.html", context)
    return download(pdf, filename=f"{context['filename']}.pdf", content_type=PDF_TYPE)


@require_GET
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    context = _decision(request, pk)
    return download(render_docx("decision", context), filename=f"{context['filename']}.docx", content_type=DOCX_TYPE)


def _registrations(request: HttpRequest, org_pk: int) -> dict[str, Any]:
    """The year's registrations (`?year=`) of a cell, or of a committee's subtree, for whoever opens the
    cell's registration page (`assessments:registration_cell`): its secretary or the office above; a committee's
    office or its superior's. Others: 404 outside their subtree, 403 for another role."""
    held = request_grants(request)
    organization = access_organization(request.user, org_pk, need=CELL_PAGE_ROLES, held=held)
    year = _year(request)
    rows = (
        Registration.objects.filter(year=year)
        .filter(
            Q(member__organization__path__startswith=organization.path, member__left_on__isnull=True)
            | Q(organization__path__startswith=organization.path)
        )
        .select_related("member__organization", "organization")
        .order_by(
            F("member_id").asc(nulls_first=True),
            "organization__path",
            "member__organization__path",
            "member__sort_name",
            "pk",
        )
    )
    return registration_context(organization, year, list(rows), today=timezone.localdate())


@require_GET
def registration_pdf(request: HttpRequest, org_pk: int) -> HttpResponse:
    context = _registrations(request, org_pk)
    return download(
        render_pdf("documents/report.html", context), filename=f"{context['filename']}.pdf", content_type=PDF_TYPE
    )


@require_GET
def registration_docx(request: HttpRequest, org_pk: int) -> HttpResponse:
    context = _registrations(request, org_pk)
    return download(
        render_docx("registration", context), filename=f"{context['filename']}.docx", content_type=DOCX_TYPE
    )
