"""Appraisal pages: the appraiser's queue ("Chờ thẩm định"), the year's assessments by status, the appraisal
page of one assessment (opinions, return, conclusion), a round as it was submitted, and evidence files.

Every id goes through `access_assessment`; lists start from `visible_assessments`; writes go through
`services_appraisal`. Pages read a constant number of queries: holds and evidence in one query per page.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from bontot.dashboards.presenters import criteria_rows
from bontot.organizations.access import STAFF_ROLES, Grant, request_grants
from bontot.organizations.models import Role
from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import assessments_xlsx

from . import authority
from . import services_appraisal as services
from .access import access_assessment, visible_assessments
from .forms_appraisal import AppraisalForm
from .holds import hold_of, holds_for
from .models import Assessment, AssessmentRound, AssessmentStatus, Evidence
from .views import workflow_year as _year

PAGE_SIZE = 50
APPRAISER_ROLES = (Role.CELL_SECRETARY, Role.OFFICE, Role.REVIEWER)
STATUS_PARAM = "trang_thai"


def competence(held: tuple[Grant, ...], actor: Any = None) -> Q:
    """The assessments whose subject the grants appraise (authority.appraiser_of, as one filter): a member's
    by their cell's secretary, or, when the member holds that role, by the cell's own appraiser; never the
    actor's own (`actor`)."""
    secretary = Q(authority.cell_secretary_exists())
    grassroots = authority.GRASSROOTS_KINDS
    query = Q(pk__in=[])
    for g in held:
        if g.role == Role.CELL_SECRETARY:
            query |= Q(cell__path=g.path) & ~secretary
        elif g.role == Role.OFFICE:
            query |= Q(organization__parent__path=g.path) & ~Q(organization__kind__in=grassroots)
            query |= Q(cell__parent__path=g.path) & ~Q(cell__kind__in=grassroots) & secretary
        elif g.role == Role.REVIEWER:
            query |= Q(organization__parent__path=g.path, organization__kind__in=grassroots)
            query |= Q(cell__parent__path=g.path, cell__kind__in=grassroots) & secretary
    if actor is not None and actor.is_authenticated:
        query &= ~Q(member__user_id=actor.pk)
    return query


