"""The appraisal pages: the queue and the list (scoped, with holds, constant queries), the appraisal page
(snapshot, self answers, evidence, opinions, return, conclusion with an override), rounds and evidence."""

import datetime

import pytest
from django.urls import reverse

from bontot.assessments.models import Assessment, AssessmentStatus, Judgement
from bontot.facts.models import Complaint
from bontot.members.models import Member

from .matrix_appraisal import YEAR, submitted, with_evidence

pytestmark = pytest.mark.django_db

QUEUE = reverse("assessments:appraisal_queue")
LIST = reverse("assessments:appraisal_list")


def detail(assessment):
    return reverse("assessments:appraisal_detail", kwargs={"pk": assessment.pk})


def complaint_about(world, member):
    return Complaint.objects.create(
        organization=member.organization,
        received_on=datetime.date(2024, 12, 5),
        kind="complaint",
        concerns="assessment",
        about_member=member,
        year=YEAR,
    )


def many_submitted(world, count):
    """`count` members of cell A with a submitted assessment (no round needed by the lists)."""
    members = Member.objects.bulk_create(
        Member(
            card_no=f"Q-{n:03d}",
            full_name=f"Đảng viên Thử {n:03d}",
            birth_date=datetime.date(1980, 1, 1),
            gender="female",
            organization=world.a,
            admitted_on=datetime.date(2010, 1, 1),
        )
        for n in range(count)
    )
    Assessment.objects.bulk_create(
        Assessment(member=m, cell=world.a, year=YEAR, status=AssessmentStatus.SUBMITTED, round=1) for m in members
    )
    return members


def test_it_lists_only_the_assessments_the_secretary_appraises_in_the_queue(client, world):
    submitted(world)
    submitted(world, "member_b")
    submitted(world, org="A")  # the office's, not the secretary's
    complaint_about(world, world.members["member_a"])
    client.force_login(world.users["secretary_a"])
    body = client.get(QUEUE, {"year": YEAR}).content.decode()
    assert "Nguyễn Văn An" in body and "Thẩm định</a></td>" in body
    assert "Phạm Văn Bảo" not in body and "Chi bộ thôn An Hòa</td>" in body
    assert "Tạm dừng xét công nhận: có đơn khiếu nại chưa giải quyết (Quy định 366-QĐ/TW), nhận ngày 05/12/2024" in body
    client.force_login(world.users["office"])
    body = client.get(QUEUE, {"year": YEAR}).content.decode()
    assert "Chi bộ thôn An Hòa" in body and "Nguyễn Văn An" not in body


def test_it_filters_the_list_by_status_within_the_viewers_subtree(client, world):
    submitted(world)
    returned = submitted(world, "secretary_a")
    Assessment.objects.filter(pk=returned.pk).update(status=AssessmentStatus.RETURNED)
    submitted(world, "member_b")
    submitted(world, "member_c")
    client.force_login(world.users["secretary_a"])
    body = client.get(LIST, {"year": YEAR, "trang_thai": "returned"}).content.decode()
    assert "Lê Văn Hùng" in body and "Nguyễn Văn An" not in body
    body = client.get(LIST, {"year": YEAR}).content.decode()
    assert "Lê Văn Hùng" in body and "Nguyễn Văn An" in body
    assert "Phạm Văn Bảo" not in body and "Võ Thị Cúc" not in body
    client.force_login(world.users["standing"])
    body = client.get(LIST, {"year": YEAR, "trang_thai": "submitted"}).content.decode()
    assert "Phạm Văn Bảo" in body and "Võ Thị Cúc" not in body
    assert "Thẩm định</a></td>" not in body  # the standing committee reads, it does not appraise members


@pytest.mark.parametrize("count", [2, 25])
def test_the_queue_runs_the_same_queries_for_2_and_25_assessments(client, world, django_assert_num_queries, count):
    members = many_submitted(world, count)
    complaint_about(world, members[0])
    client.force_login(world.users["secretary_a"])
    # session, user, grants, count, page rows, holds, the bell's unread count; session saved: 3
    with django_assert_num_queries(10):
        response = client.get(QUEUE, {"year": YEAR})
    assert response.content.decode().count("Thẩm định</a></td>") == count


@pytest.mark.parametrize("count", [2, 25])
def test_the_list_runs_the_same_queries_for_2_and_25_assessments(client, world, django_assert_num_queries, count):
    many_submitted(world, count)
    client.force_login(world.users["office"])
    with django_assert_num_queries(10):
        response = client.get(LIST, {"year": YEAR, "trang_thai": "submitted"})
    assert response.content.decode().count("Xem lần nộp 1") == count


def test_it_shows_the_snapshot_the_self_answers_and_the_evidence(client, world):
    assessment = submitted(world)
    evidence = with_evidence(assessment)
    client.force_login(world.users["secretary_a"])
    body = client.get(detail(assessment)).content.decode()
    assert "Không bị kỷ luật trong năm 2024." in body  # the engine's explanation of 2.3.a
    assert "Tự nhận 2.1.j1" in body and "Tự nhận xét: hoàn thành tốt." in body
    assert reverse("assessments:appraisal_evidence", kwargs={"pk": evidence.pk}) in body
    assert "Trả lại để bổ sung" in body and "Kết luận thẩm định" in body
    assert 'name="ov-2.3.a"' in body and 'name="ov-2.1.j1"' not in body
    download = client.get(reverse("assessments:appraisal_evidence", kwargs={"pk": evidence.pk}))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert download["Content-Disposition"].startswith("attachment")


def form_data(assessment, **extra):
    return {"version": str(assessment.version), **extra}


