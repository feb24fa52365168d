"""Decision pages: issuing with a preview, holds and unregistered subjects shown but not selectable, the
member's view of their own line, no edit, revoking, the member's dashboard, and pinned query counts."""

import datetime
import re

import pytest
from django.urls import reverse

from bontot.assessments.models import AssessmentStatus
from bontot.decisions.models import Decision
from bontot.facts.models import Complaint
from bontot.members.models import Member

from .factories import YEAR, issue, ready
from .matrix import _form


def _get(client, world, persona, url):
    client.force_login(world.users[persona])
    return client.get(url)


def _members(world, count):
    return [
        Member.objects.create(
            card_no=f"A-{100 + n}",
            full_name=f"Đỗ Văn Thêm {n}",
            birth_date=datetime.date(1980, 1, 1),
            gender="male",
            organization=world.a,
            admitted_on=datetime.date(2010, 1, 1),
        )
        for n in range(count)
    ]


@pytest.fixture
def decision(world):
    rows = [ready(member=world.members[k]) for k in ("member_a", "other_a")] + [ready(organization=world.a)]
    return issue(world, rows)


def test_it_lists_candidates_with_holds_and_registrations(client, world):
    ok = ready(member=world.members["member_a"])
    unregistered = ready(member=world.members["other_a"], registered=False)
    held = ready(member=world.members["secretary_a"])
    ready(member=world.members["member_b"], status=AssessmentStatus.SUBMITTED)
    Complaint.objects.create(
        organization=world.a,
        received_on=datetime.date(2024, 12, 20),
        kind="complaint",
        concerns="rating",
        about_member=world.members["secretary_a"],
        year=YEAR,
    )
    body = _get(client, world, "standing", reverse("decisions:issue") + "?year=2024").content.decode()
    assert f'name="assessments" value="{ok.pk}"' in body
    assert f'name="assessments" value="{unregistered.pk}"' not in body
    assert "Tạm dừng xét công nhận: có đơn khiếu nại chưa giải quyết (Quy định 366-QĐ/TW), nhận ngày 20/12/2024" in body
    assert f'name="assessments" value="{held.pk}"' not in body
    assert "Chưa có đăng ký được chấp nhận" in body
    assert "Phạm Văn Bảo" not in body  # submitted, not appraised
    cells = _get(client, world, "standing", reverse("decisions:issue") + "?year=2024&loai=cell").content.decode()
    assert "Nguyễn Văn An" not in cells


def test_it_previews_then_issues(client, world):
    row = ready(member=world.members["member_a"])
    client.force_login(world.users["standing"])
    data = _form() | {"year": "2024", "assessments": [str(row.pk)], f"version_{row.pk}": "0"}
    preview = client.post(reverse("decisions:issue"), data | {"action": "preview"})
    body = preview.content.decode()
    assert preview.status_code == 200 and "Xem trước quyết định" in body
    assert "ĐẢNG ỦY XÃ THỬ NGHIỆM" in body and "THÀNH ỦY THỬ NGHIỆM" in body and "Nguyễn Văn An" in body
    assert "Tam Thăng, ngày 05 tháng 01 năm 2025" in body
    assert not Decision.objects.exists()
    response = client.post(reverse("decisions:issue"), data | {"action": "confirm"})
    decision = Decision.objects.get()
    assert response["Location"] == reverse("decisions:detail", kwargs={"pk": decision.pk})
    row.refresh_from_db()
    assert row.status == AssessmentStatus.RECOGNISED


def test_it_shows_why_a_crafted_choice_is_refused(client, world):
    row = ready(member=world.members["member_a"], status=AssessmentStatus.SUBMITTED)
    client.force_login(world.users["standing"])
    data = _form() | {"year": "2024", "assessments": [str(row.pk)], "action": "preview"}
    body = client.post(reverse("decisions:issue"), data).content.decode()
    assert "không thể quyết định công nhận trước khi thẩm định" in body
    assert not Decision.objects.exists()


def test_it_shows_a_duplicate_number_beside_the_field(client, world, decision):
    row = ready(member=world.members["secretary_a"])
    client.force_login(world.users["standing"])
    data = _form() | {"year": "2024", "assessments": [str(row.pk)], "action": "confirm"}
    body = client.post(reverse("decisions:issue"), data).content.decode()
    assert "Số quyết định 15-QĐ/ĐU đã được Đảng ủy xã Thử Nghiệm dùng" in body
    assert Decision.objects.count() == 1


def test_staff_read_the_whole_list_and_a_member_only_their_line(client, world, decision):
    url = reverse("decisions:detail", kwargs={"pk": decision.pk})
    staff = _get(client, world, "office", url).content.decode()
    assert "Trần Thị Ánh" in staff and "Nguyễn Văn An" in staff and "DANH SÁCH" in staff
    own = _get(client, world, "member_a", url).content.decode()
    assert "Nguyễn Văn An" in own and "Số: 15-QĐ/ĐU" in own and "Nguyễn Văn Bí" in own
    assert "Trần Thị Ánh" not in own and "DANH SÁCH" not in own
    cell = _get(client, world, "secretary_a", url).content.decode()  # the secretary of the recognised cell A
    assert "Chi bộ thôn An Hòa" in cell and "Trần Thị Ánh" not in cell and "Nguyễn Văn An" not in cell
    assert _get(client, world, "member_b", url).status_code == 404


def test_it_shows_a_hold_opened_after_the_decision_on_the_line(client, world, decision):
    Complaint.objects.create(
        organization=world.a,
        received_on=datetime.date(2025, 1, 10),
        kind="complaint",
        concerns="assessment",
        about_member=world.members["other_a"],
        year=YEAR,
    )
    body = _get(client, world, "standing", reverse("decisions:detail", kwargs={"pk": decision.pk})).content.decode()
    assert body.count("Tạm dừng xét công nhận") == 1 and "nhận ngày 10/01/2025" in body


