"""Audited writes on accounts and role assignments: each is one transaction with its audit row.

Views check access first (`bontot.accounts.access`); these functions validate the record as the model does
(`full_clean`), so a rule of a valid role assignment lives in `RoleAssignment.clean()` and its constraints.
"""

from __future__ import annotations

import datetime
from typing import Any

from axes.utils import reset as axes_reset  # type: ignore[import-untyped]
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from bontot.core.audit import log_action
from bontot.members.models import Member
from bontot.organizations.models import Organization, RoleAssignment

from .access import account_audit_path

USER_TYPE = "auth.user"
ROLE_TYPE = "organizations.roleassignment"


def split_full_name(full_name: str) -> tuple[str, str]:
    """Split a Vietnamese full name into (family and middle names, given name): the given name is the last word."""
    words = full_name.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def vietnamese_name(user: Any) -> str:
    """Return a user's full name in Vietnamese order: family and middle names, then the given name.

    (Django's `get_full_name` puts the given name first.)"""
    return f"{user.last_name} {user.first_name}".strip()


def _user_data(user: Any) -> dict[str, Any]:
    return {"username": user.username, "full_name": vietnamese_name(user)}


def _role_data(assignment: RoleAssignment) -> dict[str, Any]:
    return {
        "user": assignment.user.username,
        "organization": assignment.organization.code,
        "organization_name": assignment.organization.name,
        "role": assignment.role,
        "start": assignment.start.isoformat(),
        "end": assignment.end.isoformat() if assignment.end else None,
    }


def _log_role(action: str, assignment: RoleAssignment, *, actor: Any) -> None:
    log_action(
        action,
        actor=actor,
        object_type=ROLE_TYPE,
        object_id=str(assignment.pk),
        organization_path=assignment.organization.path,
        data=_role_data(assignment),
    )


def create_user(
    *,
    actor: Any,
    username: str,
    full_name: str,
    email: str,
    password: str,
    organization: Organization,
    role: str,
    start: datetime.date,
    end: datetime.date | None = None,
    member: Member | None = None,
) -> User:
    """Create a login with its first role assignment (and its member link): audit rows for both.

    Raises ValidationError (per field, in Vietnamese) and writes nothing when the user or the role is invalid.
    """
    last_name, first_name = split_full_name(full_name)
    with transaction.atomic():
        user = get_user_model()(username=username, email=email, first_name=first_name, last_name=last_name)
        user.set_password(password)
        user.full_clean()
        user.save()
        if member is not None:
            member = Member.objects.select_for_update().get(pk=member.pk)
            if member.user_id is not None:
                raise ValidationError({"member": "Đảng viên này đã có tài khoản đăng nhập."})
            member.user = user
            member.stamp(actor)
            member.save(update_fields=["user"])
        assignment = RoleAssignment(user=user, organization=organization, role=role, start=start, end=end)
        assignment.full_clean()
        assignment.stamp(actor)
        assignment.save()
        log_action(
            "accounts.user.created",
            actor=actor,
            object_type=USER_TYPE,
            object_id=str(user.pk),
            organization_path=account_audit_path(actor, user),
            data={**_user_data(user), "email": email, "member": member.card_no if member else None},
        )
        _log_role("accounts.role.assigned", assignment, actor=actor)
    return user


def assign_role(
    user: Any,
    *,
    actor: Any,
    organization: Organization,
    role: str,
    start: datetime.date,
    end: datetime.date | None = None,
) -> RoleAssignment:
    """Give `user` a role on an organisation from `start` (to `end`), with an audit row."""
    assignment = RoleAssignment(user=user, organization=organization, role=role, start=start, end=end)
    assignment.full_clean()
    with transaction.atomic():
        assignment.stamp(actor)
        assignment.save()
        _log_role("accounts.role.assigned", assignment, actor=actor)
    return assignment


def end_role(assignment: RoleAssignment, *, actor: Any, end: datetime.date) -> RoleAssignment:
    """End a role assignment on `end` (its last day in force), never deleting it; with an audit row.

    Raises ValidationError on field `end` when the role already ended before `end` or `end` is before its start.
    """
    with transaction.atomic():
        assignment = (
            RoleAssignment.objects.select_for_update().select_related("organization", "user").get(pk=assignment.pk)
        )
        if assignment.end is not None and assignment.end < end:
            raise ValidationError(
                {"end": f"Phân quyền này đã kết thúc ngày {assignment.end:%d/%m/%Y}, không thể kéo dài."}
            )
        previous = assignment.end
        assignment.end = end
        assignment.full_clean()
        assignment.stamp(actor)
        assignment.save(update_fields=["end"])
        log_action(
            "accounts.role.ended",
            actor=actor,
            object_type=ROLE_TYPE,
            object_id=str(assignment.pk),
            organization_path=assignment.organization.path,
            data={**_role_data(assignment), "previous_end": previous.isoformat() if previous else None},
        )
    return assignment


def set_active(user: Any, *, actor: Any, active: bool) -> User:
    """Deactivate (no login, sessions refused) or reactivate an account, with an audit row."""
    if not active and user.pk == getattr(actor, "pk", None):
        raise ValidationError("Bạn không thể tự khóa tài khoản của chính mình.")
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            return user
        user.is_active = active
        user.save(update_fields=["is_active"])
        log_action(
            "accounts.user.reactivated" if active else "accounts.user.deactivated",
            actor=actor,
            object_type=USER_TYPE,
            object_id=str(user.pk),
            organization_path=account_audit_path(actor, user),
            data=_user_data(user),
        )
    return user


def set_password(user: Any, *, actor: Any, password: str) -> User:
    """Give an account a new (temporary) password, with an audit row that never holds the password; a
    lockout after failed logins ends with it (the user called the office to get back in)."""
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.save(update_fields=["password"])
        axes_reset(username=user.username)
        log_action(
            "accounts.user.password_set",
            actor=actor,
            object_type=USER_TYPE,
            object_id=str(user.pk),
            organization_path=account_audit_path(actor, user),
            data=_user_data(user),
        )
    return user
