"""Who sees the statistics, and of which subtree: the roles that see the subtree table (dashboards.access).

The subtree is the organisation of `?to_chuc=<pk>`, fetched with `access_organization` against the grants
of these roles only (outside them: 404; a user without such a grant: 403), by default the top one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from bontot.dashboards.access import SUBTREE_ROLES
from bontot.organizations.access import Grant, access_organization, request_grants
from bontot.organizations.models import Organization

STATISTICS_ROLES = SUBTREE_ROLES
REFUSED = "Trang thống kê dành cho văn phòng, Ban Thường vụ, ủy viên phụ trách và cấp trên."


@dataclass(frozen=True)
class Scope:
    """The subtree the figures count: an organisation and its path (the whole tree for a superuser)."""

    organization: Organization | None
    choices: tuple[Organization, ...]

    @property
    def path(self) -> str:
        return self.organization.path if self.organization is not None else ""

    @property
    def name(self) -> str:
        return self.organization.name if self.organization is not None else "Toàn hệ thống"


def _superuser(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def statistics_scope(request: HttpRequest, pk: int | None = None) -> Scope:
    """Return the subtree of the request: organisation `pk` or `?to_chuc=` (access-checked), else the
    user's top grant."""
    held = tuple(g for g in request_grants(request) if g.role in STATISTICS_ROLES)
    if not held and not _superuser(request.user):
        raise PermissionDenied(REFUSED)
    paths = sorted({g.path for g in held}, key=lambda p: (p.count("/"), p))
    top = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    choices = tuple(Organization.objects.filter(path__in=top).order_by("path")) if top else ()
    raw = str(pk) if pk is not None else request.GET.get("to_chuc", "")
    if raw:
        return Scope(access_organization(request.user, raw, held=held), choices)
    if choices:
        by_path = {o.path: o for o in choices}
        return Scope(by_path[top[0]], choices)
    return Scope(None, choices)


def statistics_grants(request: HttpRequest) -> tuple[Grant, ...]:
    return tuple(g for g in request_grants(request) if g.role in STATISTICS_ROLES)
