"""The figures of the statistics page, aggregated in SQL over one subtree (a path prefix).

Every function runs a fixed number of queries whatever the subtree's size: COUNT with GROUP BY over the
stored verdicts (`criteria.StoredVerdict`), the registrations, the recognitions and the quality ratings.
Only `indicator_failures` reads result JSON, and only of the subjects failing the criterion drilled into.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from bontot.assessments.models import Assessment, AssessmentStatus, Registration, RegistrationStatus
from bontot.core.choices import QualityLevel
from bontot.criteria.engine.criteria_set import CriteriaSetError, get_criteria_set
from bontot.criteria.models import StoredVerdict
from bontot.dashboards.presenters import titles
from bontot.decisions.models import DecisionEntry
from bontot.facts.models import QualityRating

MODELS = ("member", "cell", "grassroots")
MODEL_LABELS = {"member": "Đảng viên", "cell": "Chi bộ", "grassroots": "Đảng bộ cơ sở"}


def percent(part: int, whole: int) -> float:
    """Return part/whole in percent, one decimal (0 when there is nothing to count)."""
    return round(100 * part / whole, 1) if whole else 0.0


def _subject(model: type[Any], **filters: Any) -> Q:
    """Return "a row of `model` about the verdict's subject in the verdict's year exists" (member or org)."""
    rows = model.objects.filter(year=OuterRef("year"), **filters)
    return Q(Exists(rows.filter(member_id=OuterRef("member_id")))) | Q(
        Exists(rows.filter(organization_id=OuterRef("organization_id")))
    )


def registered_q() -> Q:
    return _subject(Registration, status=RegistrationStatus.ACCEPTED)


def recognised_q() -> Q:
    """A subject is recognised when its assessment is "recognised" or a decision in force names it."""
    entries = DecisionEntry.objects.filter(decision__year=OuterRef("year"), decision__revoked_by__isnull=True)
    by_decision = Q(Exists(entries.filter(member_id=OuterRef("member_id")))) | Q(
        Exists(entries.filter(organization_id=OuterRef("organization_id")))
    )
    return _subject(Assessment, status=AssessmentStatus.RECOGNISED) | by_decision


def verdicts(path: str) -> QuerySet[StoredVerdict]:
    """Return the stored verdicts of the subtree at `path` ("" for the whole tree)."""
    rows = StoredVerdict.objects.all()
    return rows.filter(organization_path__startswith=path) if path else rows


@dataclass(frozen=True)
class Rates:
    year: int
    model: str
    subjects: int
    registered: int
    recognised: int
    passed: int

    @property
    def label(self) -> str:
        return MODEL_LABELS.get(self.model, self.model)

    @property
    def unregistered(self) -> int:
        return self.subjects - self.registered

    @property
    def registered_pct(self) -> float:
        return percent(self.registered, self.subjects)

    @property
    def recognised_pct(self) -> float:
        return percent(self.recognised, self.subjects)

    @property
    def passed_pct(self) -> float:
        return percent(self.passed, self.subjects)


@dataclass(frozen=True)
class CriterionFailures:
    model: str
    code: str
    title: str
    failing: int
    subjects: int

    @property
    def pct(self) -> float:
        return percent(self.failing, self.subjects)

    @property
    def label(self) -> str:
        return MODEL_LABELS.get(self.model, self.model)


def criterion_codes(criteria_set: str) -> dict[str, dict[str, str]]:
    """Return each model's criterion codes and titles in the criteria set (no query)."""
    return {model: dict(titles(criteria_set, model).criteria) for model in MODELS}


def _groups(path: str) -> list[dict[str, Any]]:
    """Return the subtree's verdicts counted per year, model, verdict and set of failed criteria, with how many
    of each are registered and recognised: one query, one read of the subtree's verdicts.

    Grouping by `failing` ("|1.2|1.4|") gives a few hundred groups at most (the combinations of failed
    criteria that occur), from which each criterion's failures are summed in Python: cheaper than a
    `LIKE '%|code|%'` test per criterion on every row.
    """
    return list(
        verdicts(path)
        .values("year", "model", "verdict", "failing")
        .annotate(
            subjects=Count("*"),
            registered=Count("pk", filter=registered_q()),
            recognised=Count("pk", filter=recognised_q()),
        )
        .order_by()
    )


def rates(
    path: str, year: int | None = None, criteria_set: str = ""
) -> tuple[dict[int, dict[str, Rates]], list[CriterionFailures]]:
    """Return the subjects, registered, recognised and passing counts per year and model, and for `year`
    the failures of each criterion per model (one query)."""
    totals: dict[tuple[int, str], dict[str, int]] = {}
    failed: dict[str, Counter[str]] = {}  # model → criterion code → subjects failing it, in `year`
    for group in _groups(path):
        key = (group["year"], group["model"])
        counts = totals.setdefault(key, dict.fromkeys(("subjects", "registered", "recognised", "passed"), 0))
        counts["subjects"] += group["subjects"]
        counts["registered"] += group["registered"]
        counts["recognised"] += group["recognised"]
        if group["verdict"] == "pass":
            counts["passed"] += group["subjects"]
        if group["year"] == year:
            by_code = failed.setdefault(group["model"], Counter())
            for code in group["failing"].split("|"):
                if code:
                    by_code[code] += group["subjects"]
    found: dict[int, dict[str, Rates]] = {}
    for (y, model), counts in sorted(totals.items()):
        found.setdefault(y, {})[model] = Rates(year=y, model=model, **counts)
    failures: list[CriterionFailures] = []
    if year is not None:
        codes = criterion_codes(criteria_set)
        this_year = found.get(year, {})
        for model in MODELS:
            if model not in this_year:
                continue
            for code in sorted(codes[model]):
                title = codes[model][code]
                failing = failed.get(model, Counter())[code]
                failures.append(CriterionFailures(model, code, title, failing, this_year[model].subjects))
    return found, failures


