"""Who may see and manage which user accounts and role assignments (shared/ACCESS.md).

A user belongs to the part of the tree where they hold or have held a role, and to the cell of the member
record linked to them. An actor sees a user when one of the actor's staff grants covers one of those places
(`visible_users`); `access_user` is the one way to fetch a user by an id from a request: missing or outside
→ 404, inside without a needed role → 403. The `member` role reaches only the actor's own account.

Role assignments are reached through their organisation (`access_role_assignment`). Account-wide actions
(deactivate, set a password) need more: `check_manages_account` refuses them unless the actor's office grants
cover every role the user holds now or later and their member's cell, so that the office of one committee never
takes over an account that also works elsewhere (a superior's reviewer, another committee's office).
A superuser (system administrator) sees and manages everyone; only a superuser manages a staff account.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bontot.members.models import Member
from bontot.organizations.access import STAFF_ROLES, Grant, grants
from bontot.organizations.models import Role, RoleAssignment

NOT_FOUND_USER = "Không tìm thấy người dùng."
NOT_FOUND_ROLE = "Không tìm thấy phân quyền."


def _is_superuser(actor: Any) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def _held(actor: Any, held: tuple[Grant, ...] | None) -> tuple[Grant, ...]:
    return grants(actor) if held is None else held


def _staff_paths(actor: Any, held: tuple[Grant, ...] | None, roles: Collection[str] | None = None) -> list[str]:
    wanted = STAFF_ROLES if roles is None else STAFF_ROLES & set(roles)
    return [g.path for g in _held(actor, held) if g.role in wanted]


def _under(paths: Iterable[str], field: str) -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def holds_role(actor: Any, roles: Collection[str], *, held: tuple[Grant, ...] | None = None) -> bool:
    """Return whether the actor is a superuser or holds one of `roles` somewhere today."""
    return _is_superuser(actor) or any(g.role in roles for g in _held(actor, held))


def visible_users(
    actor: Any, *, roles: Collection[str] | None = None, held: tuple[Grant, ...] | None = None
) -> QuerySet[User]:
    """Return the users who hold or held a role in, or are linked to a member of, the subtree of the
    actor's staff grants (of `roles`, when given); a superuser sees every user."""
    users = get_user_model().objects.all()
    if _is_superuser(actor):
        return users
    paths = _staff_paths(actor, held, roles)
    if not paths:
        return users.none()
    with_roles = RoleAssignment.objects.filter(_under(paths, "organization__path")).values("user_id")
    linked = Member.objects.filter(_under(paths, "organization__path"), user__isnull=False).values("user_id")
    return users.filter(Q(pk__in=with_roles) | Q(pk__in=linked))


def user_paths(user: Any, *, current_only: bool = False) -> list[str]:
    """Return the organisation paths a user belongs to: their roles' (only those in force now or later when
    `current_only`) and their member's cell."""
    roles = RoleAssignment.objects.filter(user=user)
    if current_only:
        roles = roles.filter(Q(end__isnull=True) | Q(end__gte=timezone.localdate()))
    paths = list(roles.values_list("organization__path", flat=True).distinct())
    paths += list(Member.objects.filter(user=user).values_list("organization__path", flat=True))
    return sorted(set(paths))


def access_user(
    actor: Any, pk: int | str, *, need: Collection[str] = (), held: tuple[Grant, ...] | None = None
) -> User:
    """Return user `pk` for the actor: Http404 when missing or outside the subtrees of the actor's staff
    grants, else PermissionDenied when `need` names roles and no grant covering the user has one of them."""
    try:
        user = get_user_model().objects.get(pk=pk)
    except (get_user_model().DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_USER) from None
    if _is_superuser(actor):
        return user
    mine = _held(actor, held)
    paths = user_paths(user)
    covering = [g for g in mine if g.role in STAFF_ROLES and any(g.covers(p) for p in paths)]
    if user.pk == getattr(actor, "pk", None):
        # Everyone reaches their own account, with no more than the member role on it.
        covering.append(Grant("/", Role.MEMBER))
    if not covering:
        raise Http404(NOT_FOUND_USER)
    if need and not any(g.role in need for g in covering):
        raise PermissionDenied("Bạn không có quyền quản lý người dùng này.")
    return user


