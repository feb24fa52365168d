"""The access chokepoint for disciplines and complaints (shaped as organizations/access.py).

A discipline is reached through its member (`access_member`: a member reaches only their own record), a
complaint through its organisation (`access_organization`). Missing or outside → 404; inside without a
needed role → 403.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.http import Http404

from bontot.organizations.access import Grant, access_member, access_organization

from .models import Complaint, Discipline


def access_discipline(
    actor: Any, pk: int | str, *, need: Collection[str] = (), held: tuple[Grant, ...] | None = None
) -> Discipline:
    """Return discipline `pk` if the actor may reach its member (with one of `need`, when given)."""
    try:
        discipline = Discipline.objects.get(pk=pk)
    except (Discipline.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy quyết định kỷ luật.") from None
    discipline.member = access_member(actor, discipline.member_id, need=need, held=held)
    return discipline


def access_complaint(
    actor: Any, pk: int | str, *, need: Collection[str] = (), held: tuple[Grant, ...] | None = None
) -> Complaint:
    """Return complaint `pk` if the actor may reach its organisation (with one of `need`, when given)."""
    try:
        complaint = Complaint.objects.get(pk=pk)
    except (Complaint.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy đơn thư.") from None
    complaint.organization = access_organization(actor, complaint.organization_id, need=need, held=held)
    return complaint