def as_of(path: str, year: int, organization_id: int | None = None) -> Any:
    """Return the day the year's stored verdicts count facts up to, None without any: that of the subtree's
    own organisation (one indexed query), else of any verdict of the subtree (a refresh writes a year's
    verdicts together). Never a MAX over the subtree: it would read every row."""
    if organization_id is not None:
        own = StoredVerdict.objects.filter(year=year, organization_id=organization_id)
        day = own.values_list("as_of", flat=True).first()
        if day is not None:
            return day
    return next(iter(verdicts(path).filter(year=year).order_by().values_list("as_of", flat=True)[:1]), None)


@dataclass(frozen=True)
class IndicatorFailures:
    code: str
    label: str
    failing: int
    subjects: int

    @property
    def pct(self) -> float:
        return percent(self.failing, self.subjects)


def failing_criterion(path: str, year: int, model: str, code: str) -> QuerySet[StoredVerdict]:
    return verdicts(path).filter(year=year, model=model, failing__contains=f"|{code}|")


def failed_indicators(result: dict[str, Any], criterion: str) -> list[str]:
    """Return the codes of the indicators of `criterion` that fail in an `evaluate` result."""
    for item in result.get("criteria", []):
        if item.get("code") == criterion:
            return [str(i.get("code", "")) for i in item.get("indicators", []) if i.get("verdict") == "fail"]
    return []


def _positions(criteria_set: str, model: str, code: str) -> tuple[int, list[str]] | None:
    """Return the criterion's position in the model's criteria and its indicators' codes, in order (the
    order of an `evaluate` result computed with that set)."""
    try:
        criteria = list(get_criteria_set(criteria_set).criteria(model))
    except (CriteriaSetError, KeyError):
        return None
    for i, criterion in enumerate(criteria):
        if criterion.code == code:
            return i, [ind.code for ind in criterion.indicators]
    return None


def _criterion_at(criteria_set: str, model: str, code: str) -> tuple[Q, list[str], int]:
    """Return "the result was computed with `criteria_set` and its criterion at the set's position of `code`
    is `code`", the criterion's indicator codes and that position."""
    found = _positions(criteria_set, model, code)
    if found is None:
        return Q(pk__in=[]), [], 0
    i, indicators = found
    return Q(criteria_set=criteria_set, **{f"result__criteria__{i}__code": code}), indicators, i


def indicator_fails(criteria_set: str, model: str, indicator: str) -> Q:
    """Return "the result's indicator `indicator` fails", read in SQL at its position in the result JSON
    (the order of the criteria set the result was computed with; the criterion's code is checked)."""
    code = indicator.rsplit(".", 1)[0]
    shape, indicators, i = _criterion_at(criteria_set, model, code)
    if indicator not in indicators:
        return Q(pk__in=[])
    j = indicators.index(indicator)
    return shape & Q(**{f"result__criteria__{i}__indicators__{j}__verdict": "fail"})


def indicator_failures(
    path: str, year: int, model: str, code: str, criteria_set: str, subjects: int
) -> list[IndicatorFailures]:
    """Return how many subjects fail each indicator of criterion `code`: one query over the subjects failing
    that criterion, each indicator's verdict read from the result JSON in SQL."""
    labels = titles(criteria_set, model).indicators
    shape, codes, i = _criterion_at(criteria_set, model, code)
    counts = {
        f"i{j}": Count("pk", filter=Q(**{f"result__criteria__{i}__indicators__{j}__verdict": "fail"}))
        for j in range(len(codes))
    }
    row = failing_criterion(path, year, model, code).filter(shape).aggregate(**counts) if codes else {}
    return [IndicatorFailures(ind, labels.get(ind, ""), row.get(f"i{j}") or 0, subjects) for j, ind in enumerate(codes)]


@dataclass(frozen=True)
class RatingCount:
    level: str
    label: str
    final: int
    proposed: int
    subjects: int

    @property
    def final_pct(self) -> float:
        return percent(self.final, self.subjects)

    @property
    def proposed_pct(self) -> float:
        return percent(self.proposed, self.subjects)


def rating_members(path: str, year: int) -> QuerySet[StoredVerdict]:
    return verdicts(path).filter(year=year, model="member")


def rating_distribution(path: str, year: int, subjects: int) -> list[RatingCount]:
    """Return the members' quality ratings of the year by level, final and proposed (one query); the members
    are the year's member subjects of the subtree (their stored verdicts)."""
    members = rating_members(path, year).values("member_id")
    rows = (
        QualityRating.objects.filter(year=year, member_id__in=members)
        .values("level", "final")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(row["level"], row["final"]): row["n"] for row in rows}
    return [
        RatingCount(level, str(label), counts.get((level, True), 0), counts.get((level, False), 0), subjects)
        for level, label in QualityLevel.choices
    ]
