"""Reads and writes of the yearly grids: quality ratings, workplace ratings, residence comments.

A grid is saved whole: every row is validated first (its fields and the model's `clean()`, the same rules
`save_record` applies, without a query per row), and nothing is written when any row is invalid. Then,
in one transaction, new rows are inserted and changed ones updated in bulk, with one audit row per
changed record, and `fact_changed` is sent after commit, as `bontot/core/records.py` does for one record.
Uniqueness (one record per subject and year) holds by construction — the view builds one row per
subject from the stored record — and the database constraints back every rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bontot.core.models import AuditLog, Tracked
from bontot.core.records import fact_changed, record_scope, record_years
from bontot.members.models import Member, Membership, MembershipKind
from bontot.organizations.access import Grant
from bontot.organizations.models import Organization

from . import excellent_cap
from .access_ratings import (
    CELL_FACT_EDITORS,
    CELL_KINDS,
    DECIDERS,
    MEMBER_RATING_EDITORS,
    ORG_RATING_EDITORS,
    grid_rights,
    roles_on,
)
from .models import QualityRating

# -- reads --------------------------------------------------------------------------------------------


def year_span(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def get_cell_members(cell: Organization, year: int) -> QuerySet[Member]:
    """Return the members who belonged to `cell` during `year`, by Vietnamese name order (one query).

    As the engine's loader attributes members: a member with official memberships belonged to the cell when
    one of them, in the cell, overlaps the year; a member without any belongs to `Member.organization` since
    `admitted_on`, and one recorded only in a later successor of the cell (one that did not exist yet in
    `year`) belongs, for that year, to the cell. A member gone before the year started is left out. The rows
    are the cell's facts of that year: whoever may read the cell reads them, wherever the member sits now.
    """
    start, end = year_span(year)
    official = Membership.objects.filter(kind=MembershipKind.OFFICIAL)
    stays = official.filter(Q(start__lte=end) & (Q(end__isnull=True) | Q(end__gte=start)), organization=cell)
    recorded_in = [cell.pk, *_later_successors(cell, end)]
    no_history = Q(organization_id__in=recorded_in) & ~Exists(official.filter(member_id=OuterRef("pk")))
    return (
        Member.objects.filter(Q(admitted_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gte=start)))
        .filter(Q(id__in=stays.values("member_id")) | no_history)
        .select_related("organization")
        .order_by("sort_name", "pk")
    )


def _later_successors(cell: Organization, end: datetime.date) -> list[int]:
    """Return the successors of `cell` (nearest first) that start after `end`: one query a step, none without."""
    found: list[int] = []
    step = cell.successor_id
    while step is not None and step != cell.pk and step not in found:
        row = Organization.objects.filter(pk=step).values_list("valid_from", "successor_id").first()
        if row is None or row[0] <= end:
            break
        found.append(step)
        step = row[1]
    return found


def get_subordinates(
    organizations: QuerySet[Organization], committee: Organization, year: int
) -> QuerySet[Organization]:
    """Return the organisations of `organizations` directly under `committee` that existed during `year`."""
    start, end = year_span(year)
    return (
        organizations.filter(parent=committee, valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .order_by("name", "pk")
    )


# -- writes -------------------------------------------------------------------------------------------


@dataclass
class GridRow:
    """One changed row of a grid: the record (new or fetched, with its new values) and the changed fields."""

    obj: Tracked
    changed: list[str] = field(default_factory=list)


class GridConflictError(Exception):
    """Someone else wrote a row of the grid meanwhile (a record now exists twice); nothing was written."""


class GridInvalidError(Exception):
    """Some rows of a grid are invalid; `errors` maps each row's index to its ValidationError."""

    def __init__(self, errors: dict[int, ValidationError]) -> None:
        super().__init__(f"{len(errors)} invalid row(s)")
        self.errors = errors


