import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bontot.core.models import AuditLog
from bontot.organizations.models import Organization
from bontot.organizations.services import rebuild_paths


@pytest.fixture
def admin_client_(client, db):
    user = get_user_model().objects.create_superuser("quantri", password="x-very-long-1")
    client.force_login(user)
    return client, user


@pytest.fixture
def ward(db):
    ward = Organization.objects.create(
        code="DU-TT", name="Đảng bộ xã Tam Thăng", kind="grassroots_committee", valid_from=datetime.date(2000, 1, 1)
    )
    rebuild_paths()
    ward.refresh_from_db()
    return ward


def org_form(**overrides):
    data = {
        "code": "CB-VB",
        "name": "Chi bộ thôn Vĩnh Bình",
        "kind": "cell",
        "parent": "",
        "valid_from": "01/01/2000",
        "valid_to": "",
        "successor": "",
    }
    return {**data, **overrides}


def test_it_audits_a_creation_in_the_admin_and_keeps_paths(admin_client_, ward):
    client, user = admin_client_
    response = client.post("/admin/organizations/organization/add/", org_form(parent=ward.pk))
    assert response.status_code == 302
    cell = Organization.objects.get(code="CB-VB")
    assert cell.path == "/DU-TT/CB-VB/"
    log = AuditLog.objects.get(action="organizations.organization.created")
    assert log.actor == user
    assert log.object_id == str(cell.pk)


def test_it_audits_a_deletion_in_the_admin(admin_client_, ward):
    client, _ = admin_client_
    response = client.post(f"/admin/organizations/organization/{ward.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Organization.objects.exists()
    assert AuditLog.objects.filter(action="organizations.organization.deleted", object_id=str(ward.pk)).exists()


def test_it_refuses_a_parent_below_the_organisation_itself(admin_client_, ward):
    client, _ = admin_client_
    cell = Organization.objects.create(
        code="CB-VB", name="Chi bộ thôn Vĩnh Bình", kind="cell", parent=ward, valid_from=datetime.date(2000, 1, 1)
    )
    rebuild_paths()
    response = client.post(
        f"/admin/organizations/organization/{ward.pk}/change/",
        org_form(code="DU-TT", name=ward.name, kind=ward.kind, parent=cell.pk),
    )
    assert response.status_code == 200
    assert "không thể là chính tổ chức này" in response.content.decode()
    ward.refresh_from_db()
    assert ward.parent is None
    assert not AuditLog.objects.exists()


def bulk_delete(client, ward, count):
    cells = [
        Organization.objects.create(
            code=f"CB-{count}-{i}", name=f"Chi bộ {i}", kind="cell", parent=ward, valid_from=datetime.date(2000, 1, 1)
        )
        for i in range(count)
    ]
    ids = [str(c.pk) for c in cells]
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            "/admin/organizations/organization/",
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        )
    assert response.status_code == 302
    return ids, len(ctx.captured_queries)


def test_it_audits_each_row_of_a_bulk_deletion_in_a_fixed_number_of_queries(admin_client_, ward):
    client, user = admin_client_
    small_ids, small = bulk_delete(client, ward, 2)
    large_ids, large = bulk_delete(client, ward, 7)
    assert small == large
    assert not Organization.objects.filter(kind="cell").exists()
    logs = AuditLog.objects.filter(action="organizations.organization.deleted")
    assert sorted(logs.values_list("object_id", flat=True)) == sorted(small_ids + large_ids)
    assert {log.actor for log in logs} == {user}
