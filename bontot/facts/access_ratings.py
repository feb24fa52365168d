"""Who may read and write the yearly facts of an organisation (ratings and the like).

Roles reach an organisation's subtree (organizations/access.py); what each role may do here follows
DOMAIN.md "Who appraises, who decides":

| facts of organisation X (year)              | read                      | write                         |
|---------------------------------------------|---------------------------|-------------------------------|
| member quality ratings (rows: X's members)   | READERS                   | propose: secretary, office,   |
|                                             |                           | standing; final: office,      |
|                                             |                           | standing                      |
| organisation ratings (rows: X's children)    | READERS                   | office, standing (both)       |
| workplace ratings, residence comments,       | READERS                   | secretary, office             |
| linked bodies                               |                           |                               |
| organisation results, admission target      | READERS                   | office                        |

READERS = cell secretary, office, standing committee, supervisor, superior reviewer. A member reads none
of these pages (403 in their own cell, 404 elsewhere): they never see the ratings of others.
A role counts when its grant covers X, so an office of a committee writes for every cell below it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from bontot.organizations.access import Grant, grants
from bontot.organizations.models import Organization, Role

READERS = frozenset({Role.CELL_SECRETARY, Role.OFFICE, Role.STANDING_COMMITTEE, Role.SUPERVISOR, Role.REVIEWER})
DECIDERS = frozenset({Role.OFFICE, Role.STANDING_COMMITTEE})
MEMBER_RATING_EDITORS = DECIDERS | {Role.CELL_SECRETARY}
ORG_RATING_EDITORS = DECIDERS
CELL_FACT_EDITORS = frozenset({Role.CELL_SECRETARY, Role.OFFICE})
COMMITTEE_FACT_EDITORS = frozenset({Role.OFFICE})

# Organisation kinds whose members are rated in a cell grid; the others rate their subordinate organisations.
CELL_KINDS = frozenset({"cell", "grassroots_cell"})


def roles_on(actor: Any, organization: Organization, held: tuple[Grant, ...] | None = None) -> frozenset[str]:
    """Return the roles of the actor's grants covering `organization` (every role for a superuser)."""
    if actor is not None and getattr(actor, "is_superuser", False) and actor.is_authenticated:
        return frozenset(Role.values)
    return frozenset(g.role for g in (grants(actor) if held is None else held) if g.covers(organization.path))


@dataclass(frozen=True)
class GridRights:
    """What an actor may do on one grid of an organisation."""

    edit: bool
    finalize: bool


def grid_rights(roles: Collection[str], *, editors: Collection[str], deciders: Collection[str] = ()) -> GridRights:
    """Return what `roles` allow on a grid written by `editors` and made final by `deciders`."""
    held = set(roles)
    return GridRights(edit=bool(held & set(editors)), finalize=bool(held & set(deciders)))


M = TypeVar("M", bound=models.Model)


def access_org_fact(
    model: type[M], actor: Any, pk: int | str, *, need: Collection[str] = (), held: tuple[Grant, ...] | None = None
) -> M:
    """Return the yearly fact `pk` of `model` (with an `organization`) for the actor, checked as
    `access_organization` checks its organisation: missing or outside their subtrees → Http404, inside
    without a needed role → PermissionDenied."""
    try:
        obj = model._default_manager.select_related("organization").get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404("Không tìm thấy bản ghi.") from None
    organization: Organization = obj.organization  # type: ignore[attr-defined]
    roles = roles_on(actor, organization, held)
    if not roles:
        raise Http404("Không tìm thấy bản ghi.")
    if need and not roles & set(need):
        raise PermissionDenied("Bạn không có quyền thực hiện việc này với bản ghi này.")
    return obj
