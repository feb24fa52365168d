"""Member services and rules: transfer, departure, statuses; official memberships never overlap."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from bontot.core.models import AuditLog
from bontot.core.records import fact_changed
from bontot.members.models import Member, Membership, MemberStatus
from bontot.members.services import add_status, end_status, record_departure, transfer_member

D = datetime.date


@pytest.fixture
def announced():
    sent = []
    fact_changed.connect(lambda **kw: sent.append(kw), weak=False, dispatch_uid="t-members")
    yield sent
    fact_changed.disconnect(dispatch_uid="t-members")


def test_it_transfers_a_member_ending_the_current_membership_the_day_before(
    world, announced, django_capture_on_commit_callbacks
):
    office, member = world.users["office"], world.members["member_a"]
    with django_capture_on_commit_callbacks(execute=True):
        transfer_member(member, actor=office, to=world.b, on=D(2024, 6, 1))
    member.refresh_from_db()
    assert member.organization == world.b
    rows = list(Membership.objects.filter(member=member).order_by("start").values_list("organization", "start", "end"))
    assert rows == [(world.a.pk, D(2010, 3, 2), D(2024, 5, 31)), (world.b.pk, D(2024, 6, 1), None)]
    logs = AuditLog.objects.filter(object_type="members.member", object_id=str(member.pk)).order_by("id")
    assert [(log.action, log.organization_path, log.actor) for log in logs] == [
        ("members.member.transferred_out", "/SUP/DU/A/", office),
        ("members.member.transferred_in", "/SUP/DU/B/", office),
    ]
    assert announced[-1]["organization_ids"] == {world.a.pk, world.b.pk}
    assert announced[-1]["member_ids"] == {member.pk}

    # A second transfer closes the open membership in B the day before.
    transfer_member(member, actor=office, to=world.a, on=D(2025, 1, 1))
    assert Membership.objects.get(member=member, organization=world.b).end == D(2024, 12, 31)


@pytest.mark.parametrize("on", [D(2010, 3, 2), D(2009, 1, 1)])
def test_it_refuses_a_transfer_on_or_before_the_current_start(world, on):
    with pytest.raises(ValidationError) as error:
        transfer_member(world.members["member_a"], actor=world.users["office"], to=world.b, on=on)
    assert "on" in error.value.message_dict
    assert not Membership.objects.exists()
    assert Member.objects.get(pk=world.members["member_a"].pk).organization == world.a
    assert not AuditLog.objects.exists()


def test_it_refuses_overlapping_official_memberships_in_the_model(world):
    member = world.members["member_a"]
    Membership.objects.create(
        member=member, organization=world.a, kind="official", start=D(2010, 3, 2), end=D(2020, 1, 31)
    )
    clash = Membership(member=member, organization=world.b, kind="official", start=D(2020, 1, 31))
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "trùng" in error.value.message_dict["start"][0]
    Membership(member=member, organization=world.b, kind="official", start=D(2020, 2, 1)).full_clean()
    # Other kinds may overlap the official one (a temporary or residence cell).
    Membership(member=member, organization=world.b, kind="residence", start=D(2015, 1, 1)).full_clean()


def test_it_records_a_departure_and_keeps_the_member(world, announced, django_capture_on_commit_callbacks):
    office, member = world.users["office"], world.members["member_a"]
    Membership.objects.create(member=member, organization=world.a, kind="official", start=D(2010, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        record_departure(member, actor=office, on=D(2024, 9, 1), reason="Chuyển sinh hoạt đến đảng bộ khác")
    member.refresh_from_db()
    assert (member.left_on, member.left_reason) == (D(2024, 9, 1), "Chuyển sinh hoạt đến đảng bộ khác")
    assert Membership.objects.get(member=member).end == D(2024, 9, 1)
    log = AuditLog.objects.get(action="members.member.left")
    assert (log.object_id, log.organization_path, log.data["reason"]) == (
        str(member.pk),
        "/SUP/DU/A/",
        "Chuyển sinh hoạt đến đảng bộ khác",
    )
    assert announced[-1]["member_ids"] == {member.pk}
    with pytest.raises(ValidationError):
        record_departure(member, actor=office, on=D(2024, 10, 1), reason="Lần nữa")
    with pytest.raises(ValidationError):
        transfer_member(member, actor=office, to=world.b, on=D(2024, 10, 1))


def test_it_refuses_a_departure_before_admission(world):
    with pytest.raises(ValidationError) as error:
        record_departure(world.members["member_a"], actor=world.users["office"], on=D(2009, 1, 1), reason="x")
    assert "left_on" in error.value.message_dict
    assert Member.objects.get(pk=world.members["member_a"].pk).left_on is None


def test_it_adds_and_ends_a_status_with_audit_rows_and_refuses_an_overlap(world):
    secretary, member = world.users["secretary_a"], world.members["member_a"]
    status = add_status(MemberStatus(member=member, kind="suspended", start=D(2024, 3, 1), reason="x"), actor=secretary)
    with pytest.raises(ValidationError) as error:
        add_status(MemberStatus(member=member, kind="suspended", start=D(2024, 8, 1)), actor=secretary)
    assert "start" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        end_status(status, actor=secretary, on=D(2024, 2, 1))
    assert "end" in error.value.message_dict
    end_status(status, actor=secretary, on=D(2024, 6, 30))
    assert MemberStatus.objects.get(pk=status.pk).end == D(2024, 6, 30)
    add_status(MemberStatus(member=member, kind="suspended", start=D(2024, 8, 1)), actor=secretary)
    actions = list(
        AuditLog.objects.filter(object_type="members.memberstatus")
        .order_by("id")
        .values_list("action", "organization_path")
    )
    assert actions == [
        ("members.memberstatus.created", "/SUP/DU/A/"),
        ("members.memberstatus.changed", "/SUP/DU/A/"),
        ("members.memberstatus.created", "/SUP/DU/A/"),
    ]