def test_it_returns_from_the_page_and_the_member_reads_the_reason(client, world):
    assessment = submitted(world)
    client.force_login(world.users["secretary_a"])
    response = client.post(
        detail(assessment),
        form_data(
            assessment, action="return", reason="Bổ sung minh chứng", **{"op-2.1.j1": "disagree", "cm-2.1.j1": "x"}
        ),
    )
    assert response.status_code == 302
    client.force_login(world.users["member_a"])
    url = reverse("assessments:appraisal_round", kwargs={"pk": assessment.pk, "number": 1})
    body = client.get(url).content.decode()
    assert "Lý do: Bổ sung minh chứng" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "return", "reason": ""}, "Phải ghi lý do trả lại để bổ sung, chỉnh sửa."),
        ({"action": "return", "reason": "x", "version": "1"}, "Đã có người khác cập nhật bản này; tải lại trang."),
        (
            {"action": "conclude", "proposal": "not_recognise", "ov-2.3.a": "fail", "ovr-2.3.a": ""},
            "Sửa kết quả tính tự động của chỉ báo 2.3.a phải ghi lý do.",
        ),
        ({"action": "save", "op-2.1.j1": "disagree"}, "Chỉ báo 2.1.j1: không đồng ý thì phải ghi nhận xét."),
    ],
)
def test_it_shows_a_refusal_on_the_page(client, world, data, message):
    assessment = submitted(world)
    client.force_login(world.users["secretary_a"])
    response = client.post(detail(assessment), {**form_data(assessment), **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED


def test_it_concludes_with_an_override_that_the_member_sees_on_their_page(client, world):
    assessment = submitted(world)
    client.force_login(world.users["secretary_a"])
    response = client.post(
        detail(assessment),
        form_data(
            assessment,
            action="conclude",
            proposal="not_recognise",
            comment="Chưa đạt tiêu chí 2.3",
            **{"ov-2.3.a": "fail", "ovr-2.3.a": "Vi phạm quy định nơi cư trú"},
        ),
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.proposal) == ("appraised", "not_recognise")
    assert Judgement.objects.get(indicator="2.3.a", by="appraiser").note == "Vi phạm quy định nơi cư trú"
    client.force_login(world.users["member_a"])
    body = client.get(reverse("dashboards:me"), {"year": YEAR}).content.decode()
    assert "Đã sửa khi thẩm định" in body and "Lý do: Vi phạm quy định nơi cư trú" in body
    client.force_login(world.users["secretary_a"])
    body = client.get(detail(assessment)).content.decode()
    assert "không ở trạng thái chờ thẩm định" in body and "Lưu ý kiến" not in body


def test_it_refuses_the_appraisal_page_to_the_secretary_of_another_cell(client, world):
    from django.contrib.auth import get_user_model

    from bontot.organizations.models import Role, RoleAssignment

    user = get_user_model().objects.create_user(username="secretary_b", password="x")  # noqa: S106
    RoleAssignment.objects.create(user=user, organization=world.b, role=Role.CELL_SECRETARY, start=world.a.valid_from)
    assessment = submitted(world)
    client.force_login(user)
    assert client.get(detail(assessment)).status_code == 404  # cell A is outside the subtree of cell B
    submitted(world, "member_b")
    client.force_login(world.users["secretary_a"])
    other = Assessment.objects.get(member=world.members["member_b"])
    assert client.get(detail(other)).status_code == 404


def test_it_shows_the_hold_on_the_appraisal_page(client, world):
    assessment = submitted(world)
    complaint_about(world, world.members["member_a"])
    client.force_login(world.users["secretary_a"])
    body = client.get(detail(assessment)).content.decode()
    assert "Tạm dừng xét công nhận: có đơn khiếu nại chưa giải quyết" in body


def test_it_shows_an_override_on_the_organisation_dashboard_rows():
    from bontot.dashboards.presenters import criteria_rows

    result = {
        "model": "member",
        "criteria": [
            {
                "code": "2.3",
                "verdict": "fail",
                "indicators": [
                    {
                        "code": "2.3.a",
                        "source": "rule",
                        "verdict": "fail",
                        "explanation": "Không bị kỷ luật trong năm 2024. Cấp thẩm định sửa kết quả: Đạt → Không đạt.",
                        "override": {"by": "appraiser", "rule_verdict": "pass", "reason": "Vi phạm"},
                    },
                    {"code": "2.3.b", "source": "rule", "verdict": "pass", "explanation": "Không bị đình chỉ."},
                ],
            }
        ],
    }
    overridden, plain = criteria_rows(result, "kh-63-ku-2023")[0].indicators
    assert (overridden.rule_verdict_label, overridden.override_reason) == ("Đạt", "Vi phạm")
    assert (plain.override, plain.rule_verdict_label, plain.override_reason) == (None, "", "")


def test_it_shows_earlier_rounds_as_links(client, world):
    assessment = submitted(world)
    first = assessment.rounds.get(number=1)
    first.returned_at, first.return_reason = first.submitted_at, "Thiếu"
    first.save()
    first.pk, first.number, first.returned_at, first.return_reason = None, 2, None, ""
    first.save()
    Assessment.objects.filter(pk=assessment.pk).update(round=2)
    client.force_login(world.users["secretary_a"])
    body = client.get(detail(assessment)).content.decode()
    assert reverse("assessments:appraisal_round", kwargs={"pk": assessment.pk, "number": 1}) in body
    assert "<strong>lần 2</strong>" in body


def test_it_asks_to_reload_when_the_version_is_missing(client, world):
    assessment = submitted(world)
    client.force_login(world.users["secretary_a"])
    response = client.post(detail(assessment), {"action": "return", "reason": "Thiếu"})
    assert response.status_code == 200
    assert "tải lại trang" in response.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.SUBMITTED
