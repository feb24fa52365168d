"""Issuing and revoking recognition decisions: who may, what is refused (in Vietnamese), what is written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from bontot.assessments.models import AssessmentStatus, Proposal, RegistrationStatus
from bontot.core.models import AuditLog
from bontot.decisions import selectors, services
from bontot.decisions.models import IMMUTABLE, Decision, DecisionEntry
from bontot.facts.models import Complaint
from bontot.notifications.models import Notification

from .factories import ISSUED_ON, YEAR, header, issue, ready


@pytest.fixture
def two(world):
    """member_a and cell A, appraised and proposed for recognition."""
    return [ready(member=world.members["member_a"]), ready(organization=world.a)]


def _refused(world, assessments, match, **overrides):
    with pytest.raises(ValidationError, match=match):
        issue(world, assessments, **overrides)
    assert not Decision.objects.exists()


def test_it_issues_a_decision_for_member_a_and_cell_a(world, two, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = issue(world, two)
    assert decision.issuer == world.du and decision.number_year == 2025
    assert decision.issuer_name == "ĐẢNG ỦY XÃ THỬ NGHIỆM"
    assert decision.superior_name == "THÀNH ỦY THỬ NGHIỆM"
    assert decision.signer_title == "BÍ THƯ"
    assert decision.recipient_lines == ["- Như Điều 3;", "- Lưu VP."]
    entries = list(decision.entries.order_by("position"))
    # The cell's own line first, then its members.
    assert [(e.position, e.name, e.organization_name) for e in entries] == [
        (1, "Chi bộ thôn An Hòa", "Đảng ủy xã Thử Nghiệm"),
        (2, "Nguyễn Văn An", "Chi bộ thôn An Hòa"),
    ]
    for assessment in two:
        assessment.refresh_from_db()
        assert (assessment.status, assessment.version) == (AssessmentStatus.RECOGNISED, 1)
        row = AuditLog.objects.get(object_type="assessments.assessment", object_id=str(assessment.pk))
        assert row.action == "assessments.assessment.recognised"
        assert row.actor == world.users["standing"]
        assert (row.data["from"], row.data["to"], row.data["decision"]) == ("appraised", "recognised", "15-QĐ/ĐU")
    issued = AuditLog.objects.get(action="decisions.decision.issued", object_id=str(decision.pk))
    assert issued.organization_path == world.du.path
    note = Notification.objects.get(user=world.users["member_a"], kind="decision.recognised")
    assert note.text == (
        "Đảng viên Nguyễn Văn An: Đã được công nhận “Đảng viên bốn tốt” năm 2024 "
        "theo Quyết định số 15-QĐ/ĐU ngày 05/01/2025."
    )
    # The cell's self-assessors (its secretary) hear about the cell.
    assert Notification.objects.filter(user=world.users["secretary_a"], text__contains="Chi bộ bốn tốt").exists()
    found = selectors.recognition_of(YEAR, member_id=world.members["member_a"].pk)
    assert found is not None and found.decision == decision


def test_it_refuses_a_decision_before_appraisal(world):
    submitted = ready(member=world.members["member_a"], status=AssessmentStatus.SUBMITTED)
    _refused(
        world,
        [submitted],
        "Đảng viên Nguyễn Văn An: bản tự đánh giá chưa được thẩm định .*trước khi thẩm định",
    )


def test_it_refuses_a_subject_not_proposed_for_recognition(world):
    row = ready(member=world.members["member_a"], proposal=Proposal.NOT_RECOGNISE)
    _refused(world, [row], "Đảng viên Nguyễn Văn An: cấp thẩm định không đề nghị công nhận")


def test_it_refuses_recognising_an_unregistered_subject(world):
    row = ready(member=world.members["member_a"], registered=False)
    _refused(world, [row], "Nguyễn Văn An chưa có đăng ký xây dựng mô hình năm 2024 được chấp nhận")


def test_it_refuses_a_subject_whose_late_registration_is_still_pending(world):
    row = ready(member=world.members["member_a"])
    row_registration = world.members["member_a"]
    from bontot.assessments.models import Registration

    Registration.objects.filter(member=row_registration).update(status=RegistrationStatus.PENDING, late=True)
    _refused(world, [row], "chưa có đăng ký xây dựng mô hình")


def test_it_refuses_a_held_subject_naming_the_hold(world):
    row = ready(member=world.members["member_a"])
    Complaint.objects.create(
        organization=world.a,
        received_on=datetime.date(2024, 12, 20),
        kind="complaint",
        concerns="assessment",
        about_member=world.members["member_a"],
        year=YEAR,
    )
    _refused(world, [row], r"Nguyễn Văn An: Tạm dừng xét công nhận: có đơn khiếu nại chưa giải quyết .*20/12/2024")


def test_it_recognises_again_once_the_complaint_is_resolved(world):
    row = ready(member=world.members["member_a"])
    Complaint.objects.create(
        organization=world.a,
        received_on=datetime.date(2024, 12, 20),
        resolved_on=datetime.date(2024, 12, 30),
        kind="complaint",
        concerns="assessment",
        about_member=world.members["member_a"],
        year=YEAR,
    )
    assert issue(world, [row]).entries.count() == 1


def test_it_refuses_a_subject_already_recognised_by_a_decision_in_force(world, two):
    issue(world, two[:1])
    with pytest.raises(
        ValidationError, match="Nguyễn Văn An đã được công nhận theo Quyết định số 15-QĐ/ĐU ngày 05/01/2025"
    ):
        issue(world, two[:1], number="16-QĐ/ĐU")


def test_it_refuses_a_duplicate_number_of_the_issuer_in_the_year_whatever_the_case(world, two):
    issue(world, two[:1])
    with pytest.raises(ValidationError, match="Số quyết định 15-qđ/đu đã được Đảng ủy xã Thử Nghiệm dùng"):
        issue(world, two[1:], number="15-qđ/đu")
    assert Decision.objects.count() == 1
    two[1].refresh_from_db()
    assert two[1].status == AssessmentStatus.APPRAISED


def test_it_allows_the_same_number_in_another_issue_year(world, two):
    issue(world, two[:1], issued_on=datetime.date(2024, 12, 28))
    assert issue(world, two[1:]).number == "15-QĐ/ĐU"


def test_the_database_refuses_a_duplicate_number(world, two):
    decision = issue(world, two[:1])
    copy = Decision(
        **{f.attname: getattr(decision, f.attname) for f in Decision._meta.concrete_fields if f.name != "id"}
    )
    copy.number, copy.number_key = "15-qđ/đu", "15-QĐ/ĐU"
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_it_refuses_a_subject_of_another_issuer(world):
    """DU2's member is outside the standing committee's subtree: refused without naming them (review F1)."""
    row = ready(member=world.members["member_c"])
    _refused(world, [row], "Không tìm thấy một số bản tự đánh giá đã chọn")


def test_it_refuses_the_grassroots_committee_itself(world):
    """DU's own recognition is decided by the superior's standing committee, not by DU's."""
    row = ready(organization=world.du)
    _refused(world, [row], "Đảng ủy xã Thử Nghiệm không thuộc thẩm quyền")


