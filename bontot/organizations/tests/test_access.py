"""The access chokepoint: grants reach a subtree between two dates; 404 outside it, 403 without the role."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from bontot.members.models import Member
from bontot.organizations.access import (
    access_member,
    access_organization,
    grants,
    request_grants,
    visible_members,
    visible_organizations,
)
from bontot.organizations.models import Organization, RoleAssignment
from bontot.organizations.services import rebuild_paths

D = datetime.date
LONG_AGO = D(2000, 1, 1)


def org(code, kind, parent=None):
    return Organization.objects.create(
        code=code, name=f"Tổ chức {code}", kind=kind, parent=parent, valid_from=LONG_AGO, path=f"/{code}/"
    )


@pytest.fixture
def tree(db):
    """TU > DU > (CB1, CB12); TU > DU2 > CB3: CB1 and CB12 share a prefix of characters, not of path."""
    top = org("TU", "superior_committee")
    ward = org("DU", "grassroots_committee", top)
    other = org("DU2", "grassroots_committee", top)
    cells = {
        "CB1": org("CB1", "cell", ward),
        "CB12": org("CB12", "cell", ward),
        "CB3": org("CB3", "cell", other),
    }
    rebuild_paths()
    return {"TU": top, "DU": ward, "DU2": other, **cells}


def person(django_user_model, username, *assignments):
    user = django_user_model.objects.create_user(username, password="x")
    for organization, role, start, end in assignments:
        RoleAssignment.objects.create(user=user, organization=organization, role=role, start=start, end=end)
    return user


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_it_reaches_the_subtree_of_each_grant_in_force_today(tree, django_user_model):
    today = timezone.localdate()
    secretary = person(django_user_model, "bithu", (tree["CB1"], "cell_secretary", LONG_AGO, None))
    office = person(django_user_model, "vanphong", (tree["DU"], "office", LONG_AGO, None))
    ended = person(django_user_model, "cu", (tree["DU"], "office", LONG_AGO, today - datetime.timedelta(days=1)))
    future = person(django_user_model, "moi", (tree["DU"], "office", today + datetime.timedelta(days=30), None))
    last_day = person(django_user_model, "homnay", (tree["DU2"], "office", LONG_AGO, today))

    assert codes(visible_organizations(secretary)) == ["CB1"]  # not CB12: paths end with "/"
    assert codes(visible_organizations(office)) == ["CB1", "CB12", "DU"]
    assert codes(visible_organizations(ended)) == codes(visible_organizations(future)) == []
    assert codes(visible_organizations(last_day)) == ["CB3", "DU2"]
    assert codes(visible_organizations(AnonymousUser())) == []
    assert codes(visible_organizations(office, roles={"standing_committee"})) == []


def test_it_answers_404_outside_the_subtree_exactly_as_for_a_missing_id_and_403_for_a_missing_role(
    tree, django_user_model
):
    secretary = person(django_user_model, "bithu", (tree["CB1"], "cell_secretary", LONG_AGO, None))

    assert access_organization(secretary, tree["CB1"].pk, need={"cell_secretary"}) == tree["CB1"]
    for pk in (tree["CB12"].pk, tree["DU"].pk, tree["CB3"].pk, 999_999, "abc"):
        with pytest.raises(Http404) as caught:
            access_organization(secretary, pk)
        assert str(caught.value) == "Không tìm thấy tổ chức đảng."
    with pytest.raises(PermissionDenied):
        access_organization(secretary, tree["CB1"].pk, need={"office", "standing_committee"})
    with pytest.raises(Http404):
        access_organization(AnonymousUser(), tree["CB1"].pk)


def test_it_lets_a_system_administrator_see_everything(tree, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", password="x")
    assert len(codes(visible_organizations(admin))) == 6
    assert access_organization(admin, tree["CB3"].pk, need={"office"}) == tree["CB3"]


def test_it_reads_the_grants_once_per_request(tree, django_user_model, django_assert_num_queries):
    office = person(django_user_model, "vanphong", (tree["DU"], "office", LONG_AGO, None))
    request = RequestFactory().get("/")
    request.user = office
    with django_assert_num_queries(1):
        first = request_grants(request)
        assert request_grants(request) is first
    assert [(g.path, g.role) for g in first] == [("/TU/DU/", "office")]
    with django_assert_num_queries(1):  # the organisation only: the grants come from the request
        access_organization(office, tree["CB12"].pk, held=first)
    assert grants(office, on=LONG_AGO - datetime.timedelta(days=1)) == ()


def member(card, cell):
    return Member.objects.create(
        card_no=card, full_name=f"Đảng viên {card}", birth_date=D(1980, 1, 1), gender="male",
        organization=cell, admitted_on=D(2010, 1, 1),
    )  # fmt: skip


def test_it_scopes_members_by_their_cell(tree, django_user_model):
    mine, sibling, far = member("1", tree["CB1"]), member("2", tree["CB12"]), member("3", tree["CB3"])
    secretary = person(django_user_model, "bithu", (tree["CB1"], "cell_secretary", LONG_AGO, None))
    office = person(django_user_model, "vanphong", (tree["DU"], "office", LONG_AGO, None))

    assert list(visible_members(secretary)) == [mine]
    assert sorted(m.card_no for m in visible_members(office)) == ["1", "2"]
    assert access_member(secretary, mine.pk, need={"cell_secretary"}) == mine
    for pk in (sibling.pk, far.pk, 999_999):
        with pytest.raises(Http404) as caught:
            access_member(secretary, pk)
        assert str(caught.value) == "Không tìm thấy đảng viên."
    with pytest.raises(PermissionDenied):
        access_member(office, sibling.pk, need={"cell_secretary"})
