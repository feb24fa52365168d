"""The demo's 2024 cycle caught in the middle, built through the workflow's own services by the demo logins.

Chi bộ thôn Vĩnh Bình (TT-CB-VB in 2024) shows every state: the demo member and three colleagues recognised by
Quyết định số 15-QĐ/ĐU of Đảng ủy xã Tam Thăng (signed by `btv`), two appraised and waiting for a decision
(one of them held by an open complaint about the assessment), one returned for more evidence, three
submitted and waiting for `bithu.vinhbinh`, two still drafting, and one late registration waiting for the
secretary. The cell itself is appraised by `vanphong` with a proposal to recognise (waiting for `btv`), and
Đảng ủy xã Tam Thăng is submitted (waiting for `bantochuc`).

Answers repeat the bundle's own self-assessment judgements, so the engine's verdicts of the demo do not
change. Running it again changes nothing: the cycle is built only when the year has no assessment yet.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from bontot.assessments.models import Assessment, Judgement, JudgementBy, Registration, RegistrationStatus
from bontot.assessments.services import register_subject
from bontot.assessments.services_appraisal import conclude_appraisal, return_assessment
from bontot.assessments.services_self import (
    criteria_of,
    judgement_indicators,
    model_of,
    save_answers,
    start_assessment,
    submit_assessment,
)
from bontot.core.records import save_record
from bontot.criteria.models import StoredVerdict
from bontot.decisions.models import Decision, SigningMode
from bontot.decisions.services import issue_decision
from bontot.facts.models import Complaint, ComplaintConcerns
from bontot.members.models import Member
from bontot.organizations.models import Organization

YEAR = 2024
CELL = "TT-CB-VB"  # Chi bộ thôn Vĩnh Bình in 2024
COMMITTEE = "DU-TT"  # Đảng ủy xã Tam Thăng
DECISION_NUMBER = "15-QĐ/ĐU"
DECISION_DAY = datetime.date(2025, 1, 6)
LATE_REGISTRATION_DAY = datetime.date(2024, 2, 2)
COMPLAINT_DAY = datetime.date(2025, 8, 4)
RETURN_REASON = (
    "Đề nghị bổ sung minh chứng việc tham gia sinh hoạt tại nơi cư trú (nhận xét của chi ủy nơi cư trú) "
    "và nêu rõ kết quả thực hiện nhiệm vụ được giao trong năm."
)

SUMMARY = "Tự nhận thấy đã thực hiện đầy đủ các tiêu chí của mô hình “bốn tốt” năm 2024."


@dataclass(frozen=True)
class WorkflowSummary:
    assessments: int
    decisions: int


def _users() -> dict[str, Any]:
    names = ("dangvien.vinhbinh", "bithu.vinhbinh", "vanphong", "btv")
    found = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    missing = sorted(set(names) - set(found))
    if missing:
        raise LookupError(f"the demo workflow needs the demo logins first: {', '.join(missing)}")
    return found


def _bundle_judgements(assessment: Assessment, by: str) -> dict[str, tuple[str, str]]:
    """The bundle's judgements of the subject's year by `by`: {indicator: (verdict, note)}."""
    rows = Judgement.objects.filter(
        year=assessment.year, by=by, member=assessment.member, organization=assessment.organization
    ).values_list("indicator", "verdict", "note")
    return {indicator: (verdict, note) for indicator, verdict, note in rows}


def _answers(assessment: Assessment) -> dict[str, dict[str, str]]:
    """Every judgement indicator answered as the bundle's self-assessment judged and explained it, so that
    submitting writes back the very judgements the bundle holds (a second `seed_demo` changes nothing)."""
    subject = assessment.member or assessment.organization
    assert subject is not None
    model = model_of(subject)
    assert model is not None
    own = _bundle_judgements(assessment, JudgementBy.SELF)
    answers = {}
    for indicator in judgement_indicators(criteria_of(assessment.year), model):
        verdict, note = own.get(indicator.code, ("pass", ""))
        answers[indicator.code] = {"verdict": verdict, "explanation": note or "Đã thực hiện đầy đủ."}
    return answers


def _submitted(subject: Member | Organization, actor: Any) -> Assessment:
    if isinstance(subject, Member):
        assessment = start_assessment(YEAR, member=subject, actor=actor)
    else:
        assessment = start_assessment(YEAR, organization=subject, actor=actor)
    assessment = save_answers(
        assessment, answers=_answers(assessment), summary=SUMMARY, version=assessment.version, actor=actor
    )
    return submit_assessment(assessment, version=assessment.version, actor=actor)


def _draft(member: Member, actor: Any) -> Assessment:
    assessment = start_assessment(YEAR, member=member, actor=actor)
    answers = dict(list(_answers(assessment).items())[:4])  # half done
    return save_answers(assessment, answers=answers, summary="", version=assessment.version, actor=actor)


def _appraised(assessment: Assessment, actor: Any, comment: str) -> Assessment:
    """Conclude with a proposal to recognise, agreeing where the bundle's appraiser agreed (its note kept)."""
    theirs = _bundle_judgements(assessment, JudgementBy.APPRAISER)
    opinions = {}
    for code, answer in assessment.answers.items():
        verdict, note = theirs.get(code, (answer["verdict"], ""))
        opinions[code] = {"agree": verdict == answer["verdict"], "comment": note}
    return conclude_appraisal(
        assessment,
        proposal="recognise",
        comment=comment,
        opinions=opinions,
        overrides={},
        version=assessment.version,
        actor=actor,
    )


