"""Which stored verdicts an actor may list: the organisations' verdicts of their subtrees, one prefix a grant.

Single verdicts are never fetched by an id from a request: the pages fetch the organisation or member with
`access_organization` / `access_member` first, then read that subject's verdict. Members' verdicts are
listed only on their cell's page, to staff roles (a member sees their cell's verdicts, not other members').
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Q, QuerySet

from bontot.criteria.models import StoredVerdict
from bontot.organizations.access import STAFF_ROLES, Grant, grants
from bontot.organizations.models import Role

# The roles that see the table of every cell and committee of their subtree.
SUBTREE_ROLES: frozenset[str] = frozenset({Role.OFFICE, Role.SUPERVISOR, Role.STANDING_COMMITTEE, Role.REVIEWER})
ORGANIZATION_MODELS = ("cell", "grassroots")


def _is_superuser(actor: Any) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def subtree_grants(actor: Any, held: tuple[Grant, ...]) -> tuple[Grant, ...]:
    """Return the grants that open the subtree table (a superuser's table needs none)."""
    return tuple(g for g in held if g.role in SUBTREE_ROLES)


def may_see_subtree(actor: Any, held: tuple[Grant, ...]) -> bool:
    return _is_superuser(actor) or bool(subtree_grants(actor, held))


def is_staff_on(actor: Any, path: str, held: tuple[Grant, ...]) -> bool:
    """Return whether a staff role (not only `member`) of the actor covers the organisation at `path`."""
    return _is_superuser(actor) or any(g.role in STAFF_ROLES and g.covers(path) for g in held)


def visible_organization_verdicts(
    actor: Any, *, roles: Collection[str] = SUBTREE_ROLES, held: tuple[Grant, ...] | None = None
) -> QuerySet[StoredVerdict]:
    """Return the stored verdicts of the cells and committees in the subtree of the actor's grants of `roles`."""
    rows = StoredVerdict.objects.filter(model__in=ORGANIZATION_MODELS)
    if _is_superuser(actor):
        return rows
    query = Q(pk__in=[])
    for grant in grants(actor) if held is None else held:
        if grant.role in roles:
            query |= Q(organization_path__startswith=grant.path)
    return rows.filter(query)