def _rows(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Rows with their subjects, and whether a member holds their cell's secretary role (`by_secretary`)."""
    return (
        queryset.select_related("member__organization", "cell", "organization__parent")
        .annotate(by_secretary=authority.cell_secretary_exists())
        .order_by("cell__path", "organization__path", "member__sort_name", "pk")
    )


def _page_context(request: HttpRequest, rows: QuerySet[Assessment], year: int, query: str) -> dict[str, Any]:
    """Paginate, and attach each row's hold and whether the viewer appraises it (no query per row)."""
    held = request_grants(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page)
    holds = holds_for(
        year,
        member_ids=[a.member_id for a in items if a.member_id is not None],
        organization_ids=[a.organization_id for a in items if a.organization_id is not None],
    )
    listed = []
    for a in items:
        key = ("member", a.member_id) if a.member_id is not None else ("org", a.organization_id)
        subject = authority.subject_of(a)
        may = authority.may_appraise(request.user, subject, held, secretary=bool(getattr(a, "by_secretary", False)))
        listed.append({"a": a, "hold": holds.get(key), "may_appraise": may})  # type: ignore[arg-type]
    return {"page_obj": page, "rows": listed, "year": year, "query": query}


@require_GET
def appraisal_queue(request: HttpRequest) -> HttpResponseBase:
    """ "Chờ thẩm định": the submitted assessments of the year the actor appraises."""
    held = request_grants(request)
    if not request.user.is_superuser and not any(g.role in APPRAISER_ROLES for g in held):
        raise PermissionDenied("Chỉ bí thư chi bộ, văn phòng cấp ủy và ban tổ chức cấp trên thẩm định.")
    year = _year(request)
    rows = Assessment.objects.filter(year=year, status=AssessmentStatus.SUBMITTED)
    if request.user.is_superuser:
        rows = rows.exclude(member__user_id=request.user.pk)  # nobody appraises themselves
    else:
        rows = rows.filter(competence(held, request.user))
    if wants_xlsx(request):  # "Xuất Excel": the same rows, every page
        return assessments_xlsx(_rows(rows), year, title=f"Chờ thẩm định năm {year}")
    context = _page_context(request, _rows(rows), year, f"year={year}")
    return render(request, "assessments/appraisal_queue.html", context)


@require_GET
def appraisal_list(request: HttpRequest) -> HttpResponseBase:
    """The year's assessments the actor may read, filtered by status, with holds."""
    held = request_grants(request)
    if not request.user.is_superuser and not any(g.role in STAFF_ROLES for g in held):
        raise PermissionDenied("Chỉ cấp ủy, văn phòng và cấp trên xem danh sách bản tự đánh giá.")
    year = _year(request)
    status = request.GET.get(STATUS_PARAM, "")
    rows = visible_assessments(request.user, held=held).filter(year=year)
    if status in AssessmentStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    if wants_xlsx(request):  # "Xuất Excel": the same rows, every page
        return assessments_xlsx(_rows(rows), year)
    context = _page_context(request, _rows(rows), year, f"year={year}&{STATUS_PARAM}={status}")
    context |= {"status": status, "statuses": AssessmentStatus.choices, "status_param": STATUS_PARAM}
    return render(request, "assessments/appraisal_list.html", context)


def _round(assessment: Assessment, number: int) -> AssessmentRound:
    found = AssessmentRound.objects.filter(assessment=assessment, number=number).first()
    if found is None:
        raise Http404("Không tìm thấy lần nộp này.")
    return found


def _round_context(
    assessment: Assessment, current: AssessmentRound, fields: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The round's snapshot per criterion and indicator, each with its self answer, the appraiser's opinion,
    its evidence and (on the appraisal page) its form fields: three queries."""
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for item in Evidence.objects.filter(assessment=assessment, round__lte=current.number).order_by("round", "pk"):
        evidence[item.indicator].append(item)
    criteria = criteria_rows(current.snapshot, current.criteria_set)
    blocks = [
        {
            "c": c,
            "items": [
                {
                    "i": i,
                    "answer": current.answers.get(i.code) or {},
                    "opinion": current.opinions.get(i.code),
                    "evidence": evidence.get(i.code, []),
                    "f": (fields or {}).get(i.code),
                }
                for i in c.indicators
            ],
        }
        for c in criteria
    ]
    rounds = list(
        AssessmentRound.objects.filter(assessment=assessment).order_by("number").values_list("number", "submitted_at")
    )
    return {
        "assessment": assessment,
        "current": current,
        "blocks": blocks,
        "general_evidence": evidence.get("", []),
        "rounds": rounds,
        "hold": hold_of(assessment, assessment.year),
    }


def _apply_errors(form: AppraisalForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def appraisal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Appraise one assessment: opinions per indicator, rule overrides, return with a reason, or conclude."""
    held = request_grants(request)
    assessment = access_assessment(request.user, pk, need="appraise", held=held)
    if assessment.round == 0:
        raise Http404("Bản tự đánh giá chưa được nộp.")
    current = _round(assessment, assessment.round)
    indicators = list(services.snapshot_indicators(current.snapshot))
    if request.method == "POST":
        form = AppraisalForm(request.POST, indicators=indicators, opinions=current.opinions)
        if form.is_valid():
            action = request.POST.get("action")
            data = form.cleaned_data
            try:
                if action == "save":
                    services.save_opinions(
                        assessment, opinions=form.opinions(), version=data["version"], actor=request.user
                    )
                    messages.success(request, "Đã lưu ý kiến thẩm định.")
                elif action == "return":
                    services.return_assessment(
                        assessment, reason=data["reason"], version=data["version"], actor=request.user
                    )
                    messages.success(request, "Đã trả lại bản tự đánh giá để bổ sung, chỉnh sửa.")
                elif action == "conclude":
                    services.conclude_appraisal(
                        assessment,
                        proposal=data["proposal"],
                        comment=data["comment"],
                        opinions=form.opinions(),
                        overrides=form.overrides(),
                        version=data["version"],
                        actor=request.user,
                    )
                    messages.success(request, "Đã kết luận thẩm định.")
                else:
                    raise ValidationError("Chọn lưu ý kiến, trả lại hoặc kết luận thẩm định.")
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                if action == "save":
                    return redirect("assessments:appraisal_detail", pk=assessment.pk)
                return redirect(f"{reverse('assessments:appraisal_queue')}?year={assessment.year}")
    else:
        form = AppraisalForm(initial={"version": assessment.version}, indicators=indicators, opinions=current.opinions)
    fields = {item.code: form.bound(item.code) for item in indicators}
    context = _round_context(assessment, current, fields)
    context |= {"form": form, "editable": assessment.status == AssessmentStatus.SUBMITTED}
    return render(request, "assessments/appraisal_detail.html", context)


@require_GET
def appraisal_round(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One round as submitted, with the appraiser's opinions and, when returned, the reason (read-only)."""
    assessment = access_assessment(request.user, pk, need="view", held=request_grants(request))
    current = _round(assessment, number)
    context = _round_context(assessment, current)
    context["may_appraise"] = authority.may_appraise(
        request.user, authority.subject_of(assessment), request_grants(request)
    )
    return render(request, "assessments/appraisal_round.html", context)


@require_GET
def appraisal_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Download an evidence file of an assessment the viewer may read (the self-assessment's download)."""
    from .views_self import self_evidence

    return self_evidence(request, pk)
