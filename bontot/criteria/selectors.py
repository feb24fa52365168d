"""Reads: evaluate a year's subjects in scope with the pure engine."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from .engine.criteria_set import get_criteria_set
from .engine.evaluate import SubjectResult, evaluate_subject
from .loader import load_year_facts


@dataclass(frozen=True)
class Evaluation:
    year: int
    criteria_set: str
    as_of: datetime.date
    cutoff: datetime.date
    results: tuple[SubjectResult, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the `evaluate --format json` document (shared/DESIGN.md, "Machine outputs")."""
        return {
            "year": self.year,
            "criteria_set": self.criteria_set,
            "as_of": self.as_of.isoformat(),
            "cutoff": self.cutoff.isoformat(),
            "results": [r.to_dict() for r in self.results],
        }


def evaluate_year(year: int, *, as_of: datetime.date, org_code: str | None = None) -> Evaluation:
    """Evaluate every organisation and member of `year` in scope, as of a date."""
    facts = load_year_facts(year, as_of=as_of, org_code=org_code)
    criteria = get_criteria_set(facts.year.criteria_set)
    results = tuple(
        evaluate_subject(criteria, subject, facts.period) for subject in (*facts.organizations, *facts.members)
    )
    return Evaluation(
        year=year,
        criteria_set=facts.year.criteria_set,
        as_of=as_of,
        cutoff=facts.year.cutoff,
        results=results,
    )
