"""Meetings pages: forms by persona, entry, announcement then logging, deletion, history, scoping, queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bontot.core.models import AuditLog
from bontot.facts.models import Meeting, MeetingStatus
from bontot.facts.views_meetings import build_months

D = datetime.date
WRITE_FORMS = ["facts:meeting_create", "facts:meeting_announce", "facts:meeting_quick"]
GET_STATUS = {
    "secretary_a": 200,
    "office": 200,
    "member_a": 403,
    "supervisor_a": 403,
    "standing": 403,
    "reviewer": 403,
    "member_b": 404,
    "outsider": 404,
    "ended": 404,
    "future": 404,
}


def today_text():
    return timezone.localdate().strftime("%d/%m/%Y")


@pytest.fixture
def held(world):
    return Meeting.objects.create(
        organization=world.a, held_on=D(2024, 3, 5), kind="regular", grade="fair", attendance=2, expected=3
    )


@pytest.fixture
def announced(world):
    return Meeting.objects.create(
        organization=world.a, held_on=D(2024, 6, 10), kind="regular", status="announced", topic="Nghị quyết quý II"
    )


@pytest.mark.parametrize("persona", sorted(GET_STATUS))
@pytest.mark.parametrize("name", WRITE_FORMS)
def test_it_shows_the_entry_forms_to_writers_only(client, world, name, persona):
    client.force_login(world.users[persona])
    response = client.get(reverse(name, kwargs={"org_pk": world.a.pk}))
    assert response.status_code == GET_STATUS[persona]


@pytest.mark.parametrize("persona", sorted(GET_STATUS))
@pytest.mark.parametrize("name", ["facts:meeting_edit", "facts:meeting_record", "facts:meeting_delete"])
def test_it_shows_the_meeting_forms_to_writers_only(client, world, held, name, persona):
    client.force_login(world.users[persona])
    response = client.get(reverse(name, kwargs={"pk": held.pk}))
    assert response.status_code == GET_STATUS[persona]


def test_it_answers_404_for_a_missing_meeting(client, world):
    client.force_login(world.users["office"])
    assert client.get(reverse("facts:meeting_edit", kwargs={"pk": 999999})).status_code == 404


def test_it_refuses_a_put(client, world):
    client.force_login(world.users["secretary_a"])
    assert client.put(reverse("facts:meeting_quick", kwargs={"org_pk": world.a.pk})).status_code == 405


def test_it_prefills_the_quick_form_with_today_and_the_current_members(client, world):
    world.members["other_a"].left_on = D(2020, 1, 1)
    world.members["other_a"].save()
    client.force_login(world.users["secretary_a"])
    response = client.get(reverse("facts:meeting_quick", kwargs={"org_pk": world.a.pk}))
    form = response.context["form"]
    assert response.status_code == 200
    assert form["held_on"].value() == timezone.localdate() and form["expected"].value() == 2
    assert f'value="{today_text()}"' in response.content.decode()


def test_it_logs_this_months_meeting_in_one_submit_with_an_audit_row(client, world):
    client.force_login(world.users["secretary_a"])
    url = reverse("facts:meeting_quick", kwargs={"org_pk": world.a.pk})
    response = client.post(url, {"held_on": today_text(), "grade": "good", "attendance": "3", "expected": "3"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('facts:meeting_log', kwargs={'org_pk': world.a.pk})}?nam={meeting.held_on.year}"
    )
    assert (meeting.kind, meeting.status, meeting.grade, meeting.created_by) == (
        "regular",
        "held",
        "good",
        world.users["secretary_a"],
    )
    audit = AuditLog.objects.get(object_type="facts.meeting", object_id=str(meeting.pk))
    assert audit.action == "facts.meeting.created" and audit.organization_path == world.a.path


def test_it_shows_the_attendance_rule_in_vietnamese_next_to_the_field(client, world):
    client.force_login(world.users["secretary_a"])
    url = reverse("facts:meeting_quick", kwargs={"org_pk": world.a.pk})
    response = client.post(url, {"held_on": today_text(), "grade": "good", "attendance": "4", "expected": "3"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"attendance": ["Số dự (4) không được lớn hơn số triệu tập (3)."]}
    assert 'id="id_attendance_error"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_grades_a_meeting_from_the_score_sheet_entered_in_the_form(client, world):
    client.force_login(world.users["office"])
    sheet = {"preparation": 10, "attendance": 15, "duration": 10, "procedure": 15, "participation": 15}
    sheet |= {"resolution": 15, "minutes": 10}
    data = {"held_on": "05/03/2024", "kind": "regular", "attendance": "3", "expected": "3"}
    data |= {f"sheet_{code}": str(points) for code, points in sheet.items()}
    response = client.post(reverse("facts:meeting_create", kwargs={"org_pk": world.a.pk}), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.score, meeting.grade, meeting.score_sheet) == (90, "good", sheet)


def test_it_asks_for_every_item_of_a_started_sheet(client, world):
    client.force_login(world.users["office"])
    data = {"held_on": "05/03/2024", "kind": "regular", "grade": "good", "sheet_minutes": "10"}
    response = client.post(reverse("facts:meeting_create", kwargs={"org_pk": world.a.pk}), data)
    assert response.status_code == 200
    assert response.context["form"].errors["sheet_preparation"] == [
        "Chấm đủ mọi mục của phiếu, hoặc để trống cả phiếu."
    ]


def test_it_announces_a_meeting_then_logs_it_as_held(client, world):
    client.force_login(world.users["secretary_a"])
    day = timezone.localdate() + datetime.timedelta(days=5)
    data = {
        "held_on": day.strftime("%d/%m/%Y"),
        "kind": "thematic",
        "topic": "Học tập Nghị quyết 12",
        "documents": "NQ 12",
    }
    assert client.post(reverse("facts:meeting_announce", kwargs={"org_pk": world.a.pk}), data).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.status, meeting.grade, meeting.documents) == ("announced", None, "NQ 12")

    client.force_login(world.users["member_a"])
    upcoming = client.get(reverse("facts:upcoming_meetings"), HTTP_HX_REQUEST="true")
    assert "Học tập Nghị quyết 12" in upcoming.content.decode() and b"<html" not in upcoming.content

    client.force_login(world.users["secretary_a"])
    record = reverse("facts:meeting_record", kwargs={"pk": meeting.pk})
    too_early = client.post(record, {**data, "grade": "good"})
    assert "sau hôm nay" in too_early.context["form"].errors["held_on"][0]  # not held yet
    data["held_on"] = today_text()
    assert client.post(record, {**data, "grade": "good", "attendance": "2", "expected": "3"}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.grade, meeting.attendance) == ("held", "good", 2)
    assert AuditLog.objects.filter(object_id=str(meeting.pk), action="facts.meeting.changed").count() == 1


def test_it_shows_the_history_on_the_edit_page(client, world, held):
    client.force_login(world.users["secretary_a"])
    url = reverse("facts:meeting_edit", kwargs={"pk": held.pk})
    data = {"held_on": "05/03/2024", "kind": "regular", "grade": "good", "attendance": "2", "expected": "3"}
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "Lịch sử thay đổi" in page and "secretary_a: sửa (xếp loại)" in page


def test_it_deletes_a_meeting_with_its_reason_in_the_audit_log(client, world, held):
    client.force_login(world.users["office"])
    url = reverse("facts:meeting_delete", kwargs={"pk": held.pk})
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    assert client.post(url, {"reason": "Nhập trùng"}).status_code == 302
    assert not Meeting.objects.exists()
    audit = AuditLog.objects.get(action="facts.meeting.deleted")
    assert audit.data["reason"] == "Nhập trùng" and audit.object_id == str(held.pk)


def test_it_flags_months_without_a_regular_meeting(world):
    meetings = [
        Meeting(organization=world.a, held_on=D(2024, 1, 9), kind="regular", grade="good"),
        Meeting(organization=world.a, held_on=D(2024, 2, 9), kind="combined", grade="good"),
        Meeting(organization=world.a, held_on=D(2024, 3, 9), kind="thematic", grade="good"),
        Meeting(organization=world.a, held_on=D(2024, 4, 9), kind="regular", status="announced"),
    ]
    world.a.valid_to = D(2024, 10, 15)
    months = build_months(meetings, 2024, world.a, today=D(2024, 7, 1))
    assert [m.number for m in months if m.missing] == [3, 4, 5, 6, 7]  # not ahead, not after the cell closed
    assert [m.number for m in months if m.ahead] == [8, 9, 10, 11, 12]


def test_it_shows_the_months_of_the_log(client, world, held, announced):
    client.force_login(world.users["member_a"])
    response = client.get(reverse("facts:meeting_log", kwargs={"org_pk": world.a.pk}) + "?nam=2024")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="list-group-item') == 12
    assert "05/03/2024" in page and "Dự 2/3" in page and "Khá" in page
    assert page.count("chưa có kỳ sinh hoạt thường kỳ") == 11  # 2024 is over; only March was held
    assert "Ghi nhận kỳ sinh hoạt tháng này" not in page  # a member reads only


def test_it_lists_only_the_users_organisations(client, world):
    client.force_login(world.users["office"])
    page = client.get(reverse("facts:meetings")).content.decode()
    assert "An Hòa" in page and "Bình Phú" in page and "Cẩm Lý" not in page
    client.force_login(world.users["member_b"])
    response = client.get(reverse("facts:meetings"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("facts:meeting_log", kwargs={"org_pk": world.b.pk})
    )


def test_it_puts_sinh_hoat_in_the_menu_of_a_member_not_of_an_outsider_without_roles(client, world):
    client.force_login(world.users["member_a"])
    assert 'href="/so-lieu/sinh-hoat/">Sinh hoạt<' in client.get(reverse("home")).content.decode()
    client.force_login(world.users["ended"])
    assert "Sinh hoạt<" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("persona", ["secretary_a", "member_a"])
def test_it_reads_the_month_log_in_the_same_number_of_queries_for_2_and_20_meetings(
    client, world, django_assert_num_queries, persona
):
    client.force_login(world.users[persona])
    url = reverse("facts:meeting_log", kwargs={"org_pk": world.a.pk}) + "?nam=2024"

    def count(n):
        Meeting.objects.filter(organization=world.a).delete()
        Meeting.objects.bulk_create(
            Meeting(
                organization=world.a,
                held_on=D(2024, 1, 1) + datetime.timedelta(days=17 * i),
                kind="regular",
                grade="good",
                attendance=2,
                expected=3,
                topic=f"Chủ đề {i}",
            )  # fmt: skip
            for i in range(n)
        )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count(2)
    large = count(20)
    assert small == large
    with django_assert_num_queries(small):
        client.get(url)


def test_it_keeps_meetings_of_other_cells_out_of_the_upcoming_list(client, world):
    day = timezone.localdate() + datetime.timedelta(days=3)
    Meeting.objects.create(
        organization=world.b, held_on=day, kind="regular", status=MeetingStatus.ANNOUNCED, topic="Bình Phú họp"
    )
    Meeting.objects.create(
        organization=world.a, held_on=day, kind="regular", status=MeetingStatus.ANNOUNCED, topic="An Hòa họp"
    )
    client.force_login(world.users["member_a"])
    page = client.get(reverse("facts:upcoming_meetings")).content.decode()
    assert "An Hòa họp" in page and "Bình Phú họp" not in page


def test_it_expects_a_committee_meeting_each_month_of_a_committee(world):
    meetings = [
        Meeting(organization=world.du, held_on=D(2024, 1, 9), kind="committee", grade="good"),
        Meeting(organization=world.du, held_on=D(2024, 2, 9), kind="regular", grade="good"),
    ]
    months = build_months(meetings, 2024, world.du, today=D(2024, 2, 20))
    assert [m.number for m in months if m.missing] == [2]


def test_it_logs_a_committee_meeting_from_the_quick_page(client, world):
    client.force_login(world.users["office"])
    url = reverse("facts:meeting_quick", kwargs={"org_pk": world.du.pk})
    assert client.post(url, {"held_on": today_text(), "grade": "fair"}).status_code == 302
    assert Meeting.objects.get().kind == "committee"


def test_it_refuses_a_second_meeting_of_the_same_kind_on_the_same_day_above_the_form(client, world, held):
    client.force_login(world.users["secretary_a"])
    url = reverse("facts:meeting_create", kwargs={"org_pk": world.a.pk})
    response = client.post(url, {"held_on": "05/03/2024", "kind": "regular", "grade": "good"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Tổ chức đảng đã có kỳ sinh hoạt cùng loại trong ngày này."]
    assert Meeting.objects.count() == 1


def test_it_marks_an_announced_meeting_whose_day_has_passed_as_not_logged_yet(client, world, announced):
    client.force_login(world.users["secretary_a"])
    page = client.get(reverse("facts:meeting_log", kwargs={"org_pk": world.a.pk}) + "?nam=2024").content.decode()
    assert "chưa ghi nhận kết quả" in page
    assert reverse("facts:meeting_record", kwargs={"pk": announced.pk}) in page


def test_it_lists_upcoming_meetings_in_the_same_number_of_queries_for_2_and_20(client, world):
    client.force_login(world.users["member_a"])
    url = reverse("facts:upcoming_meetings")

    def count(n):
        Meeting.objects.all().delete()
        start = timezone.localdate() + datetime.timedelta(days=1)
        Meeting.objects.bulk_create(
            Meeting(
                organization=world.a,
                held_on=start + datetime.timedelta(days=i),
                kind="regular",
                status=MeetingStatus.ANNOUNCED,
                topic=f"Chủ đề {i}",
            )  # fmt: skip
            for i in range(n)
        )
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url).content.decode()
        assert body.count("Chủ đề ") == n
        return len(ctx.captured_queries)

    assert count(2) == count(20)


def test_it_describes_the_quick_form_date_by_its_help_text(client, world):
    client.force_login(world.users["secretary_a"])
    html = client.get(reverse("facts:meeting_quick", args=[world.orgs["A"].pk])).content.decode()
    assert 'aria-describedby="id_held_on_helptext"' in html
    assert 'id="id_held_on_helptext"' in html
