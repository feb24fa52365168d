"""The reviewer's access leaks of issue 6 on the organisation and member pages (and their fixes).

The card-number oracle (a uniqueness message) is accepted: see docs/decisions.md."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from bontot.accounts.services import assign_role
from bontot.core.records import save_record
from bontot.facts.models import Meeting
from bontot.members import services as member_services


def _root():
    return get_user_model().objects.create_superuser("root", "r@x.vn", "pw-root-123456")


# 1. A member transferred from another committee: their page shows the old cell and the old committee's users.
def test_it_hides_the_old_cell_and_its_users_after_a_transfer_in(client, world):
    member_c = world.members["member_c"]
    member_c.full_name = "Võ Thị Cúc Sửa"
    save_record(member_c, actor=world.users["outsider"], changed=["full_name"])  # written by DU2's office
    member_services.transfer_member(member_c, actor=_root(), to=world.a, on=datetime.date(2024, 6, 1))
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("members:detail", args=[member_c.pk])).content.decode()
    assert "Cẩm Lý" not in body  # was: memberships table + history "← Chi bộ thôn Cẩm Lý"
    assert "outsider" not in body  # was: history names the other committee's user


# 2. The source cell's page names the destination cell (another committee) in the subtree history.
def test_it_hides_the_destination_cell_on_the_source_cell_page(client, world):
    member_services.transfer_member(
        world.members["other_a"], actor=_root(), to=world.orgs["C"], on=datetime.date(2024, 6, 1)
    )
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("organizations:detail", args=[world.a.pk])).content.decode()
    assert "Cẩm Lý" not in body  # was: "Trần Thị Ánh → Chi bộ thôn Cẩm Lý"


# 3. The organisation list names the parent of the top of the subtree (outside it); the detail page does not.
@pytest.mark.parametrize(("persona", "outside"), [("secretary_a", "Đảng ủy xã Thử Nghiệm"), ("office", "Thành ủy")])
def test_it_names_no_parent_outside_the_subtree_in_the_list(client, world, persona, outside):
    client.force_login(world.users[persona])
    body = client.get(reverse("organizations:list")).content.decode()
    assert outside not in body


# 6. Subtree history: English codes for kinds and actions not in core.history.
def test_it_labels_every_history_row_in_vietnamese(client, world):
    assign_role(
        world.users["member_b"],
        actor=world.users["office"],
        organization=world.a,
        role="propaganda",
        start=datetime.date(2024, 1, 1),
    )
    save_record(
        Meeting(
            organization=world.a,
            status="held",
            kind="regular",
            held_on=datetime.date(2024, 3, 5),
            grade="good",
            attendance=3,
            expected=3,
        ),
        actor=world.users["secretary_a"],
    )
    client.force_login(world.users["office"])
    body = client.get(reverse("organizations:detail", args=[world.a.pk])).content.decode()
    assert "accounts." not in body  # was: "accounts.roleassignment: accounts.role.assigned"
    assert "facts.meeting" not in body


def test_it_ends_cell_access_when_a_member_leaves_or_moves(client, world):
    member_services.record_departure(
        world.members["member_a"], actor=world.users["office"], on=datetime.date(2024, 6, 1), reason="Xin ra khỏi Đảng"
    )
    client.force_login(world.users["member_a"])
    assert client.get(reverse("facts:meeting_log", args=[world.a.pk])).status_code == 404  # was: 200
    member_services.transfer_member(
        world.members["member_b"], actor=world.users["office"], to=world.a, on=datetime.date(2024, 6, 1)
    )
    client.force_login(world.users["member_b"])
    assert client.get(reverse("facts:meeting_log", args=[world.b.pk])).status_code == 404  # was: 200 (old cell)


def test_it_offers_only_successors_the_closer_administers(client, world):
    from bontot.organizations.models import RoleAssignment

    RoleAssignment.objects.create(
        user=world.users["office"], organization=world.orgs["SUP"], role="reviewer", start=datetime.date(2020, 1, 1)
    )
    client.force_login(world.users["office"])
    body = client.get(reverse("organizations:close", args=[world.a.pk])).content.decode()
    assert "Cẩm Lý" not in body  # was: successor choices use STAFF_ROLES, not OFFICE


def test_it_does_not_let_an_office_change_its_own_committee(client, world):
    client.force_login(world.users["office"])
    response = client.post(
        reverse("organizations:edit", args=[world.du.pk]),
        {"name": "Đổi tên", "kind": "cell", "valid_from": "01/01/2000"},
    )
    world.du.refresh_from_db()
    assert world.du.kind != "cell", response.status_code  # was: own office turns its committee into a cell


def test_it_hides_the_sibling_cell_after_an_ordinary_transfer(client, world):
    from bontot.organizations.models import RoleAssignment

    sec_b = get_user_model().objects.create_user("secretary_b", password="x-123456789", first_name="secretary_b")
    RoleAssignment.objects.create(
        user=sec_b, organization=world.b, role="cell_secretary", start=datetime.date(2020, 1, 1)
    )
    other_a = world.members["other_a"]
    save_record(other_a, actor=world.users["secretary_a"], changed=["full_name"])
    member_services.transfer_member(other_a, actor=world.users["office"], to=world.b, on=datetime.date(2024, 6, 1))
    client.force_login(sec_b)
    body = client.get(reverse("members:detail", args=[other_a.pk])).content.decode()
    assert "An Hòa" not in body and "secretary_a" not in body


# Beyond the reviewer's cases: what the fixes promise.


def test_it_stores_organisation_ids_in_a_transfers_audit_row_and_names_the_cell_to_who_sees_it(client, world):
    from bontot.core.models import AuditLog

    member_services.transfer_member(
        world.members["other_a"], actor=world.users["office"], to=world.b, on=datetime.date(2024, 6, 1)
    )
    rows = AuditLog.objects.filter(action__startswith="members.member.transferred")
    assert {r.action: (r.data["from"], r.data["to"]) for r in rows} == {
        "members.member.transferred_out": (world.a.pk, world.b.pk),
        "members.member.transferred_in": (world.a.pk, world.b.pk),
    }
    assert all("Bình Phú" not in str(r.data) for r in rows)
    client.force_login(world.users["office"])  # office of DU sees both cells
    body = client.get(reverse("members:detail", args=[world.members["other_a"].pk])).content.decode()
    assert "Trần Thị Ánh (A-003) ← Chi bộ thôn An Hòa" in body
    client.force_login(world.users["secretary_a"])  # the source cell: the destination is "tổ chức khác"
    body = client.get(reverse("organizations:detail", args=[world.a.pk])).content.decode()
    assert "Trần Thị Ánh (A-003) → tổ chức khác" in body and "Bình Phú" not in body


def test_it_moves_the_member_role_with_a_transfer_and_ends_it_with_a_departure(client, world):
    from bontot.core.models import AuditLog
    from bontot.organizations.models import RoleAssignment

    on = datetime.date(2024, 6, 1)
    member_services.transfer_member(world.members["member_b"], actor=world.users["office"], to=world.a, on=on)
    roles = RoleAssignment.objects.filter(user=world.users["member_b"], role="member").order_by("start")
    assert [(r.organization.code, r.start, r.end) for r in roles][-2:] == [
        ("B", roles[0].start, datetime.date(2024, 5, 31)),
        ("A", on, None),
    ]
    assert set(AuditLog.objects.filter(action__startswith="accounts.role").values_list("action", flat=True)) == {
        "accounts.role.ended",
        "accounts.role.assigned",
    }
    client.force_login(world.users["member_b"])
    assert client.get(reverse("facts:meeting_log", args=[world.a.pk])).status_code == 200
    member_services.record_departure(
        world.members["member_b"], actor=world.users["office"], on=datetime.date(2024, 9, 1), reason="Chuyển đi"
    )
    assert client.get(reverse("facts:meeting_log", args=[world.a.pk])).status_code == 404


def test_it_transfers_a_member_without_a_login_without_roles(world):
    from bontot.organizations.models import RoleAssignment

    before = RoleAssignment.objects.count()
    member_services.transfer_member(
        world.members["other_a"], actor=world.users["office"], to=world.b, on=datetime.date(2024, 6, 1)
    )
    assert RoleAssignment.objects.count() == before


def test_it_shows_account_administration_rows_to_the_office_only(client, world):
    assign_role(
        world.users["member_b"], actor=world.users["office"], organization=world.a, role="propaganda",
        start=datetime.date(2024, 1, 1),
    )  # fmt: skip
    client.force_login(world.users["office"])
    assert "Phân quyền: Giao vai trò" in client.get(reverse("organizations:detail", args=[world.a.pk])).content.decode()
    client.force_login(world.users["secretary_a"])
    assert "Phân quyền" not in client.get(reverse("organizations:detail", args=[world.a.pk])).content.decode()


def test_it_names_the_parent_inside_the_subtree_in_the_list(client, world):
    client.force_login(world.users["office"])
    body = client.get(reverse("organizations:list")).content.decode()
    assert "Đảng ủy xã Thử Nghiệm" in body  # the parent of A and B, and DU itself


def test_it_lets_the_office_above_edit_and_refuses_a_cell_with_children(client, world):
    root = _root()
    client.force_login(root)
    response = client.post(
        reverse("organizations:edit", args=[world.du.pk]),
        {"name": world.du.name, "kind": "cell", "valid_from": "01/01/2000"},
    )
    assert response.status_code == 200
    assert "Tổ chức này có tổ chức trực thuộc nên không thể là chi bộ." in response.content.decode()
    world.du.refresh_from_db()
    assert world.du.kind != "cell"
    client.force_login(world.users["office"])
    assert client.get(reverse("organizations:edit", args=[world.du.pk])).status_code == 403
    assert client.get(reverse("organizations:create", args=[world.a.pk])).status_code == 404  # a cell has no children
