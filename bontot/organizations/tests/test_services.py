"""Organisation services: create a child under its parent's path, close with a successor (never delete)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from bontot.core.models import AuditLog
from bontot.core.records import fact_changed
from bontot.organizations.models import Organization
from bontot.organizations.services import close_organization, create_organization

D = datetime.date


def test_it_creates_a_child_under_the_parents_path_with_an_audit_row(world):
    office = world.users["office"]
    org = create_organization(
        Organization(code="D", name="Chi bộ thôn Đông", kind="cell", valid_from=D(2024, 1, 1)),
        actor=office,
        parent=world.du,
    )
    org.refresh_from_db()
    assert (org.path, org.depth, org.parent_id) == ("/SUP/DU/D/", 2, world.du.pk)
    assert org.created_by == office
    log = AuditLog.objects.get(object_type="organizations.organization", object_id=str(org.pk))
    assert (log.action, log.actor, log.organization_path) == ("organizations.organization.created", office, org.path)


def test_it_closes_an_organisation_with_its_successor_and_keeps_it(world, django_capture_on_commit_callbacks):
    office = world.users["office"]
    sent = []
    fact_changed.connect(lambda **kw: sent.append(kw["organization_ids"]), weak=False, dispatch_uid="t-close")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            close_organization(world.a, actor=office, on=D(2025, 6, 30), successor=world.b)
    finally:
        fact_changed.disconnect(dispatch_uid="t-close")
    a = Organization.objects.get(pk=world.a.pk)
    assert (a.valid_to, a.successor_id, a.path, a.updated_by) == (D(2025, 6, 30), world.b.pk, "/SUP/DU/A/", office)
    assert list(world.b.predecessors.all()) == [a]
    log = AuditLog.objects.get(action="organizations.organization.closed")
    assert (log.object_id, log.organization_path, log.actor) == (str(a.pk), "/SUP/DU/A/", office)
    assert log.data["successor"] == world.b.pk
    assert sent == [{world.a.pk, world.b.pk}]


@pytest.mark.parametrize(
    ("code", "on", "field"),
    [
        ("DU", D(2025, 6, 30), "valid_to"),  # A and B still open under it
        ("A", D(1999, 12, 31), "valid_to"),  # before it started
    ],
)
def test_it_refuses_to_close_with_open_children_or_before_the_start(world, code, on, field):
    with pytest.raises(ValidationError) as error:
        close_organization(world.orgs[code], actor=world.users["office"], on=on, successor=None)
    assert field in error.value.message_dict
    assert Organization.objects.get(pk=world.orgs[code].pk).valid_to is None
    assert not AuditLog.objects.filter(action="organizations.organization.closed").exists()


def test_it_refuses_a_successor_inside_the_closed_subtree_and_a_second_close(world):
    office = world.users["office"]
    with pytest.raises(ValidationError) as error:
        close_organization(world.du, actor=office, on=D(2025, 6, 30), successor=world.a)
    assert "successor" in error.value.message_dict
    close_organization(world.a, actor=office, on=D(2025, 6, 30), successor=None)
    with pytest.raises(ValidationError) as error:
        close_organization(world.a, actor=office, on=D(2025, 7, 30), successor=None)
    assert "đã kết thúc hoạt động" in error.value.message_dict["valid_to"][0]


@pytest.mark.parametrize("code", ["A", "closed"])
def test_it_refuses_a_child_under_a_cell_or_a_closed_organisation(world, code):
    if code == "closed":
        close_organization(world.a, actor=world.users["office"], on=D(2025, 6, 30), successor=None)
        close_organization(world.b, actor=world.users["office"], on=D(2025, 6, 30), successor=None)
        close_organization(world.du, actor=world.users["office"], on=D(2025, 6, 30), successor=None)
        parent = Organization.objects.get(pk=world.du.pk)
    else:
        parent = world.a
    child = Organization(code="N", name="Mới", kind="cell", valid_from=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        create_organization(child, actor=world.users["office"], parent=parent)
    assert not Organization.objects.filter(code="N").exists()
