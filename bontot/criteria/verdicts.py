"""The verdict store: evaluate the subjects a fact change touches and keep their results (`StoredVerdict`).

`refresh_verdicts(year)` evaluates a whole year; with `organization_ids` / `member_ids` it evaluates what
those facts touch:
- an organisation: itself, its members (a cell's), and the grassroots committees above it (their criteria
  read their subordinates' ratings and their subtree's admissions and disciplines);
- a member: the member, their cell (its criteria read its members' ratings and disciplines), the cell's
  ancestors, and the cell the member's stored verdict was in if they moved.
The facts are read with the fact loader (`load_year_facts`) for the smallest subtrees holding every subject
to refresh (the topmost grassroots committee above each change), and only those subjects are evaluated,
with the engine and the `evaluate` command's encoder: a stored `result` is the subject's object of the
`evaluate` output, for the same as-of date (default: today, as `evaluate` does; a past year evaluated
today gives the year's evaluation). Rows are upserted in chunks (one select and one `executemany` each)
and subjects no longer in scope (a member who left) lose their row, so the number of queries does not
grow with the number of subjects of a chunk. Each chunk is its own transaction: pages read whole rows
while a year is refreshed, and SQLite's write lock is never held for a whole city.

`on_fact_changed` (connected to `core.records.fact_changed` in `CriteriaConfig.ready`) refreshes small
scopes inline (after commit: the signal is sent then) and enqueues `tasks.refresh_verdicts_task` for
large ones (more than `INLINE_LIMIT` subjects, or a whole year).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

import orjson
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from bontot.core.text import vi_sort_name
from bontot.members.models import Member

from .engine.criteria_set import get_criteria_set
from .engine.evaluate import SubjectResult
from .engine.scales import FAIL, PENDING
from .engine.snapshot import MemberSnapshot, OrganizationSnapshot
from .engine.warnings import early_warnings
from .loader import SUBJECT_ORG_KINDS, OrgRow, load_year_facts, read_organizations
from .models import EvaluationYear, StoredVerdict
from .output import ResultEncoder
from .selectors import EvaluationStream

logger = logging.getLogger(__name__)

CHUNK = 1000  # subjects written per upsert
INLINE_LIMIT = 200  # a fact change touching more subjects is refreshed by a background task

Progress = Callable[[int, int], None]  # (done, total)

# The columns written, in order; (year, subject) is the unique key.
COLUMNS = (
    "year",
    "subject",
    "member_id",
    "organization_id",
    "model",
    "name",
    "sort_name",
    "organization_path",
    "verdict",
    "failing",
    "pending",
    "warning_count",
    "warnings",
    "result",
    "criteria_set",
    "criteria_set_digest",
    "as_of",
    "computed_at",
)


@dataclass(frozen=True)
class RefreshScope:
    """What a refresh evaluates: the subtrees to load and, in them, the subjects to store."""

    roots: tuple[str, ...]  # codes of the organisations whose subtrees are loaded
    org_codes: frozenset[str]  # organisations to store (non-subjects among them are simply not found)
    member_cells: frozenset[str]  # cells whose every member is stored
    member_cards: frozenset[str]  # members to store
    cell_paths: frozenset[str]

    def keeps(self, snapshot: OrganizationSnapshot | MemberSnapshot) -> bool:
        """Return whether a loaded subject is one to store."""
        if isinstance(snapshot, MemberSnapshot):
            return snapshot.card_no in self.member_cards or snapshot.organization_code in self.member_cells
        return snapshot.code in self.org_codes

    def stored_rows(self) -> list[Q]:
        """Return the filters of the stored rows this refresh is responsible for.

        Two filters, not one of ORs, each answered from an index with the year: (year, subject) and
        (year, model, organization_path). An OR across columns scans every row of the year.
        """
        subjects = [f"org:{code}" for code in self.org_codes] + [f"member:{card}" for card in self.member_cards]
        return [Q(subject__in=subjects), Q(model="member", organization_path__in=self.cell_paths)]


def refresh_scope(
    year: int, organization_ids: Collection[int], member_ids: Collection[int], orgs: dict[int, OrgRow] | None = None
) -> RefreshScope:
    """Return the subjects a change of these organisations and members touches, and what to load for them."""
    orgs = read_organizations() if orgs is None else orgs
    members = list(Member.objects.filter(pk__in=list(member_ids)).values_list("id", "card_no", "organization_id"))
    by_path = {o.path: o for o in orgs.values()}
    moved_from = {
        by_path[path].id
        for path in StoredVerdict.objects.filter(year=year, member_id__in=list(member_ids)).values_list(
            "organization_path", flat=True
        )
        if path in by_path
    }
    changed = {oid for oid in organization_ids if oid in orgs}
    cells = {oid for _, _, oid in members if oid in orgs} | moved_from
    touched: set[int] = set()
    roots: dict[str, OrgRow] = {}
    for start in changed | cells:
        top: OrgRow | None = None
        oid: int | None = start
        seen: set[int] = set()
        while oid is not None and oid in orgs and oid not in seen:  # up to the root (a few levels)
            seen.add(oid)
            if orgs[oid].kind in SUBJECT_ORG_KINDS:
                top = orgs[oid]
            oid = orgs[oid].parent_id
        touched |= seen
        if top is not None:
            roots[top.path] = top
    # A root inside another root's subtree is loaded with it.
    kept = [r for path, r in roots.items() if not any(path != p and path.startswith(p) for p in roots)]
    return RefreshScope(
        roots=tuple(sorted(r.code for r in kept)),
        org_codes=frozenset(orgs[oid].code for oid in touched),
        member_cells=frozenset(orgs[oid].code for oid in changed),
        member_cards=frozenset(card for _, card, _ in members),
        cell_paths=frozenset(orgs[oid].path for oid in changed),
    )


def refresh_verdicts(
    year: int,
    *,
    organization_ids: Collection[int] | None = None,
    member_ids: Collection[int] | None = None,
    as_of: datetime.date | None = None,
    progress: Progress | None = None,
) -> int:
    """Evaluate the subjects in scope (the whole year when no ids are given) and store their verdicts.

    Return the number of verdicts written. Raises `loader.ScopeError` for a year not declared.
    """
    as_of = timezone.localdate() if as_of is None else as_of
    computed_at = timezone.now()
    orgs = read_organizations()
    if organization_ids is None and member_ids is None:
        streams = [_stream(year, as_of, None, None)]
        stale = [Q()]
    else:
        scope = refresh_scope(year, organization_ids or (), member_ids or (), orgs)
        streams = [_stream(year, as_of, root, scope) for root in scope.roots]
        stale = scope.stored_rows()
    total = sum(stream.total for stream in streams)
    written = 0
    for stream in streams:
        written += _store(stream, orgs, computed_at, progress=progress, done=written, total=total)
    # Subjects no longer in scope (a member who left, a cell closed) were not written by this run.
    for rows in stale:
        StoredVerdict.objects.filter(rows, year=year, computed_at__lt=computed_at).delete()
    return written


def _stream(year: int, as_of: datetime.date, root: str | None, scope: RefreshScope | None) -> EvaluationStream:
    facts = load_year_facts(year, as_of=as_of, org_code=root)
    snapshots: list[OrganizationSnapshot | MemberSnapshot] = [*facts.organizations, *facts.members]
    if scope is not None:
        snapshots = [s for s in snapshots if scope.keeps(s)]
    return EvaluationStream(
        year=year,
        criteria=get_criteria_set(facts.year.criteria_set),
        period=facts.period,
        cutoff=facts.year.cutoff,
        snapshots=snapshots,
    )


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(items, size)):
        yield chunk


def flags(result: SubjectResult, verdict: str) -> str:
    """Return the codes of the criteria with `verdict` as "|1.2|1.4|" ("|" for none)."""
    return "|" + "".join(f"{c.code}|" for c in result.criteria if c.verdict == verdict)


def _store(
    stream: EvaluationStream,
    orgs: dict[int, OrgRow],
    computed_at: datetime.datetime,
    *,
    progress: Progress | None,
    done: int,
    total: int,
) -> int:
    """Evaluate a stream and upsert its verdicts in chunks; return how many were written."""
    by_code = {o.code: o for o in orgs.values()}
    encode = ResultEncoder()
    criteria, period = stream.criteria, stream.period
    as_of = connection.ops.adapt_datefield_value(stream.as_of)
    stamp = connection.ops.adapt_datetimefield_value(computed_at)
    table = connection.ops.quote_name(StoredVerdict._meta.db_table)
    names = [connection.ops.quote_name(c) for c in COLUMNS]
    updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names[2:])
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))}) "  # noqa: S608
        f"ON CONFLICT ({names[0]}, {names[1]}) DO UPDATE SET {updates}"
    )
    written = 0
    for chunk in _chunks(stream.with_snapshots(), CHUNK):
        cards = [s.card_no for s, _ in chunk if isinstance(s, MemberSnapshot)]
        people = {card: (pk, sort) for card, pk, sort in _members(cards)}
        rows = []
        for snapshot, result in chunk:
            warnings = [w.to_dict() for w in early_warnings(criteria, snapshot, period, result)]
            if isinstance(snapshot, MemberSnapshot):
                found = people.get(snapshot.card_no)
                member_id, sort_name = found if found is not None else (None, vi_sort_name(snapshot.full_name))
                org = by_code[snapshot.organization_code]
                organization_id = None
            else:
                org = by_code[snapshot.code]
                member_id, sort_name, organization_id = None, vi_sort_name(snapshot.name), org.id
            rows.append(
                (
                    stream.year,
                    result.subject,
                    member_id,
                    organization_id,
                    result.model,
                    result.name,
                    sort_name,
                    org.path,
                    result.verdict,
                    flags(result, FAIL),
                    flags(result, PENDING),
                    len(warnings),
                    orjson.dumps(warnings).decode(),
                    encode(result).decode(),
                    stream.criteria_set,
                    stream.criteria_set_digest,
                    as_of,
                    stamp,
                )
            )
        # One transaction per chunk: a whole year never holds SQLite's write lock for long; each row is whole.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        written += len(rows)
        if progress is not None:
            progress(done + written, total)
    return written


def _members(cards: list[str]) -> Iterable[tuple[str, int, str]]:
    """Return (card number, id, sort name) of the members with these card numbers (one query, none if empty)."""
    if not cards:
        return ()
    return Member.objects.filter(card_no__in=cards).values_list("card_no", "id", "sort_name")


# -- after a fact changes --------------------------------------------------------------------------------


def current_years(today: datetime.date | None = None) -> list[int]:
    """Return the evaluation year containing today, if declared."""
    today = timezone.localdate() if today is None else today
    return list(EvaluationYear.objects.filter(year=today.year).values_list("year", flat=True))


def declared_years(years: Collection[int]) -> list[int]:
    """Return those of `years` that are declared evaluation years, in order."""
    return sorted(EvaluationYear.objects.filter(year__in=list(years)).values_list("year", flat=True))


def estimated_subjects(organization_ids: Collection[int], member_ids: Collection[int]) -> int:
    """Return about how many subjects a change touches: the ids, and the members of the organisations."""
    estimate = len(organization_ids) + len(member_ids)
    if organization_ids and estimate <= INLINE_LIMIT:
        estimate += Member.objects.filter(organization_id__in=list(organization_ids), left_on__isnull=True).count()
    return estimate


def schedule_refresh(
    year: int, *, organization_ids: Collection[int] | None, member_ids: Collection[int] | None
) -> None:
    """Refresh a year's verdicts for a change: inline when small, else in a background task."""
    from .tasks import refresh_verdicts_task

    whole = organization_ids is None and member_ids is None
    orgs, members = sorted(organization_ids or ()), sorted(member_ids or ())
    if whole or estimated_subjects(orgs, members) > INLINE_LIMIT:
        refresh_verdicts_task.enqueue(
            year=year, organization_ids=None if whole else orgs, member_ids=None if whole else members
        )
        return
    refresh_verdicts(year, organization_ids=orgs, member_ids=members)


def on_fact_changed(
    sender: Any,
    *,
    organization_ids: Collection[int],
    member_ids: Collection[int],
    years: Collection[int],
    **kwargs: Any,
) -> None:
    """Refresh the verdicts a recorded fact touches (`core.records.fact_changed`, sent after commit).

    Only declared evaluation years are refreshed (a fact of a year not declared has no verdict to keep);
    no `years` means the current year. A failure is logged, never raised: the fact is saved already, and the
    next refresh will catch up.
    """
    if not organization_ids and not member_ids:
        return
    for year in declared_years(years) if years else current_years():
        try:
            schedule_refresh(year, organization_ids=organization_ids, member_ids=member_ids)
        except Exception:
            logger.exception("refreshing the verdicts of %s after a fact change failed", year)
