"""Downloads of official documents, PDF and Word, each access-checked like the page it comes from."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from bontot.assessments import authority
from bontot.assessments.access import CELL_KINDS, access_assessment
from bontot.assessments.models import AssessmentRound, Judgement, JudgementBy, Registration
from bontot.assessments.views import CELL_PAGE_ROLES, _year
from bontot.criteria.models import StoredVerdict
from bontot.dashboards.access import is_staff_on
from bontot.decisions.access import DECISION_ROLES, access_decision, own_entries, sees_whole
from bontot.decisions.models import DecisionEntry
from bontot.decisions.selectors import candidates
from bontot.organizations.access import access_organization, request_grants
from bontot.organizations.models import Organization, Role

from . import uploads
from .contexts import (
    VerdictRow,
    decision_context,
    proposal_context,
    registration_context,
    round_context,
    summary_context,
)
from .models import DocumentKind, DocumentTemplate
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
    sets: list[str] = []
    if whole:  # the sets of the rounds appraised, for the grounds (an extract has none)
        appraised = AssessmentRound.objects.filter(
            assessment__decision_entries__decision=decision, number=F("assessment__round")
        )
        sets = list(appraised.values_list("criteria_set", flat=True).distinct())
    return decision_context(decision, rows, whole=whole, criteria_sets=sets)


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


User = get_user_model()


def _round(request: HttpRequest, pk: int, number: int, *, appraisal: bool) -> dict[str, Any]:
    """A submitted round of an assessment for whoever reads its page (`assessments:self_round`,
    `assessments:appraisal_round`): the subject, the self-assessors, the appraisers and the staff above;
    404 for everyone else and for a round that does not exist."""
    assessment = access_assessment(request.user, pk, need="view", held=request_grants(request))
    frozen = AssessmentRound.objects.select_related("submitted_by").filter(assessment=assessment, number=number).first()
    if frozen is None:
        raise Http404("Không có lần nộp này.")
    issuer = assessment.home
    if appraisal:
        appraiser = authority.appraiser_of(authority.subject_of(assessment))
        if appraiser is not None:
            issuer = Organization.objects.select_related("parent").get(path=appraiser.path)
        # Always one query (no row, or the appraiser): a concluded round costs what an open one does.
        appraised_by = User.objects.filter(pk=assessment.appraised_by_id or 0).first()
        assessment.appraised_by = appraised_by
        subject = (
            Q(member_id=assessment.member_id) if assessment.member_id else Q(organization_id=assessment.organization_id)
        )
        # The appraiser's corrections stand for the latest round (an earlier, returned round had none).
        judgements = Judgement.objects.filter(subject, year=assessment.year, by=JudgementBy.APPRAISER)
        latest = assessment.round == frozen.number
        overrides = {j.indicator: (j.verdict, j.note) for j in judgements} if latest else {}
    else:
        issuer = Organization.objects.select_related("parent").get(pk=issuer.pk)
        overrides = {}
    return round_context(
        assessment, frozen, issuer=issuer, appraisal=appraisal, today=timezone.localdate(), overrides=overrides
    )


def _send(context: dict[str, Any], kind: str, fmt: str) -> HttpResponse:
    if fmt == "pdf":
        return download(
            render_pdf("documents/report.html", context), filename=f"{context['filename']}.pdf", content_type=PDF_TYPE
        )
    return download(render_docx(kind, context), filename=f"{context['filename']}.docx", content_type=DOCX_TYPE)


@require_GET
def self_report_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _send(_round(request, pk, number, appraisal=False), "self_report", "pdf")


@require_GET
def self_report_docx(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _send(_round(request, pk, number, appraisal=False), "self_report", "docx")


@require_GET
def appraisal_report_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _send(_round(request, pk, number, appraisal=True), "appraisal_report", "pdf")


@require_GET
def appraisal_report_docx(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _send(_round(request, pk, number, appraisal=True), "appraisal_report", "docx")


def _proposal(request: HttpRequest, org_pk: int) -> dict[str, Any]:
    """The proposal of a committee (not a cell) for `?year=`: for its standing committee and office and the
    organisation board above (the readers of its decisions); 404 outside the subtree, 403 for other roles."""
    issuer = access_organization(request.user, org_pk, need=DECISION_ROLES, held=request_grants(request))
    if issuer.kind in CELL_KINDS:
        raise Http404("Chi bộ không ban hành quyết định công nhận.")
    issuer = Organization.objects.select_related("parent").get(pk=issuer.pk)
    year = _year(request)
    return proposal_context(issuer, year, candidates(issuer, year), today=timezone.localdate())


@require_GET
def proposal_pdf(request: HttpRequest, org_pk: int) -> HttpResponse:
    return _send(_proposal(request, org_pk), "proposal", "pdf")


@require_GET
def proposal_docx(request: HttpRequest, org_pk: int) -> HttpResponse:
    return _send(_proposal(request, org_pk), "proposal", "docx")


def _summary(request: HttpRequest, org_pk: int, year: int) -> dict[str, Any]:
    """A committee's summary report of `year` to the level above, for the staff who read its members on
    `dashboards:organization` (a staff role covering it): 404 outside the subtree, 403 for a plain member,
    404 for a cell. A constant number of queries whatever the size of the subtree."""
    held = request_grants(request)
    organization = access_organization(request.user, org_pk, held=held)
    if not is_staff_on(request.user, organization.path, held):
        raise PermissionDenied("Chỉ cán bộ phụ trách tổ chức đảng này mới tải được báo cáo tổng hợp.")
    if organization.kind in CELL_KINDS:
        raise Http404("Báo cáo tổng hợp là của cấp ủy có chi bộ trực thuộc.")
    organization = Organization.objects.select_related("parent").get(pk=organization.pk)
    fields = ("name", "model", "verdict", "failing", "criteria_set")
    verdicts = [
        VerdictRow(*row)
        for row in StoredVerdict.objects.filter(year=year, organization_path__startswith=organization.path)
        .order_by("model", "sort_name", "pk")
        .values_list(*fields)
    ]
    recognised = (
        DecisionEntry.objects.filter(
            decision__year=year,
            decision__issuer__path__startswith=organization.path,
            decision__revoked_by__isnull=True,
        )
        .select_related("decision", "organization")
        .order_by("decision__issued_on", "decision_id", "position")
    )
    return summary_context(organization, year, verdicts, list(recognised), today=timezone.localdate())


@require_GET
def summary_pdf(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    return _send(_summary(request, org_pk, year), "summary", "pdf")


@require_GET
def summary_docx(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    return _send(_summary(request, org_pk, year), "summary", "docx")


TEMPLATE_ROLES = (Role.OFFICE,)


@require_http_methods(["GET", "POST"])
def templates(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The organisation's own Word templates: the office covering it uploads one per kind of document (a new
    upload replaces the old); the placeholders are listed in Vietnamese. 404 outside the office's subtree,
    403 for other roles."""
    organization = access_organization(request.user, org_pk, need=TEMPLATE_ROLES, held=request_grants(request))
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        kind = request.POST.get("kind", "")
        if upload is None:
            error = "Chọn tệp mẫu Word (.docx)."
        else:
            try:
                uploads.upload_template(organization, kind, upload, actor=request.user)
            except ValidationError as problem:
                error = " ".join(problem.messages)
            else:
                messages.success(request, "Đã lưu mẫu văn bản.")
                return redirect("documents:templates", org_pk=organization.pk)
    current = {t.kind: t for t in DocumentTemplate.objects.filter(organization=organization)}
    kinds = [
        {"value": value, "label": label, "current": current.get(value), "placeholders": uploads.PLACEHOLDERS[value]}
        for value, label in DocumentKind.choices
    ]
    context = {"organization": organization, "kinds": kinds, "error": error}
    return render(request, "documents/templates.html", context, status=400 if error else 200)


@require_GET
def templates_home(request: HttpRequest) -> HttpResponse:
    """The menu's entry: the templates page of the (highest) organisation where the user is in the office."""
    paths = sorted({g.path for g in request_grants(request) if g.role == Role.OFFICE}, key=len)
    organization = Organization.objects.filter(path__in=paths[:1]).first()
    if organization is None:
        raise PermissionDenied("Chỉ văn phòng cấp ủy mới quản lý mẫu văn bản.")
    return redirect("documents:templates", org_pk=organization.pk)
