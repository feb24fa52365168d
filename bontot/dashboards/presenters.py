"""Turn a stored verdict (the engine's JSON result) into rows a page shows, with the criteria set's titles.

Functions over plain data and loaded rows: no queries. Titles and indicator labels come from the criteria set the
verdict was computed with; a code the set does not know (an older set) falls back to the result's own title.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from bontot.criteria.engine.criteria_set import CriteriaSetError, get_criteria_set
from bontot.criteria.engine.scales import FAIL, PENDING, VERDICT_LABELS
from bontot.criteria.engine.wording import MEMBER_MARK

if TYPE_CHECKING:
    from bontot.criteria.models import StoredVerdict

SEVERITY_ORDER = ("danger", "warning", "info")
SEVERITY_LABELS: Mapping[str, str] = {"danger": "Nghiêm trọng", "warning": "Cần chú ý", "info": "Thông tin"}
MODEL_LABELS: Mapping[str, str] = {"member": "Đảng viên", "cell": "Chi bộ", "grassroots": "Đảng bộ cơ sở"}
SOURCE_LABELS: Mapping[str, str] = {"rule": "Tính từ số liệu", "judgement": "Đánh giá"}
VERDICT_CLASSES: Mapping[str, str] = {"pass": "success", "fail": "danger", "pending": "warning"}
VERDICT_ICONS: Mapping[str, str] = {"pass": "✓", "fail": "✗", "pending": "…", "not_applicable": "–"}
# In place of an explanation that names members, for a viewer who may not see other members' records.
MEMBERS_HIDDEN = "Chi tiết về từng đảng viên chỉ hiển thị cho cấp ủy, văn phòng và cấp trên."


def split_codes(codes: str) -> list[str]:
    """Return the criterion codes of a "|1.2|1.4|" field, in order."""
    return [code for code in codes.split("|") if code]


def criterion_verdict(code: str, failing: str, pending: str) -> str:
    """Return a criterion's verdict from the stored `failing` / `pending` fields (else it passes)."""
    if f"|{code}|" in failing:
        return FAIL
    if f"|{code}|" in pending:
        return PENDING
    return "pass"


@dataclass(frozen=True)
class Titles:
    criteria: Mapping[str, str]
    indicators: Mapping[str, str]


@functools.lru_cache(maxsize=32)
def titles(criteria_set: str, model: str) -> Titles:
    """Return the Vietnamese titles of a model's criteria and the labels of its indicators (empty if unknown)."""
    try:
        criteria = get_criteria_set(criteria_set).criteria(model)
    except (CriteriaSetError, KeyError):
        return Titles({}, {})
    return Titles(
        {c.code: c.title for c in criteria},
        {i.code: i.label or i.text for c in criteria for i in c.indicators},
    )


