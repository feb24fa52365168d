"""The office's user pages: list, create, detail, role assignments, lock, temporary password.

The persona matrix (matrix.py) covers every status; these tests cover what each page does."""

import datetime

import pytest
from django.urls import reverse

from bontot.core.models import AuditLog
from bontot.core.testing.world import LONG_AGO
from bontot.organizations.models import Role, RoleAssignment

INVALID_CHOICE = "Hãy chọn một lựa chọn hợp lệ"
END_BEFORE_START = "Ngày kết thúc không được trước ngày bắt đầu."


@pytest.fixture
def office_client(client, world):
    client.force_login(world.users["office"])
    return client


def _create_data(world, **changes):
    data = {
        "username": "nguyen.van.moi",
        "full_name": "Nguyễn Văn Mới",
        "email": "moi@example.vn",
        "password1": "Mat-khau-tam-2025",
        "password2": "Mat-khau-tam-2025",
        "member": "",
        "organization": world.a.pk,
        "role": Role.MEMBER,
        "start": "01/03/2025",
        "end": "",
    }
    data.update(changes)
    return data


def _field_errors(response, field):
    return response.context["form"].errors.get(field, [])


# --- list ---------------------------------------------------------------------------------------------------


def test_it_lists_the_users_of_the_subtree_with_their_current_roles(office_client, world):
    response = office_client.get(reverse("accounts:user_list"))
    body = response.content.decode()
    assert response.status_code == 200
    for username in ("member_a", "member_b", "secretary_a", "standing"):
        assert f"<td>{username}</td>" in body
    assert "Chi bộ thôn An Hòa" in body and "Bí thư chi bộ / Chi ủy" in body
    for text in ("outsider", "reviewer", "Cẩm Lý", "Thành ủy Thử Nghiệm"):
        assert text not in body


def test_it_lists_for_the_outsider_only_its_own_committee(client, world):
    client.force_login(world.users["outsider"])
    body = client.get(reverse("accounts:user_list")).content.decode()
    assert "<td>outsider</td>" in body
    for text in ("member_a", "secretary_a", "An Hòa", "Bình Phú", "Đảng ủy xã Thử Nghiệm"):
        assert text not in body


def test_it_searches_by_name_and_username(office_client, world, django_user_model):
    user = django_user_model.objects.create_user("bi.thu.moi", first_name="Hùng", last_name="Lê Văn")
    RoleAssignment.objects.create(user=user, organization=world.b, role=Role.CELL_SECRETARY, start=LONG_AGO)
    body = office_client.get(reverse("accounts:user_list"), {"q": "lê hùng"}).content.decode()
    assert "<td>bi.thu.moi</td>" in body and "<td>member_a</td>" not in body
    body = office_client.get(reverse("accounts:user_list"), {"q": "member_b"}).content.decode()
    assert "<td>member_b</td>" in body and "<td>bi.thu.moi</td>" not in body


def test_it_does_not_show_a_linked_member_of_another_committee(office_client, world):
    world.members["member_c"].user = world.users["standing"]  # an odd link, across committees
    world.members["member_c"].save()
    body = office_client.get(reverse("accounts:user_list")).content.decode()
    assert "Võ Thị Cúc" not in body


def test_it_paginates_the_list(office_client, world, django_user_model):
    for i in range(30):
        user = django_user_model.objects.create_user(f"dv{i:02}", first_name=f"Z{i:02}")
        RoleAssignment.objects.create(user=user, organization=world.b, role=Role.MEMBER, start=LONG_AGO)
    body = office_client.get(reverse("accounts:user_list")).content.decode()
    assert "Trang 1/2" in body and "page=2" in body
    body = office_client.get(reverse("accounts:user_list"), {"page": 2}).content.decode()
    assert "Trang 2/2" in body and "<td>dv29</td>" in body
    body = office_client.get(reverse("accounts:user_list"), {"q": "dv"}).content.decode()
    assert "?q=dv&page=2" in body  # the search is kept from page to page


@pytest.mark.parametrize("count", [2, 20])
def test_it_lists_users_in_the_same_number_of_queries_at_any_size(
    client, world, django_user_model, django_assert_num_queries, count
):
    for i in range(count):
        user = django_user_model.objects.create_user(f"dv{i:02}", first_name=f"Người {i}")
        RoleAssignment.objects.create(user=user, organization=world.b, role=Role.MEMBER, start=LONG_AGO)
        RoleAssignment.objects.create(user=user, organization=world.a, role=Role.SUPERVISOR, start=LONG_AGO)
    world.members["other_a"].user = django_user_model.objects.get(username="dv01")
    world.members["other_a"].save()
    client.force_login(world.users["office"])
    # session, user, grants, count, page of users (with members), their roles, the bell's unread count;
    # then the session is saved (SESSION_SAVE_EVERY_REQUEST: savepoint, update, release)
    with django_assert_num_queries(10):
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200


# --- create -------------------------------------------------------------------------------------------------


