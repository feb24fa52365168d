"""Permission-checked fetches of facts by an id from a request (shared/ACCESS.md).

Each `access_<kind>` fetches by pk and checks the path of the fact's organisation against the actor's
grants: missing or outside every subtree → Http404 (the same answer), inside without a needed role →
PermissionDenied.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bontot.organizations.access import Grant, grants
from bontot.organizations.models import Role

from .models import Meeting

# Who writes an organisation's meetings, and who reads its meeting log (pages linking to it check the same).
MEETING_WRITERS = frozenset({Role.CELL_SECRETARY, Role.OFFICE})
MEETING_READERS = MEETING_WRITERS | {Role.SUPERVISOR, Role.STANDING_COMMITTEE, Role.REVIEWER, Role.MEMBER}


def access_meeting(
    actor: Any, pk: int | str, *, need: Collection[str] = (), held: tuple[Grant, ...] | None = None
) -> Meeting:
    """Return meeting `pk` (with its organisation) for the actor: Http404 when missing or outside their
    subtrees, else PermissionDenied when `need` names roles and no grant covering its organisation has one."""
    try:
        meeting = Meeting.objects.select_related("organization").get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy kỳ sinh hoạt.") from None
    if actor is not None and actor.is_authenticated and actor.is_superuser:
        return meeting
    path = meeting.organization.path
    covering = [g for g in (grants(actor) if held is None else held) if g.covers(path)]
    if not covering:
        raise Http404("Không tìm thấy kỳ sinh hoạt.")
    if need and not any(g.role in need for g in covering):
        raise PermissionDenied("Bạn không có quyền thực hiện việc này với kỳ sinh hoạt này.")
    return meeting
