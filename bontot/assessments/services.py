"""Registration transitions: each is one atomic function that locks its rows and writes an audit row."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bontot.core.audit import log_action
from bontot.criteria.models import EvaluationYear
from bontot.members.models import Member
from bontot.organizations.models import Organization

from .access import (
    may_decide,
    may_register_member,
    may_register_organization,
    own_registration,
    self_decision_refusal,
    subject_path,
)
from .models import Registration, RegistrationStatus

OBJECT_TYPE = "assessments.registration"
DEFAULT_DEADLINE = (1, 20)  # 20/01 of the year, unless the year sets its own


def registration_deadline(year: int) -> datetime.date:
    deadline = EvaluationYear.objects.filter(year=year).values_list("registration_deadline", flat=True).first()
    return deadline or datetime.date(year, *DEFAULT_DEADLINE)


def _audit(action: str, registration: Registration, actor: Any, data: dict[str, Any]) -> None:
    log_action(
        action,
        actor=actor,
        object_type=OBJECT_TYPE,
        object_id=str(registration.pk),
        organization_path=subject_path(registration),
        data={"subject": registration.subject, "year": registration.year, **data},
    )


def register_subject(
    year: int,
    *,
    member: Member | None = None,
    organization: Organization | None = None,
    actor: Any,
    on: datetime.date | None = None,
) -> Registration:
    """Register a member or an organisation for `year`: accepted on or before the deadline, else late and
    pending until the level above decides. A second registration of the same subject and year is refused."""
    if (member is None) == (organization is None):
        raise ValueError("register exactly one subject")
    day = on or timezone.localdate()
    with transaction.atomic():
        if member is not None:
            subject = Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)
            allowed = may_register_member(actor, subject)
            existing = Registration.objects.filter(year=year, member=subject)
            if subject.left_on is not None and subject.left_on <= day:
                raise ValidationError("Đảng viên đã ra khỏi đảng bộ, không thể đăng ký.")
        else:
            assert organization is not None
            subject_org = Organization.objects.select_for_update().get(pk=organization.pk)
            allowed = may_register_organization(actor, subject_org)
            existing = Registration.objects.filter(year=year, organization=subject_org)
        if not allowed:
            raise PermissionDenied("Bạn không có quyền đăng ký cho đối tượng này.")
        if existing.exists():
            raise ValidationError(f"Đối tượng này đã đăng ký xây dựng mô hình năm {year}.")
        late = day > registration_deadline(year)
        registration = Registration(
            year=year,
            member=subject if member is not None else None,
            organization=subject_org if organization is not None else None,
            registered_on=day,
            late=late,
            status=RegistrationStatus.PENDING if late else RegistrationStatus.ACCEPTED,
            registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        registration.created_by = registration.updated_by = registration.registered_by
        registration.full_clean()
        registration.save()
        _audit("registration.register", registration, actor, {"to": registration.status, "late": late})
    return registration


def _decide(registration: Registration, *, actor: Any, to: str, reason: str, on: datetime.date | None) -> Registration:
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("member__organization", "organization")
            .get(pk=registration.pk)
        )
        if locked.member is not None and own_registration(actor, locked):
            raise PermissionDenied(self_decision_refusal(locked.member))
        if not may_decide(actor, locked):
            raise PermissionDenied("Chỉ cấp trên của đối tượng mới quyết định đăng ký muộn.")
        if locked.status != RegistrationStatus.PENDING:
            raise ValidationError("Chỉ quyết định được đăng ký muộn đang chờ cấp trên quyết định.")
        before = locked.status
        locked.status = to
        locked.decision_reason = reason.strip()
        locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.decided_on = on or timezone.localdate()
        locked.updated_by = locked.decided_by
        locked.full_clean()
        locked.save()
        _audit(f"registration.{to}", locked, actor, {"from": before, "to": to, "reason": locked.decision_reason})
    return locked


def accept_late_registration(
    registration: Registration, *, actor: Any, reason: str = "", on: datetime.date | None = None
) -> Registration:
    return _decide(registration, actor=actor, to=RegistrationStatus.ACCEPTED, reason=reason, on=on)


def refuse_late_registration(
    registration: Registration, *, actor: Any, reason: str, on: datetime.date | None = None
) -> Registration:
    if not reason.strip():
        raise ValidationError({"decision_reason": "Phải ghi lý do không chấp nhận đăng ký."})
    return _decide(registration, actor=actor, to=RegistrationStatus.REFUSED, reason=reason, on=on)
