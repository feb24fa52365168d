"""URL × persona matrix of the appraisal pages, and the submitted assessments the appraisal tests start from.

member_a's assessment is appraised by secretary_a (the secretary of cell A); other roles covering A read it
(403 on the appraisal page); nobody outside DU sees it (404). Cell A's is appraised by the office of DU."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from bontot.assessments.models import Assessment, AssessmentRound, AssessmentStatus, Evidence, Judgement
from bontot.core.testing.matrix import Case, expect
from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.models import EvaluationYear, StoredVerdict
from bontot.criteria.verdicts import refresh_verdicts

YEAR = 2024
CRITERIA_SET = "kh-63-ku-2023"
NOT_A = ["Phạm Văn Bảo", "Võ Thị Cúc"]


def declare_year() -> None:
    EvaluationYear.objects.get_or_create(
        year=YEAR,
        defaults={
            "criteria_set": CRITERIA_SET,
            "registration_deadline": datetime.date(YEAR, 1, 20),
            "cutoff": datetime.date(YEAR, 11, 30),
        },
    )


def submitted(w: Any, key: str = "member_a", *, org: str | None = None, verdict: str = "pass") -> Assessment:
    """Create a submitted assessment (round 1) of a member (or, with `org`, an organisation) whose snapshot is
    the engine's stored result after the subject's self-assessment of every judgement indicator."""
    declare_year()
    subject: dict[str, Any] = {"organization": w.orgs[org]} if org else {"member": w.members[key]}
    model = "member" if not org else ("grassroots" if w.orgs[org].kind == "grassroots_committee" else "cell")
    codes = [i.code for i in get_criteria_set(CRITERIA_SET).indicators(model) if i.rule is None]
    for code in codes:
        Judgement.objects.create(**subject, year=YEAR, indicator=code, verdict=verdict, by="self")
    if org:
        refresh_verdicts(YEAR, organization_ids=[w.orgs[org].pk])
        stored = StoredVerdict.objects.get(year=YEAR, organization=w.orgs[org])
    else:
        refresh_verdicts(YEAR, member_ids=[w.members[key].pk])
        stored = StoredVerdict.objects.get(year=YEAR, member=w.members[key])
    answers = {code: {"verdict": verdict, "explanation": f"Tự nhận {code}"} for code in codes}
    assessment = Assessment.objects.create(
        **subject, year=YEAR, status=AssessmentStatus.SUBMITTED, round=1, version=3, answers=answers
    )
    AssessmentRound.objects.create(
        assessment=assessment,
        number=1,
        submitted_at=timezone.now(),
        snapshot=stored.result,
        criteria_set=CRITERIA_SET,
        criteria_set_digest="sha256:test",
        as_of=datetime.date(YEAR, 11, 30),
        answers=answers,
        summary="Tự nhận xét: hoàn thành tốt.",
    )
    return assessment


def with_evidence(assessment: Assessment) -> Evidence:
    return Evidence.objects.create(
        assessment=assessment,
        round=1,
        indicator="2.1.j1",
        file=ContentFile(b"%PDF-1.4 test", name="minh-chung.pdf"),
        original_name="minh-chung.pdf",
        content_type="application/pdf",
        size=13,
        sha256="0" * 64,
    )


def _member_a(w: Any) -> dict[str, Any]:
    return {"pk": submitted(w).pk}


def _round_a(w: Any) -> dict[str, Any]:
    return {"pk": submitted(w).pk, "number": 1}


def _evidence_a(w: Any) -> dict[str, Any]:
    return {"pk": with_evidence(submitted(w)).pk}


def _elsewhere(w: Any) -> dict[str, Any]:
    submitted(w, "member_b")
    submitted(w, "member_c")
    return {}


# The appraisal page: only the secretary of cell A; others covering A see it exists (403).
APPRAISE_A = expect(404, secretary_a=200, office=403, supervisor_a=403, standing=403, reviewer=403, member_a=403)
# Reading a round: the member themself and staff covering cell A.
READ_A = expect(404, member_a=200, secretary_a=200, office=200, supervisor_a=200, standing=200, reviewer=200)
QUEUE = expect(403, secretary_a=200, office=200, reviewer=200, outsider=200)
LIST = expect(403, secretary_a=200, office=200, supervisor_a=200, standing=200, reviewer=200, outsider=200)


def _with(statuses: dict[str, int], value: int) -> dict[str, int]:
    return {persona: value if status == 200 else status for persona, status in statuses.items()}


MATRIX = {
    "assessments:appraisal_queue": Case(QUEUE, kwargs=_elsewhere, query=f"year={YEAR}", absent=lambda w: NOT_A),
    "assessments:appraisal_list": Case(LIST, kwargs=_elsewhere, query=f"year={YEAR}"),
    "assessments:appraisal_detail": Case(APPRAISE_A, kwargs=_member_a, absent=lambda w: NOT_A),
    "assessments:appraisal_round": Case(READ_A, kwargs=_round_a, absent=lambda w: NOT_A),
    "assessments:appraisal_evidence": Case(READ_A, kwargs=_evidence_a),
}

POST_MATRIX = {
    "assessments:appraisal_detail": Case(
        _with(APPRAISE_A, 302),
        kwargs=_member_a,
        data=lambda w: {"version": "3", "action": "return", "reason": "Thiếu minh chứng"},
    ),
}
