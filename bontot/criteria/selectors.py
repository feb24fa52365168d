"""Reads: evaluate a year's subjects in scope with the pure engine.

`stream_year` loads the facts and returns an `EvaluationStream`: the results are produced lazily,
one subject at a time, so a caller can write each one and drop it (`evaluate` at city scale).
`evaluate_year` collects the same results into one `Evaluation` for small scopes and tests.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .engine.criteria_set import CriteriaSet, get_criteria_set
from .engine.evaluate import SubjectResult, evaluate_subject
from .engine.snapshot import MemberSnapshot, OrganizationSnapshot, Period
from .loader import load_year_facts


def header_dict(
    year: int, criteria_set: str, criteria_set_digest: str, as_of: datetime.date, cutoff: datetime.date
) -> dict[str, Any]:
    """Return the fields of the `evaluate` document that precede "results", in their order."""
    return {
        "year": year,
        "criteria_set": criteria_set,
        "criteria_set_digest": criteria_set_digest,
        "as_of": as_of.isoformat(),
        "cutoff": cutoff.isoformat(),
    }


@dataclass(frozen=True)
class Evaluation:
    year: int
    criteria_set: str
    criteria_set_digest: str
    as_of: datetime.date
    cutoff: datetime.date
    results: tuple[SubjectResult, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the `evaluate --format json` document (shared/DESIGN.md, "Machine outputs")."""
        return {
            **header_dict(self.year, self.criteria_set, self.criteria_set_digest, self.as_of, self.cutoff),
            "results": [r.to_dict() for r in self.results],
        }


# An organisation costs about as much to evaluate and write as this many members (rules over its meetings
# and members against a member's few, often shared, results): measured on the generated city (bench/).
ORGANIZATION_WEIGHT = 75


class EvaluationStream:
    """One year's evaluation whose results are computed on iteration, subject by subject (once only).

    Organisations come first in tree order, then members by cell and name. The stream holds the
    snapshots still to evaluate and releases each one as soon as its result is produced.
    """

    def __init__(
        self,
        *,
        year: int,
        criteria: CriteriaSet,
        period: Period,
        cutoff: datetime.date,
        snapshots: list[OrganizationSnapshot | MemberSnapshot],
    ) -> None:
        self.year = year
        self.criteria_set = criteria.code
        self.criteria_set_digest = criteria.digest
        self.as_of = period.as_of
        self.cutoff = cutoff
        self.total = len(snapshots)
        self.criteria = criteria
        self._period = period
        self._pending = snapshots[::-1]  # popped from the end: the next subject is the last item
        self._started = False

    def header(self) -> dict[str, Any]:
        """Return the document fields that precede "results"."""
        return header_dict(self.year, self.criteria_set, self.criteria_set_digest, self.as_of, self.cutoff)

    def __iter__(self) -> Iterator[SubjectResult]:
        """Yield each subject's result in order, evaluating it only when asked for."""
        if self._started:
            raise RuntimeError("an EvaluationStream can be iterated only once")
        self._started = True
        return self._results()

    def split(self, parts: int) -> list[EvaluationStream]:
        """Return this stream's subjects as up to `parts` streams of consecutive subjects, of about equal cost.

        This stream is used up. Organisations weigh `ORGANIZATION_WEIGHT` members.
        """
        if self._started:
            raise RuntimeError("an EvaluationStream can be split only before it is iterated")
        self._started = True
        snapshots, self._pending = self._pending[::-1], []
        weights = [ORGANIZATION_WEIGHT if isinstance(s, OrganizationSnapshot) else 1 for s in snapshots]
        share = sum(weights) / max(1, parts)
        chunks: list[list[OrganizationSnapshot | MemberSnapshot]] = [[]]
        done = 0.0
        for snapshot, weight in zip(snapshots, weights, strict=True):
            if done >= share * len(chunks) and len(chunks) < parts:
                chunks.append([])
            chunks[-1].append(snapshot)
            done += weight
        return [
            EvaluationStream(
                year=self.year, criteria=self.criteria, period=self._period, cutoff=self.cutoff, snapshots=chunk
            )
            for chunk in chunks
        ]

    @property
    def period(self) -> Period:
        return self._period

    def with_snapshots(self) -> Iterator[tuple[OrganizationSnapshot | MemberSnapshot, SubjectResult]]:
        """Yield each subject's snapshot with its result, in order (instead of iterating the stream)."""
        if self._started:
            raise RuntimeError("an EvaluationStream can be iterated only once")
        self._started = True
        pending, criteria, period = self._pending, self.criteria, self._period
        while pending:
            snapshot = pending.pop()
            yield snapshot, evaluate_subject(criteria, snapshot, period)

    def _results(self) -> Iterator[SubjectResult]:
        pending, criteria, period = self._pending, self.criteria, self._period
        while pending:
            yield evaluate_subject(criteria, pending.pop(), period)


def stream_year(year: int, *, as_of: datetime.date, org_code: str | None = None) -> EvaluationStream:
    """Load the facts of `year` in scope and return its lazy evaluation, as of a date."""
    facts = load_year_facts(year, as_of=as_of, org_code=org_code)
    return EvaluationStream(
        year=year,
        criteria=get_criteria_set(facts.year.criteria_set),
        period=facts.period,
        cutoff=facts.year.cutoff,
        snapshots=[*facts.organizations, *facts.members],
    )


def evaluate_year(year: int, *, as_of: datetime.date, org_code: str | None = None) -> Evaluation:
    """Evaluate every organisation and member of `year` in scope, as of a date, into one object."""
    stream = stream_year(year, as_of=as_of, org_code=org_code)
    return Evaluation(
        year=stream.year,
        criteria_set=stream.criteria_set,
        criteria_set_digest=stream.criteria_set_digest,
        as_of=stream.as_of,
        cutoff=stream.cutoff,
        results=tuple(stream),
    )
