"""Shared set-up of the self-assessment tests: a declared year, registrations, full answers."""

from __future__ import annotations

import datetime

from bontot.assessments.models import Registration, RegistrationStatus
from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.models import EvaluationYear

D = datetime.date
YEAR = 2024
SET = "kh-63-ku-2023"


def declare(year: int = YEAR) -> EvaluationYear:
    return EvaluationYear.objects.get_or_create(
        year=year,
        defaults={"criteria_set": SET, "registration_deadline": D(year, 1, 20), "cutoff": D(year, 11, 30)},
    )[0]


def register(*, member=None, organization=None, status=RegistrationStatus.ACCEPTED, year=YEAR, reason=""):
    late = status != RegistrationStatus.ACCEPTED
    return Registration.objects.create(
        year=year,
        member=member,
        organization=organization,
        registered_on=D(year, 2, 1) if late else D(year, 1, 5),
        late=late,
        status=status,
        decision_reason=reason,
    )


def judgement_codes(model: str) -> list[str]:
    return [i.code for i in get_criteria_set(SET).indicators(model) if i.rule is None]


def full_answers(model: str = "member", verdict: str = "pass") -> dict[str, dict[str, str]]:
    return {code: {"verdict": verdict, "explanation": f"Căn cứ {code}"} for code in judgement_codes(model)}