def test_it_refuses_an_edit_posted_to_an_issued_decision(client, world, decision):
    client.force_login(world.users["standing"])
    url = reverse("decisions:detail", kwargs={"pk": decision.pk})
    response = client.post(url, _form(number="99-QĐ/ĐU"))
    assert response.status_code == 405
    assert (
        "Quyết định đã ban hành không thể sửa; hãy ban hành quyết định mới thu hồi quyết định này."
        in response.content.decode()
    )
    decision.refresh_from_db()
    assert decision.number == "15-QĐ/ĐU"
    assert "/sua" not in _get(client, world, "standing", url).content.decode()


def test_it_revokes_from_its_page_and_the_member_sees_it_gone(client, world, decision):
    keep = list(decision.entries.exclude(member=world.members["member_a"]).values_list("assessment_id", flat=True))
    client.force_login(world.users["standing"])
    url = reverse("decisions:revoke", kwargs={"pk": decision.pk})
    page = client.get(url).content.decode()
    assert "Ban hành quyết định thu hồi" in page and "checked" in page
    data = _form(number="16-QĐ/ĐU") | {"revoke_reason": "Nhầm", "assessments": [str(pk) for pk in keep]}
    response = client.post(url, data)
    new = Decision.objects.get(number="16-QĐ/ĐU")
    assert response["Location"] == reverse("decisions:detail", kwargs={"pk": new.pk})
    assert new.entries.count() == 2
    detail = client.get(reverse("decisions:detail", kwargs={"pk": decision.pk})).content.decode()
    assert "Đã bị thu hồi" in detail and "Thu hồi, ban hành" not in detail
    again = client.post(url, data | {"number": "17-QĐ/ĐU"})
    assert again.status_code == 200 and not Decision.objects.filter(number="17-QĐ/ĐU").exists()
    me = _get(client, world, "member_a", reverse("dashboards:me") + "?nam=2024").content.decode()
    assert "Đã công nhận" not in me


def test_the_member_dashboard_shows_the_recognition(client, world, decision):
    body = _get(client, world, "member_a", reverse("dashboards:me") + "?nam=2024").content.decode()
    assert "Đã công nhận" in body and "Quyết định số 15-QĐ/ĐU" in body and "05/01/2025" in body
    assert reverse("decisions:detail", kwargs={"pk": decision.pk}) in body
    other = _get(client, world, "member_b", reverse("dashboards:me") + "?nam=2024").content.decode()
    assert "Đã công nhận" not in other


def test_the_list_shows_each_viewer_their_own(client, world, decision):
    url = reverse("decisions:list") + "?year=2024"
    assert "15-QĐ/ĐU" in _get(client, world, "reviewer", url).content.decode()
    assert "15-QĐ/ĐU" in _get(client, world, "member_a", url).content.decode()
    assert "15-QĐ/ĐU" not in _get(client, world, "member_b", url).content.decode()
    assert "15-QĐ/ĐU" not in _get(client, world, "outsider", url).content.decode()
    assert "Ban hành quyết định" not in _get(client, world, "office", url).content.decode()
    assert "Ban hành quyết định" in _get(client, world, "standing", url).content.decode()


# session, user, grants, decisions (with their counts and revoking decisions), the bell; session saved: 3
LIST_QUERIES = 8


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_runs_the_same_queries_for_2_and_20_decisions(client, world, django_assert_num_queries, count):
    for n, member in enumerate(_members(world, count)):
        issue(world, [ready(member=member)], number=f"{n + 1}-QĐ/ĐU")
    client.force_login(world.users["standing"])
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("decisions:list") + "?year=2024")
    assert len(re.findall(r'href="/quyet-dinh/\d+/"', response.content.decode())) == count


# session, user, grants, decision, entries, holds, the bell; session saved: 3
DETAIL_QUERIES = 10


@pytest.mark.parametrize("count", [2, 30])
@pytest.mark.parametrize("persona", ["standing", "member_a"])
def test_the_detail_runs_the_same_queries_for_2_and_30_subjects(
    client, world, django_assert_num_queries, count, persona
):
    rows = [ready(member=m) for m in [world.members["member_a"], *_members(world, count - 1)]]
    decision = issue(world, rows)
    client.force_login(world.users[persona])
    with django_assert_num_queries(DETAIL_QUERIES + (persona == "member_a")):
        response = client.get(reverse("decisions:detail", kwargs={"pk": decision.pk}))
    assert response.status_code == 200


def test_a_superuser_names_the_issuing_organisation(client, world):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("quantri", password="x"))  # noqa: S106
    assert client.get(reverse("decisions:issue")).status_code == 403
    response = client.get(reverse("decisions:issue") + f"?to_chuc={world.du.pk}&year=2024")
    assert response.status_code == 200 and "Đảng ủy xã Thử Nghiệm" in response.content.decode()
    assert "Ban hành quyết định" not in client.get(reverse("decisions:list")).content.decode()


def test_the_admin_reads_a_decision_and_changes_nothing(client, world, decision):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("quantri", password="x"))  # noqa: S106
    change = reverse("admin:decisions_decision_change", args=[decision.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"number": "99-QĐ/ĐU"}).status_code == 403
    assert client.get(reverse("admin:decisions_decision_add")).status_code == 403
    assert (
        client.post(reverse("admin:decisions_decision_delete", args=[decision.pk]), {"post": "yes"}).status_code == 403
    )
    decision.refresh_from_db()
    assert decision.number == "15-QĐ/ĐU"
