"""Self-assessment pages: a member's own, the organisations a user self-assesses, a cell's members (the
secretary fills in on their behalf), the form, the submission, an assessment with its rounds, evidence files.

Every id from a request goes through `access_assessment` / `access_organization`; lists are scoped by the
request's grants; writes go through `services_self`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bontot.core.history import history_for
from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.dashboards.presenters import criteria_rows, show_value
from bontot.members.models import Member
from bontot.organizations.access import access_organization, history_paths, request_grants, visible_organizations
from bontot.organizations.models import Organization, Role
from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import self_cell_xlsx, self_orgs_xlsx

from . import authority
from . import services_self as svc
from .access import CELL_KINDS, AssessmentNeed, access_assessment, assessment_path
from .evidence import ACCEPT_ATTRIBUTE, ACCEPTED_LABEL
from .holds import hold_of, holds_for
from .models import Assessment, AssessmentRound, Evidence
from .selectors import registrations_by_subject, year_members
from .views import _error, _with_year
from .views import workflow_year as _year

PAGE_SIZE = 50
CELL_PAGE_ROLES = (Role.CELL_SECRETARY, Role.OFFICE)
ORG_PAGE_ROLES = (Role.CELL_SECRETARY, Role.OFFICE, Role.STANDING_COMMITTEE)


def _own_member(request: HttpRequest) -> Member:
    member = None
    if request.user.pk is not None:
        member = Member.objects.select_related("organization").filter(user_id=request.user.pk).first()
    if member is None:
        raise Http404("Tài khoản này không gắn với đảng viên nào.")
    return member


def _start(request: HttpRequest, year: int, back: str, **subject: Any) -> HttpResponse:
    try:
        assessment = svc.start_assessment(year, actor=request.user, **subject)
    except ValidationError as error:
        messages.error(request, _error(error))
        return redirect(back)
    return redirect("assessments:self_form", pk=assessment.pk)


# -- lists -------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def self_mine(request: HttpRequest) -> HttpResponse:
    """The logged-in member's self-assessment of the year: start it, continue it, or read it."""
    member = _own_member(request)
    year = _year(request)
    if request.method == "POST":
        return _start(request, year, _with_year("assessments:self_mine", year), member=member)
    assessment = Assessment.objects.filter(year=year, member=member).first()
    context = {
        "member": member,
        "year": year,
        "assessment": assessment,
        "refusal": None if assessment is not None else svc.registration_refusal(year, member),
        "hold": hold_of(member, year),
        # Why it came back: the last round's return reason, shown where the member lands.
        "returned": (
            assessment.rounds.filter(number=assessment.round).first()
            if assessment is not None and assessment.status == "returned"
            else None
        ),
    }
    return render(request, "assessments/self_mine.html", context)


