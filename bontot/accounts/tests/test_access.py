"""Who sees and manages which accounts: `visible_users`, `access_user`, `access_role_assignment`,
`check_manages_account`."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from bontot.accounts.access import (
    access_role_assignment,
    access_user,
    check_manages_account,
    common_path,
    visible_users,
)
from bontot.core.testing.world import LONG_AGO
from bontot.organizations.models import Role, RoleAssignment


def _names(users) -> set[str]:
    return set(users.values_list("username", flat=True))


def test_it_finds_the_common_path_by_whole_segments():
    assert common_path(["/S/DU/A/", "/S/DU/B/"]) == "/S/DU/"
    assert common_path(["/S/DU/A1/", "/S/DU/A12/"]) == "/S/DU/"
    assert common_path(["/S/DU/A/"]) == "/S/DU/A/"
    assert common_path(["/X/", "/Y/"]) == "/"


def test_it_shows_the_office_the_users_of_its_subtree_only(world):
    assert _names(visible_users(world.users["office"], roles=[Role.OFFICE])) == {
        "member_a",
        "member_b",
        "secretary_a",
        "supervisor_a",
        "office",
        "standing",
        "ended",  # held a role in the subtree
        "future",  # will hold one
    }
    assert _names(visible_users(world.users["outsider"], roles=[Role.OFFICE])) == {"outsider"}


def test_it_shows_users_linked_to_a_member_of_the_subtree(world, django_user_model):
    linked = django_user_model.objects.create_user("chi.co.the")
    world.members["member_c"].user = linked
    world.members["member_c"].save()
    assert "chi.co.the" in _names(visible_users(world.users["outsider"], roles=[Role.OFFICE]))
    assert "chi.co.the" not in _names(visible_users(world.users["office"], roles=[Role.OFFICE]))


def test_it_shows_a_member_no_user(world):
    assert _names(visible_users(world.users["member_a"])) == set()


@pytest.mark.parametrize(
    ("persona", "outcome"),
    [
        ("office", "ok"),
        ("secretary_a", 403),
        ("standing", 403),
        ("reviewer", 403),
        ("member_a", 403),  # their own account, with no right on it
        ("member_b", 404),
        ("outsider", 404),
        ("ended", 404),
        ("future", 404),
    ],
)
def test_it_fetches_a_user_only_for_the_office_of_their_subtree(world, persona, outcome):
    actor, target = world.users[persona], world.users["member_a"]
    if outcome == "ok":
        assert access_user(actor, target.pk, need=[Role.OFFICE]) == target
    else:
        with pytest.raises(Http404 if outcome == 404 else PermissionDenied):
            access_user(actor, target.pk, need=[Role.OFFICE])


def test_it_answers_a_missing_user_as_one_outside(world):
    for pk in (987654, "abc"):
        with pytest.raises(Http404):
            access_user(world.users["office"], pk, need=[Role.OFFICE])


def test_it_reaches_a_role_assignment_through_its_organisation(world):
    office, outsider = world.users["office"], world.users["outsider"]
    role_a = RoleAssignment.objects.get(user=world.users["member_a"])
    assert access_role_assignment(office, role_a.pk, need=[Role.OFFICE]) == role_a
    with pytest.raises(Http404):
        access_role_assignment(outsider, role_a.pk, need=[Role.OFFICE])
    with pytest.raises(PermissionDenied):
        access_role_assignment(world.users["secretary_a"], role_a.pk, need=[Role.OFFICE])
    # The office's own office role on DU is in its subtree; the reviewer's on SUP is not.
    role_sup = RoleAssignment.objects.get(user=world.users["reviewer"])
    with pytest.raises(Http404):
        access_role_assignment(office, role_sup.pk, need=[Role.OFFICE])


def test_it_lets_the_office_manage_an_account_only_when_it_covers_every_current_role(world):
    office, user = world.users["office"], world.users["member_a"]
    check_manages_account(office, user)
    # The same person also works in another committee: the office of DU may no longer lock or reset them.
    RoleAssignment.objects.create(user=user, organization=world.orgs["C"], role=Role.MEMBER, start=LONG_AGO)
    with pytest.raises(PermissionDenied):
        check_manages_account(office, user)


def test_it_lets_only_a_superuser_manage_a_staff_account(world, django_user_model):
    staff = world.users["member_a"]
    staff.is_staff = True
    staff.save()
    with pytest.raises(PermissionDenied):
        check_manages_account(world.users["office"], staff)
    admin = django_user_model.objects.create_superuser("quantri", password="x")
    check_manages_account(admin, staff)


def test_it_ignores_roles_that_have_ended_when_deciding_who_manages_an_account(world):
    user = world.users["ended"]
    check_manages_account(world.users["office"], user)