def test_it_refuses_the_office_the_wrong_body(world, two):
    with pytest.raises(PermissionDenied, match="Chỉ Ban Thường vụ Đảng ủy xã Thử Nghiệm"):
        issue(world, two, actor="office")
    with pytest.raises(PermissionDenied):
        issue(world, two, actor="reviewer")  # a grant above reads, it does not decide
    assert not Decision.objects.exists()


def test_it_refuses_an_empty_list_a_future_date_and_a_date_before_the_year(world, two):
    _refused(world, [], "Chọn ít nhất một đối tượng")
    _refused(world, two, "Ngày ban hành không được sau ngày hôm nay", issued_on=datetime.date(2999, 1, 1))
    _refused(world, two, "Ngày ban hành không được trước năm đánh giá", issued_on=datetime.date(2023, 12, 31))


def test_it_refuses_an_assessment_of_another_year(world):
    row = ready(member=world.members["member_a"], year=2023)
    _refused(world, [row], "bản tự đánh giá là của năm 2023, không phải năm 2024")


def test_it_refuses_a_stale_version(world, two):
    with pytest.raises(
        ValidationError, match="Đã có người khác cập nhật bản tự đánh giá của Đảng viên Nguyễn Văn An; tải lại trang"
    ):
        services.issue_decision(
            issuer=world.du,
            year=YEAR,
            assessment_ids=[two[0].pk],
            versions={two[0].pk: 7},
            actor=world.users["standing"],
            **header(),
        )


