"""Appraisal transitions: who may appraise, the status and version checks, reasons, overrides, audit rows
and notifications."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from bontot.assessments import services_appraisal as services
from bontot.assessments.models import Assessment, AssessmentStatus, Judgement
from bontot.core.models import AuditLog
from bontot.criteria.models import StoredVerdict
from bontot.notifications.models import Notification
from bontot.organizations.models import Role, RoleAssignment

from .matrix_appraisal import submitted

pytestmark = pytest.mark.django_db


def audits(assessment, action=None):
    rows = AuditLog.objects.filter(object_type="assessments.assessment", object_id=str(assessment.pk))
    return rows.filter(action=action) if action else rows


def conclude(assessment, actor, **changes):
    args = {
        "proposal": "recognise",
        "comment": "Hoàn thành tốt",
        "opinions": {},
        "overrides": {},
        "version": assessment.version,
        "actor": actor,
    }
    return services.conclude_appraisal(assessment, **{**args, **changes})


def stored(world, key="member_a"):
    return StoredVerdict.objects.get(year=2024, member=world.members[key])


@pytest.fixture
def other_secretary(world):
    """The secretary of cell B: a secretary, but of another cell."""
    user = get_user_model().objects.create_user(username="secretary_b", password="x")  # noqa: S106
    RoleAssignment.objects.create(user=user, organization=world.b, role=Role.CELL_SECRETARY, start=world.a.valid_from)
    return user


# ---- who may appraise


@pytest.mark.parametrize("persona", ["office", "standing", "supervisor_a", "reviewer", "outsider", "ended"])
def test_it_refuses_an_appraisal_by_a_role_that_does_not_appraise_the_member(world, persona):
    # member_a on their own assessment: test_review_fixes.py (nobody appraises themselves)
    assessment = submitted(world)
    competent = "Chỉ cấp có thẩm quyền mới thẩm định .*Bí thư chi bộ / Chi ủy — Chi bộ thôn An Hòa"
    with pytest.raises(PermissionDenied, match=competent):
        conclude(assessment, world.users[persona])
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED
    assert not audits(assessment).exists()


def test_it_refuses_an_appraisal_by_the_secretary_of_another_cell(world, other_secretary):
    assessment = submitted(world)
    for call in (
        lambda: conclude(assessment, other_secretary),
        lambda: services.return_assessment(assessment, reason="x", version=3, actor=other_secretary),
        lambda: services.save_opinions(assessment, opinions={}, version=3, actor=other_secretary),
    ):
        with pytest.raises(PermissionDenied, match="Chỉ cấp có thẩm quyền mới thẩm định bản tự đánh giá này"):
            call()
    assert not audits(assessment).exists()


def test_it_lets_the_office_appraise_a_cell_and_the_reviewer_a_grassroots_committee(world):
    cell = submitted(world, org="A")
    with pytest.raises(PermissionDenied):
        services.return_assessment(cell, reason="Thiếu", version=3, actor=world.users["secretary_a"])
    assert services.return_assessment(cell, reason="Thiếu", version=3, actor=world.users["office"]).status == "returned"
    committee = submitted(world, org="DU")
    with pytest.raises(PermissionDenied):
        services.return_assessment(committee, reason="Thiếu", version=3, actor=world.users["office"])
    done = services.return_assessment(committee, reason="Thiếu", version=3, actor=world.users["reviewer"])
    assert done.status == "returned"


# ---- opinions


def test_it_saves_opinions_on_the_current_round_and_bumps_the_version(world):
    assessment = submitted(world)
    secretary = world.users["secretary_a"]
    done = services.save_opinions(
        assessment,
        opinions={"2.1.j1": {"agree": False, "comment": "Chưa có minh chứng"}, "2.3.a": {"agree": True}},
        version=3,
        actor=secretary,
    )
    assert (done.version, done.status) == (4, AssessmentStatus.SUBMITTED)
    current = done.rounds.get(number=1)
    assert current.opinions == {
        "2.1.j1": {"agree": False, "comment": "Chưa có minh chứng"},
        "2.3.a": {"agree": True, "comment": ""},
    }
    row = audits(assessment, "assessments.appraisal.opinions").get()
    assert row.actor == secretary and row.organization_path == world.a.path
    assert (row.data["from"], row.data["to"]) == ("submitted", "submitted")


def test_it_refuses_a_disagreement_without_a_comment_and_an_unknown_indicator(world):
    assessment = submitted(world)
    with pytest.raises(ValidationError) as caught:
        services.save_opinions(
            assessment,
            opinions={"2.1.j1": {"agree": False, "comment": "  "}, "9.9.z": {"agree": True}},
            version=3,
            actor=world.users["secretary_a"],
        )
    assert caught.value.messages == [
        "Chỉ báo 2.1.j1: không đồng ý thì phải ghi nhận xét.",
        "Chỉ báo 9.9.z không có trong bản tự đánh giá.",
    ]
    assert not audits(assessment).exists()


def test_it_refuses_a_stale_version(world):
    assessment = submitted(world)
    with pytest.raises(ValidationError, match="Đã có người khác cập nhật bản này; tải lại trang."):
        services.save_opinions(assessment, opinions={}, version=2, actor=world.users["secretary_a"])
    with pytest.raises(ValidationError, match="tải lại trang"):
        services.return_assessment(assessment, reason="Thiếu", version=4, actor=world.users["secretary_a"])
    with pytest.raises(ValidationError, match="tải lại trang"):
        conclude(assessment, world.users["secretary_a"], version=2)
    assert Assessment.objects.get(pk=assessment.pk).version == 3
    assert not audits(assessment).exists()


# ---- return


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_refuses_to_return_without_a_reason(world, reason):
    assessment = submitted(world)
    with pytest.raises(ValidationError, match="Phải ghi lý do trả lại để bổ sung, chỉnh sửa."):
        services.return_assessment(assessment, reason=reason, version=3, actor=world.users["secretary_a"])
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED


def test_it_returns_with_the_reason_and_tells_the_member(world, django_capture_on_commit_callbacks):
    assessment = submitted(world)
    secretary = world.users["secretary_a"]
    with django_capture_on_commit_callbacks(execute=True):
        done = services.return_assessment(assessment, reason=" Thiếu minh chứng 2.1 ", version=3, actor=secretary)
    assert (done.status, done.version) == (AssessmentStatus.RETURNED, 4)
    current = done.rounds.get(number=1)
    assert (current.return_reason, current.returned_by) == ("Thiếu minh chứng 2.1", secretary)
    assert current.returned_at is not None
    row = audits(assessment, "assessments.appraisal.returned").get()
    expected = {"from": "submitted", "to": "returned", "reason": "Thiếu minh chứng 2.1", "round": 1}
    assert row.data.items() >= expected.items()
    note = Notification.objects.get(user=world.users["member_a"])
    assert note.kind == "assessment.returned"
    assert "đã bị trả lại để bổ sung, chỉnh sửa" in note.text and "Lý do: Thiếu minh chứng 2.1" in note.text
    assert note.url == f"/danh-gia/tham-dinh/{assessment.pk}/lan/1/"


def test_it_sends_nothing_when_the_transaction_rolls_back(world, django_capture_on_commit_callbacks):
    assessment = submitted(world)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.return_assessment(assessment, reason="", version=3, actor=world.users["secretary_a"])
    assert not Notification.objects.exists()


@pytest.mark.parametrize("status", ["draft", "returned", "appraised", "recognised"])
def test_it_only_appraises_a_submitted_assessment(world, status):
    assessment = submitted(world)
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    with pytest.raises(ValidationError, match="không thể trả lại"):
        services.return_assessment(assessment, reason="Thiếu", version=3, actor=world.users["secretary_a"])


def test_it_says_who_returned_it_and_when_to_the_second_appraiser(world):
    assessment = submitted(world)
    services.return_assessment(assessment, reason="Thiếu", version=3, actor=world.users["secretary_a"])
    with pytest.raises(ValidationError) as caught:
        conclude(assessment, world.users["secretary_a"], version=3)
    (message,) = caught.value.messages
    assert message.startswith("Bản tự đánh giá đã được trả lại để bổ sung bởi secretary_a lúc ")
    assert message.endswith(", không thể kết luận thẩm định.")


# ---- conclude


def test_it_concludes_with_the_appraisers_judgements_and_a_refreshed_verdict(world, django_capture_on_commit_callbacks):
    assessment = submitted(world)
    secretary = world.users["secretary_a"]
    with django_capture_on_commit_callbacks(execute=True):
        done = conclude(assessment, secretary, opinions={"2.1.j1": {"agree": True, "comment": "Có minh chứng"}})
    assert (done.status, done.proposal, done.appraised_by, done.version) == ("appraised", "recognise", secretary, 4)
    assert done.appraisal_comment == "Hoàn thành tốt" and done.appraised_at is not None
    appraised = Judgement.objects.filter(member=world.members["member_a"], by="appraiser")
    assert appraised.count() == 11  # every judgement indicator of the member model
    assert appraised.get(indicator="2.1.j1").note == "Có minh chứng"
    assert stored(world).verdict == "pass"
    assert "Thẩm định: Đạt — Có minh chứng." in str(stored(world).result)
    row = audits(assessment, "assessments.appraisal.concluded").get()
    expected = {"from": "submitted", "to": "appraised", "proposal": "recognise", "verdict": "pass"}
    assert row.data.items() >= expected.items()
    member_note = Notification.objects.get(user=world.users["member_a"])
    assert "đã thẩm định: Đề nghị công nhận" in member_note.text
    decider_note = Notification.objects.get(user=world.users["standing"])
    assert decider_note.kind == "assessment.pending_decision" and "xét công nhận" in decider_note.text


def test_it_writes_the_opposite_verdict_when_the_appraiser_disagrees(world):
    assessment = submitted(world)
    done = conclude(
        assessment,
        world.users["secretary_a"],
        proposal="not_recognise",
        opinions={"2.2.j1": {"agree": False, "comment": "Chậm tiến độ"}},
    )
    judgement = Judgement.objects.get(member=world.members["member_a"], by="appraiser", indicator="2.2.j1")
    assert (judgement.verdict, judgement.note) == ("fail", "Chậm tiến độ")
    assert stored(world).verdict == "fail"
    assert done.proposal == "not_recognise"
    assert not Notification.objects.filter(kind="assessment.pending_decision").exists()


def test_it_refuses_to_propose_recognition_of_a_subject_that_does_not_pass(world):
    assessment = submitted(world)
    with pytest.raises(ValidationError, match="Không thể đề nghị công nhận: kết quả sau thẩm định là “Không đạt”"):
        conclude(assessment, world.users["secretary_a"], opinions={"2.2.j1": {"agree": False, "comment": "Chậm"}})
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED
    assert not Judgement.objects.filter(by="appraiser").exists()  # rolled back with the refusal
    assert stored(world).verdict == "pass"
    assert not audits(assessment).exists()


def test_it_overrides_a_rule_verdict_with_a_reason_and_shows_it(world):
    assessment = submitted(world)
    done = conclude(
        assessment,
        world.users["secretary_a"],
        proposal="not_recognise",
        overrides={"2.3.a": {"verdict": "fail", "reason": "Vi phạm quy định nơi cư trú, chưa xử lý"}},
    )
    override = Judgement.objects.get(member=world.members["member_a"], by="appraiser", indicator="2.3.a")
    assert (override.verdict, override.note) == ("fail", "Vi phạm quy định nơi cư trú, chưa xử lý")
    item = next(i for c in stored(world).result["criteria"] for i in c["indicators"] if i["code"] == "2.3.a")
    assert item["verdict"] == "fail" and item["source"] == "rule"
    reason = "Vi phạm quy định nơi cư trú, chưa xử lý"
    assert item["override"] == {"by": "appraiser", "rule_verdict": "pass", "reason": reason}
    assert "Cấp thẩm định sửa kết quả: Đạt → Không đạt. Lý do: Vi phạm" in item["explanation"]
    row = audits(done, "assessments.appraisal.concluded").get()
    assert row.data["overrides"] == {"2.3.a": {"verdict": "fail", "reason": "Vi phạm quy định nơi cư trú, chưa xử lý"}}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"2.3.a": {"verdict": "fail", "reason": " "}}, "Sửa kết quả tính tự động của chỉ báo 2.3.a phải ghi lý do."),
        ({"2.3.a": {"verdict": "pass", "reason": "Giống"}}, "Chỉ báo 2.3.a: kết quả sửa trùng với kết quả tính tự"),
        ({"2.1.j1": {"verdict": "fail", "reason": "x"}}, "Chỉ báo 2.1.j1 không phải chỉ báo tính tự động"),
        ({"2.3.a": {"verdict": "maybe", "reason": "x"}}, "Chỉ báo 2.3.a: chọn Đạt hoặc Không đạt."),
    ],
)
def test_it_refuses_an_override_without_a_reason_or_that_changes_nothing(world, overrides, message):
    assessment = submitted(world)
    with pytest.raises(ValidationError, match=message):
        conclude(assessment, world.users["secretary_a"], proposal="not_recognise", overrides=overrides)
    assert not Judgement.objects.filter(by="appraiser").exists()
    assert not audits(assessment).exists()


def test_it_refuses_an_unknown_proposal(world):
    assessment = submitted(world)
    with pytest.raises(ValidationError, match="Chọn đề nghị công nhận hoặc không đề nghị công nhận."):
        conclude(assessment, world.users["secretary_a"], proposal="")


def test_it_leaves_one_audit_row_per_transition(world):
    assessment = submitted(world)
    secretary = world.users["secretary_a"]
    services.save_opinions(assessment, opinions={}, version=3, actor=secretary)
    conclude(assessment, secretary, version=4)
    assert list(audits(assessment).order_by("pk").values_list("action", flat=True)) == [
        "assessments.appraisal.opinions",
        "assessments.appraisal.concluded",
    ]