def _cell_members(code: str) -> list[Member]:
    """The cell's 2024 members who passed the engine's checks and registered on time, by card number."""
    paths = StoredVerdict.objects.filter(
        year=YEAR, model="member", verdict="pass", organization_path__endswith=f"/{code}/"
    ).values_list("subject", flat=True)
    cards = [subject.split(":", 1)[1] for subject in paths]
    registered = set(
        Registration.objects.filter(year=YEAR, status=RegistrationStatus.ACCEPTED, late=False).values_list(
            "member_id", flat=True
        )
    )
    judged = set(
        Judgement.objects.filter(year=YEAR, by=JudgementBy.APPRAISER, member__isnull=False).values_list(
            "member_id", flat=True
        )
    )
    members = Member.objects.filter(card_no__in=cards, left_on__isnull=True).order_by("card_no")
    return [m for m in members if m.pk in registered and m.pk in judged]


def _unregistered(code: str) -> Member | None:
    cards = [
        s.split(":", 1)[1]
        for s in StoredVerdict.objects.filter(
            year=YEAR, model="member", organization_path__endswith=f"/{code}/"
        ).values_list("subject", flat=True)
    ]
    registered = Registration.objects.filter(year=YEAR, member__isnull=False).values_list("member_id", flat=True)
    return (
        Member.objects.filter(card_no__in=cards, left_on__isnull=True, user__isnull=True)
        .exclude(pk__in=registered)
        .order_by("card_no")
        .first()
    )


def _take(members: list[Member], count: int) -> list[Member]:
    taken, members[:] = members[:count], members[count:]
    return taken


def ensure_demo_workflow() -> WorkflowSummary:
    """Build the demo's 2024 cycle (see the module's docstring) unless the year already has assessments."""
    if not Assessment.objects.filter(year=YEAR).exists():
        _build()
    return WorkflowSummary(Assessment.objects.filter(year=YEAR).count(), Decision.objects.filter(year=YEAR).count())


def _build() -> None:
    users = _users()
    secretary, office, standing = (users[n] for n in ("bithu.vinhbinh", "vanphong", "btv"))
    orgs = {o.code: o for o in Organization.objects.filter(code__in=(CELL, COMMITTEE))}
    with transaction.atomic():
        pool = _cell_members(CELL)
        me = Member.objects.get(user=users["dangvien.vinhbinh"])
        pool = [m for m in pool if m.pk != me.pk]
        recognised = [_submitted(me, users["dangvien.vinhbinh"])]
        recognised += [_submitted(m, secretary) for m in _take(pool, 3)]
        waiting = [_submitted(m, secretary) for m in _take(pool, 2)]
        returned = [_submitted(m, secretary) for m in _take(pool, 1)]
        for member in _take(pool, 3):
            _submitted(member, secretary)  # waiting for the secretary's appraisal
        for member in _take(pool, 2):
            _draft(member, secretary)
        comment = "Đồng ý với bản tự đánh giá; đảng viên hoàn thành tốt nhiệm vụ, đề nghị công nhận."
        recognised = [_appraised(a, secretary, comment) for a in recognised]
        waiting = [_appraised(a, secretary, comment) for a in waiting]
        for assessment in returned:
            return_assessment(assessment, reason=RETURN_REASON, version=assessment.version, actor=secretary)
        issue_decision(
            issuer=orgs[COMMITTEE],
            year=YEAR,
            number=DECISION_NUMBER,
            issued_on=DECISION_DAY,
            place="Tam Thăng",
            signer_name="Nguyễn Văn Thành",
            signer_title="BÍ THƯ",
            signing_mode=SigningMode.ON_BEHALF,
            assessment_ids=[a.pk for a in recognised],
            recipients=["Ban Thường vụ Thành ủy (b/c);", "Các chi bộ trực thuộc;", "Đảng viên có tên;", "Lưu VP."],
            actor=standing,
            title="Về việc công nhận đảng viên đạt “Đảng viên bốn tốt” năm 2024",
        )
        # A colleague contests one waiting member's assessment: the decision on them is held.
        held = waiting[-1]
        assert held.member is not None
        save_record(
            Complaint(
                organization=held.member.organization,
                received_on=COMPLAINT_DAY,
                kind="complaint",
                concerns=ComplaintConcerns.ASSESSMENT,
                about_member=held.member,
                year=YEAR,
            ),
            actor=office,
        )
        late = _unregistered(CELL)
        if late is not None:
            register_subject(YEAR, member=late, actor=secretary, on=LATE_REGISTRATION_DAY)
        _appraised(
            _submitted(orgs[CELL], secretary), office, "Chi bộ đạt đủ các tiêu chí; đề nghị công nhận “Chi bộ bốn tốt”."
        )
        _submitted(orgs[COMMITTEE], office)


def describe(summary: WorkflowSummary) -> Iterable[str]:
    if summary.assessments:
        yield (
            f"Quy trình năm {YEAR} (dữ liệu mẫu): {summary.assessments} bản tự đánh giá ở các bước khác nhau, "
            f"{summary.decisions} quyết định công nhận ({DECISION_NUMBER})."
        )
