"""Evaluate subjects against a criteria set: indicators → criteria → subject, with explanations.

An indicator's verdict comes from its rule, or (judgement indicators) from the subject's judgements:
the appraiser's overrides the self-assessment; none at all is pending. An appraiser's judgement on a rule
indicator overrides the rule's verdict (its note is the written reason): the result keeps the rule's
explanation, measures and evidence, says so in the explanation and carries an `override` record.
A criterion passes when every indicator passes or does not apply; any fail makes it fail; otherwise it is
pending. The subject combines its criteria the same way.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .criteria_set import CriteriaSet, Criterion, Indicator
from .registry import Measure, MemoKey
from .rules import get_rule
from .scales import FAIL, NOT_APPLICABLE, PASS, PENDING, VERDICT_LABELS, Verdict
from .snapshot import Judgement, MemberSnapshot, OrganizationSnapshot, Period
from .window import Snapshot
from .wording import MISSING_DATA


@dataclass(frozen=True)
class Override:
    """The appraiser's correction of a rule's verdict: what the rule said and the written reason."""

    by: str  # appraiser
    rule_verdict: Verdict
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "rule_verdict": self.rule_verdict, "reason": self.reason}


OVERRIDE_WORDING = "Cấp thẩm định sửa kết quả"


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    source: str  # rule | judgement
    verdict: Verdict
    measured: Measure
    required: Measure
    explanation: str
    evidence: tuple[str, ...] = ()
    override: Override | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of DESIGN.md's evaluate output, plus "evidence" (and "override" when the
        appraiser overrode a rule's verdict)."""
        out: dict[str, Any] = {
            "code": self.code,
            "source": self.source,
            "verdict": self.verdict,
            "measured": self.measured,
            "required": self.required,
            "explanation": self.explanation,
            "evidence": list(self.evidence),
        }
        if self.override is not None:
            out["override"] = self.override.to_dict()
        return out