def test_it_creates_a_user_with_a_role_and_a_member_link(office_client, world, django_user_model):
    member = world.members["other_a"]
    response = office_client.post(reverse("accounts:user_create"), _create_data(world, member=member.pk))
    user = django_user_model.objects.get(username="nguyen.van.moi")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    assert (user.last_name, user.first_name) == ("Nguyễn Văn", "Mới")
    assert user.check_password("Mat-khau-tam-2025")
    member.refresh_from_db()
    assert member.user == user
    assert RoleAssignment.objects.get(user=user).start == datetime.date(2025, 3, 1)
    assert AuditLog.objects.filter(action="accounts.user.created", object_id=str(user.pk)).exists()


def test_it_says_next_to_the_field_that_a_username_is_taken(office_client, world):
    response = office_client.post(reverse("accounts:user_create"), _create_data(world, username="Member_A"))
    assert response.status_code == 200
    assert _field_errors(response, "username") == ["Tên đăng nhập này đã có người dùng. Xin chọn tên khác."]
    assert "Tên đăng nhập này đã có người dùng" in response.content.decode()


def test_it_says_next_to_the_fields_when_passwords_or_dates_are_wrong(office_client, world):
    response = office_client.post(
        reverse("accounts:user_create"),
        _create_data(world, password2="khac-han-2025", end="28/02/2025"),
    )
    assert _field_errors(response, "password2") == ["Hai mật khẩu không khớp nhau."]
    assert _field_errors(response, "end") == [END_BEFORE_START]
    response = office_client.post(
        reverse("accounts:user_create"), _create_data(world, password1="123", password2="123")
    )
    assert any("quá ngắn" in e for e in _field_errors(response, "password1"))


def test_it_offers_only_members_and_organisations_of_the_office_subtree(office_client, world, django_user_model):
    form = office_client.get(reverse("accounts:user_create")).context["form"]
    assert set(form.fields["member"].queryset) == {world.members["other_a"]}  # the others have a login
    assert set(form.fields["organization"].queryset) == {world.du, world.a, world.b}
    response = office_client.post(
        reverse("accounts:user_create"),
        _create_data(world, member=world.members["member_c"].pk, organization=world.orgs["SUP"].pk),
    )
    assert INVALID_CHOICE in _field_errors(response, "member")[0]
    assert INVALID_CHOICE in _field_errors(response, "organization")[0]
    assert not django_user_model.objects.filter(username="nguyen.van.moi").exists()


def test_it_refuses_create_to_other_roles_and_other_methods(client, world):
    client.force_login(world.users["secretary_a"])
    assert client.post(reverse("accounts:user_create"), _create_data(world)).status_code == 403
    client.force_login(world.users["office"])
    assert client.put(reverse("accounts:user_create")).status_code == 405
    assert client.post(reverse("accounts:user_list")).status_code == 405


# --- detail -------------------------------------------------------------------------------------------------


def test_it_shows_only_the_roles_and_history_of_the_subtree(office_client, world):
    user = world.users["member_a"]
    elsewhere = RoleAssignment.objects.create(
        user=user, organization=world.orgs["C"], role=Role.SUPERVISOR, start=LONG_AGO
    )
    AuditLog.objects.create(
        action="accounts.role.assigned",
        object_type="organizations.roleassignment",
        object_id=str(elsewhere.pk),
        organization_path=world.orgs["C"].path,
        data={"role": "supervisor", "organization_name": "Chi bộ thôn Cẩm Lý", "start": "2000-01-01"},
    )
    office_client.post(reverse("accounts:role_add", args=[user.pk]), _role_data(world.b, start="05/01/2025"))
    response = office_client.get(reverse("accounts:user_detail", args=[user.pk]))
    body = response.content.decode()
    assert "Chi bộ thôn An Hòa" in body
    assert "Cẩm Lý" not in body
    assert "phân quyền Bí thư chi bộ / Chi ủy — Chi bộ thôn Bình Phú, từ 05/01/2025" in body
    # The account also works in another committee: no lock, no password from this office.
    assert response.context["manages_account"] is False
    assert reverse("accounts:user_deactivate", args=[user.pk]) not in body


# --- role assignments ---------------------------------------------------------------------------------------


def _role_data(org, **changes):
    data = {"organization": org.pk, "role": Role.CELL_SECRETARY, "start": "01/03/2025", "end": ""}
    data.update(changes)
    return data


def test_it_assigns_a_role_in_the_subtree(office_client, world):
    user = world.users["member_b"]
    response = office_client.post(reverse("accounts:role_add", args=[user.pk]), _role_data(world.b))
    assert response.status_code == 302
    role = RoleAssignment.objects.get(user=user, role=Role.CELL_SECRETARY)
    assert (role.organization, role.start, role.end) == (world.b, datetime.date(2025, 3, 1), None)


