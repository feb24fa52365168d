"""Self-assessment services: who may start, what a submission needs, rounds, audit rows and notifications."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bontot.assessments import services_self as svc
from bontot.assessments.models import (
    Assessment,
    AssessmentRound,
    AssessmentStatus,
    Judgement,
    RegistrationStatus,
)
from bontot.core.models import AuditLog
from bontot.criteria.models import StoredVerdict
from bontot.notifications.models import Notification

from .self_helpers import YEAR, declare, full_answers, judgement_codes, register


@pytest.fixture
def year(world):
    return declare()


@pytest.fixture
def member(world, year):
    register(member=world.members["member_a"])
    return world.members["member_a"]


def _messages(error):
    return " ".join(error.value.messages)


def _start(world, member, persona="member_a"):
    return svc.start_assessment(YEAR, member=member, actor=world.users[persona])


def _submit_ready(world, member, persona="member_a"):
    assessment = _start(world, member, persona)
    return svc.save_answers(
        assessment,
        answers=full_answers(),
        summary="Tự nhận xét",
        version=assessment.version,
        actor=world.users[persona],
    )


def test_it_starts_a_draft_once_and_audits_it(world, member):
    first = _start(world, member)
    again = _start(world, member, "secretary_a")
    assert first.pk == again.pk
    assert first.status == AssessmentStatus.DRAFT
    rows = AuditLog.objects.filter(action="assessment.started", object_id=str(first.pk))
    assert rows.count() == 1
    assert rows.get().data["to"] == "draft"
    # The form pre-fills rule indicators: the subject's result is stored at start.
    assert StoredVerdict.objects.filter(year=YEAR, member=member).exists()


def test_it_refuses_an_unregistered_subject(world, year):
    with pytest.raises(ValidationError) as error:
        _start(world, world.members["member_a"])
    assert _messages(error) == "Nguyễn Văn An chưa đăng ký xây dựng mô hình năm 2024, chưa thể tự đánh giá."
    assert not Assessment.objects.exists()


def test_it_refuses_a_late_registration_not_yet_accepted(world, year):
    register(member=world.members["member_a"], status=RegistrationStatus.PENDING)
    with pytest.raises(ValidationError) as error:
        _start(world, world.members["member_a"])
    assert _messages(error) == "Đăng ký muộn của Nguyễn Văn An chưa được cấp trên chấp nhận, chưa thể tự đánh giá."


def test_it_refuses_a_refused_registration_with_its_reason(world, year):
    register(member=world.members["member_a"], status=RegistrationStatus.REFUSED, reason="Quá hạn")
    with pytest.raises(ValidationError) as error:
        _start(world, world.members["member_a"])
    assert "không được chấp nhận (lý do: Quá hạn)" in _messages(error)


def test_it_refuses_a_year_not_declared(world):
    register(member=world.members["member_a"], year=2031)
    with pytest.raises(ValidationError) as error:
        svc.start_assessment(2031, member=world.members["member_a"], actor=world.users["member_a"])
    assert "Chưa khai báo năm đánh giá 2031" in _messages(error)


@pytest.mark.parametrize("persona", ["member_b", "office", "supervisor_a", "standing", "ended", "future"])
def test_it_refuses_a_wrong_actor(world, member, persona):
    with pytest.raises(PermissionDenied):
        _start(world, member, persona)


def test_the_secretary_starts_and_fills_on_a_members_behalf(world, year):
    other = world.members["other_a"]  # no login of their own
    register(member=other)
    assessment = _start(world, other, "secretary_a")
    saved = svc.save_answers(
        assessment, answers=full_answers(), summary="", version=0, actor=world.users["secretary_a"]
    )
    assert saved.version == 1


def test_a_cell_is_self_assessed_by_its_secretary_not_its_members(world, year):
    register(organization=world.a)
    with pytest.raises(PermissionDenied):
        svc.start_assessment(YEAR, organization=world.a, actor=world.users["member_a"])
    assessment = svc.start_assessment(YEAR, organization=world.a, actor=world.users["secretary_a"])
    assert set(svc.missing_answers({}, svc.judgement_indicators(svc.criteria_of(YEAR), "cell"))) == set(
        judgement_codes("cell")
    )
    assert assessment.organization == world.a


def test_a_draft_may_be_partial_but_unknown_indicators_are_refused(world, member):
    assessment = _start(world, member)
    partial = svc.save_answers(
        assessment, answers={"2.1.j1": {"verdict": "pass", "explanation": ""}}, summary="", version=0,
        actor=world.users["member_a"],
    )  # fmt: skip
    assert partial.answers == {"2.1.j1": {"verdict": "pass", "explanation": ""}}
    with pytest.raises(ValidationError) as error:
        svc.save_answers(
            partial, answers={"1.1.j1": {"verdict": "pass"}}, summary="", version=1, actor=world.users["member_a"]
        )
    assert error.value.message_dict == {"1.1.j1": ["Chỉ báo 1.1.j1 không phải chỉ báo tự đánh giá của đối tượng này."]}
    with pytest.raises(ValidationError):
        svc.save_answers(
            partial, answers={"2.1.j1": {"verdict": "maybe"}}, summary="", version=1, actor=world.users["member_a"]
        )


def test_it_refuses_a_stale_version(world, member):
    assessment = _start(world, member)
    svc.save_answers(assessment, answers={}, summary="một", version=0, actor=world.users["member_a"])
    with pytest.raises(ValidationError) as error:
        svc.save_answers(assessment, answers={}, summary="hai", version=0, actor=world.users["secretary_a"])
    assert _messages(error) == svc.STALE
    assessment.refresh_from_db()
    assert assessment.summary == "một"


def test_a_submission_needs_every_explanation(world, member):
    assessment = _start(world, member)
    answers = full_answers()
    answers["2.3.j2"]["explanation"] = "   "
    del answers["2.4.j3"]
    saved = svc.save_answers(assessment, answers=answers, summary="", version=0, actor=world.users["member_a"])
    with pytest.raises(ValidationError) as error:
        svc.submit_assessment(saved, version=saved.version, actor=world.users["member_a"])
    assert error.value.message_dict == {
        "2.3.j2": ["Chỉ báo 2.3.j2: phải ghi giải trình (căn cứ tự đánh giá)."],
        "2.4.j3": ["Chỉ báo 2.4.j3: chưa chọn Đạt hoặc Không đạt."],
    }
    assert not AssessmentRound.objects.exists()
    assert not Judgement.objects.exists()


def test_it_submits_a_frozen_round_with_judgements_and_tells_the_appraiser(
    world, member, django_capture_on_commit_callbacks
):
    saved = _submit_ready(world, member)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = svc.submit_assessment(saved, version=saved.version, actor=world.users["member_a"])
    assert submitted.status == AssessmentStatus.SUBMITTED
    assert submitted.round == 1
    judgements = {j.indicator: (j.verdict, j.by, j.note) for j in Judgement.objects.filter(member=member)}
    assert judgements == {code: ("pass", "self", f"Căn cứ {code}") for code in judgement_codes("member")}
    frozen = AssessmentRound.objects.get(assessment=submitted)
    stored = StoredVerdict.objects.get(year=YEAR, member=member)
    assert frozen.number == 1
    assert frozen.snapshot == stored.result
    assert (frozen.criteria_set, frozen.criteria_set_digest, frozen.as_of) == (
        stored.criteria_set, stored.criteria_set_digest, stored.as_of,
    )  # fmt: skip
    assert frozen.answers == full_answers()
    # The engine already reads the self-assessment.
    explanations = {
        i["code"]: i["explanation"]
        for c in stored.result["criteria"]
        for i in c["indicators"]
        if i["source"] == "judgement"
    }
    assert explanations["2.1.j1"] == "Tự đánh giá (chưa thẩm định): Đạt — Căn cứ 2.1.j1."
    audit = AuditLog.objects.get(action="assessment.submitted")
    assert audit.data["from"] == "draft" and audit.data["to"] == "submitted" and audit.data["round"] == 1
    assert audit.actor == world.users["member_a"]
    notes = Notification.objects.filter(kind="assessment.submitted")
    assert [n.user for n in notes] == [world.users["secretary_a"]]
    assert "Nguyễn Văn An" in notes[0].text and notes[0].url.endswith(f"/{submitted.pk}/")


def test_a_submitted_assessment_is_closed_with_who_and_when(world, member):
    saved = _submit_ready(world, member)
    submitted = svc.submit_assessment(saved, version=saved.version, actor=world.users["member_a"])
    with pytest.raises(ValidationError) as error:
        svc.save_answers(submitted, answers={}, summary="", version=submitted.version, actor=world.users["member_a"])
    text = _messages(error)
    assert text.startswith("Bản tự đánh giá đã được nộp bởi member_a lúc ")
    assert text.endswith(", không thể sửa.")
    with pytest.raises(ValidationError) as error:
        svc.submit_assessment(submitted, version=submitted.version, actor=world.users["secretary_a"])
    assert "không thể nộp" in _messages(error)
    assert AssessmentRound.objects.count() == 1


def test_a_returned_assessment_is_edited_and_resubmitted_as_round_2(world, member):
    saved = _submit_ready(world, member)
    submitted = svc.submit_assessment(saved, version=saved.version, actor=world.users["member_a"])
    # What the appraisal side does on return (services_appraisal): the status and the round's reason.
    first = AssessmentRound.objects.get(assessment=submitted)
    from django.utils import timezone

    first.returned_at, first.returned_by, first.return_reason = timezone.now(), world.users["secretary_a"], "Bổ sung"
    first.save()
    Assessment.objects.filter(pk=submitted.pk).update(status=AssessmentStatus.RETURNED, version=submitted.version + 1)
    submitted.refresh_from_db()
    answers = full_answers()
    answers["2.2.j1"] = {"verdict": "fail", "explanation": "Chưa hoàn thành"}
    edited = svc.save_answers(
        submitted, answers=answers, summary="Sửa", version=submitted.version, actor=world.users["member_a"]
    )
    assert edited.status == AssessmentStatus.RETURNED
    again = svc.submit_assessment(edited, version=edited.version, actor=world.users["member_a"])
    assert again.round == 2 and again.status == AssessmentStatus.SUBMITTED
    rounds = list(AssessmentRound.objects.filter(assessment=again).order_by("number"))
    assert [r.number for r in rounds] == [1, 2]
    assert rounds[0].answers["2.2.j1"]["verdict"] == "pass"
    assert rounds[0].return_reason == "Bổ sung"
    assert rounds[1].answers["2.2.j1"]["verdict"] == "fail"
    assert Judgement.objects.get(member=member, indicator="2.2.j1").verdict == "fail"
    assert AuditLog.objects.filter(action="assessment.submitted", data__from="returned").exists()


@pytest.mark.parametrize("persona", ["member_b", "office", "supervisor_a", "reviewer"])
def test_it_refuses_a_wrong_actor_on_save_and_submit(world, member, persona):
    saved = _submit_ready(world, member)
    with pytest.raises(PermissionDenied):
        svc.save_answers(saved, answers={}, summary="", version=saved.version, actor=world.users[persona])
    with pytest.raises(PermissionDenied):
        svc.submit_assessment(saved, version=saved.version, actor=world.users[persona])
    assert not AssessmentRound.objects.exists()


def test_a_cells_submission_goes_to_the_office_above(world, year, django_capture_on_commit_callbacks):
    register(organization=world.a)
    secretary = world.users["secretary_a"]
    draft = svc.start_assessment(YEAR, organization=world.a, actor=secretary)
    saved = svc.save_answers(draft, answers=full_answers("cell"), summary="", version=0, actor=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = svc.submit_assessment(saved, version=saved.version, actor=secretary)
    frozen = AssessmentRound.objects.get(assessment=submitted)
    assert frozen.snapshot["subject"] == "org:A" and frozen.snapshot["model"] == "cell"
    assert [n.user for n in Notification.objects.filter(kind="assessment.submitted")] == [world.users["office"]]
