"""The "Xuất Excel" of the users list, the notifications, the showcase's two lists, a decision's attached list and
an organisation's members table: each answers like its page (same refusal, same rows for every persona, read
back with openpyxl), keeps the page's filters, holds every page, and runs a constant number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bontot.core.testing.world import LONG_AGO, PERSONAS
from bontot.dashboards.tests.factories import build_verdict, seed_world
from bontot.decisions import services as decision_services
from bontot.decisions.tests.factories import header, issue, ready
from bontot.facts.models import Complaint
from bontot.members.models import Member
from bontot.notifications.models import Notification
from bontot.organizations.models import Role, RoleAssignment
from bontot.showcase import services as story_services
from bontot.showcase.tests.factories import draft, make_writer, published, recognised, withdrawn
from bontot.spreadsheets.tests.test_exports import AN, ANH, BAO, CELL_A, CUC, HUNG, _queries, get, workbook_rows

pytestmark = pytest.mark.django_db


def _member(card: str, name: str, cell, user=None) -> Member:
    return Member.objects.create(
        card_no=card, full_name=name, birth_date=datetime.date(1990, 1, 1), gender="female", organization=cell,
        admitted_on=datetime.date(2015, 1, 1), user=user,
    )  # fmt: skip


# --- accounts:user_list --------------------------------------------------------------------------------------

# The office of DU sees the users holding roles in DU's subtree; the outsider (office of DU2) only itself.
USERS_SEEN = {
    "office": {"member_a", "member_b", "secretary_a", "supervisor_a", "office", "standing", "ended", "future"},
    "outsider": {"outsider"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_users_export_holds_exactly_the_users_the_page_shows(client, world, persona):
    url = reverse("accounts:user_list")
    page = get(client, world, persona, url)
    response = client.get(url + "?xuat=xlsx")
    assert (
        response.status_code
        == page.status_code
        == (200 if persona in USERS_SEEN else 302 if persona == "anonymous" else 403)
    )
    if page.status_code != 200:
        return
    rows = workbook_rows(response)
    assert rows[0] == ["Họ và tên", "Tên đăng nhập", "Vai trò hiện nay", "Đảng viên", "Trạng thái"]
    assert {row[1] for row in rows[1:]} == USERS_SEEN[persona] == {r["user"].username for r in page.context["rows"]}
    by_name = {row[1]: row for row in rows[1:]}
    if persona == "office":
        assert by_name["secretary_a"][2:5] == [
            "Bí thư chi bộ / Chi ủy — Chi bộ thôn An Hòa; Đảng viên — Chi bộ thôn An Hòa",
            HUNG,
            "Đang dùng",
        ]
        assert by_name["ended"][2] == "không có"  # a role that has ended is not a current role, as on the page
    for row in rows[1:]:  # never a password hash: the page shows none
        assert not any(isinstance(value, str) and "$" in value for value in row)


def test_the_users_export_keeps_the_search_every_page_and_hides_what_the_page_hides(client, world, django_user_model):
    for number in range(30):
        user = django_user_model.objects.create_user(
            f"dv{number:02}", first_name=f"Hoa {number:02}", last_name="Lê Thị"
        )
        RoleAssignment.objects.create(user=user, organization=world.b, role=Role.MEMBER, start=LONG_AGO)
    world.members["member_c"].user = world.users["standing"]  # a link across committees: never named to DU
    world.members["member_c"].save()
    django_user_model.objects.filter(username="dv07").update(is_active=False)
    client.force_login(world.users["office"])
    page = client.get(reverse("accounts:user_list") + "?q=hoa")
    assert page.context["page_obj"].paginator.num_pages == 2
    assert "?q=hoa&amp;xuat=xlsx" in page.content.decode()
    rows = workbook_rows(client.get(reverse("accounts:user_list") + "?q=hoa&page=2&xuat=xlsx"))
    assert [row[1] for row in rows[1:]] == [f"dv{number:02}" for number in range(30)]  # both pages, in order
    assert rows[8][0] == "Lê Thị Hoa 07" and rows[8][4] == "Đã khóa"
    everyone = workbook_rows(client.get(reverse("accounts:user_list") + "?xuat=xlsx"))
    standing = next(row for row in everyone if row[1] == "standing")
    assert standing[3] is None and CUC not in {value for row in everyone for value in row}


def test_the_users_export_runs_a_constant_number_of_queries(client, world, django_user_model):
    client.force_login(world.users["office"])
    url = reverse("accounts:user_list") + "?xuat=xlsx"
    small = _queries(client, url)
    for number in range(20):
        user = django_user_model.objects.create_user(f"dv{number:02}", first_name=f"Người {number}")
        RoleAssignment.objects.create(user=user, organization=world.b, role=Role.MEMBER, start=LONG_AGO)
        RoleAssignment.objects.create(user=user, organization=world.a, role=Role.SUPERVISOR, start=LONG_AGO)
        _member(f"N-{number}", f"Trần Thị Người {number}", world.a, user=user)
    assert _queries(client, url) == small
    assert len(workbook_rows(client.get(url))) == 1 + 8 + 20


# --- notifications:list --------------------------------------------------------------------------------------


def _notify(user, text, kind="registration.opening", **kwargs):
    return Notification.objects.create(user=user, kind=kind, text=text, **kwargs)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_notifications_export_holds_only_the_users_own(client, world, persona):
    for name, user in world.users.items():
        _notify(user, f"Thông báo cho {name}")
    response = get(client, world, persona, reverse("notifications:list") + "?xuat=xlsx")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    rows = workbook_rows(response)
    assert rows[0] == ["Thời điểm", "Loại", "Nội dung", "Trạng thái"]
    assert [row[2] for row in rows[1:]] == [f"Thông báo cho {persona}"]


def test_the_notifications_export_keeps_the_group_every_page_and_the_local_time(client, world):
    user = world.users["member_a"]
    moment = datetime.datetime(2024, 12, 2, 8, 30, tzinfo=datetime.UTC)  # 15:30 in Hà Nội
    for number in range(25):
        _notify(user, f"Mở đăng ký {number:02d}", created_at=moment + datetime.timedelta(minutes=number))
    earlier = moment - datetime.timedelta(minutes=1)
    _notify(user, "Bản tự đánh giá của đồng chí đã được thẩm định", kind="assessment.appraised", created_at=earlier,
            read_at=moment)  # fmt: skip
    client.force_login(user)
    page = client.get(reverse("notifications:list") + "?loai=registration")
    assert page.context["page_obj"].paginator.num_pages == 2
    assert "?loai=registration&amp;xuat=xlsx" in page.content.decode()
    rows = workbook_rows(client.get(reverse("notifications:list") + "?loai=registration&page=2&xuat=xlsx"))
    assert [row[2] for row in rows[1:]] == [f"Mở đăng ký {number:02d}" for number in reversed(range(25))]
    assert rows[-1][:2] == [datetime.datetime(2024, 12, 2, 15, 30), "Mở đăng ký"] and rows[-1][3] == "Chưa đọc"
    every = workbook_rows(client.get(reverse("notifications:list") + "?xuat=xlsx"))
    assert len(every) == 1 + 26
    assert every[-1] == [datetime.datetime(2024, 12, 2, 15, 29), "Đã thẩm định",
                         "Bản tự đánh giá của đồng chí đã được thẩm định", "Đã đọc"]  # fmt: skip


def test_the_notifications_export_runs_a_constant_number_of_queries(client, world):
    user = world.users["member_a"]
    _notify(user, "Một")
    client.force_login(user)
    url = reverse("notifications:list") + "?xuat=xlsx"
    small = _queries(client, url)
    for number in range(20):
        _notify(user, f"Thông báo {number}")
    assert _queries(client, url) == small
    assert len(workbook_rows(client.get(url))) == 22


# --- showcase:list and showcase:manage ---------------------------------------------------------------------

DU_STORY, DU2_STORY = "Gương sáng thôn An Hòa", "Gương sáng thôn Cẩm Lý"
DRAFT, GONE = "Bản nháp chưa đăng", "Bài đã gỡ khỏi trang"


def _du2_story(w):
    """A story published for DU2 by its own propaganda board (the outsider), about member_c recognised by DU2."""
    outsider = w.users["outsider"]
    RoleAssignment.objects.create(
        user=outsider, organization=w.orgs["DU2"], role=Role.STANDING_COMMITTEE, start=LONG_AGO
    )
    make_writer(w, "outsider", "DU2")
    decision = decision_services.issue_decision(
        issuer=w.orgs["DU2"], year=2024, assessment_ids=[ready(member=w.members["member_c"]).pk], actor=outsider,
        **header(number="3-QĐ/ĐU"),
    )  # fmt: skip
    story = story_services.create_story(
        organization=w.orgs["DU2"], entry=decision.entries.get(), title=DU2_STORY, body="Cần cù.", actor=outsider
    )
    return story_services.publish_story(story, version=story.version, actor=outsider)


@pytest.fixture
def stories(world):
    published(world, title=DU_STORY)
    draft(world, title=DRAFT)
    withdrawn(world, title=GONE)
    _du2_story(world)


DU_READERS = {"member_a", "member_b", "secretary_a", "supervisor_a", "office", "standing", "reviewer"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_stories_export_holds_exactly_the_stories_the_page_shows(client, world, stories, persona):
    url = reverse("showcase:list")
    page = get(client, world, persona, url)
    response = client.get(url + "?xuat=xlsx")
    assert response.status_code == page.status_code == (302 if persona == "anonymous" else 200)
    if persona == "anonymous":
        return
    rows = workbook_rows(response)
    titles = {row[0] for row in rows[1:]}
    expected = ({DU_STORY} if persona in DU_READERS else set()) | (
        {DU2_STORY} if persona in ("outsider", "reviewer") else set()
    )
    assert titles == expected == {story.title for story in page.context["page_obj"]}
    if DU_STORY in titles:
        row = next(row for row in rows if row[0] == DU_STORY)
        assert rows[0][:4] == ["Tiêu đề", "Đối tượng", "Thuộc", "Danh hiệu"]
        assert row[1:8] == [AN, CELL_A, "Đảng viên bốn tốt", 2024, "15-QĐ/ĐU", datetime.datetime(2025, 1, 5),
                            "Đảng ủy xã Thử Nghiệm"]  # fmt: skip
        assert row[8] == datetime.datetime.combine(timezone.localdate(), datetime.time())
        assert len(row) == 10  # readers never see the board's columns


MANAGED = {"standing": {DU_STORY, DRAFT, GONE}, "outsider": {DU2_STORY}}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_board_export_holds_exactly_the_stories_the_manage_page_shows(client, world, stories, persona):
    url = reverse("showcase:manage")
    page = get(client, world, persona, url)
    response = client.get(url + "?xuat=xlsx")
    assert (
        response.status_code
        == page.status_code
        == (200 if persona in MANAGED else 302 if persona == "anonymous" else 403)
    )
    if page.status_code != 200:
        return
    rows = workbook_rows(response)
    assert {row[0] for row in rows[1:]} == MANAGED[persona] == {story.title for story in page.context["page_obj"]}
    assert rows[0][10:] == ["Trạng thái", "Quyết định công nhận", "Ngày gỡ", "Lý do gỡ"]
    if persona == "standing":
        gone = next(row for row in rows if row[0] == GONE)
        assert gone[10:12] == ["Đã gỡ", "Còn hiệu lực"] and gone[13] == "Viết nhầm số liệu"
        assert next(row for row in rows if row[0] == DRAFT)[8] is None  # a draft has no publication date


def test_the_stories_export_keeps_the_recognition_filter_and_every_page(client, world):
    entries = recognised(world)
    for number in range(25):
        published(world, title=f"Chi bộ An Hòa {number:02d}", entry=entries["A"])
    published(world, title=DU_STORY)
    client.force_login(world.users["member_a"])
    query = f"cong_nhan={entries['A'].pk}"
    page = client.get(f"{reverse('showcase:list')}?{query}")
    assert page.context["page_obj"].paginator.num_pages == 2
    assert f"?{query}&amp;xuat=xlsx" in page.content.decode()
    rows = workbook_rows(client.get(f"{reverse('showcase:list')}?{query}&page=2&xuat=xlsx"))
    assert [row[0] for row in rows[1:]] == [f"Chi bộ An Hòa {number:02d}" for number in reversed(range(25))]
    assert rows[1][3] == "Chi bộ bốn tốt"
    client.force_login(world.users["standing"])
    assert len(workbook_rows(client.get(reverse("showcase:manage") + "?page=2&xuat=xlsx"))) == 1 + 26


def test_the_stories_exports_run_a_constant_number_of_queries(client, world):
    published(world, title=DU_STORY)
    client.force_login(world.users["standing"])
    urls = [reverse("showcase:list") + "?xuat=xlsx", reverse("showcase:manage") + "?xuat=xlsx"]
    small = [_queries(client, url) for url in urls]
    entries = recognised(world)
    for number in range(10):
        published(world, title=f"Bài {number}", entry=entries["A"])
        draft(world, title=f"Nháp {number}")
    assert [_queries(client, url) for url in urls] == small
    assert [len(workbook_rows(client.get(url))) for url in urls] == [12, 22]


# --- decisions:detail --------------------------------------------------------------------------------------

# Staff covering DU read the whole list (organisations first, as the service numbers it); a recognised member
# their own line; the recognised cell's secretary the cell's line; everyone else gets the page's 404.
LINES_SEEN = {
    "standing": [CELL_A, AN, ANH],
    "office": [CELL_A, AN, ANH],
    "reviewer": [CELL_A, AN, ANH],
    "member_a": [AN],
    "secretary_a": [CELL_A],
}


@pytest.fixture
def decision(world):
    ready(member=world.members["member_c"])
    rows = [ready(member=world.members[k]) for k in ("member_a", "other_a")] + [ready(organization=world.a)]
    return issue(world, rows)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_decision_list_export_holds_exactly_the_lines_the_page_shows(client, world, decision, persona):
    Complaint.objects.create(
        organization=world.a, received_on=datetime.date(2025, 1, 10), kind="complaint", concerns="assessment",
        about_member=world.members["other_a"], year=2024,
    )  # fmt: skip
    url = reverse("decisions:detail", kwargs={"pk": decision.pk})
    page = get(client, world, persona, url)
    response = client.get(url + "?xuat=xlsx")
    expected = 200 if persona in LINES_SEEN else 302 if persona == "anonymous" else 404
    assert response.status_code == page.status_code == expected
    if expected != 200:
        return
    rows = workbook_rows(response)
    assert rows[0] == ["STT", "Họ và tên / Tổ chức đảng", "Thuộc", "Danh hiệu", "Tạm dừng xét công nhận"]
    assert [row[1] for row in rows[1:]] == LINES_SEEN[persona] == [e.name for e, _ in page.context["entries"]]
    assert "?xuat=xlsx" in page.content.decode()
    by_name = {row[1]: row for row in rows[1:]}
    if ANH in by_name:
        assert by_name[ANH][4].endswith("nhận ngày 10/01/2025") and by_name[AN][4] is None
        assert by_name[CELL_A][3] == "Chi bộ bốn tốt" and by_name[AN][2] == CELL_A


def test_the_decision_list_export_runs_a_constant_number_of_queries_with_every_line(client, world):
    cells = [_member(f"A-{100 + n}", f"Đỗ Thị Mai {n:02d}", world.a) for n in range(25)]
    small = issue(world, [ready(member=world.members["member_a"])])
    large = issue(world, [ready(member=m) for m in cells], number="16-QĐ/ĐU")
    Complaint.objects.create(
        organization=world.a, received_on=datetime.date(2025, 1, 10), kind="complaint", concerns="rating",
        about_member=cells[24], year=2024,
    )  # fmt: skip
    client.force_login(world.users["office"])
    urls = [reverse("decisions:detail", kwargs={"pk": d.pk}) + "?xuat=xlsx" for d in (small, large)]
    assert _queries(client, urls[0]) == _queries(client, urls[1])
    rows = workbook_rows(client.get(urls[1]))
    assert [row[0] for row in rows[1:]] == list(range(1, 26))
    assert rows[-1][4].startswith("Tạm dừng xét công nhận") and rows[-2][4] is None


# --- dashboards:organization -------------------------------------------------------------------------------

# Staff covering cell A read its members' table; member_a reads the page without it (the export: 403).
MEMBERS_TABLE = {"secretary_a", "supervisor_a", "office", "standing", "reviewer"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_organization_export_holds_the_members_table_for_those_the_page_shows_it_to(client, world, persona):
    seed_world(world)
    url = reverse("dashboards:organization", kwargs={"pk": world.a.pk, "year": 2024})
    page = get(client, world, persona, url)
    response = client.get(url + "?xuat=xlsx")
    if persona not in MEMBERS_TABLE:
        expected = {"anonymous": 302, "member_a": 200}.get(persona, 404)
        assert page.status_code == expected
        assert response.status_code == (403 if expected == 200 else expected)
        if expected == 200:
            assert page.context["page_obj"] is None and "xuat=xlsx" not in page.content.decode()
        return
    assert page.status_code == response.status_code == 200
    rows = workbook_rows(response)
    assert rows[0] == ["Họ và tên", "Kết luận", "Tiêu chí không đạt", "Cảnh báo"]
    assert {row[0] for row in rows[1:]} == {AN, HUNG, ANH} == {sv.name for sv in page.context["page_obj"]}
    assert not {row[0] for row in rows[1:]} & {BAO, CUC}
    anh = next(row for row in rows if row[0] == ANH)
    assert anh[1] == "Không đạt" and anh[2] == "2.3" and anh[3] == 0


def test_the_organization_export_keeps_the_year_and_every_page(client, world):
    seed_world(world)
    from bontot.criteria.models import StoredVerdict

    added = [_member(f"A-{200 + n}", f"Hồ Thị Lan {n:02d}", world.a) for n in range(55)]
    StoredVerdict.objects.bulk_create(build_verdict(member=m) for m in added)
    StoredVerdict.objects.bulk_create([build_verdict(member=added[0], year=2023)])
    client.force_login(world.users["office"])
    url = reverse("dashboards:organization", kwargs={"pk": world.a.pk, "year": 2024})
    page = client.get(url + "?page=2")
    assert page.context["page_obj"].paginator.num_pages == 2 and f"{url}?xuat=xlsx" in page.content.decode()
    rows = workbook_rows(client.get(url + "?page=2&xuat=xlsx"))
    assert len(rows) == 1 + 58 and [row[0] for row in rows[1:]].count("Hồ Thị Lan 00") == 1
    old = workbook_rows(
        client.get(reverse("dashboards:organization", kwargs={"pk": world.a.pk, "year": 2023}) + "?xuat=xlsx")
    )
    assert [row[0] for row in old[1:]] == ["Hồ Thị Lan 00"]


def test_the_organization_export_runs_a_constant_number_of_queries(client, world):
    from bontot.criteria.models import StoredVerdict

    seed_world(world)
    client.force_login(world.users["secretary_a"])
    url = reverse("dashboards:organization", kwargs={"pk": world.a.pk, "year": 2024}) + "?xuat=xlsx"
    small = _queries(client, url)
    added = [_member(f"A-{300 + n}", f"Hồ Văn Tùng {n:02d}", world.a) for n in range(20)]
    StoredVerdict.objects.bulk_create(build_verdict(member=m, failing=["2.1"]) for m in added)
    assert _queries(client, url) == small
    assert len(workbook_rows(client.get(url))) == 1 + 23
