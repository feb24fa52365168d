"""The rules of a valid organisation tree: in `Organization.clean()`, the database and the bundle importer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bontot.bundle.importer import BundleError, import_bundle
from bontot.bundle.tests.factories import bundle, make_tree, org
from bontot.organizations.models import Organization, RoleAssignment
from bontot.organizations.rules import code_has_separator, is_cell, successor_inside
from bontot.organizations.services import close_organization, create_organization

D = datetime.date


def _errors(data):
    with pytest.raises(BundleError) as caught:
        import_bundle(data)
    return caught.value.errors


def test_it_states_the_tree_rules_as_pure_functions():
    assert is_cell("cell") and is_cell("grassroots_cell") and not is_cell("grassroots_committee")
    assert code_has_separator("A/B") and not code_has_separator("AB")
    assert successor_inside("/SUP/DU/", "/SUP/DU/A/") and not successor_inside("/SUP/DU/", "/SUP/DU2/")


def test_it_refuses_a_child_under_a_cell(world):
    child = Organization(code="X", name="Tổ X", kind="cell", valid_from=D(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        create_organization(child, actor=world.users["office"], parent=world.a)
    assert error.value.message_dict["parent"] == ["Chi bộ không có tổ chức trực thuộc."]


def test_it_refuses_turning_an_organisation_with_children_into_a_cell(world):
    world.du.kind = "grassroots_cell"
    with pytest.raises(ValidationError) as error:
        world.du.full_clean()
    assert "kind" in error.value.message_dict


def test_it_refuses_a_successor_inside_the_closed_organisation_in_clean(world):
    world.du.successor = world.a
    with pytest.raises(ValidationError) as error:
        world.du.full_clean()
    assert error.value.message_dict["successor"] == [
        "Tổ chức kế thừa không thể là chính tổ chức này hoặc một tổ chức trực thuộc nó."
    ]


def test_it_closes_a_cell_naming_a_sibling_as_successor(world):
    close_organization(world.a, actor=world.users["office"], on=D(2025, 1, 1), successor=world.b)
    assert Organization.objects.get(pk=world.a.pk).successor_id == world.b.pk


def test_it_keeps_codes_without_a_slash_and_dates_in_order_in_the_database(world):
    org_ = Organization(code="X/Y", name="Sai", kind="cell", parent=world.du, valid_from=D(2024, 1, 1), path="/x/")
    with pytest.raises(ValidationError) as error:
        org_.validate_constraints()
    assert error.value.messages == ["Mã không được chứa dấu “/”."]
    with pytest.raises(IntegrityError), transaction.atomic():
        org_.save()
    role = RoleAssignment(
        user=world.users["office"], organization=world.a, role="office", start=D(2024, 1, 2), end=D(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        role.validate_constraints()
    assert error.value.messages == ["Ngày kết thúc không được trước ngày bắt đầu."]


def test_it_refuses_in_a_bundle_a_child_of_a_cell_and_a_successor_inside(db):
    make_tree()  # TU > DU > CB1, CB2
    assert _errors(bundle(organizations=[org("X", parent="CB1")])) == [
        'organizations[0].parent: "CB1" is a cell: a cell has no child organizations'
    ]
    assert _errors(bundle(organizations=[org("DU", "cell", parent="TU")])) == [
        'organizations[0].kind: "cell" is a cell, but "CB1" belongs to "DU"'
    ]
    assert _errors(
        bundle(organizations=[org("DU", "grassroots_committee", parent="TU", valid_to="2024-12-31", successor="CB2")])
    ) == ['organizations[0].successor: "CB2" is inside "DU"']
