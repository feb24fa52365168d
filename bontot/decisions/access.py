"""Who sees a recognition decision, who issues and revokes one.

- Staff of the standing committee, the office or the reviewer whose grant covers the issuing organisation
  (on it or above it) see the decision with its whole list.
- A member sees a decision that recognises them (their own entry): its header and their own line only,
  never the colleagues' names, the summary or a revoking decision's reason. Likewise the people who
  self-assess a recognised organisation (its secretary; a committee's office or standing committee) see its
  line.
- Issuing and revoking are the issuing organisation's standing committee's (`services.may_issue`).
Everyone else gets 404, the same answer as for a decision that does not exist. A superuser sees everything.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from bontot.organizations.access import Grant, grants
from bontot.organizations.models import Role

from .models import Decision, DecisionEntry
from .services import may_issue

DECISION_ROLES = frozenset({Role.STANDING_COMMITTEE, Role.OFFICE, Role.REVIEWER})


def _superuser(actor: Any) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_superuser)


def _held(actor: Any, held: tuple[Grant, ...] | None) -> tuple[Grant, ...]:
    return grants(actor) if held is None else held


def sees_whole(actor: Any, decision: Decision, held: tuple[Grant, ...] | None = None) -> bool:
    """The actor reads the whole list: a superuser, or a staff grant covering the issuing organisation."""
    if _superuser(actor):
        return True
    return any(g.role in DECISION_ROLES and g.covers(decision.issuer.path) for g in _held(actor, held))


# Who hears about an organisation's recognition (`authority.self_assessors_of`) reads its entry.
SELF_ASSESSOR_ROLES = frozenset({Role.CELL_SECRETARY, Role.OFFICE, Role.STANDING_COMMITTEE})


def own_entries(actor: Any, held: tuple[Grant, ...] | None = None) -> QuerySet[DecisionEntry]:
    """The entries recognising the actor's own member record, or an organisation the actor self-assesses
    (a cell's secretary, a committee's office or standing committee, on that very organisation)."""
    if actor is None or not actor.is_authenticated:
        return DecisionEntry.objects.none()
    paths = sorted({g.path for g in _held(actor, held) if g.role in SELF_ASSESSOR_ROLES})
    return DecisionEntry.objects.filter(Q(member__user_id=actor.pk) | Q(organization__path__in=paths))


def access_decision(
    actor: Any,
    pk: int | str,
    *,
    need: Literal["view", "revoke"] = "view",
    held: tuple[Grant, ...] | None = None,
) -> Decision:
    """Return decision `pk` for the actor: Http404 when missing or not visible (module docstring), then
    PermissionDenied when `need="revoke"` and the actor is not on the issuer's standing committee."""
    try:
        decision = Decision.objects.select_related("issuer", "revokes", "revoked_by").get(pk=pk)
    except (Decision.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy quyết định.") from None
    if _superuser(actor):
        return decision
    held = _held(actor, held)
    if not sees_whole(actor, decision, held) and not own_entries(actor, held).filter(decision=decision).exists():
        raise Http404("Không tìm thấy quyết định.")
    if need == "revoke" and not may_issue(actor, decision.issuer, held):
        raise PermissionDenied("Chỉ Ban Thường vụ của cấp ủy đã ban hành mới thu hồi quyết định này.")
    return decision


def visible_decisions(actor: Any, *, held: tuple[Grant, ...] | None = None) -> QuerySet[Decision]:
    """The decisions the actor may open: under their staff grants, and those recognising them."""
    rows = Decision.objects.all()
    if _superuser(actor):
        return rows
    query = Q(pk__in=[])
    for g in _held(actor, held):
        if g.role in DECISION_ROLES:
            query |= Q(issuer__path__startswith=g.path)
    query |= Q(Exists(own_entries(actor, held).filter(decision=OuterRef("pk"))))
    return rows.filter(query)


def issuers_of(actor: Any, held: tuple[Grant, ...] | None = None) -> list[str]:
    """The paths of the organisations on whose standing committee the actor sits (the decisions they issue)."""
    return sorted({g.path for g in _held(actor, held) if g.role == Role.STANDING_COMMITTEE})
