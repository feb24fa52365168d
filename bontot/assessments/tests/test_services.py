"""Registration transitions: the deadline decides accepted vs late, the level above decides a late one."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from bontot.assessments import services
from bontot.assessments.models import Registration, RegistrationStatus
from bontot.assessments.selectors import is_registered, registered_member_ids
from bontot.core.models import AuditLog
from bontot.criteria.models import EvaluationYear

D = datetime.date


def _audit(registration, action):
    return AuditLog.objects.filter(
        object_type="assessments.registration", object_id=str(registration.pk), action=action
    ).first()


def _late(world, key="member_a"):
    return services.register_subject(
        2024, member=world.members[key], actor=world.users["secretary_a"], on=D(2024, 1, 21)
    )


def test_it_accepts_a_registration_on_the_last_day(world):
    registration = services.register_subject(
        2024, member=world.members["member_a"], actor=world.users["member_a"], on=D(2024, 1, 20)
    )
    assert (registration.status, registration.late) == (RegistrationStatus.ACCEPTED, False)
    assert registration.registered_by == world.users["member_a"]
    row = _audit(registration, "registration.register")
    assert row.actor == world.users["member_a"]
    assert row.organization_path == world.a.path
    assert is_registered(2024, member=world.members["member_a"])


def test_it_makes_a_registration_the_day_after_the_deadline_pending_and_late(world):
    registration = _late(world)
    assert (registration.status, registration.late) == (RegistrationStatus.PENDING, True)
    assert registration.registered_by == world.users["secretary_a"]
    assert not is_registered(2024, member=world.members["member_a"])


def test_it_uses_the_years_own_deadline(world):
    EvaluationYear.objects.create(year=2024, registration_deadline=D(2024, 2, 15), cutoff=D(2024, 12, 31))
    registration = services.register_subject(
        2024, organization=world.a, actor=world.users["secretary_a"], on=D(2024, 2, 15)
    )
    assert registration.status == RegistrationStatus.ACCEPTED
    assert is_registered(2024, organization=world.a)


def test_it_refuses_a_second_registration(world):
    _late(world)
    with pytest.raises(ValidationError, match="đã đăng ký xây dựng mô hình năm 2024"):
        services.register_subject(2024, member=world.members["member_a"], actor=world.users["member_a"])
    assert Registration.objects.count() == 1


def test_it_refuses_a_registration_by_someone_else(world):
    with pytest.raises(PermissionDenied):
        services.register_subject(2024, member=world.members["member_a"], actor=world.users["member_b"])
    with pytest.raises(PermissionDenied):
        services.register_subject(2024, member=world.members["member_a"], actor=world.users["supervisor_a"])
    with pytest.raises(PermissionDenied):
        services.register_subject(2024, organization=world.b, actor=world.users["secretary_a"])
    with pytest.raises(PermissionDenied):
        services.register_subject(2024, member=world.members["member_c"], actor=world.users["office"])
    assert not Registration.objects.exists()


def test_it_lets_the_office_above_register_a_cell_and_a_member(world):
    services.register_subject(2024, organization=world.b, actor=world.users["office"], on=D(2024, 1, 2))
    services.register_subject(2024, member=world.members["member_b"], actor=world.users["office"], on=D(2024, 1, 2))
    assert registered_member_ids(2024, [world.members["member_b"].pk, world.members["member_a"].pk]) == {
        world.members["member_b"].pk
    }


def test_it_lets_the_cell_secretary_accept_a_members_late_registration(world):
    registration = services.accept_late_registration(_late(world), actor=world.users["secretary_a"])
    assert registration.status == RegistrationStatus.ACCEPTED
    assert registration.late
    assert registration.decided_by == world.users["secretary_a"]
    row = _audit(registration, "registration.accepted")
    assert row.data["from"] == "pending"
    assert row.data["to"] == "accepted"
    assert is_registered(2024, member=world.members["member_a"])


def test_it_refuses_a_late_registration_with_its_reason(world):
    registration = services.refuse_late_registration(_late(world), actor=world.users["secretary_a"], reason="Quá hạn")
    assert (registration.status, registration.decision_reason) == (RegistrationStatus.REFUSED, "Quá hạn")
    assert _audit(registration, "registration.refused").data["reason"] == "Quá hạn"


def test_it_refuses_a_refusal_without_a_reason(world):
    registration = _late(world)
    with pytest.raises(ValidationError) as error:
        services.refuse_late_registration(registration, actor=world.users["secretary_a"], reason="  ")
    assert error.value.message_dict["decision_reason"] == ["Phải ghi lý do không chấp nhận đăng ký."]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING


def test_it_decides_only_pending_registrations(world):
    registration = services.register_subject(
        2024, member=world.members["member_a"], actor=world.users["member_a"], on=D(2024, 1, 5)
    )
    with pytest.raises(ValidationError, match="Chỉ quyết định được đăng ký muộn"):
        services.accept_late_registration(registration, actor=world.users["secretary_a"])
    refused = services.refuse_late_registration(_late(world, "other_a"), actor=world.users["secretary_a"], reason="x")
    with pytest.raises(ValidationError, match="Chỉ quyết định được đăng ký muộn"):
        services.accept_late_registration(refused, actor=world.users["secretary_a"])


def test_it_lets_only_the_level_above_decide(world):
    registration = _late(world)
    for persona in ("member_a", "office", "standing", "supervisor_a", "member_b"):
        with pytest.raises(PermissionDenied):
            services.accept_late_registration(registration, actor=world.users[persona])
    cell = services.register_subject(2024, organization=world.a, actor=world.users["secretary_a"], on=D(2024, 3, 1))
    with pytest.raises(PermissionDenied):
        services.accept_late_registration(cell, actor=world.users["secretary_a"])
    assert services.accept_late_registration(cell, actor=world.users["office"]).status == RegistrationStatus.ACCEPTED
    du = services.register_subject(2024, organization=world.du, actor=world.users["office"], on=D(2024, 3, 1))
    with pytest.raises(PermissionDenied):
        services.accept_late_registration(du, actor=world.users["office"])
    assert services.accept_late_registration(du, actor=world.users["reviewer"]).status == RegistrationStatus.ACCEPTED


def test_it_keeps_the_rules_in_the_database(world):
    base = {"year": 2024, "member": world.members["member_a"], "registered_on": D(2024, 1, 1)}
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(**base, status=RegistrationStatus.REFUSED, late=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(**base, status=RegistrationStatus.PENDING, late=False)
    with pytest.raises(ValidationError) as error:
        Registration(**base, status=RegistrationStatus.REFUSED, late=True).full_clean()
    assert "decision_reason" in error.value.message_dict
