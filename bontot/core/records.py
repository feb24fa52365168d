"""Write a recorded fact the one way: validate it as the model does, stamp it, save it, audit it.

Every writer of a single record (forms through their views, later the API) goes through `save_record` /
`delete_record`, so that a record's rules (the model's `clean()` and its constraints), its authorship and its
audit row are never skipped. After the transaction commits, `fact_changed` tells the verdict store which
organisations and members to refresh.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

from django.db import models, transaction
from django.dispatch import Signal

from .audit import log_action
from .models import Tracked

# Sent after commit with `organization_ids` (set[int]), `member_ids` (set[int]), `years` (set[int], may be
# empty: the verdict store then refreshes the current year).
fact_changed = Signal()


def record_scope(obj: models.Model) -> tuple[str, set[int], set[int]]:
    """Return the organisation path a record belongs to, and the organisations and members it concerns."""
    org = getattr(obj, "organization", None)
    member = getattr(obj, "member", None)
    from bontot.members.models import Member
    from bontot.organizations.models import Organization

    if isinstance(obj, Organization):
        return obj.path, {obj.pk}, set()
    if isinstance(obj, Member):
        return obj.organization.path, {obj.organization_id}, {obj.pk}
    if member is not None:
        return member.organization.path, {member.organization_id}, {member.pk}
    if org is not None:
        return org.path, {org.pk}, set()
    return "", set(), set()


# The dates that place a dated fact in an evaluation year (a meeting, a discipline, a complaint).
YEAR_DATE_FIELDS = ("held_on", "decided_on", "received_on", "resolved_on")


def record_years(obj: Any) -> set[int]:
    """Return the evaluation years a record counts in: its `year`, else the years of its dates.

    Empty when it has neither (a member's identity): the verdict store then refreshes the current year.
    """
    year = getattr(obj, "year", None)
    if isinstance(year, int):
        return {year}
    return {day.year for name in YEAR_DATE_FIELDS if isinstance(day := getattr(obj, name, None), datetime.date)}


def stored_years(obj: models.Model) -> set[int]:
    """Return the years the saved version of `obj` counts in (one query; none for a new record or one without
    dates): a correction may move a fact to another year, whose verdicts must be refreshed too."""
    names = [f.name for f in obj._meta.concrete_fields if f.name in ("year", *YEAR_DATE_FIELDS)]
    if obj._state.adding or not names:
        return set()
    row = type(obj)._default_manager.filter(pk=obj.pk).values(*names).first()
    return record_years(SimpleNamespace(**row)) if row is not None else set()


def _announce(obj: models.Model, organization_ids: set[int], member_ids: set[int], *, also: set[int]) -> None:
    years = record_years(obj) | also
    transaction.on_commit(
        lambda: fact_changed.send(
            sender=type(obj), organization_ids=organization_ids, member_ids=member_ids, years=years
        )
    )


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


def save_record(obj: models.Model, *, actor: Any, changed: list[str] | None = None) -> models.Model:
    """Validate (fields, `clean()`, constraints), stamp and save `obj`, with an audit row naming `changed`.

    Raises ValidationError (with Vietnamese messages per field) and writes nothing when the record is invalid.
    """
    creating = obj._state.adding
    obj.full_clean()
    with transaction.atomic():
        before = stored_years(obj)
        if isinstance(obj, Tracked):
            obj.stamp(actor)
        obj.save()
        path, org_ids, member_ids = record_scope(obj)
        log_action(
            _action(obj, "created" if creating else "changed"),
            actor=actor,
            object_type=f"{obj._meta.app_label}.{obj._meta.model_name}",
            object_id=str(obj.pk),
            organization_path=path,
            data={"fields": sorted(changed or []), "repr": str(obj)},
        )
        _announce(obj, org_ids, member_ids, also=before)
    return obj


def delete_record(obj: models.Model, *, actor: Any, reason: str = "") -> None:
    """Delete one record entered by mistake, keeping an audit row with what it was and why it went."""
    with transaction.atomic():
        path, org_ids, member_ids = record_scope(obj)
        pk, text = obj.pk, str(obj)
        obj.delete()
        log_action(
            _action(obj, "deleted"),
            actor=actor,
            object_type=f"{obj._meta.app_label}.{obj._meta.model_name}",
            object_id=str(pk),
            organization_path=path,
            data={"repr": text, "reason": reason},
        )
        _announce(obj, org_ids, member_ids, also=set())
