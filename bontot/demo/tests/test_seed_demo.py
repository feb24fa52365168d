"""`manage.py seed_demo`: loads the demo bundle and the demo logins, and is safe to run again."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from bontot.assessments.models import Judgement, Registration
from bontot.criteria.models import EvaluationYear
from bontot.demo.data import build_demo_bundle
from bontot.demo.users import DEFAULT_PASSWORD
from bontot.facts.models import (
    AdmissionTarget,
    Complaint,
    Discipline,
    Meeting,
    OrgResult,
    QualityRating,
    ResidenceComment,
    WorkplaceRating,
)
from bontot.members.models import Member
from bontot.organizations.models import LinkedBody, Organization, Role, RoleAssignment

pytestmark = pytest.mark.django_db

COUNTED = {
    "organizations": Organization,
    "members": Member,
    "years": EvaluationYear,
    "registrations": Registration,
    "meetings": Meeting,
    "quality_ratings": QualityRating,
    "workplace_ratings": WorkplaceRating,
    "org_results": OrgResult,
    "linked_bodies": LinkedBody,
    "admission_targets": AdmissionTarget,
    "disciplines": Discipline,
    "complaints": Complaint,
    "residence_comments": ResidenceComment,
    "judgements": Judgement,
}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, object]:
    user_model = get_user_model()
    return {
        **{name: model._default_manager.count() for name, model in COUNTED.items()},
        "users": sorted(user_model.objects.values_list("username", "password", "is_staff", "is_superuser")),
        "roles": sorted(RoleAssignment.objects.values_list("user__username", "organization__code", "role")),
    }


def test_it_loads_every_row_of_the_demo_bundle():
    seed()
    bundle = build_demo_bundle()
    assert {name: model._default_manager.count() for name, model in COUNTED.items()} == {
        name: len(bundle[name]) for name in COUNTED
    }
    assert Organization.objects.get(code="TT-CB-VB").path == "/TU-TK/DU-TT/TT-CB-VB/"


def test_it_changes_nothing_when_run_again():
    first_output = seed()
    before = snapshot()
    second_output = seed()
    assert snapshot() == before
    assert "0 thêm mới, 0 cập nhật" in second_output
    assert first_output.splitlines()[1:] == second_output.splitlines()[1:]  # the same logins


def test_it_prints_the_demo_logins_with_their_roles_in_vietnamese():
    output = seed()
    for username in ("admin", "vanphong", "btv", "bithu.vinhbinh", "bantochuc"):
        assert username in output
    assert DEFAULT_PASSWORD in output
    for label in ("Văn phòng", "Ban Thường vụ", "Bí thư chi bộ", "Chi bộ thôn Vĩnh Bình", "Đảng bộ xã Tam Thăng"):
        assert label in output


def test_it_creates_users_that_can_log_in_with_the_printed_password(client):
    seed()
    user_model = get_user_model()
    admin = user_model.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    for username in ("vanphong", "btv", "bithu.vinhbinh", "bantochuc"):
        user = user_model.objects.get(username=username)
        assert not user.is_staff and not user.is_superuser
        assert user.check_password(DEFAULT_PASSWORD)
    response = client.post(reverse("accounts:login"), {"username": "vanphong", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/admin/").status_code == 302  # the admin is for superusers only


def test_it_assigns_roles_on_the_2024_organisation_and_its_2025_successor():
    seed()
    roles = set(RoleAssignment.objects.values_list("user__username", "organization__code", "role"))
    assert roles == {
        ("vanphong", "DU-TT", Role.OFFICE),
        ("vanphong", "DU-BT", Role.OFFICE),
        ("btv", "DU-TT", Role.STANDING_COMMITTEE),
        ("btv", "DU-BT", Role.STANDING_COMMITTEE),
        ("bithu.vinhbinh", "TT-CB-VB", Role.CELL_SECRETARY),
        ("bithu.vinhbinh", "BT-CB-VB", Role.CELL_SECRETARY),
        ("bantochuc", "TU-TK", Role.REVIEWER),
        ("bantochuc", "TU-DN", Role.REVIEWER),
    }


def test_it_takes_another_password():
    out = StringIO()
    call_command("seed_demo", "--password", "mat-khau-khac-123", stdout=out)
    assert "mat-khau-khac-123" in out.getvalue()
    assert get_user_model().objects.get(username="btv").check_password("mat-khau-khac-123")
