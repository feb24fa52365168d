"""Role checks on an organisation already fetched through an `access_*` function (no query)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from bontot.organizations.access import Grant
from bontot.organizations.models import OrganizationKind, Role
from bontot.organizations.rules import CELL_KINDS as RULE_CELL_KINDS

# Who writes members and their facts: the office of an ancestor committee, the secretary of the cell.
MEMBER_WRITERS = frozenset({Role.OFFICE, Role.CELL_SECRETARY})
OFFICE = frozenset({Role.OFFICE})
# The organisations members belong to (organizations.rules).
CELL_KINDS = frozenset(OrganizationKind(kind) for kind in RULE_CELL_KINDS)


def holds(actor: Any, path: str, roles: Collection[str], *, held: tuple[Grant, ...]) -> bool:
    """Return whether the actor holds one of `roles` on the organisation at `path` (or on an ancestor)."""
    if actor is not None and getattr(actor, "is_superuser", False):
        return True
    return any(g.role in roles and g.covers(path) for g in held)
