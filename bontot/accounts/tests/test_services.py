"""Account services: each changes the state and writes its audit row, or writes nothing when invalid."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from bontot.accounts import services
from bontot.core.models import AuditLog
from bontot.organizations.models import Role, RoleAssignment

DAY = datetime.date(2025, 3, 1)


def _last_audit() -> AuditLog:
    return AuditLog.objects.order_by("-id").first()  # type: ignore[return-value]


def test_it_splits_a_vietnamese_full_name_at_the_given_name():
    assert services.split_full_name("  Nguyễn  Thị Thu   Hà ") == ("Nguyễn Thị Thu", "Hà")
    assert services.split_full_name("Hà") == ("", "Hà")
    assert services.split_full_name("") == ("", "")


def test_it_creates_a_user_with_their_first_role_and_member_link(world):
    office, member = world.users["office"], world.members["other_a"]
    user = services.create_user(
        actor=office,
        username="anh.tran",
        full_name="Trần Thị Ánh",
        email="anh@example.vn",
        password="mat-khau-tam-thoi-9",
        organization=world.a,
        role=Role.CELL_SECRETARY,
        start=DAY,
        member=member,
    )
    assert (user.last_name, user.first_name, user.email) == ("Trần Thị", "Ánh", "anh@example.vn")
    assert user.check_password("mat-khau-tam-thoi-9")
    assert not user.is_staff and not user.is_superuser
    member.refresh_from_db()
    assert member.user == user and member.updated_by == office
    role = RoleAssignment.objects.get(user=user)
    assert (role.organization, role.role, role.start, role.end, role.created_by) == (
        world.a,
        Role.CELL_SECRETARY,
        DAY,
        None,
        office,
    )
    created = AuditLog.objects.get(action="accounts.user.created")
    assert (created.actor, created.object_type, created.object_id) == (office, "auth.user", str(user.pk))
    assert created.organization_path == world.du.path  # filed under the office that acted
    assert created.data["member"] == member.card_no
    assigned = AuditLog.objects.get(action="accounts.role.assigned")
    assert assigned.object_id == str(role.pk) and assigned.organization_path == world.a.path


def test_it_creates_nothing_when_the_first_role_is_invalid(world, django_user_model):
    before = django_user_model.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_user(
            actor=world.users["office"],
            username="sai.ngay",
            full_name="Lê Văn Sai",
            email="",
            password="mat-khau-tam-thoi-9",
            organization=world.a,
            role=Role.MEMBER,
            start=DAY,
            end=DAY - datetime.timedelta(days=1),
        )
    assert error.value.message_dict["end"] == ["Ngày kết thúc không được trước ngày bắt đầu."]
    assert django_user_model.objects.count() == before
    assert not AuditLog.objects.filter(action__startswith="accounts.").exists()


def test_it_refuses_to_link_a_member_who_already_has_a_login(world, django_user_model):
    with pytest.raises(ValidationError) as error:
        services.create_user(
            actor=world.users["office"],
            username="trung.lap",
            full_name="Nguyễn Văn An",
            email="",
            password="mat-khau-tam-thoi-9",
            organization=world.a,
            role=Role.MEMBER,
            start=DAY,
            member=world.members["member_a"],
        )
    assert "đã có tài khoản" in error.value.message_dict["member"][0]
    assert not django_user_model.objects.filter(username="trung.lap").exists()


def test_it_assigns_a_role_with_an_audit_row(world):
    office, user = world.users["office"], world.users["member_b"]
    role = services.assign_role(user, actor=office, organization=world.b, role=Role.CELL_SECRETARY, start=DAY)
    assert RoleAssignment.objects.filter(pk=role.pk, user=user, role=Role.CELL_SECRETARY, end=None).exists()
    row = _last_audit()
    assert (row.action, row.actor, row.object_type, row.object_id) == (
        "accounts.role.assigned",
        office,
        "organizations.roleassignment",
        str(role.pk),
    )
    assert row.organization_path == world.b.path
    assert row.data["role"] == Role.CELL_SECRETARY and row.data["start"] == "2025-03-01"


def test_it_refuses_an_overlapping_assignment_of_the_same_role(world):
    user = world.users["secretary_a"]  # cell secretary of A since 2000, no end
    with pytest.raises(ValidationError) as error:
        services.assign_role(
            user, actor=world.users["office"], organization=world.a, role=Role.CELL_SECRETARY, start=DAY
        )
    assert "trùng lặp" in error.value.message_dict["start"][0]
    assert RoleAssignment.objects.filter(user=user, role=Role.CELL_SECRETARY).count() == 1


def test_it_allows_the_same_role_again_after_it_ended(world):
    user, office = world.users["ended"], world.users["office"]  # secretary of A until yesterday
    services.assign_role(user, actor=office, organization=world.a, role=Role.CELL_SECRETARY, start=DAY.today())
    assert RoleAssignment.objects.filter(user=user, role=Role.CELL_SECRETARY).count() == 2


def test_it_ends_a_role_without_deleting_it(world):
    office = world.users["office"]
    role = RoleAssignment.objects.get(user=world.users["secretary_a"], role=Role.CELL_SECRETARY)
    services.end_role(role, actor=office, end=DAY)
    role.refresh_from_db()
    assert role.end == DAY and role.updated_by == office
    row = _last_audit()
    assert (row.action, row.object_id, row.organization_path) == ("accounts.role.ended", str(role.pk), world.a.path)
    assert row.data["end"] == "2025-03-01" and row.data["previous_end"] is None


def test_it_refuses_to_end_a_role_before_it_starts(world):
    role = RoleAssignment.objects.get(user=world.users["future"])
    with pytest.raises(ValidationError) as error:
        services.end_role(role, actor=world.users["office"], end=role.start - datetime.timedelta(days=1))
    assert error.value.message_dict["end"] == ["Ngày kết thúc không được trước ngày bắt đầu."]
    role.refresh_from_db()
    assert role.end is None
    assert not AuditLog.objects.filter(action="accounts.role.ended").exists()


def test_it_refuses_to_extend_a_role_that_already_ended(world):
    role = RoleAssignment.objects.get(user=world.users["ended"])
    assert role.end is not None
    with pytest.raises(ValidationError) as error:
        services.end_role(role, actor=world.users["office"], end=role.end + datetime.timedelta(days=10))
    assert "đã kết thúc" in error.value.message_dict["end"][0]


def test_it_deactivates_and_reactivates_an_account(world):
    office, user = world.users["office"], world.users["member_a"]
    services.set_active(user, actor=office, active=False)
    user.refresh_from_db()
    assert not user.is_active
    row = _last_audit()
    assert (row.action, row.actor, row.object_id) == ("accounts.user.deactivated", office, str(user.pk))
    assert row.organization_path == world.du.path  # filed under the office that acted
    services.set_active(user, actor=office, active=True)
    user.refresh_from_db()
    assert user.is_active and _last_audit().action == "accounts.user.reactivated"


def test_it_writes_nothing_when_the_account_is_already_in_that_state(world):
    services.set_active(world.users["member_a"], actor=world.users["office"], active=True)
    assert not AuditLog.objects.filter(action__startswith="accounts.user").exists()


def test_it_refuses_to_lock_ones_own_account(world):
    office = world.users["office"]
    with pytest.raises(ValidationError):
        services.set_active(office, actor=office, active=False)
    office.refresh_from_db()
    assert office.is_active


def test_it_files_an_action_of_a_superuser_under_the_places_of_the_user(world, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", password="x")
    services.set_active(world.users["secretary_a"], actor=admin, active=False)
    assert _last_audit().organization_path == world.a.path


def test_it_sets_a_password_with_an_audit_row_that_does_not_hold_it(world):
    office, user = world.users["office"], world.users["member_b"]
    services.set_password(user, actor=office, password="tam-thoi-2025-x")
    user.refresh_from_db()
    assert user.check_password("tam-thoi-2025-x")
    row = _last_audit()
    assert (row.action, row.object_id, row.organization_path) == (
        "accounts.user.password_set",
        str(user.pk),
        world.du.path,
    )
    assert "tam-thoi-2025-x" not in str(row.data)