def access_role_assignment(
    actor: Any, pk: int | str, *, need: Collection[str] = (), held: tuple[Grant, ...] | None = None
) -> RoleAssignment:
    """Return role assignment `pk` for the actor: Http404 when missing or its organisation is outside the
    subtrees of the actor's staff grants, else PermissionDenied when no covering grant has a needed role."""
    try:
        assignment = RoleAssignment.objects.select_related("organization", "user").get(pk=pk)
    except (RoleAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_ROLE) from None
    if _is_superuser(actor):
        return assignment
    covering = [g for g in _held(actor, held) if g.role in STAFF_ROLES and g.covers(assignment.organization.path)]
    if not covering:
        raise Http404(NOT_FOUND_ROLE)
    if need and not any(g.role in need for g in covering):
        raise PermissionDenied("Bạn không có quyền quản lý phân quyền này.")
    return assignment


def check_manages_account(actor: Any, user: Any, *, held: tuple[Grant, ...] | None = None) -> None:
    """Raise PermissionDenied unless the actor's office grants cover all of the user's current and future
    roles and their member's cell (a superuser manages every account; only a superuser manages staff)."""
    if _is_superuser(actor):
        return
    if user.is_superuser or user.is_staff:
        raise PermissionDenied("Chỉ quản trị hệ thống mới quản lý được tài khoản này.")
    offices = [g for g in _held(actor, held) if g.role == Role.OFFICE]
    for path in user_paths(user, current_only=True):
        if not any(g.covers(path) for g in offices):
            raise PermissionDenied(
                "Người dùng này còn giữ vai trò ngoài phạm vi quản lý của bạn; xin liên hệ cấp ủy cấp trên."
            )


def account_audit_path(actor: Any, user: Any) -> str:
    """Return the organisation path to file an account action under: the actor's office grant that covers
    the user (so the office that acted, and the levels above it, find it in the user's history), else the
    deepest path containing every place the user belongs to."""
    paths = user_paths(user)
    offices = sorted(g.path for g in grants(actor) if g.role == Role.OFFICE and any(g.covers(path) for path in paths))
    if offices:
        return offices[0]
    return common_path(paths) if paths else ""


def common_path(paths: Collection[str]) -> str:
    """Return the longest common path (whole segments) of `paths`: "/A/B/" for "/A/B/1/" and "/A/B/2/"."""
    split = [p.strip("/").split("/") for p in paths]
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return "/" + "".join(f"{part}/" for part in common) if common else "/"


def visible_role_assignments(
    actor: Any, *, roles: Collection[str] | None = None, held: tuple[Grant, ...] | None = None
) -> QuerySet[RoleAssignment]:
    """Return the role assignments on organisations in the subtree of the actor's staff grants."""
    if _is_superuser(actor):
        return RoleAssignment.objects.all()
    return RoleAssignment.objects.filter(_under(_staff_paths(actor, held, roles), "organization__path"))


def covers_path(
    actor: Any, path: str, *, roles: Collection[str] | None = None, held: tuple[Grant, ...] | None = None
) -> bool:
    """Return whether one of the actor's staff grants (of `roles`) covers `path` (always, for a superuser)."""
    return _is_superuser(actor) or any(path.startswith(p) for p in _staff_paths(actor, held, roles))


def visible_history_filter(actor: Any, *, held: tuple[Grant, ...] | None = None) -> Q:
    """Return the filter on AuditLog rows of the subtree of the actor's staff grants (all, for a superuser)."""
    if _is_superuser(actor):
        return Q()
    return _under(_staff_paths(actor, held), "organization_path")