def test_it_names_every_refused_subject_at_once(world):
    rows = [
        ready(member=world.members["member_a"], status=AssessmentStatus.RETURNED),
        ready(member=world.members["other_a"], registered=False),
    ]
    with pytest.raises(ValidationError) as caught:
        issue(world, rows)
    assert len(caught.value.messages) == 2


def test_it_freezes_the_names_of_the_issue_date(world, two):
    decision = issue(world, two)
    world.du.name = "Đảng ủy phường Mới"
    world.du.save()
    world.members["member_a"].full_name = "Nguyễn Văn Ân"
    world.members["member_a"].save()
    decision.refresh_from_db()
    assert decision.issuer_name == "ĐẢNG ỦY XÃ THỬ NGHIỆM"
    assert decision.entries.get(member=world.members["member_a"]).name == "Nguyễn Văn An"


def test_it_names_the_superiors_successor_when_the_superior_closed(world, two):
    from bontot.organizations.models import Organization

    city = Organization.objects.create(
        code="DN", name="Thành ủy Đà Nẵng", kind="superior_committee", valid_from=datetime.date(2024, 7, 1), path="/DN/"
    )
    Organization.objects.filter(pk=world.orgs["SUP"].pk).update(valid_to=datetime.date(2024, 6, 30), successor=city)
    assert issue(world, two).superior_name == "THÀNH ỦY ĐÀ NẴNG"


def test_an_issued_decision_cannot_be_edited_or_deleted(world, two):
    decision = issue(world, two)
    decision.number = "99-QĐ/ĐU"
    with pytest.raises(ValidationError, match="Quyết định đã ban hành không thể sửa; hãy ban hành quyết định mới"):
        decision.save()
    with pytest.raises(ValidationError, match="không thể sửa"):
        decision.delete()
    entry = decision.entries.get(position=1)
    with pytest.raises(ValidationError, match="không thể sửa"):
        entry.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(number="99-QĐ/ĐU")  # the trigger
    with pytest.raises(DatabaseError), transaction.atomic():
        DecisionEntry.objects.filter(pk=entry.pk).update(name="Ai khác")
    decision.refresh_from_db()
    assert decision.number == "15-QĐ/ĐU"
    assert IMMUTABLE.startswith("Quyết định đã ban hành không thể sửa")


def test_deleting_the_author_account_still_works(world, two):
    decision = issue(world, two)
    Decision.objects.filter(pk=decision.pk).update(created_by=None, updated_by=None)  # SET_NULL's update
    decision.refresh_from_db()
    assert decision.created_by is None


def test_it_revokes_by_a_new_decision_keeping_both(world, two, django_capture_on_commit_callbacks):
    old = issue(world, two)
    with django_capture_on_commit_callbacks(execute=True):
        new = services.revoke_decision(
            old,
            assessment_ids=[two[1].pk],  # the cell stays recognised; member_a was a mistake
            reason="Nhầm đảng viên",
            actor=world.users["standing"],
            **header(number="16-QĐ/ĐU"),
        )
    assert Decision.objects.count() == 2
    assert new.revokes == old and new.revoke_reason == "Nhầm đảng viên"
    assert list(selectors.decisions_in_force()) == [new]
    member, cell = two
    member.refresh_from_db()
    cell.refresh_from_db()
    assert (member.status, member.version) == (AssessmentStatus.APPRAISED, 2)
    assert (cell.status, cell.version) == (AssessmentStatus.RECOGNISED, 1)
    assert selectors.recognition_of(YEAR, member_id=world.members["member_a"].pk) is None
    kept = selectors.recognition_of(YEAR, organization_id=world.a.pk)
    assert kept is not None and kept.decision == new
    assert old.entries.count() == 2 and new.entries.count() == 1
    revoked = AuditLog.objects.get(action="decisions.decision.revoked", object_id=str(old.pk))
    assert revoked.data["reason"] == "Nhầm đảng viên" and revoked.data["by"] == new.pk
    back = AuditLog.objects.get(action="assessments.assessment.recognition_revoked", object_id=str(member.pk))
    assert (back.data["from"], back.data["to"], back.data["reason"]) == ("recognised", "appraised", "Nhầm đảng viên")
    note = Notification.objects.get(user=world.users["member_a"], kind="decision.revoked")
    assert (
        "Quyết định số 15-QĐ/ĐU ngày 05/01/2025" in note.text
        and "đã bị thu hồi theo Quyết định số 16-QĐ/ĐU" in note.text
    )
    # The subject sent back can be recognised again by a later decision.
    again = issue(world, [member], number="17-QĐ/ĐU")
    assert again.entries.count() == 1


