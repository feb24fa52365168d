"""The statistics of a subtree and year: the page with its charts and tables, the list behind each figure,
and the Excel export. Every request goes through `statistics_scope` (403 without a subtree role, 404 for
an organisation outside the user's subtrees)."""

from __future__ import annotations

import io

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from bontot.criteria.engine.scales import VERDICT_LABELS
from bontot.criteria.models import EvaluationYear, StoredVerdict
from bontot.facts.models import QualityRating

from . import excel, selectors
from .access import statistics_scope
from .figures import DEFAULT_CRITERIA_SET, build, chart_data, pick_year
from .selectors import MODEL_LABELS

PAGE_SIZE = 50
LIST_FIELDS = ("name", "model", "verdict", "failing", "organization_id", "member_id", "organization_path")
MEASURES = {
    "dang-ky": "Đã đăng ký",
    "chua-dang-ky": "Chưa đăng ký",
    "cong-nhan": "Được công nhận",
    "chua-cong-nhan": "Chưa được công nhận",
    "khong-dat": "Không đạt tiêu chí",
    "xep-loai": "Xếp loại chất lượng",
}


@require_GET
def year_page(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Show the year's statistics of the subtree: charts, each with its table, every figure a link."""
    f = build(request, pk)
    return render(request, "statistics/year.html", {"f": f, "charts": chart_data(f)})


def _listed(request: HttpRequest, path: str, year: int) -> tuple[QuerySet[StoredVerdict], str, str | None]:
    """Return the subjects behind a figure, the figure's title and, for an indicator, its code."""
    rows = selectors.verdicts(path).filter(year=year)
    model = request.GET.get("mo_hinh", "")
    if model in MODEL_LABELS:
        rows = rows.filter(model=model)
    measure = request.GET.get("chi_so", "")
    title = MEASURES.get(measure, "Tất cả đối tượng")
    code = request.GET.get("tieu_chi", "")
    indicator = None
    if measure == "dang-ky":
        rows = rows.filter(selectors.registered_q())
    elif measure == "chua-dang-ky":
        rows = rows.exclude(selectors.registered_q())
    elif measure == "cong-nhan":
        rows = rows.filter(selectors.recognised_q())
    elif measure == "chua-cong-nhan":
        rows = rows.exclude(selectors.recognised_q())
    elif measure == "khong-dat" and code:
        rows = rows.filter(failing__contains=f"|{code}|")
        title = f"Không đạt tiêu chí {code}"
        if request.GET.get("chi_bao", "").startswith(f"{code}."):
            indicator = request.GET["chi_bao"]
            title = f"Không đạt chỉ báo {indicator}"
    elif measure == "xep-loai":
        level = request.GET.get("muc", "")
        final = request.GET.get("chinh_thuc", "1") == "1"
        ratings = QualityRating.objects.filter(year=year, level=level, final=final, member_id=OuterRef("member_id"))
        rows = rows.filter(Q(model="member"), Exists(ratings))
        labels = dict(selectors.QualityLevel.choices)
        title = f"Xếp loại {labels.get(level, level)} ({'chính thức' if final else 'đề xuất'})"
    if model in MODEL_LABELS:
        title = f"{title} — {MODEL_LABELS[model]}"
    return rows, title, indicator


@require_GET
def subject_list(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """List the subjects behind one figure of the statistics (50 a page, a constant number of queries)."""
    scope = statistics_scope(request, pk)
    years = list(EvaluationYear.objects.all())
    year = pick_year(request, years)
    rows, title, indicator = _listed(request, scope.path, year)
    ordered = rows.order_by("sort_name", "pk")
    if indicator is not None:  # read from the result JSON in SQL (selectors.indicator_fails)
        model = request.GET.get("mo_hinh", "")
        evaluation_year = next((y for y in years if y.year == year), None)
        criteria_set = evaluation_year.criteria_set if evaluation_year else DEFAULT_CRITERIA_SET
        ordered = ordered.filter(selectors.indicator_fails(criteria_set, model, indicator))
    keys = ordered.values_list("pk", flat=True)
    page_obj = Paginator(keys, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page_obj.object_list)
    loaded = StoredVerdict.objects.filter(pk__in=ids).only(*LIST_FIELDS).in_bulk()
    table = []
    for pk in ids:
        v = loaded.get(pk)
        if v is None:
            continue
        if v.member_id is not None:
            url = reverse("dashboards:member", kwargs={"pk": v.member_id, "year": year})
        else:
            url = reverse("dashboards:organization", kwargs={"pk": v.organization_id, "year": year})
        table.append(
            {
                "v": v,
                "url": url,
                "model": MODEL_LABELS.get(v.model, v.model),
                "verdict": VERDICT_LABELS.get(v.verdict, v.verdict),
                "failing": ", ".join(c for c in v.failing.split("|") if c),
            }
        )
    query = [(k, val) for k in request.GET if k != "page" for val in request.GET.getlist(k)]
    back = [(k, str(request.GET[k])) for k in ("nam", "to_chuc") if request.GET.get(k)]
    context = {
        "scope": scope,
        "year": year,
        "title": title,
        "table": table,
        "page_obj": page_obj,
        "query": urlencode(query),
        "back": f"{reverse('statistics:year')}?{urlencode(back)}",
    }
    return render(request, "statistics/list.html", context)


@require_GET
def export_xlsx(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Download the page's figures as an Excel workbook, one sheet a figure."""
    f = build(request, pk)
    buffer = io.BytesIO()
    excel.workbook(f).save(buffer)
    scope = f.scope.organization.code if f.scope.organization is not None else "toan-bo"
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="thong-ke-{f.year}-{scope}.xlsx"'
    return response
