"""Registration pages: what they show, what they write, and constant queries."""

import datetime

import pytest
from django.urls import reverse

from bontot.assessments.models import Registration, RegistrationStatus
from bontot.core.testing.world import LONG_AGO
from bontot.members.models import Member
from bontot.organizations.models import Organization

D = datetime.date
CELL_QUERIES = 12  # with the notification bell (one count query)
MISSING_QUERIES = 9  # with the notification bell (one count query)


def _add_members(cell, n):
    for i in range(n):
        Member.objects.create(
            card_no=f"{cell.code}-{100 + i}",
            full_name=f"Đảng viên Số {i}",
            birth_date=D(1980, 1, 1),
            gender="male",
            organization=cell,
            admitted_on=D(2010, 1, 1),
            official_on=D(2011, 1, 1),
        )


def test_it_registers_selected_members_and_the_cell_on_their_behalf(client, world):
    client.force_login(world.users["secretary_a"])
    url = reverse("assessments:registration_cell", kwargs={"org_pk": world.a.pk})
    other_a, member_b = world.members["other_a"], world.members["member_b"]
    response = client.post(url, {"year": "2024", "members": [other_a.pk, member_b.pk], "cell": "1"})
    assert response.status_code == 302
    registered = Registration.objects.filter(year=2024)
    assert {(r.member_id, r.organization_id) for r in registered} == {(other_a.pk, None), (None, world.a.pk)}
    assert all(r.registered_by == world.users["secretary_a"] for r in registered)
    page = client.get(url + "?year=2024").content.decode()
    assert "Trần Thị Ánh" in page
    assert "Chưa đăng ký" in page  # the members not selected


def test_it_shows_a_members_refused_registration_with_its_reason(client, world):
    Registration.objects.create(
        year=2024,
        member=world.members["member_a"],
        registered_on=D(2024, 2, 1),
        late=True,
        status=RegistrationStatus.REFUSED,
        decision_reason="Đăng ký quá muộn",
    )
    client.force_login(world.users["member_a"])
    page = client.get(reverse("assessments:registration_mine") + "?year=2024").content.decode()
    assert "Không chấp nhận" in page
    assert "Đăng ký quá muộn" in page
    assert "01/02/2024" in page


def test_it_shows_the_reason_error_next_to_the_field(client, world):
    registration = Registration.objects.create(
        year=2024, member=world.members["member_a"], registered_on=D(2024, 2, 1), late=True, status="pending"
    )
    client.force_login(world.users["secretary_a"])
    url = reverse("assessments:registration_decide", kwargs={"pk": registration.pk})
    response = client.post(url, {"action": "refuse", "decision_reason": ""})
    assert response.status_code == 200
    assert "Phải ghi lý do không chấp nhận đăng ký." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING


def test_it_lists_pending_registrations_for_their_decider(client, world):
    Registration.objects.create(
        year=2024, member=world.members["other_a"], registered_on=D(2024, 2, 1), late=True, status="pending"
    )
    client.force_login(world.users["secretary_a"])
    page = client.get(reverse("assessments:registration_pending")).content.decode()
    assert "Trần Thị Ánh" in page
    client.force_login(world.users["office"])
    assert "Trần Thị Ánh" not in client.get(reverse("assessments:registration_pending")).content.decode()


def test_it_counts_the_unregistered_by_cell_within_the_offices_subtree(client, world):
    Registration.objects.create(year=2024, member=world.members["member_a"], registered_on=D(2024, 1, 2))
    client.force_login(world.users["office"])
    url = reverse("assessments:registration_missing")
    page = client.get(url + "?year=2024").content.decode()
    assert "An Hòa" in page
    assert "Cẩm Lý" not in page
    drill = client.get(url + f"?year=2024&chi_bo={world.a.pk}").content.decode()
    assert "Trần Thị Ánh" in drill
    assert "Nguyễn Văn An" not in drill
    client.force_login(world.users["outsider"])
    assert "An Hòa" not in client.get(url + "?year=2024").content.decode()
    assert client.get(url + f"?year=2024&chi_bo={world.a.pk}").status_code == 404


def _add_cells(parent, start, stop):
    for i in range(start, stop):
        code = f"X{i}"
        cell = Organization.objects.create(
            code=code,
            name=f"Chi bộ Số {i}",
            kind="cell",
            parent=parent,
            valid_from=LONG_AGO,
            path=f"{parent.path}{code}/",
            depth=parent.depth + 1,
        )
        _add_members(cell, 1)


# Pinned at two sizes: the same number of queries whatever the count of members or cells.
@pytest.mark.parametrize("persona", ["secretary_a", "office"])
def test_it_reads_a_cell_in_constant_queries(client, world, persona, django_assert_num_queries):
    url = reverse("assessments:registration_cell", kwargs={"org_pk": world.a.pk}) + "?year=2024"
    client.force_login(world.users[persona])
    Registration.objects.create(year=2024, member=world.members["other_a"], registered_on=D(2024, 1, 2))
    with django_assert_num_queries(CELL_QUERIES):
        assert client.get(url).status_code == 200  # 3 members
    _add_members(world.a, 17)
    with django_assert_num_queries(CELL_QUERIES):
        assert client.get(url).status_code == 200  # 20 members


def test_it_lists_missing_registrations_in_constant_queries(client, world, django_assert_num_queries):
    url = reverse("assessments:registration_missing") + "?year=2024"
    client.force_login(world.users["office"])
    _add_cells(world.du, 0, 8)  # with A and B: 10 cells
    with django_assert_num_queries(MISSING_QUERIES):
        assert client.get(url).status_code == 200
    _add_cells(world.du, 8, 198)  # 200 cells
    with django_assert_num_queries(MISSING_QUERIES):
        assert client.get(url).status_code == 200


def test_it_asks_to_choose_when_a_decision_names_no_action(client, world):
    registration = Registration.objects.create(
        year=2024, member=world.members["member_a"], registered_on=D(2024, 2, 1), late=True, status="pending"
    )
    client.force_login(world.users["secretary_a"])
    url = reverse("assessments:registration_decide", kwargs={"pk": registration.pk})
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Chọn chấp nhận hoặc không chấp nhận." in response.content.decode()