def test_it_revokes_with_an_empty_list(world, two):
    old = issue(world, two)
    new = services.revoke_decision(
        old, assessment_ids=[], reason="Ban hành sai thẩm quyền", actor=world.users["standing"], **header(number="16")
    )
    assert new.entries.count() == 0
    assert all(a.status == AssessmentStatus.APPRAISED for a in type(two[0]).objects.filter(pk__in=[a.pk for a in two]))


def test_it_refuses_to_revoke_twice_without_reason_or_by_the_office(world, two):
    old = issue(world, two)
    with pytest.raises(ValidationError, match="Phải ghi lý do thu hồi"):
        services.revoke_decision(
            old, assessment_ids=[], reason=" ", actor=world.users["standing"], **header(number="16")
        )
    with pytest.raises(PermissionDenied):
        services.revoke_decision(old, assessment_ids=[], reason="x", actor=world.users["office"], **header(number="16"))
    new = services.revoke_decision(
        old, assessment_ids=[], reason="x", actor=world.users["standing"], **header(number="16")
    )
    with pytest.raises(ValidationError, match=f"Quyết định số 15-QĐ/ĐU ngày 05/01/2025 đã bị thu hồi bởi {new}"):
        services.revoke_decision(
            old, assessment_ids=[], reason="x", actor=world.users["standing"], **header(number="17")
        )


def test_a_superuser_may_issue(world, two):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", password="x")  # noqa: S106
    decision = services.issue_decision(
        issuer=world.du, year=YEAR, assessment_ids=[a.pk for a in two], actor=admin, **header()
    )
    assert decision.created_by == admin


def test_it_issues_on_the_issue_date_given(world, two):
    assert issue(world, two).issued_on == ISSUED_ON


def test_the_superiors_standing_committee_decides_a_grassroots_committee(world):
    from django.contrib.auth import get_user_model

    from bontot.organizations.models import Role, RoleAssignment

    user = get_user_model().objects.create_user("btv_thanh_uy")
    RoleAssignment.objects.create(
        user=user, organization=world.orgs["SUP"], role=Role.STANDING_COMMITTEE, start=datetime.date(2000, 1, 1)
    )
    row = ready(organization=world.du)
    decision = services.issue_decision(
        issuer=world.orgs["SUP"], year=YEAR, assessment_ids=[row.pk], actor=user, **header(number="3-QĐ/TU")
    )
    assert (decision.issuer_name, decision.superior_name) == ("THÀNH ỦY THỬ NGHIỆM", "")
    assert decision.entries.get().model_label == "Đảng bộ cơ sở bốn tốt"
    with pytest.raises(ValidationError, match="Nguyễn Văn An không thuộc thẩm quyền quyết định công nhận của Thành ủy"):
        services.issue_decision(
            issuer=world.orgs["SUP"],
            year=YEAR,
            assessment_ids=[ready(member=world.members["member_a"]).pk],
            actor=user,
            **header(number="4-QĐ/TU"),
        )


def test_a_committee_issues_through_its_executive_committee():
    from bontot.decisions.services import body_name

    assert body_name("Đảng bộ xã Tam Thăng") == "ĐẢNG ỦY XÃ TAM THĂNG"
    assert body_name("Đảng bộ phường Bàn Thạch") == "ĐẢNG ỦY PHƯỜNG BÀN THẠCH"
    assert body_name("Thành ủy Tam Kỳ") == "THÀNH ỦY TAM KỲ"
    assert body_name("Chi bộ thôn Vĩnh Bình") == "CHI BỘ THÔN VĨNH BÌNH"