@require_http_methods(["GET", "POST"])
def self_orgs(request: HttpRequest) -> HttpResponseBase:
    """The organisations the user self-assesses (a cell's secretary, a committee's office or standing
    committee), and the cells whose members' self-assessments they follow."""
    held = request_grants(request)
    user = request.user
    if not user.is_superuser and not any(g.role in ORG_PAGE_ROLES for g in held):
        raise PermissionDenied("Trang này dành cho bí thư chi bộ, văn phòng và ban thường vụ.")
    year = _year(request)
    if request.method == "POST":
        org = access_organization(user, request.POST.get("organization", ""), held=held)
        return _start(request, year, _with_year("assessments:self_orgs", year), organization=org)
    own_paths = [g.path for g in held if g.role in ORG_PAGE_ROLES]
    own = [
        o
        for o in Organization.objects.filter(path__in=own_paths).select_related("parent").order_by("path")
        if svc.model_of(o) is not None and authority.may_self_assess(user, o, held)
    ]
    found = {a.organization_id: a for a in Assessment.objects.filter(year=year, organization__in=[o.pk for o in own])}
    holds = holds_for(year, organization_ids=[o.pk for o in own])
    if wants_xlsx(request):  # "Xuất Excel": the organisations the user self-assesses, with their state
        return self_orgs_xlsx([(o, found.get(o.pk), holds.get(("org", o.pk))) for o in own], year)
    cells = visible_organizations(user, roles=CELL_PAGE_ROLES, held=held).filter(kind__in=CELL_KINDS).order_by("path")
    context = {
        "year": year,
        "own": [(o, found.get(o.pk), holds.get(("org", o.pk))) for o in own],
        "page_obj": Paginator(cells, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": f"year={year}",
    }
    return render(request, "assessments/self_orgs.html", context)


@dataclass
class CellRow:
    member: Member
    assessment: Assessment | None
    registration: Any
    hold: Any
    may_start: bool


@require_http_methods(["GET", "POST"])
def self_cell(request: HttpRequest, org_pk: int) -> HttpResponseBase:
    """A cell's members with their self-assessment of the year (and the cell's own); the secretary starts or
    continues one on a member's behalf."""
    held = request_grants(request)
    cell = access_organization(request.user, org_pk, need=CELL_PAGE_ROLES, held=held)
    if cell.kind not in CELL_KINDS:
        raise Http404("Không phải chi bộ.")
    year = _year(request)
    # The members whose cell of the year is this one: their assessment of the year is filed here.
    members = year_members(cell, year).filter(left_on__isnull=True).select_related("organization")
    back = _with_year("assessments:self_cell", year, org_pk=cell.pk)
    if request.method == "POST":
        if request.POST.get("cell"):
            return _start(request, year, back, organization=cell)
        raw = request.POST.get("member", "")
        member = members.filter(pk=int(raw)).first() if raw.isdigit() else None
        if member is None:
            messages.error(request, "Chọn một đảng viên của chi bộ.")
            return redirect(back)
        return _start(request, year, back, member=member)
    if wants_xlsx(request):  # "Xuất Excel": the cell and every member of the list
        return self_cell_xlsx(cell, members.order_by("sort_name", "pk"), year)
    page = Paginator(members.order_by("sort_name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [m.pk for m in page]
    by_member: dict[int, Assessment] = {}
    cell_assessment = None
    for row in Assessment.objects.filter(Q(member_id__in=ids) | Q(organization=cell), year=year):
        if row.member_id is not None:
            by_member[row.member_id] = row
        else:
            cell_assessment = row
    registrations, cell_registrations = registrations_by_subject(year, member_ids=ids, organization_ids=[cell.pk])
    holds = holds_for(year, member_ids=ids, organization_ids=[cell.pk])
    rows = [
        CellRow(
            m,
            by_member.get(m.pk),
            registrations.get(m.pk),
            holds.get(("member", m.pk)),
            authority.may_self_assess(request.user, authority.as_member_of(m, cell), held),
        )
        for m in page
    ]
    context = {
        "cell": cell,
        "year": year,
        "rows": rows,
        "page_obj": page,
        "cell_assessment": cell_assessment,
        "cell_registration": cell_registrations.get(cell.pk),
        "cell_hold": holds.get(("org", cell.pk)),
        "may_start_cell": authority.may_self_assess(request.user, cell, held),
        "query": f"year={year}",
    }
    return render(request, "assessments/self_cell.html", context)


# -- the form ----------------------------------------------------------------------------------------------


@dataclass
class FormIndicator:
    code: str
    text: str
    source: str
    verdict: str = ""  # the engine's (rule) / the answer (judgement)
    explanation: str = ""
    measured: str = ""
    required: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    opinion: dict[str, Any] | None = None
    error: str = ""

    @property
    def anchor(self) -> str:
        """The code as an HTML id part ("2.1.j1" → "2-1-j1": no dots to escape in selectors)."""
        return self.code.replace(".", "-")


@dataclass
class FormCriterion:
    code: str
    title: str
    indicators: list[FormIndicator]


def _form_rows(
    assessment: Assessment,
    answers: dict[str, Any],
    result: dict[str, Any] | None,
    evidence: list[Evidence],
    opinions: dict[str, Any],
    errors: dict[str, str],
) -> list[FormCriterion]:
    """Every criterion of the subject's model: rule indicators with the engine's verdict and explanation,
    judgement indicators with the answer, its evidence and the appraiser's last opinion."""
    subject = authority.subject_of(assessment)
    model = svc.model_of(subject) or ""
    criteria = svc.criteria_of(assessment.year)
    computed: dict[str, dict[str, Any]] = {}
    for criterion in (result or {}).get("criteria", []):
        for ind in criterion.get("indicators", []):
            computed[str(ind.get("code"))] = ind
    files: dict[str, list[Evidence]] = {}
    for item in evidence:
        files.setdefault(item.indicator, []).append(item)
    rows = []
    for criterion in criteria.criteria(model):
        indicators = []
        for ind in criterion.indicators:
            if ind.rule is None:
                answer = answers.get(ind.code) or {}
                row = FormIndicator(
                    ind.code,
                    ind.text,
                    "judgement",
                    verdict=str(answer.get("verdict", "")),
                    explanation=str(answer.get("explanation", "")),
                    evidence=files.get(ind.code, []),
                    opinion=opinions.get(ind.code),
                    error=errors.get(ind.code, ""),
                )
            else:
                found = computed.get(ind.code, {})
                row = FormIndicator(
                    ind.code,
                    ind.label or ind.text,
                    "rule",
                    verdict=str(found.get("verdict", "")),
                    explanation=str(found.get("explanation", "Chưa có kết quả tính của phần mềm.")),
                    measured=show_value(found.get("measured")),
                    required=show_value(found.get("required")),
                    opinion=opinions.get(ind.code),
                )
            indicators.append(row)
        rows.append(FormCriterion(criterion.code, criterion.title, indicators))
    return rows


def _posted_answers(request: HttpRequest, codes: list[str]) -> dict[str, dict[str, str]]:
    return {
        code: {
            "verdict": request.POST.get(f"verdict_{code}", ""),
            "explanation": request.POST.get(f"explanation_{code}", ""),
        }
        for code in codes
    }


def _version(request: HttpRequest) -> int:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else -1


def _rounds(assessment: Assessment) -> list[AssessmentRound]:
    return list(assessment.rounds.select_related("submitted_by", "returned_by").order_by("number"))


@require_http_methods(["GET", "POST"])
def self_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill in the self-assessment: rule indicators pre-filled read-only, judgement indicators answered
    Đạt / Không đạt with an explanation and evidence files; save the draft, or save and go to submit."""
    held = request_grants(request)
    assessment = access_assessment(request.user, pk, need="self", held=held)
    if assessment.status not in svc.EDITABLE:
        messages.info(
            request, f"Bản tự đánh giá đang ở trạng thái “{assessment.get_status_display()}”, không sửa được."
        )
        return redirect("assessments:self_detail", pk=assessment.pk)
    subject = authority.subject_of(assessment)
    codes = [i.code for i in svc.judgement_indicators(svc.criteria_of(assessment.year), svc.model_of(subject) or "")]
    answers: dict[str, Any] = assessment.answers
    summary = assessment.summary
    errors: dict[str, str] = {}
    if request.method == "POST":
        answers = _posted_answers(request, codes)
        summary = request.POST.get("summary", "")
        try:
            assessment = svc.save_answers(
                assessment, answers=answers, summary=summary, version=_version(request), actor=request.user
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = {k: " ".join(v) for k, v in error.message_dict.items()}
            messages.error(request, _error(error))
            if request.FILES:
                messages.warning(request, "Các tệp vừa chọn chưa được lưu; chọn lại sau khi sửa.")
        else:
            added = 0
            for code in ["", *codes]:
                for upload in request.FILES.getlist(f"file_{code}" if code else "file"):
                    try:
                        svc.add_evidence(assessment, file=upload, indicator=code, actor=request.user)
                        added += 1
                    except ValidationError as error:
                        messages.error(request, _error(error))
            note = f" và {added} tệp minh chứng" if added else ""
            if request.POST.get("action") == "submit":
                messages.success(request, f"Đã lưu bản tự đánh giá{note}. Kiểm tra lại rồi xác nhận nộp.")
                return redirect("assessments:self_submit", pk=assessment.pk)
            messages.success(request, f"Đã lưu bản nháp{note}.")
            return redirect("assessments:self_form", pk=assessment.pk)
    rounds = _rounds(assessment)
    last = rounds[-1] if rounds else None
    stored = svc.current_verdict(assessment)
    evidence = list(assessment.evidence.order_by("round", "pk"))
    context = {
        "assessment": assessment,
        "subject": subject,
        "subject_name": svc.subject_name(subject),
        "summary": summary,
        "criteria": _form_rows(
            assessment, answers, stored.result if stored else None, evidence, last.opinions if last else {}, errors
        ),
        "general_evidence": [e for e in evidence if not e.indicator],
        "last_round": last,
        "stored": stored,
        "accept": ACCEPT_ATTRIBUTE,
        "accepted_label": ACCEPTED_LABEL,
        "max_mb": settings.EVIDENCE_MAX_MB,
    }
    return render(request, "assessments/self_form.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def self_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm and submit: what is still missing, else a last look and the button."""
    held = request_grants(request)
    assessment = access_assessment(request.user, pk, need="self", held=held)
    if request.method == "POST":
        try:
            submitted = svc.submit_assessment(assessment, version=_version(request), actor=request.user)
        except ValidationError as error:
            messages.error(request, _error(error))
            target = "assessments:self_form" if assessment.status in svc.EDITABLE else "assessments:self_detail"
            return redirect(target, pk=assessment.pk)
        messages.success(request, f"Đã nộp bản tự đánh giá (lần {submitted.round}); đã báo cấp thẩm định.")
        return redirect("assessments:self_detail", pk=submitted.pk)
    if assessment.status not in svc.EDITABLE:
        messages.info(request, f"Bản tự đánh giá đang ở trạng thái “{assessment.get_status_display()}”.")
        return redirect("assessments:self_detail", pk=assessment.pk)
    subject = authority.subject_of(assessment)
    indicators = svc.judgement_indicators(svc.criteria_of(assessment.year), svc.model_of(subject) or "")
    context = {
        "assessment": assessment,
        "subject_name": svc.subject_name(subject),
        "missing": list(svc.missing_answers(assessment.answers, indicators).values()),
        "refusal": svc.registration_refusal(assessment.year, subject),
        "answered": [(i, assessment.answers.get(i.code, {})) for i in indicators],
    }
    return render(request, "assessments/self_submit.html", context)


# -- reading -----------------------------------------------------------------------------------------------


def _history_paths(request: HttpRequest, assessment: Assessment) -> tuple[str, ...] | None:
    paths = history_paths(request.user, request_grants(request))
    if paths is not None and assessment.member is not None and assessment.member.user_id == request.user.pk:
        paths = (*paths, assessment_path(assessment))  # a member reads their own assessment's history
    return paths


def _changes(rounds: list[AssessmentRound], assessment: Assessment) -> list[svc.Change]:
    if not rounds:
        return []
    stored = svc.current_verdict(assessment)
    return svc.snapshot_changes(rounds[-1], stored.result if stored else None)


@require_GET
def self_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An assessment: status, current answers, every round, evidence, the changes since the last
    submission, and its history."""
    held = request_grants(request)
    assessment = access_assessment(request.user, pk, held=held)
    subject = authority.subject_of(assessment)
    rounds = _rounds(assessment)
    evidence = list(assessment.evidence.order_by("round", "pk"))
    editable = assessment.status in svc.EDITABLE and authority.may_self_assess(request.user, subject, held)
    context = {
        "assessment": assessment,
        "subject_name": svc.subject_name(subject),
        "rounds": rounds,
        "last_round": rounds[-1] if rounds else None,
        "criteria": _form_rows(assessment, assessment.answers, None, evidence, {}, {}),
        "general_evidence": [e for e in evidence if not e.indicator],
        "evidence": evidence,
        "changes": _changes(rounds, assessment),
        "hold": hold_of(assessment, assessment.year),
        "editable": editable,
        "history": history_for(svc.OBJECT_TYPE, assessment.pk, paths=_history_paths(request, assessment)),
    }
    return render(request, "assessments/self_detail.html", context)


@require_GET
def self_round(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One submitted round, frozen: the engine's result then, the answers, the appraiser's opinions and
    the return reason."""
    held = request_grants(request)
    assessment = access_assessment(request.user, pk, held=held)
    frozen = assessment.rounds.select_related("submitted_by", "returned_by").filter(number=number).first()
    if frozen is None:
        raise Http404("Không có lần nộp này.")
    model = str((frozen.snapshot or {}).get("model", ""))
    texts: dict[str, str] = {}
    try:
        texts = {i.code: i.text for i in get_criteria_set(frozen.criteria_set).indicators(model)}
    except (LookupError, ValueError):
        texts = {}
    answers = [
        (code, texts.get(code, ""), answer, (frozen.opinions or {}).get(code))
        for code, answer in sorted((frozen.answers or {}).items())
    ]
    rounds = _rounds(assessment)
    context = {
        "assessment": assessment,
        "subject_name": svc.subject_name(authority.subject_of(assessment)),
        "round": frozen,
        "criteria": criteria_rows(frozen.snapshot or {}, frozen.criteria_set),
        "answers": answers,
        "other_opinions": {
            code: op for code, op in (frozen.opinions or {}).items() if code not in (frozen.answers or {})
        },
        "evidence": list(assessment.evidence.filter(round__lte=frozen.number).order_by("round", "pk")),
        "changes": _changes(rounds, assessment) if rounds and rounds[-1].number == frozen.number else [],
        "is_last": bool(rounds) and rounds[-1].number == frozen.number,
    }
    return render(request, "assessments/self_round.html", context)


# -- evidence ----------------------------------------------------------------------------------------------


def _evidence(request: HttpRequest, pk: int, need: AssessmentNeed) -> tuple[Assessment, Evidence]:
    row = Evidence.objects.filter(pk=pk).values_list("assessment_id", flat=True).first()
    if row is None:
        raise Http404("Không tìm thấy tệp minh chứng.")
    assessment = access_assessment(request.user, row, need=need, held=request_grants(request))
    evidence = Evidence.objects.get(pk=pk)
    evidence.assessment = assessment
    return assessment, evidence


@require_GET
def self_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Download an evidence file (as an attachment, with the type found in its content)."""
    _, evidence = _evidence(request, pk, "view")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp minh chứng không còn trên máy chủ.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def self_evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an evidence file of the round being prepared."""
    assessment, evidence = _evidence(request, pk, "self")
    try:
        svc.remove_evidence(evidence, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error(error))
    else:
        messages.success(request, f"Đã gỡ tệp “{evidence.original_name}”.")
    if assessment.status in svc.EDITABLE:
        return redirect("assessments:self_form", pk=assessment.pk)
    return redirect(reverse("assessments:self_detail", kwargs={"pk": assessment.pk}))
