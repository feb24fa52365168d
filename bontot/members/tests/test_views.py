"""Member pages: a member sees only themselves, Vietnamese order, scoped searches and choices, query counts."""

import datetime

import pytest
from django.urls import reverse

from bontot.core.testing.world import _member
from bontot.facts.models import Discipline
from bontot.members.models import Member

D = datetime.date


def test_it_shows_a_member_only_themselves(client, world):
    client.force_login(world.users["member_a"])
    body = client.get(reverse("members:list")).content.decode()
    assert "Nguyễn Văn An" in body
    for other in ("Trần Thị Ánh", "Lê Văn Hùng", "Phạm Văn Bảo", "Võ Thị Cúc", "Bình Phú"):
        assert other not in body
    page = client.get(reverse("members:detail", args=[world.members["member_a"].pk])).content.decode()
    assert "Nguyễn Văn An" in page
    assert "Trần Thị Ánh" not in page
    assert client.get(reverse("members:detail", args=[world.members["other_a"].pk])).status_code == 404


def test_it_orders_members_by_given_name_in_vietnamese(client, world):
    _member("A-004", "Lê Văn Bình", world.a)
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("members:list")).content.decode()
    assert body.index("Nguyễn Văn An") < body.index("Trần Thị Ánh") < body.index("Lê Văn Bình")
    assert body.index("Lê Văn Bình") < body.index("Lê Văn Hùng")


def test_it_searches_and_filters_within_the_visible_members_only(client, world):
    client.force_login(world.users["secretary_a"])
    url = reverse("members:list")
    assert "Phạm Văn Bảo" not in client.get(url, {"q": "Phạm"}).content.decode()
    by_card = client.get(url, {"q": "A-003"}).content.decode()
    assert "Trần Thị Ánh" in by_card
    assert "Nguyễn Văn An" not in by_card
    # Asking for another cell by id shows nothing of it (the choice is not offered: the filter is ignored).
    foreign = client.get(url, {"to_chuc": world.b.pk}).content.decode()
    assert "Phạm Văn Bảo" not in foreign
    assert "Bình Phú" not in foreign
    client.force_login(world.users["office"])
    in_b = client.get(url, {"to_chuc": world.b.pk}).content.decode()
    assert "Phạm Văn Bảo" in in_b
    assert "Nguyễn Văn An" not in in_b
    in_du = client.get(url, {"to_chuc": world.du.pk}).content.decode()  # a committee: its whole subtree
    assert "Phạm Văn Bảo" in in_du and "Nguyễn Văn An" in in_du


def test_it_lists_members_who_left_only_when_asked(client, world):
    Member.objects.filter(pk=world.members["other_a"].pk).update(left_on=D(2024, 1, 1), left_reason="Từ trần")
    client.force_login(world.users["secretary_a"])
    url = reverse("members:list")
    assert "Trần Thị Ánh" not in client.get(url).content.decode()
    left = client.get(url, {"trang_thai": "left"}).content.decode()
    assert "Trần Thị Ánh" in left
    assert "Nguyễn Văn An" not in left


@pytest.mark.parametrize("count", [2, 20])
def test_it_lists_members_in_a_constant_number_of_queries(client, world, django_assert_num_queries, count):
    for i in range(count):
        _member(f"X-{i:03}", f"Đặng Văn Số{i}", world.b)
    client.force_login(world.users["office"])
    # session, user, grants, the cell choices, count, page, the bell's unread count, and the session's save (3)
    with django_assert_num_queries(10):
        response = client.get(reverse("members:list"))
    assert response.status_code == 200
    assert "Đặng Văn Số1" in response.content.decode()


def test_it_refuses_a_card_number_already_used_in_vietnamese(client, world):
    client.force_login(world.users["secretary_a"])
    response = client.post(
        reverse("members:create", args=[world.a.pk]),
        {
            "card_no": "B-001",
            "full_name": "Đỗ Thị Mai",
            "birth_date": "02/09/1990",
            "gender": "female",
            "admitted_on": "03/02/2015",
        },
    )
    assert response.status_code == 200
    assert "Số thẻ đảng viên này đã có trong hệ thống." in response.content.decode()
    assert not Member.objects.filter(full_name="Đỗ Thị Mai").exists()


def test_it_creates_a_member_in_the_cell_with_dates_read_as_dd_mm_yyyy(client, world):
    client.force_login(world.users["secretary_a"])
    response = client.post(
        reverse("members:create", args=[world.a.pk]),
        {
            "card_no": "A-099",
            "full_name": "Đỗ Thị Mai",
            "birth_date": "02/09/1990",
            "gender": "female",
            "admitted_on": "03/02/2015",
        },
    )
    member = Member.objects.get(card_no="A-099")
    assert response["Location"] == reverse("members:detail", args=[member.pk])
    assert (member.organization, member.birth_date, member.created_by) == (
        world.a,
        D(1990, 9, 2),
        world.users["secretary_a"],
    )


def test_it_shows_the_members_history_to_staff(client, world):
    client.force_login(world.users["office"])
    member = world.members["member_a"]
    client.post(reverse("members:transfer", args=[member.pk]), {"organization": world.b.pk, "on": "01/06/2024"})
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "Chuyển sinh hoạt đi" in page and "Chuyển sinh hoạt đến" in page
    assert "31/05/2024" in page  # the end of the membership in A


def test_it_offers_only_the_offices_cells_for_a_transfer(client, world):
    client.force_login(world.users["office"])
    member = world.members["member_a"]
    page = client.get(reverse("members:transfer", args=[member.pk])).content.decode()
    assert "Bình Phú" in page
    assert "Cẩm Lý" not in page
    response = client.post(
        reverse("members:transfer", args=[member.pk]), {"organization": world.orgs["C"].pk, "on": "01/06/2024"}
    )
    assert response.status_code == 200
    assert Member.objects.get(pk=member.pk).organization == world.a


def test_it_shows_disciplines_to_staff_and_to_the_member_only(client, world):
    Discipline.objects.create(member=world.members["member_a"], decided_on=D(2024, 5, 2), form="warning")
    Discipline.objects.create(member=world.members["other_a"], decided_on=D(2024, 5, 3), form="reprimand")
    client.force_login(world.users["member_a"])
    own = client.get(reverse("members:detail", args=[world.members["member_a"].pk])).content.decode()
    assert "Cảnh cáo" in own
    assert "Khiển trách" not in own
    client.force_login(world.users["supervisor_a"])
    other = client.get(reverse("members:detail", args=[world.members["other_a"].pk])).content.decode()
    assert "Khiển trách" in other
    assert "Ghi kỷ luật" not in other  # the supervisor reads, the office writes


@pytest.mark.parametrize("count", [2, 20])
def test_it_shows_a_member_page_in_a_constant_number_of_queries(client, world, django_assert_num_queries, count):
    member = world.members["other_a"]
    for i in range(count):
        Discipline.objects.create(member=member, decided_on=D(2000 + i, 5, 2), form="reprimand")
    client.force_login(world.users["office"])
    # session, user, grants, the member, memberships, statuses, disciplines, history, the latest evaluation
    # year (the dashboard's link), the bell's unread count, and the session's save (3)
    with django_assert_num_queries(13):
        response = client.get(reverse("members:detail", args=[member.pk]))
    assert f"{D(2000 + count - 1, 5, 2):%d/%m/%Y}" in response.content.decode()
