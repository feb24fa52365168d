"""Organisation pages: scoped lists and searches, the page with its history, closing rules, query counts."""

import datetime

import pytest
from django.urls import reverse

from bontot.organizations.models import Organization

D = datetime.date


def _cells(world, count):
    Organization.objects.bulk_create(
        Organization(
            code=f"X{i}",
            name=f"Chi bộ số {i}",
            kind="cell",
            parent=world.du,
            valid_from=D(2020, 1, 1),
            path=f"/SUP/DU/X{i}/",
            depth=2,
        )  # fmt: skip
        for i in range(count)
    )


def test_it_lists_only_the_subtree_of_the_secretary(client, world):
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("organizations:list")).content.decode()
    assert "An Hòa" in body
    assert "Bình Phú" not in body
    assert "Cẩm Lý" not in body
    assert "Đảng ủy xã Bên Cạnh" not in body


def test_it_searches_by_name_or_code_and_filters_by_kind_and_state(client, world):
    world.b.valid_to = D(2024, 12, 31)
    world.b.save()
    _cells(world, 2)
    client.force_login(world.users["office"])
    url = reverse("organizations:list")
    by_code = client.get(url, {"q": "x1"}).content.decode()
    assert "Chi bộ số 1" in by_code
    assert "An Hòa" not in by_code
    by_name = client.get(url, {"q": "bình phú"}).content.decode()
    assert "Bình Phú" in by_name
    assert "An Hòa" not in by_name
    cells = client.get(url, {"kind": "grassroots_committee"}).content.decode()
    assert "Đảng ủy xã Thử Nghiệm" in cells
    assert "An Hòa" not in cells
    closed = client.get(url, {"status": "closed"}).content.decode()
    assert "Bình Phú" in closed
    assert "An Hòa" not in closed
    open_ = client.get(url, {"status": "open"}).content.decode()
    assert "An Hòa" in open_
    assert "Bình Phú" not in open_
    # The office of DU never finds the other committee's cell, even by its exact name.
    found = client.get(url, {"q": "Cẩm"}).content.decode()
    assert "Chi bộ thôn Cẩm Lý" not in found
    assert "Không có tổ chức nào phù hợp." in found


@pytest.mark.parametrize("count", [10, 200])
def test_it_lists_organisations_in_a_constant_number_of_queries(client, world, django_assert_num_queries, count):
    _cells(world, count)
    client.force_login(world.users["office"])
    # session, user, grants, count, page, the bell's unread count, and the session's save (savepoint,
    # update, release)
    with django_assert_num_queries(9):
        response = client.get(reverse("organizations:list"))
    assert response.status_code == 200


def test_it_shows_the_page_with_children_counts_successor_and_history(client, world):
    client.force_login(world.users["office"])
    client.post(
        reverse("organizations:edit", args=[world.a.pk]),
        {"name": "Chi bộ thôn An Hòa Một", "kind": "cell", "valid_from": "01/01/2000"},
    )
    client.post(reverse("organizations:close", args=[world.a.pk]), {"valid_to": "30/06/2025", "successor": world.b.pk})
    page = client.get(reverse("organizations:detail", args=[world.a.pk])).content.decode()
    assert "Chi bộ thôn An Hòa Một" in page
    assert "30/06/2025" in page
    assert "Kết thúc hoạt động" in page and "Sửa" in page  # both history rows
    assert "Chi bộ thôn Bình Phú" in page  # the successor, visible to the office
    du = client.get(reverse("organizations:detail", args=[world.du.pk])).content.decode()
    assert "Chi bộ thôn An Hòa Một" in du and "Chi bộ thôn Bình Phú" in du
    assert "3 sinh hoạt tại tổ chức này" not in du
    assert "0 sinh hoạt tại tổ chức này, 4 trong toàn bộ tổ chức" in du


def test_it_hides_a_successor_the_viewer_cannot_see(client, world):
    world.a.valid_to, world.a.successor = D(2025, 6, 30), world.orgs["C"]
    world.a.save()
    client.force_login(world.users["secretary_a"])
    page = client.get(reverse("organizations:detail", args=[world.a.pk])).content.decode()
    assert "Cẩm Lý" not in page


def test_it_lets_only_an_office_above_close_an_organisation(client, world):
    client.force_login(world.users["office"])
    assert client.get(reverse("organizations:close", args=[world.du.pk])).status_code == 403
    page = client.get(reverse("organizations:close", args=[world.a.pk]))
    assert page.status_code == 200
    assert "Tổ chức còn 3 đảng viên đang sinh hoạt" in page.content.decode()


def test_it_refuses_closing_a_committee_with_open_cells_next_to_the_field(client, admin_user, world):
    client.force_login(admin_user)
    response = client.post(reverse("organizations:close", args=[world.du.pk]), {"valid_to": "30/06/2025"})
    assert response.status_code == 200
    assert "Tổ chức còn tổ chức trực thuộc đang hoạt động" in response.content.decode()
    assert Organization.objects.get(pk=world.du.pk).valid_to is None


def test_it_refuses_a_duplicate_code_in_vietnamese(client, world):
    client.force_login(world.users["office"])
    response = client.post(
        reverse("organizations:create", args=[world.du.pk]),
        {"code": "B", "name": "Trùng mã", "kind": "cell", "valid_from": "01/01/2024"},
    )
    assert response.status_code == 200
    assert "Mã này đã được dùng cho một tổ chức khác." in response.content.decode()
    assert not Organization.objects.filter(name="Trùng mã").exists()


def test_it_refuses_a_successor_outside_the_visible_organisations(client, world):
    client.force_login(world.users["office"])
    response = client.post(
        reverse("organizations:close", args=[world.a.pk]), {"valid_to": "30/06/2025", "successor": world.orgs["C"].pk}
    )
    assert response.status_code == 200
    assert Organization.objects.get(pk=world.a.pk).valid_to is None


@pytest.mark.parametrize("count", [10, 200])
def test_it_shows_a_committee_page_in_a_constant_number_of_queries(client, world, django_assert_num_queries, count):
    _cells(world, count)
    client.force_login(world.users["office"])
    # session, user, grants, the organisation, related organisations, two member counts, two histories,
    # the latest evaluation year (the dashboard's link), the bell's unread count, and the session's save (3)
    with django_assert_num_queries(14):
        response = client.get(reverse("organizations:detail", args=[world.du.pk]))
    assert f"Chi bộ số {count - 1}" in response.content.decode()
