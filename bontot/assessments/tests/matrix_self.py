"""URL × persona matrix of the self-assessment pages: GET in `MATRIX` (core's test_url_matrix), POST in
`POST_MATRIX` (test_self_matrix_post.py). A member reads and fills in their own; the secretary of their cell
fills in on their behalf; staff covering the cell read it; nobody sees a sibling cell's."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from bontot.assessments.models import Assessment, AssessmentRound, AssessmentStatus, Evidence
from bontot.core.testing.matrix import Case, expect

from .self_files import PDF
from .self_helpers import declare, register

NOT_A = ["Phạm Văn Bảo", "Bình Phú", "Cẩm Lý", "Võ Thị Cúc"]
OWN = expect(404, member_a=200, member_b=200, secretary_a=200)
ORG_PAGE = expect(403, secretary_a=200, office=200, standing=200, outsider=200)
CELL_A = expect(404, secretary_a=200, office=200, supervisor_a=403, standing=403, reviewer=403, member_a=403)
VIEW_A = expect(404, member_a=200, secretary_a=200, supervisor_a=200, office=200, standing=200, reviewer=200)
SELF_A = expect(404, member_a=200, secretary_a=200, supervisor_a=403, office=403, standing=403, reviewer=403)


def _assessment(w, *, submitted: bool) -> Assessment:
    declare()
    register(member=w.members["member_a"])
    assessment = Assessment.objects.create(
        year=2024,
        member=w.members["member_a"],
        status=AssessmentStatus.SUBMITTED if submitted else AssessmentStatus.DRAFT,
        round=1 if submitted else 0,
    )
    if submitted:
        AssessmentRound.objects.create(
            assessment=assessment,
            number=1,
            submitted_at=timezone.now(),
            snapshot={"subject": "member:A-001", "model": "member", "verdict": "pending", "criteria": []},
            criteria_set="kh-63-ku-2023",
            criteria_set_digest="sha256:x",
            as_of=datetime.date(2024, 12, 1),
        )
    evidence = Evidence(
        assessment=assessment, round=assessment.round + (0 if submitted else 1), indicator="2.1.j1",
        original_name="bien-ban.pdf", content_type="application/pdf", size=len(PDF), sha256="0" * 64,
    )  # fmt: skip
    evidence.file.save("matrix.pdf", ContentFile(PDF), save=False)
    evidence.save()
    return assessment


def _submitted(w):
    return {"pk": _assessment(w, submitted=True).pk}


def _draft(w):
    return {"pk": _assessment(w, submitted=False).pk}


def _round(w):
    return {"pk": _assessment(w, submitted=True).pk, "number": 1}


def _evidence(w):
    return {"pk": _assessment(w, submitted=True).evidence.get().pk}


def _draft_evidence(w):
    return {"pk": _assessment(w, submitted=False).evidence.get().pk}


def _with(statuses, value):
    return {persona: value if status == 200 else status for persona, status in statuses.items()}


MATRIX = {
    "assessments:self_mine": Case(OWN, query="year=2024", absent=lambda w: ["Trần Thị Ánh", "Cẩm Lý"]),
    "assessments:self_orgs": Case(ORG_PAGE, query="year=2024", absent=lambda w: ["Võ Thị Cúc"]),
    "assessments:self_cell": Case(
        CELL_A, kwargs=lambda w: {"org_pk": w.a.pk}, query="year=2024", absent=lambda w: NOT_A
    ),
    "assessments:self_detail": Case(VIEW_A, kwargs=_submitted, absent=lambda w: NOT_A),
    "assessments:self_form": Case(SELF_A, kwargs=_draft, absent=lambda w: NOT_A),
    "assessments:self_submit": Case(SELF_A, kwargs=_draft, absent=lambda w: NOT_A),
    "assessments:self_round": Case(VIEW_A, kwargs=_round, absent=lambda w: NOT_A),
    "assessments:self_evidence": Case(VIEW_A, kwargs=_evidence),
    "assessments:self_evidence_remove": Case(expect(405), kwargs=_draft_evidence),
}

POST_MATRIX = {
    "assessments:self_mine": Case(_with(OWN, 302), data=lambda w: {"year": "2024"}),
    "assessments:self_orgs": Case(
        expect(403, secretary_a=302, outsider=404), data=lambda w: {"year": "2024", "organization": str(w.a.pk)}
    ),
    "assessments:self_cell": Case(
        expect(404, secretary_a=302, office=403, supervisor_a=403, standing=403, reviewer=403, member_a=403),
        kwargs=lambda w: {"org_pk": w.a.pk},
        data=lambda w: {"year": "2024", "member": str(w.members["other_a"].pk)},
    ),
    "assessments:self_form": Case(
        _with(SELF_A, 302), kwargs=_draft, data=lambda w: {"version": "0", "action": "save", "summary": "Tốt"}
    ),
    "assessments:self_submit": Case(_with(SELF_A, 302), kwargs=_draft, data=lambda w: {"version": "0"}),
    "assessments:self_evidence_remove": Case(_with(SELF_A, 302), kwargs=_draft_evidence, data=lambda w: {}),
}
