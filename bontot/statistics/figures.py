"""The statistics of one subtree and year as plain rows with their drill-down links: what the page, its
charts and the Excel export show (the same figures everywhere)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from bontot.criteria.models import EvaluationYear

from . import selectors
from .access import Scope, statistics_scope
from .selectors import MODELS

DEFAULT_CRITERIA_SET = str(EvaluationYear._meta.get_field("criteria_set").default)


def pick_year(request: HttpRequest, years: list[EvaluationYear]) -> int:
    """Return the year of `?nam=`, else the latest evaluation year, else this calendar year."""
    raw = request.GET.get("nam", "")
    if raw.isdigit() and 1900 < int(raw) < 2200:
        return int(raw)
    return years[0].year if years else timezone.localdate().year


@dataclass
class Figures:
    scope: Scope
    year: int
    years: list[EvaluationYear]
    criteria_set: str
    as_of: Any
    by_model: list[selectors.Rates]
    criteria: list[selectors.CriterionFailures]
    drill_model: str
    drill_code: str
    indicators: list[selectors.IndicatorFailures]
    ratings: list[selectors.RatingCount]
    member_subjects: int
    trend: list[dict[str, Any]]

    def params(self, **extra: Any) -> str:
        base: dict[str, Any] = {"nam": self.year}
        if self.scope.organization is not None:
            base["to_chuc"] = self.scope.organization.pk
        base.update({k: v for k, v in extra.items() if v not in (None, "")})
        return urlencode(base)

    def list_url(self, **extra: Any) -> str:
        return f"{reverse('statistics:list')}?{self.params(**extra)}"

    def criterion_url(self, model: str, code: str) -> str:
        """Cells and committees failing a criterion: the subtree table's filter; members: the list here."""
        if model in ("cell", "grassroots"):
            return f"{reverse('dashboards:subtree')}?{self.params(mo_hinh=model, tieu_chi=code)}"
        return self.list_url(mo_hinh=model, chi_so="khong-dat", tieu_chi=code)

    def drill_url(self, model: str, code: str) -> str:
        return f"{reverse('statistics:year')}?{self.params(mo_hinh=model, tieu_chi=code)}#chi-bao"


def build(request: HttpRequest, pk: int | None = None) -> Figures:
    """Return the figures of the request's subtree and year: a constant number of queries."""
    scope = statistics_scope(request, pk)
    years = list(EvaluationYear.objects.all())  # newest first
    year = pick_year(request, years)
    evaluation_year = next((y for y in years if y.year == year), None)
    criteria_set = evaluation_year.criteria_set if evaluation_year else DEFAULT_CRITERIA_SET
    path = scope.path
    rates, criteria = selectors.rates(path, year, criteria_set)
    this_year = rates.get(year, {})
    by_model = [this_year[m] for m in MODELS if m in this_year]
    model = request.GET.get("mo_hinh", "")
    code = request.GET.get("tieu_chi", "")
    indicators: list[selectors.IndicatorFailures] = []
    codes = selectors.criterion_codes(criteria_set)
    if model in this_year and code in codes.get(model, {}):
        indicators = selectors.indicator_failures(path, year, model, code, criteria_set, this_year[model].subjects)
    else:
        model = code = ""
    members = this_year["member"].subjects if "member" in this_year else 0
    trend = [{"year": y, "models": [rates[y][m] for m in MODELS if m in rates[y]]} for y in sorted(rates)]
    return Figures(
        scope=scope,
        year=year,
        years=years,
        criteria_set=criteria_set,
        as_of=selectors.as_of(path, year, scope.organization.pk if scope.organization else None),
        by_model=by_model,
        criteria=criteria,
        drill_model=model,
        drill_code=code,
        indicators=indicators,
        ratings=selectors.rating_distribution(path, year, members),
        member_subjects=members,
        trend=trend,
    )


def chart_data(f: Figures) -> dict[str, Any]:
    """Return the charts' data (labels, values, percentages and the drill-down address of each bar)."""
    data: dict[str, Any] = {
        "registration": {
            "labels": [r.label for r in f.by_model],
            "values": [r.registered_pct for r in f.by_model],
            "urls": [f.list_url(mo_hinh=r.model, chi_so="dang-ky") for r in f.by_model],
            "title": "Tỷ lệ đăng ký (%)",
        },
        "recognition": {
            "labels": [r.label for r in f.by_model],
            "values": [r.recognised_pct for r in f.by_model],
            "urls": [f.list_url(mo_hinh=r.model, chi_so="cong-nhan") for r in f.by_model],
            "title": "Tỷ lệ được công nhận (%)",
        },
        "criteria": {
            "labels": [f"{c.label} — {c.code}" for c in f.criteria],
            "values": [c.failing for c in f.criteria],
            "urls": [f.criterion_url(c.model, c.code) for c in f.criteria],
            "title": "Số không đạt",
        },
        "ratings": {
            "labels": [r.label for r in f.ratings],
            "values": [r.final for r in f.ratings],
            "values2": [r.proposed for r in f.ratings],
            "urls": [f.list_url(chi_so="xep-loai", muc=r.level, chinh_thuc=1) for r in f.ratings],
            "title": "Chính thức",
            "title2": "Đề xuất",
        },
        "trend": {
            "labels": [str(t["year"]) for t in f.trend],
            "series": [
                {
                    "title": f"{selectors.MODEL_LABELS[m]}: {what}",
                    "values": [next((getattr(r, attr) for r in t["models"] if r.model == m), None) for t in f.trend],
                }
                for m in MODELS
                for what, attr in (("đăng ký", "registered_pct"), ("công nhận", "recognised_pct"))
            ],
            "urls": [f"{reverse('statistics:year')}?{f.params(nam=t['year'])}" for t in f.trend],
            "title": "Tỷ lệ (%)",
        },
    }
    if f.indicators:
        data["indicators"] = {
            "labels": [i.code for i in f.indicators],
            "values": [i.failing for i in f.indicators],
            "urls": [
                f.list_url(mo_hinh=f.drill_model, chi_so="khong-dat", tieu_chi=f.drill_code, chi_bao=i.code)
                for i in f.indicators
            ],
            "title": "Số không đạt",
        }
    return data
