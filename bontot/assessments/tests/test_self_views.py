"""Self-assessment pages: what they show, what they write, and constant queries at two sizes."""

import datetime

import pytest
from django.urls import reverse

from bontot.assessments import services_self as svc
from bontot.assessments.models import Assessment, AssessmentRound, AssessmentStatus, RegistrationStatus
from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.facts.models import Complaint
from bontot.members.models import Member

from .self_helpers import SET, YEAR, declare, full_answers, register

D = datetime.date
CELL_QUERIES = 13  # with the notification bell (one count query)
FORM_QUERIES = 13


@pytest.fixture
def year(world):
    return declare()


def _post_answers(answers, version, action="save", summary=""):
    data = {"version": str(version), "action": action, "summary": summary}
    for code, answer in answers.items():
        data[f"verdict_{code}"] = answer["verdict"]
        data[f"explanation_{code}"] = answer["explanation"]
    return data


def test_a_member_starts_fills_in_and_submits(client, world, year):
    register(member=world.members["member_a"])
    client.force_login(world.users["member_a"])
    mine = reverse("assessments:self_mine") + "?year=2024"
    assert "Bắt đầu tự đánh giá" in client.get(mine).content.decode()
    response = client.post(mine, {"year": "2024"})
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessments:self_form", kwargs={"pk": assessment.pk})
    form = client.get(response["Location"]).content.decode()
    # Judgement indicators are quoted from the criteria set; rule indicators carry the engine's explanation.
    assert get_criteria_set(SET).indicator("member", "2.1.j1").text in form
    assert "Không bị kỷ luật trong năm 2024." in form
    assert 'name="verdict_2.1.j1"' in form and 'name="verdict_2.3.a"' not in form
    response = client.post(
        response["Location"], _post_answers(full_answers(), 0, action="submit", summary="Hoàn thành tốt")
    )
    assert response["Location"] == reverse("assessments:self_submit", kwargs={"pk": assessment.pk})
    confirm = client.get(response["Location"]).content.decode()
    assert "Xác nhận nộp" in confirm
    response = client.post(response["Location"], {"version": "1"})
    assert response["Location"] == reverse("assessments:self_detail", kwargs={"pk": assessment.pk})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    detail = client.get(response["Location"]).content.decode()
    assert "Đã nộp bản tự đánh giá (lần 1)" in detail
    assert "Lần 1" in detail
    assert "Nộp bản tự đánh giá" in detail  # the history names the submission
    round_page = client.get(reverse("assessments:self_round", kwargs={"pk": assessment.pk, "number": 1}))
    assert "Căn cứ 2.1.j1" in round_page.content.decode()


def test_the_form_keeps_what_was_typed_and_shows_a_stale_version(client, world, year):
    register(member=world.members["member_a"])
    assessment = svc.start_assessment(YEAR, member=world.members["member_a"], actor=world.users["member_a"])
    svc.save_answers(assessment, answers={}, summary="của bí thư", version=0, actor=world.users["secretary_a"])
    client.force_login(world.users["member_a"])
    url = reverse("assessments:self_form", kwargs={"pk": assessment.pk})
    response = client.post(url, _post_answers({"2.1.j1": {"verdict": "pass", "explanation": "Chữ của tôi"}}, 0))
    assert response.status_code == 200
    page = response.content.decode()
    assert svc.STALE in page
    assert "Chữ của tôi" in page  # nothing typed is lost
    assessment.refresh_from_db()
    assert assessment.summary == "của bí thư"


def test_submitting_with_a_missing_explanation_is_refused_with_the_indicator(client, world, year):
    register(member=world.members["member_a"])
    assessment = svc.start_assessment(YEAR, member=world.members["member_a"], actor=world.users["member_a"])
    answers = full_answers()
    answers["2.4.j2"]["explanation"] = ""
    svc.save_answers(assessment, answers=answers, summary="", version=0, actor=world.users["member_a"])
    client.force_login(world.users["member_a"])
    url = reverse("assessments:self_submit", kwargs={"pk": assessment.pk})
    assert "Chỉ báo 2.4.j2: phải ghi giải trình" in client.get(url).content.decode()
    response = client.post(url, {"version": "1"}, follow=True)
    assert "Chỉ báo 2.4.j2: phải ghi giải trình" in response.content.decode()
    assert not AssessmentRound.objects.exists()


def test_a_late_registration_not_accepted_is_explained_on_the_members_page(client, world, year):
    register(member=world.members["member_a"], status=RegistrationStatus.PENDING)
    client.force_login(world.users["member_a"])
    mine = reverse("assessments:self_mine") + "?year=2024"
    text = "Đăng ký muộn của Nguyễn Văn An chưa được cấp trên chấp nhận, chưa thể tự đánh giá."
    assert text in client.get(mine).content.decode()
    assert text in client.post(mine, {"year": "2024"}, follow=True).content.decode()
    assert not Assessment.objects.exists()