@pytest.mark.parametrize("code", ["SUP", "DU2", "C"])
def test_it_refuses_to_grant_a_role_on_an_ancestor_or_another_committee(office_client, world, code):
    user = world.users["member_b"]
    response = office_client.post(reverse("accounts:role_add", args=[user.pk]), _role_data(world.orgs[code]))
    assert response.status_code == 200
    assert INVALID_CHOICE in _field_errors(response, "organization")[0]
    assert not RoleAssignment.objects.filter(user=user, role=Role.CELL_SECRETARY).exists()


def test_it_says_next_to_the_field_when_a_role_ends_before_it_starts_or_overlaps(office_client, world):
    user = world.users["secretary_a"]
    url = reverse("accounts:role_add", args=[user.pk])
    response = office_client.post(url, _role_data(world.b, end="01/01/2025"))
    assert _field_errors(response, "end") == [END_BEFORE_START]
    assert END_BEFORE_START in response.content.decode()
    response = office_client.post(url, _role_data(world.a))
    assert "trùng lặp" in _field_errors(response, "start")[0]


def test_it_ends_a_role_on_a_day(office_client, world):
    role = RoleAssignment.objects.get(user=world.users["secretary_a"], role=Role.CELL_SECRETARY)
    response = office_client.post(reverse("accounts:role_end", args=[role.pk]), {f"role{role.pk}-end": "15/06/2025"})
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.end == datetime.date(2025, 6, 15)


def test_it_says_next_to_the_field_when_a_role_would_end_before_it_starts(office_client, world):
    role = RoleAssignment.objects.get(user=world.users["future"])
    response = office_client.post(
        reverse("accounts:role_end", args=[role.pk]), {f"role{role.pk}-end": LONG_AGO.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end"] == [END_BEFORE_START]
    role.refresh_from_db()
    assert role.end is None


def test_it_answers_405_to_a_get_on_an_action(office_client, world):
    role = RoleAssignment.objects.get(user=world.users["member_a"])
    assert office_client.get(reverse("accounts:role_end", args=[role.pk])).status_code == 405
    for name in ("accounts:user_deactivate", "accounts:user_activate"):
        assert office_client.get(reverse(name, args=[world.users["member_a"].pk])).status_code == 405
    assert office_client.delete(reverse("accounts:role_add", args=[world.users["member_a"].pk])).status_code == 405


# --- lock and password --------------------------------------------------------------------------------------


def test_it_locks_and_unlocks_an_account(office_client, client, world):
    user = world.users["member_b"]
    response = office_client.post(reverse("accounts:user_deactivate", args=[user.pk]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    office_client.post(reverse("accounts:user_activate", args=[user.pk]))
    user.refresh_from_db()
    assert user.is_active


def test_it_refuses_to_lock_an_account_that_also_works_elsewhere(office_client, world):
    user = world.users["member_b"]
    RoleAssignment.objects.create(user=user, organization=world.orgs["C"], role=Role.MEMBER, start=LONG_AGO)
    assert office_client.post(reverse("accounts:user_deactivate", args=[user.pk])).status_code == 403
    assert office_client.get(reverse("accounts:user_set_password", args=[user.pk])).status_code == 403
    user.refresh_from_db()
    assert user.is_active


def test_it_does_not_lock_the_office_out_of_its_own_account(office_client, world):
    office = world.users["office"]
    response = office_client.post(reverse("accounts:user_deactivate", args=[office.pk]), follow=True)
    assert "Bạn không thể tự khóa tài khoản của chính mình." in response.content.decode()
    office.refresh_from_db()
    assert office.is_active


def test_it_shows_the_office_its_own_account_actions_in_the_history(office_client, world):
    user = world.users["member_b"]
    office_client.post(reverse("accounts:user_deactivate", args=[user.pk]))
    office_client.post(reverse("accounts:user_activate", args=[user.pk]))
    body = " ".join(office_client.get(reverse("accounts:user_detail", args=[user.pk])).content.decode().split())
    assert "office: khóa tài khoản" in body and "office: mở khóa tài khoản" in body


def test_it_sets_a_temporary_password(office_client, client, world):
    user = world.users["member_b"]
    url = reverse("accounts:user_set_password", args=[user.pk])
    response = office_client.post(url, {"new_password1": "Tam-thoi-2025", "new_password2": "Khac-2025"})
    assert response.context["form"].errors["new_password2"] == ["Hai mật khẩu không khớp nhau."]
    response = office_client.post(url, {"new_password1": "Tam-thoi-2025", "new_password2": "Tam-thoi-2025"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Tam-thoi-2025")


def test_it_shows_the_menu_entry_to_the_office_only(client, world):
    client.force_login(world.users["office"])
    assert "Người dùng" in client.get(reverse("home")).content.decode()
    client.force_login(world.users["secretary_a"])
    assert "Người dùng" not in client.get(reverse("home")).content.decode()


def test_it_greets_a_user_with_their_roles_in_vietnamese(client, world):
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("home")).content.decode()
    assert "Bí thư chi bộ / Chi ủy — Chi bộ thôn An Hòa" in body and "Đảng viên — Chi bộ thôn An Hòa" in body