@dataclass(frozen=True)
class CriterionResult:
    code: str
    title: str
    verdict: Verdict
    indicators: tuple[IndicatorResult, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape of DESIGN.md's evaluate output, plus "title"."""
        return {
            "code": self.code,
            "title": self.title,
            "verdict": self.verdict,
            "indicators": [indicator.to_dict() for indicator in self.indicators],
        }


@dataclass(frozen=True)
class SubjectResult:
    subject: str  # member:<card_no> | org:<code>
    name: str
    model: str  # member | cell | grassroots
    verdict: Verdict
    criteria: tuple[CriterionResult, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return one entry of DESIGN.md's evaluate output "results" list."""
        return {
            "subject": self.subject,
            "name": self.name,
            "model": self.model,
            "verdict": self.verdict,
            "criteria": [criterion.to_dict() for criterion in self.criteria],
        }


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    """Return fail if any fails, pass if all pass or do not apply, else pending."""
    seen = set(verdicts)
    if FAIL in seen:
        return FAIL
    if seen <= {PASS, NOT_APPLICABLE}:
        return PASS
    return PENDING


def effective_judgements(judgements: Iterable[Judgement]) -> dict[str, Judgement]:
    """Return the judgement that counts for each indicator: the last appraiser's, else the last self one."""
    appraised: dict[str, Judgement] = {}
    self_assessed: dict[str, Judgement] = {}
    for judgement in judgements:
        if judgement.by == "appraiser":
            appraised[judgement.indicator] = judgement
        elif judgement.by == "self":
            self_assessed[judgement.indicator] = judgement
    return {**self_assessed, **appraised}


def effective_judgement(judgements: Iterable[Judgement], indicator: str) -> Judgement | None:
    """Return the judgement that counts for an indicator: the last appraiser's, else the last self one."""
    return effective_judgements(judgements).get(indicator)


@functools.lru_cache(maxsize=1024)
def _not_judged(code: str) -> IndicatorResult:
    """Return the result of a judgement indicator nobody has judged yet (one shared object per code)."""
    explanation = f"{MISSING_DATA}: chưa có tự đánh giá/thẩm định."
    return IndicatorResult(code, "judgement", PENDING, None, VERDICT_LABELS[PASS], explanation)


def _judge(indicator: Indicator, judgements: Mapping[str, Judgement]) -> IndicatorResult:
    judgement = judgements.get(indicator.code)
    required = VERDICT_LABELS[PASS]
    if judgement is None:
        return _not_judged(indicator.code)
    if judgement.verdict not in (PASS, FAIL):
        raise ValueError(f"judgement of {indicator.code} has verdict {judgement.verdict!r}, not pass or fail")
    verdict: Verdict = PASS if judgement.verdict == PASS else FAIL
    measured = VERDICT_LABELS[verdict]
    who = "Thẩm định" if judgement.by == "appraiser" else "Tự đánh giá (chưa thẩm định)"
    note = f" — {judgement.note}" if judgement.note else ""
    evidence = (f"judgement:{judgement.by}:{indicator.code}",)
    return IndicatorResult(
        indicator.code, "judgement", verdict, measured, required, f"{who}: {measured}{note}.", evidence
    )


def evaluate_indicator(
    indicator: Indicator, snapshot: Snapshot, period: Period, judgements: Mapping[str, Judgement] | None = None
) -> IndicatorResult:
    """Return the result of one indicator for a subject (`judgements`: its effective judgements, if known)."""
    if judgements is None:
        judgements = effective_judgements(snapshot.judgements)
    if indicator.rule is None:
        return _judge(indicator, judgements)
    outcome = get_rule(indicator.rule).func(snapshot, indicator.params, period)
    result = IndicatorResult(
        indicator.code,
        "rule",
        outcome.verdict,
        outcome.measured,
        outcome.required,
        outcome.explanation,
        outcome.evidence,
    )
    return overridden(result, judgements.get(indicator.code))


def overridden(result: IndicatorResult, judgement: Judgement | None) -> IndicatorResult:
    """Return a rule's result as the appraiser corrected it, or unchanged.

    Only an appraiser's judgement with a different verdict and a written reason (its note) overrides a rule;
    a self-assessment never does. The rule's explanation, measures and evidence stay, so the page shows both."""
    if judgement is None or judgement.by != "appraiser" or not judgement.note.strip():
        return result
    if judgement.verdict not in (PASS, FAIL):
        raise ValueError(f"judgement of {result.code} has verdict {judgement.verdict!r}, not pass or fail")
    verdict: Verdict = PASS if judgement.verdict == PASS else FAIL
    if verdict == result.verdict:
        return result
    reason = judgement.note.strip()
    explanation = (
        f"{result.explanation} {OVERRIDE_WORDING}: {VERDICT_LABELS[result.verdict]} → {VERDICT_LABELS[verdict]}."
        f" Lý do: {reason}"
    )
    return dataclasses.replace(
        result,
        verdict=verdict,
        explanation=explanation,
        evidence=(*result.evidence, f"judgement:appraiser:{result.code}"),
        override=Override("appraiser", result.verdict, reason),
    )


def evaluate_criterion(
    criterion: Criterion, snapshot: Snapshot, period: Period, judgements: Mapping[str, Judgement] | None = None
) -> CriterionResult:
    """Return the result of one criterion for a subject (`judgements`: its effective judgements, if known)."""
    if judgements is None:
        judgements = effective_judgements(snapshot.judgements)
    if all(i.rule is None and i.code not in judgements for i in criterion.indicators):
        return _nothing_judged(criterion)
    results = tuple([evaluate_indicator(indicator, snapshot, period, judgements) for indicator in criterion.indicators])
    return CriterionResult(criterion.code, criterion.title, combine([r.verdict for r in results]), results)


_NOTHING_JUDGED: dict[int, tuple[Criterion, CriterionResult]] = {}


def _nothing_judged(criterion: Criterion) -> CriterionResult:
    """Return the result of a criterion of judgement indicators only, none judged (shared per criterion)."""
    cached = _NOTHING_JUDGED.get(id(criterion))
    if cached is None or cached[0] is not criterion:
        results = tuple(_not_judged(indicator.code) for indicator in criterion.indicators)
        cached = (criterion, CriterionResult(criterion.code, criterion.title, PENDING, results))
        _NOTHING_JUDGED[id(criterion)] = cached
    return cached[1]


def subject_name(snapshot: Snapshot) -> str:
    """Return the display name of a subject."""
    if isinstance(snapshot, MemberSnapshot):
        return snapshot.full_name
    return snapshot.name


def evaluate_subject(criteria_set: CriteriaSet, snapshot: Snapshot, period: Period) -> SubjectResult:
    """Evaluate one member or organisation for a period against a criteria set.

    When every rule of the model declares the facts it reads (`Rule.memo_key`), subjects with the same
    facts and judgements share their criterion results: most members of a city differ in none of them.
    """
    judgements = effective_judgements(snapshot.judgements) if snapshot.judgements else {}
    key = _memo_key(criteria_set, snapshot, period, judgements)
    cached = _MEMO.get(key) if key is not None else None
    if cached is not None and cached[0] is criteria_set:
        criteria, verdict = cached[1], cached[2]
    else:
        criteria = tuple(
            [
                evaluate_criterion(criterion, snapshot, period, judgements)
                for criterion in criteria_set.criteria(snapshot.model)
            ]
        )
        verdict = combine([c.verdict for c in criteria])
        if key is not None:
            if len(_MEMO) >= MEMO_SIZE:
                _MEMO.clear()
            _MEMO[key] = (criteria_set, criteria, verdict)
    return SubjectResult(snapshot.subject, subject_name(snapshot), snapshot.model, verdict, criteria)


MEMO_SIZE = 20_000
_MEMO: dict[Hashable, tuple[CriteriaSet, tuple[CriterionResult, ...], Verdict]] = {}
_READERS: dict[tuple[int, str], tuple[CriteriaSet, tuple[MemoKey, ...] | None]] = {}


def _memo_key(
    criteria_set: CriteriaSet, snapshot: Snapshot, period: Period, judgements: Mapping[str, Judgement]
) -> Hashable | None:
    """Return what a subject's criterion results depend on, or None when a rule of its model does not say."""
    readers = _readers(criteria_set, snapshot.model)
    if readers is None:
        return None
    facts = tuple([read(snapshot) for read in readers])
    return (id(criteria_set), snapshot.model, period, frozenset(judgements.items()), facts)


def _readers(criteria_set: CriteriaSet, model: str) -> tuple[MemoKey, ...] | None:
    """Return the memo keys of the distinct rules of a model, or None when one of them has none."""
    cached = _READERS.get((id(criteria_set), model))
    if cached is None or cached[0] is not criteria_set:
        rules = {get_rule(i.rule) for i in criteria_set.indicators(model) if i.rule is not None}
        keys = tuple(sorted((r.name, r.memo_key) for r in rules if r.memo_key is not None))
        readers = tuple(key for _, key in keys) if len(keys) == len(rules) else None
        cached = (criteria_set, readers)
        _READERS[(id(criteria_set), model)] = cached
    return cached[1]


def evaluate_subjects(
    criteria_set: CriteriaSet, snapshots: Iterable[MemberSnapshot | OrganizationSnapshot], period: Period
) -> list[SubjectResult]:
    """Evaluate many subjects, in the order given."""
    return [evaluate_subject(criteria_set, snapshot, period) for snapshot in snapshots]
