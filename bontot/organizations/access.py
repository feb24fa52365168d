"""Who may see and do what: role assignments reach an organisation's subtree (shared/ACCESS.md).

- `grants(actor)`: the actor's role assignments in force today, as (path, role) pairs: one query, cached on
  the request by `request_grants` (never across requests: a role that ends must end at once).
- `visible_organizations(actor)`: the organisations in the subtree of any grant, one indexed prefix filter
  per grant. A path ends with the separator, so `/A/1/` never matches `/A/12/`.
- `access_organization(actor, pk, need=...)`: the one way to fetch an organisation by an id from a request:
  outside every subtree (or missing) → 404, the same answer; inside but without a needed role → 403.
- `visible_members` / `access_member`: the same for members, through their current official cell. The
  `member` role reaches only the member's own record (a member sees their cell's verdicts, not other
  members' ratings or disciplines): another member's record answers 404 to them.
A superuser (system administrator) sees everything with every role.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from bontot.members.models import Member

from .models import Organization, Role, RoleAssignment

# Roles that see the members (and their records) of the organisations they hold: all but `member`.
STAFF_ROLES: frozenset[str] = frozenset(role for role in Role.values if role != Role.MEMBER)


@dataclass(frozen=True)
class Grant:
    """A role on an organisation, reaching every organisation whose path starts with `path`."""

    path: str
    role: str

    def covers(self, path: str) -> bool:
        return path.startswith(self.path)


def grants(actor: Any, *, on: datetime.date | None = None) -> tuple[Grant, ...]:
    """Return the actor's role assignments in force on a day (default today): one query, none if anonymous."""
    if actor is None or not actor.is_authenticated:
        return ()
    day = on or timezone.localdate()
    rows = (
        RoleAssignment.objects.filter(user=actor, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .values_list("organization__path", "role")
        .order_by("organization__path", "role")
    )
    return tuple(Grant(path, role) for path, role in rows)


def request_grants(request: HttpRequest) -> tuple[Grant, ...]:
    """Return the grants of the request's user, read once per request."""
    cached: tuple[Grant, ...] | None = getattr(request, "_bontot_grants", None)
    if cached is None:
        cached = grants(request.user)
        request._bontot_grants = cached  # type: ignore[attr-defined]
    return cached


def history_paths(actor: Any, held: tuple[Grant, ...]) -> tuple[str, ...] | None:
    """Return the paths whose audit rows the actor reads (their staff grants), None for a superuser (all)."""
    if _is_superuser(actor):
        return None
    return tuple(g.path for g in held if g.role in STAFF_ROLES)


def _is_superuser(actor: Any) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def visible_organizations(
    actor: Any, *, roles: Collection[str] | None = None, held: tuple[Grant, ...] | None = None
) -> QuerySet[Organization]:
    """Return the organisations in the subtree of any of the actor's grants (of `roles`, when given)."""
    if _is_superuser(actor):
        return Organization.objects.all()
    return Organization.objects.filter(_subtrees(actor, roles, held, "path"))


def access_organization(
    actor: Any, pk: int | str, *, need: Collection[str] = (), held: tuple[Grant, ...] | None = None
) -> Organization:
    """Return organisation `pk` for the actor: Http404 when missing or outside their subtrees, else
    PermissionDenied when `need` names roles and none of the grants covering it has one of them."""
    try:
        organization = Organization.objects.get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy tổ chức đảng.") from None
    if _is_superuser(actor):
        return organization
    covering = [g for g in (grants(actor) if held is None else held) if g.covers(organization.path)]
    if not covering:
        raise Http404("Không tìm thấy tổ chức đảng.")
    if need and not any(g.role in need for g in covering):
        raise PermissionDenied("Bạn không có quyền thực hiện việc này với tổ chức đảng này.")
    return organization


def _subtrees(actor: Any, roles: Collection[str] | None, held: tuple[Grant, ...] | None, field: str) -> Q:
    query = Q(pk__in=[])
    for grant in grants(actor) if held is None else held:
        if roles is None or grant.role in roles:
            query |= Q(**{f"{field}__startswith": grant.path})
    return query


def visible_members(
    actor: Any,
    *,
    roles: Collection[str] | None = None,
    held: tuple[Grant, ...] | None = None,
    own: bool = True,
) -> QuerySet[Member]:
    """Return the members whose current official cell is in the subtree of any of the actor's grants of
    a staff role (of `roles`, when given), and (unless `own` is False) the actor's own member record.

    `own=False` for what a role allows over others (writing, deciding): the own record is read, not written.
    """
    if _is_superuser(actor):
        return Member.objects.all()
    wanted = STAFF_ROLES if roles is None else STAFF_ROLES & set(roles)
    mine = Q(user=actor) if own and actor is not None and actor.is_authenticated else Q(pk__in=[])
    return Member.objects.filter(_subtrees(actor, wanted, held, "organization__path") | mine)


def access_member(
    actor: Any, pk: int | str, *, need: Collection[str] = (), held: tuple[Grant, ...] | None = None
) -> Member:
    """Return member `pk` for the actor: Http404 when missing or outside their subtrees, else
    PermissionDenied when `need` names roles and none of the grants covering the member's cell has one."""
    try:
        member = Member.objects.select_related("organization").get(pk=pk)
    except (Member.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy đảng viên.") from None
    if _is_superuser(actor):
        return member
    covering = [g for g in (grants(actor) if held is None else held) if g.covers(member.organization.path)]
    own = member.user_id is not None and member.user_id == getattr(actor, "pk", None)
    if own:
        # A member holds the `member` role on their own record, whatever other roles they hold.
        covering.append(Grant(member.organization.path, Role.MEMBER))
    elif not any(g.role in STAFF_ROLES for g in covering):
        raise Http404("Không tìm thấy đảng viên.")
    if need and not any(g.role in need for g in covering):
        raise PermissionDenied("Bạn không có quyền thực hiện việc này với đảng viên này.")
    return member