def _foreign_keys(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def validate_rows(rows: Sequence[GridRow]) -> None:
    """Raise GridInvalidError naming every invalid row; the rules are the models' (fields and `clean()`)."""
    errors: dict[int, ValidationError] = {}
    for index, row in enumerate(rows):
        try:
            # Foreign keys come from scoped reads, not from input; checking them would cost a query per row.
            row.obj.clean_fields(exclude=_foreign_keys(row.obj))
            row.obj.clean()
        except ValidationError as exc:
            errors[index] = exc
    if errors:
        raise GridInvalidError(errors)


def save_grid(rows: Sequence[GridRow], *, actor: Any, cell: Organization | None = None) -> int:
    """Validate every row, then write them all (bulk) with one audit row each; return how many were written.

    With `cell` (a grid of a cell's members), the audit rows go under the cell's path: a row is the cell's
    fact of that year, also for a member who has since moved elsewhere.

    Raises GridInvalidError and writes nothing when a row is invalid, GridConflictError when another
    writer created one of the records meanwhile.
    """
    validate_rows(rows)
    if not rows:
        return 0
    model = type(rows[0].obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    new = [row for row in rows if row.obj._state.adding]
    old = [row for row in rows if not row.obj._state.adding]
    try:
        with transaction.atomic():
            _write(model, rows, new, old, user=user, actor=actor, cell=cell)
    except IntegrityError as exc:
        for row in new:
            row.obj.pk = None
            row.obj._state.adding = True
        raise GridConflictError("Dữ liệu vừa được người khác ghi; hãy tải lại trang rồi lưu lại.") from exc
    return len(rows)


def _subject_name(obj: models.Model) -> str:
    member = getattr(obj, "member", None)
    if member is not None:
        return str(member.full_name)
    organization = getattr(obj, "organization", None)
    return str(organization.name) if organization is not None else ""


def _write(
    model: type[models.Model],
    rows: Sequence[GridRow],
    new: list[GridRow],
    old: list[GridRow],
    *,
    user: Any,
    actor: Any,
    cell: Organization | None,
) -> None:
    object_type = f"{model._meta.app_label}.{model._meta.model_name}"
    now = timezone.now()
    created = {id(row) for row in new}
    for row in rows:
        row.obj.stamp(actor)
        row.obj.updated_at = now
        if row.obj._state.adding:
            row.obj.created_at = now
    if new:
        model._default_manager.bulk_create([row.obj for row in new])
        for row in new:
            row.obj._state.adding = False
    if old:
        fields = sorted({name for row in old for name in row.changed} | {"updated_at", "updated_by"})
        model._default_manager.bulk_update([row.obj for row in old], fields)
    org_ids: set[int] = set()
    member_ids: set[int] = set()
    years: set[int] = set()
    entries = []
    for row in rows:
        path, orgs, members = record_scope(row.obj)  # no query: the view set each record's loaded subject
        if cell is not None:
            path, orgs = cell.path, orgs | {cell.pk}
        org_ids |= orgs
        member_ids |= members
        years |= record_years(row.obj)
        verb = "created" if id(row) in created else "changed"
        entries.append(
            AuditLog(
                action=f"{object_type}.{verb}",
                actor=user,
                object_type=object_type,
                object_id=str(row.obj.pk),
                organization_path=path,
                data={"fields": sorted(row.changed), "repr": f"{_subject_name(row.obj)} — {row.obj}"},
            )
        )
    AuditLog.objects.bulk_create(entries)
    transaction.on_commit(
        lambda: fact_changed.send(sender=model, organization_ids=org_ids, member_ids=member_ids, years=years)
    )


def save_quality_ratings(
    organization: Organization,
    rows: Sequence[GridRow],
    *,
    actor: Any,
    held: tuple[Grant, ...] | None = None,
    cap_reason: str = "",
) -> int:
    """Save a quality rating grid of `organization` (its members, or its subordinates when it is a committee).

    The actor must be allowed to write the grid; a rating that is or was final needs a decider (office or
    standing committee). Raises PermissionDenied otherwise, GridInvalidError when a row is invalid, and
    `excellent_cap.CapExceededError` when a final HTXSNV would go over the cap without a decider's
    `cap_reason` (recorded, with an audit row, when given and needed).
    """
    ratings = [row.obj for row in rows]
    if not all(isinstance(r, QualityRating) for r in ratings):
        raise TypeError("save_quality_ratings takes QualityRating rows")
    member_grid = organization.kind in CELL_KINDS
    rights = grid_rights(
        roles_on(actor, organization, held),
        editors=MEMBER_RATING_EDITORS if member_grid else ORG_RATING_EDITORS,
        deciders=DECIDERS,
    )
    if not rights.edit:
        raise PermissionDenied("Bạn không có quyền xếp loại chất lượng ở tổ chức này.")
    if not rights.finalize:
        stored = [r.pk for r in ratings if r.pk is not None]
        was_final = set(QualityRating.objects.filter(pk__in=stored, final=True).values_list("pk", flat=True))
        if any(r.final or r.pk in was_final for r in ratings):  # type: ignore[attr-defined]
            raise PermissionDenied("Chỉ Văn phòng hoặc Ban Thường vụ được xác nhận hoặc sửa xếp loại chính thức.")
    validate_rows(rows)  # an invalid row is told before the cap
    with transaction.atomic():
        excellent_cap.check_before_save(
            organization,
            [(row.obj, row.changed) for row in rows],  # type: ignore[misc]  # checked above: QualityRating rows
            actor=actor,
            held=held,
            reason=cap_reason,
        )
        return save_grid(rows, actor=actor, cell=organization if member_grid else None)


def save_member_facts(
    organization: Organization,
    rows: Sequence[GridRow],
    *,
    actor: Any,
    held: tuple[Grant, ...] | None = None,
) -> int:
    """Save a grid of a cell's workplace ratings or residence comments (cell secretary or office).

    Raises PermissionDenied when the actor may not write the cell's facts, GridInvalidError when a row is invalid.
    """
    if not grid_rights(roles_on(actor, organization, held), editors=CELL_FACT_EDITORS).edit:
        raise PermissionDenied("Bạn không có quyền ghi dữ liệu này ở tổ chức này.")
    return save_grid(rows, actor=actor, cell=organization)