def show_value(value: Any) -> str:
    """Return a measured or required value as text ("" when there is none)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    label: str
    source: str
    verdict: str
    measured: str
    required: str
    explanation: str
    # The appraiser's correction of a rule's verdict ({"by", "rule_verdict", "reason"}), when there is one.
    override: Mapping[str, Any] | None = None

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, self.verdict)

    @property
    def rule_verdict_label(self) -> str:
        """What the rule alone said, before the appraiser corrected it ("" without an override)."""
        if not self.override:
            return ""
        verdict = str(self.override.get("rule_verdict", ""))
        return VERDICT_LABELS.get(verdict, verdict)

    @property
    def override_reason(self) -> str:
        return str(self.override.get("reason", "")) if self.override else ""

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def missing(self) -> bool:
        return self.verdict in (FAIL, PENDING)


@dataclass(frozen=True)
class CriterionRow:
    code: str
    title: str
    verdict: str
    indicators: tuple[IndicatorRow, ...]

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, self.verdict)

    @property
    def missing(self) -> tuple[IndicatorRow, ...]:
        return tuple(i for i in self.indicators if i.missing)


def _explanation(text: str, *, member_names: bool) -> str:
    return text if member_names or MEMBER_MARK not in text else MEMBERS_HIDDEN


def criteria_rows(result: Mapping[str, Any], criteria_set: str, *, member_names: bool = True) -> list[CriterionRow]:
    """Return the criteria of an `evaluate` result, indicator by indicator, titled from the criteria set.

    Without `member_names` (an organisation's page shown to a plain member), an explanation naming members
    (their ratings, disciplines, admissions) gives way to a line saying who may read it: decision 31.
    """
    names = titles(criteria_set, str(result.get("model", "")))
    rows = []
    for criterion in result.get("criteria", []):
        code = str(criterion.get("code", ""))
        indicators = tuple(
            IndicatorRow(
                code=str(ind.get("code", "")),
                label=names.indicators.get(str(ind.get("code", "")), ""),
                source=str(ind.get("source", "")),
                verdict=str(ind.get("verdict", "")),
                measured=show_value(ind.get("measured")),
                required=show_value(ind.get("required")),
                explanation=_explanation(str(ind.get("explanation", "")), member_names=member_names),
                override=ind.get("override") or None,
            )
            for ind in criterion.get("indicators", [])
        )
        title = names.criteria.get(code) or str(criterion.get("title", ""))
        rows.append(CriterionRow(code, title, str(criterion.get("verdict", "")), indicators))
    return rows


@dataclass(frozen=True)
class WarningRow:
    code: str
    criterion: str
    severity: str
    text: str
    indicator: str = ""

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)


def warning_rows(warnings: Iterable[Mapping[str, Any]]) -> list[WarningRow]:
    """Return the early warnings, the most severe first, then by criterion (a stable order otherwise)."""
    rows = [
        WarningRow(
            code=str(w.get("code", "")),
            criterion=str(w.get("criterion", "")),
            severity=str(w.get("severity", "info")),
            text=str(w.get("text", "")),
            indicator=str(w.get("indicator", "")),
        )
        for w in warnings
    ]

    def rank(row: WarningRow) -> int:
        return SEVERITY_ORDER.index(row.severity) if row.severity in SEVERITY_ORDER else len(SEVERITY_ORDER)

    return sorted(rows, key=lambda row: (rank(row), row.criterion))


@functools.lru_cache(maxsize=256)
def _badge_html(verdict: str) -> SafeString:
    return format_html(
        '<span class="badge text-bg-{}"><span aria-hidden="true">{}</span> {}</span>',
        VERDICT_CLASSES.get(verdict, "secondary"),
        VERDICT_ICONS.get(verdict, "?"),
        VERDICT_LABELS.get(verdict, verdict),
    )


@functools.lru_cache(maxsize=256)
def _cell_html(code: str, verdict: str) -> str:
    text = f"{code}: {VERDICT_LABELS.get(verdict, verdict)}"
    return format_html(
        '<td class="text-center"><span class="verdict-{} fw-bold" aria-hidden="true" title="{}">{}</span>'
        '<span class="visually-hidden">{}</span></td>',
        verdict,
        text,
        VERDICT_ICONS.get(verdict, "?"),
        text,
    )


@dataclass(frozen=True)
class Mark:
    """A verdict as a table shows it (of criterion `code`, or of the whole subject when `code` is "")."""

    code: str
    verdict: str

    @property
    def label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, self.verdict)

    # The HTML is built here, once per code and verdict, rather than in the template: a page of the subtree
    # table has 50 rows of five of these, and their template lookups were most of its rendering time.
    def badge(self) -> SafeString:
        """Return the verdict as a coloured badge: an icon (hidden from screen readers) and its label."""
        return _badge_html(self.verdict)

    def cell(self) -> str:
        """Return a criterion's verdict as a table cell: an icon, and the code and label as text."""
        return _cell_html(self.code, self.verdict)


@dataclass(frozen=True)
class SubtreeRow:
    name: str
    url: str
    model: str
    verdict: Mark
    criteria: tuple[Mark, ...]
    warning_count: int

    def criteria_cells(self) -> SafeString:
        """Return the row's criterion cells (`<td>` each)."""
        return mark_safe("".join(mark.cell() for mark in self.criteria))  # noqa: S308 - joined format_html


def subtree_row(verdict: StoredVerdict, codes: Iterable[str], year: int) -> SubtreeRow:
    """Return one row of the subtree table: the criteria's verdicts come from `failing` / `pending`."""
    url = ""
    if verdict.organization_id is not None:
        url = reverse("dashboards:organization", kwargs={"pk": verdict.organization_id, "year": year})
    return SubtreeRow(
        name=verdict.name,
        url=url,
        model=MODEL_LABELS.get(verdict.model, verdict.model),
        verdict=Mark("", verdict.verdict),
        criteria=tuple(Mark(code, criterion_verdict(code, verdict.failing, verdict.pending)) for code in codes),
        warning_count=verdict.warning_count,
    )