def test_the_secretary_lists_the_cell_and_fills_in_on_a_members_behalf(client, world, year):
    other = world.members["other_a"]
    register(member=other)
    register(member=world.members["member_a"])
    Complaint.objects.create(
        organization=world.a, received_on=D(2024, 12, 1), kind="complaint", concerns="assessment",
        about_member=world.members["member_a"], year=2024,
    )  # fmt: skip
    client.force_login(world.users["secretary_a"])
    url = reverse("assessments:self_cell", kwargs={"org_pk": world.a.pk}) + "?year=2024"
    page = client.get(url).content.decode()
    assert "Tạm dừng xét công nhận: có đơn khiếu nại chưa giải quyết" in page
    assert "Tự đánh giá thay" in page
    response = client.post(url, {"year": "2024", "member": str(other.pk)})
    assessment = Assessment.objects.get(member=other)
    assert response["Location"] == reverse("assessments:self_form", kwargs={"pk": assessment.pk})
    assert "Đang tự đánh giá" in client.get(url).content.decode()
    # A member of another cell cannot be started from this cell's page.
    response = client.post(url, {"year": "2024", "member": str(world.members["member_b"].pk)}, follow=True)
    assert "Chọn một đảng viên của chi bộ." in response.content.decode()


def test_the_office_reads_the_cell_page_without_start_buttons(client, world, year):
    register(member=world.members["other_a"])
    client.force_login(world.users["office"])
    page = client.get(reverse("assessments:self_cell", kwargs={"org_pk": world.a.pk}) + "?year=2024")
    assert "Tự đánh giá thay" not in page.content.decode()


def test_the_org_page_lists_what_the_user_self_assesses(client, world, year):
    register(organization=world.du)
    client.force_login(world.users["office"])
    url = reverse("assessments:self_orgs") + "?year=2024"
    page = client.get(url).content.decode()
    assert "Đảng ủy xã Thử Nghiệm" in page and "Bắt đầu tự đánh giá" in page
    response = client.post(url, {"year": "2024", "organization": str(world.du.pk)})
    assessment = Assessment.objects.get(organization=world.du)
    assert response["Location"] == reverse("assessments:self_form", kwargs={"pk": assessment.pk})


def _add_members(cell, n, start=0):
    for i in range(start, start + n):
        Member.objects.create(
            card_no=f"{cell.code}-{500 + i}",
            full_name=f"Đảng viên Số {i}",
            birth_date=D(1980, 1, 1),
            gender="male",
            organization=cell,
            admitted_on=D(2010, 1, 1),
            official_on=D(2011, 1, 1),
        )


def _assess_all(cell):
    done = set(Assessment.objects.filter(year=YEAR).values_list("member_id", flat=True))
    Assessment.objects.bulk_create(
        Assessment(year=YEAR, member=m, cell_id=m.organization_id)
        for m in Member.objects.filter(organization=cell).exclude(pk__in=done)
    )


def test_the_cell_page_runs_the_same_queries_for_3_and_30_members(client, world, year, django_assert_num_queries):
    client.force_login(world.users["secretary_a"])
    url = reverse("assessments:self_cell", kwargs={"org_pk": world.a.pk}) + "?year=2024"
    _assess_all(world.a)
    client.get(url)
    with django_assert_num_queries(CELL_QUERIES):
        client.get(url)
    _add_members(world.a, 27)
    _assess_all(world.a)
    with django_assert_num_queries(CELL_QUERIES):
        assert "Đảng viên Số 26" in client.get(url).content.decode()


def test_the_form_and_detail_run_the_same_queries_with_more_evidence(client, world, year, django_assert_num_queries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .self_files import PDF

    register(member=world.members["member_a"])
    assessment = svc.start_assessment(YEAR, member=world.members["member_a"], actor=world.users["member_a"])
    client.force_login(world.users["member_a"])
    form = reverse("assessments:self_form", kwargs={"pk": assessment.pk})
    client.get(form)

    def add(n):
        for i in range(n):
            upload = SimpleUploadedFile(f"f{i}.pdf", PDF)
            svc.add_evidence(assessment, file=upload, indicator="2.1.j1", actor=world.users["member_a"])

    add(1)
    with django_assert_num_queries(FORM_QUERIES):
        client.get(form)
    add(10)
    with django_assert_num_queries(FORM_QUERIES):
        client.get(form)
