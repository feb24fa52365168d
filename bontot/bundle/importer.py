"""Import an interchange bundle: check all of it, then upsert it in bulk in one transaction.

The checks run first and collect every problem; a bundle with any problem writes nothing.
Writes never run one query per row: existing rows are read by natural key in chunks, then
`bulk_create` / `bulk_update` in batches, so a bundle costs a fixed number of queries per section
(one more per BATCH rows).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from os import PathLike
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from bontot.assessments.models import Judgement, Registration, RegistrationStatus
from bontot.core.audit import log_action
from bontot.core.models import Tracked
from bontot.core.text import vi_sort_name
from bontot.criteria.engine.criteria_set import (
    CriteriaSet,
    CriteriaSetError,
    available_criteria_sets,
    get_criteria_set,
)
from bontot.criteria.models import EvaluationYear
from bontot.facts.excellent_cap import over_cap_statuses
from bontot.facts.models import (
    AdmissionTarget,
    Complaint,
    Discipline,
    Meeting,
    MeetingStatus,
    OrgResult,
    QualityRating,
    ResidenceComment,
    WorkplaceRating,
)
from bontot.members.models import Member, Membership, MembershipKind, MemberStatus
from bontot.organizations.models import LinkedBody, Organization, OrganizationKind
from bontot.organizations.rules import is_cell, successor_inside_codes
from bontot.organizations.services import rebuild_paths

from .schema import (
    CARD,
    CODE,
    MAX_DEPTH,
    SECTION_NAMES,
    SECTIONS,
    SUBJECT,
    BundleError,
    Errors,
    Item,
    ParsedBundle,
    Subject,
    complaint_is_mass,
    parse_bundle,
    show,
)

__all__ = ["BundleError", "ImportSummary", "SectionCount", "import_bundle", "import_bundle_file"]

BATCH = 500
_JSON_ESCAPE_RE = re.compile(rb"\\.", re.DOTALL)
_ALL_BUT_QUOTES_AND_BRACKETS = bytes(byte for byte in range(256) if byte not in b'"[]{}')
_BRACKET_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
MEMBER_CELL_KINDS = (OrganizationKind.CELL.value, OrganizationKind.GRASSROOTS_CELL.value)
# The criteria set model an organisation of each kind is evaluated under (shared/DESIGN.md).
EVALUATED_MODELS = {
    OrganizationKind.CELL.value: "cell",
    OrganizationKind.GRASSROOTS_CELL.value: "cell",
    OrganizationKind.GRASSROOTS_COMMITTEE.value: "grassroots",
}

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SectionCount:
    """How many items of a section were created, updated or already up to date."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class ImportSummary:
    """Per-section counts of an import, for every section of the format (zeros when absent)."""

    sections: dict[str, SectionCount]
    # Imported anyway, told to the importer: scopes whose final HTXSNV ratings go over the cap without a
    # recorded reason (facts/excellent_cap.py; a bundle carries decisions already taken elsewhere), as
    # (the scope's path, the warning): a page shows only those its reader's grants cover.
    scoped_warnings: tuple[tuple[str, str], ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """Every warning's text (the command line and the audit row: the whole system's view)."""
        return tuple(text for _, text in self.scoped_warnings)

    def __getitem__(self, section: str) -> SectionCount:
        return self.sections[section]

    @property
    def created(self) -> int:
        return sum(count.created for count in self.sections.values())

    @property
    def updated(self) -> int:
        return sum(count.updated for count in self.sections.values())

    @property
    def unchanged(self) -> int:
        return sum(count.unchanged for count in self.sections.values())

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {
            name: {"created": count.created, "updated": count.updated, "unchanged": count.unchanged}
            for name, count in self.sections.items()
        }


def import_bundle_file(path: str | PathLike[str], *, actor: Any = None) -> ImportSummary:
    """Read a JSON bundle file (UTF-8) and import it; unreadable or invalid JSON is a BundleError."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise BundleError([f"{path}: cannot read the file ({exc.strerror or exc})"]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BundleError([f"{path}: not UTF-8 text (byte {exc.start})"]) from exc
    too_deep = f"{path}: JSON nested too deeply (more than {MAX_DEPTH} levels)"
    if nesting_depth(raw) > MAX_DEPTH:
        raise BundleError([too_deep])  # json.loads would recurse once per level
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BundleError([f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]) from exc
    except RecursionError as exc:  # not expected below MAX_DEPTH; kept as a guard
        raise BundleError([too_deep]) from exc
    except ValueError as exc:  # e.g. an integer literal longer than Python converts
        reason = f"a number has more than {sys.get_int_max_str_digits()} digits" if "digits" in str(exc) else str(exc)
        raise BundleError([f"{path}: invalid JSON: {reason}"]) from exc
    return import_bundle(data, actor=actor)


def nesting_depth(raw: bytes) -> int:
    """Return how deeply lists and objects nest in UTF-8 JSON text, without parsing it.

    Escapes go first (an escaped quote ends no string), then every byte but quotes and brackets; an empty
    pair of quotes changes no bracket's side of a string, so strings without brackets vanish cheaply and
    the brackets outside strings are every other piece between quotes. About 30 ms for an 8 MB file.
    """
    skeleton = _JSON_ESCAPE_RE.sub(b"", raw).translate(None, _ALL_BUT_QUOTES_AND_BRACKETS).replace(b'""', b"")
    outside = b"".join(skeleton.split(b'"')[::2])
    return max(itertools.accumulate(map(_BRACKET_STEP.__getitem__, outside)), default=0)


def import_bundle(data: dict[str, Any], *, actor: Any = None) -> ImportSummary:
    """Check the whole bundle, then upsert it atomically and write one audit row.

    Raises BundleError listing every problem (`path: message`); nothing is written then.
    """
    errors = Errors()
    parsed = parse_bundle(data, errors)
    with transaction.atomic():
        context = _load_context(parsed)
        _check_references(parsed, context, errors)
        _check_criteria(parsed, context, errors)
        history = _check_history(parsed, context, errors)
        if errors:
            raise BundleError(errors.messages())
        summary = _write(parsed, context, history, _Stamp.of(actor))
        summary = dataclasses.replace(summary, scoped_warnings=_cap_warnings(parsed))
        logged: dict[str, Any] = {"counts": summary.as_dict()}
        if summary.warnings:
            logged["warnings"] = list(summary.warnings)
        log_action("bundle.imported", actor=actor, object_type="bundle", data=logged)
        # After commit, the verdict store recomputes every evaluation year in a background task.
        transaction.on_commit(functools.partial(_refresh_verdicts, sorted(context.years)))
    return summary


def _cap_warnings(parsed: ParsedBundle) -> tuple[tuple[str, str], ...]:
    """Return (scope path, warning) for each scope over the HTXSNV cap in the years the bundle rates (the
    grid's rule)."""
    years = {item.values["year"] for item in parsed.items("quality_ratings") if item.values.get("year") is not None}
    return tuple(
        (
            status.scope.path,
            f"Vượt tỷ lệ {status.percent} % “Hoàn thành xuất sắc nhiệm vụ” mà chưa có lý do được ghi: {status.summary}",
        )
        for status in over_cap_statuses(years)
    )


def _refresh_verdicts(years: list[int]) -> None:
    """Enqueue the refresh of the stored verdicts of `years` (bontot/criteria/verdicts.py)."""
    from bontot.criteria.verdicts import schedule_refresh

    for year in years:
        try:
            schedule_refresh(year, organization_ids=None, member_ids=None)
        except Exception:
            logger.exception("enqueuing the refresh of the verdicts of %s after an import failed", year)


# -- reading what the database already holds ---------------------------------------------------------


@dataclass
class _Context:
    orgs: dict[str, Organization]  # every organisation, by code
    members: dict[str, Member]  # the members the bundle names, by card number
    years: dict[int, str]  # each evaluation year's criteria set code (the bundle's value wins)


def _chunks(values: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _referenced_cards(parsed: ParsedBundle) -> list[str]:
    cards: set[str] = set()
    for section in SECTIONS:
        for spec in section.fields:
            if spec.type not in (CARD, SUBJECT):
                continue
            for item in parsed.items(section.name):
                value = item.values.get(spec.name)
                if isinstance(value, Subject):
                    if value.kind == "member":
                        cards.add(value.ref)
                elif value is not None:
                    cards.add(value)
    return sorted(cards)


def _load_context(parsed: ParsedBundle) -> _Context:
    # All organisations: references and parent cycles may run through any of them, and
    # rebuild_paths() reads them all anyway (decisions.md: ~5,000 rows at city scale).
    orgs = {org.code: org for org in Organization.objects.order_by()}
    members: dict[str, Member] = {}
    for chunk in _chunks(_referenced_cards(parsed)):
        members.update((m.card_no, m) for m in Member.objects.order_by().filter(card_no__in=chunk))
    years = dict(EvaluationYear.objects.order_by().values_list("year", "criteria_set"))
    for item in parsed.items("years"):
        if item.values.get("year") is not None and item.values.get("criteria_set") is not None:
            years[item.values["year"]] = item.values["criteria_set"]
    return _Context(orgs=orgs, members=members, years=years)


# -- checks that need the database ---------------------------------------------------------------------


def _check_references(parsed: ParsedBundle, context: _Context, errors: Errors) -> None:
    """Check that every organisation and member named exists, in the bundle or the database."""
    bundle_orgs = {item.values["code"]: item for item in parsed.items("organizations") if item.values.get("code")}
    bundle_cards = {item.values["card_no"] for item in parsed.items("members") if item.values.get("card_no")}

    def org_known(code: str) -> bool:
        return code in bundle_orgs or code in context.orgs

    def member_known(card: str) -> bool:
        return card in bundle_cards or card in context.members

    for section in SECTIONS:
        for spec in section.fields:
            if (section.name, spec.name) in (("organizations", "code"), ("members", "card_no")):
                continue
            if spec.type not in (CODE, CARD, SUBJECT):
                continue
            for item in parsed.items(section.name):
                value = item.values.get(spec.name)
                if value is None:
                    continue
                kind, ref = (value.kind, value.ref) if isinstance(value, Subject) else (spec.type, value)
                if kind in (CODE, "org") and not org_known(ref):
                    errors.item(section.name, item.index, spec.name, f"unknown organization {show(ref)}")
                elif kind in (CARD, "member") and not member_known(ref):
                    errors.item(section.name, item.index, spec.name, f"unknown member {show(ref)}")

    def kind_of(code: str) -> str | None:
        if code in bundle_orgs:
            return bundle_orgs[code].values.get("kind")
        org = context.orgs.get(code)
        return org.kind if org is not None else None

    for section_name in ("members", "memberships"):
        for item in parsed.items(section_name):
            cell: str | None = item.values.get("organization")
            cell_kind = kind_of(cell) if cell is not None else None
            if cell_kind is not None and cell_kind not in MEMBER_CELL_KINDS:
                errors.item(
                    section_name,
                    item.index,
                    "organization",
                    f"{show(cell)} is a {cell_kind}, not a {' or '.join(MEMBER_CELL_KINDS)}",
                )
    _check_kind_changes(parsed, bundle_orgs, context, errors)
    _check_complaint_members(parsed, bundle_orgs, context, errors)
    before = len(errors)
    _check_cycles(bundle_orgs, context, errors)
    if len(errors) == before:  # a tree with a cycle is reported once, as a cycle
        _check_tree_rules(bundle_orgs, context, errors, kind_of)


def _check_complaint_members(
    parsed: ParsedBundle, bundle_orgs: dict[str, Item], context: _Context, errors: Errors
) -> None:
    """The rule of `Complaint.clean()`: the member a complaint is about belongs to the receiving organisation's
    subtree (the member's cell as the bundle leaves it; parents as the bundle leaves them)."""
    items = [item for item in parsed.items("complaints") if item.values.get("about_member") is not None]
    if not items:
        return
    code_by_id = {org.pk: code for code, org in context.orgs.items()}
    parent: dict[str, str | None] = {
        code: code_by_id.get(org.parent_id) if org.parent_id is not None else None for code, org in context.orgs.items()
    }
    for org_code, org_item in bundle_orgs.items():
        parent[org_code] = org_item.values.get("parent")
    cells = {item.values["card_no"]: item.values.get("organization") for item in parsed.items("members")}
    for item in items:
        card, receiver = item.values["about_member"], item.values.get("organization")
        cell = cells.get(card)
        if cell is None and card in context.members:
            cell = code_by_id.get(context.members[card].organization_id)
        if cell is None or receiver is None:
            continue  # an unknown member or organisation is reported as such
        code: str | None = cell
        seen: set[str] = set()
        while code is not None and code != receiver and code not in seen:
            seen.add(code)
            code = parent.get(code)
        if code != receiver:
            errors.item(
                "complaints",
                item.index,
                "about_member",
                f"member {show(card)} belongs to {show(cell)}, which is not under {show(receiver)}",
            )


def _check_tree_rules(
    bundle_orgs: dict[str, Item], context: _Context, errors: Errors, kind_of: Callable[[str], str | None]
) -> None:
    """The rules of `Organization.clean()` across rows (organizations.rules): a cell has no child
    organisations, and a successor is not inside the organisation it succeeds."""
    if not bundle_orgs:
        return
    code_by_id = {org.pk: code for code, org in context.orgs.items()}
    parent: dict[str, str | None] = {
        code: code_by_id.get(org.parent_id) if org.parent_id is not None else None for code, org in context.orgs.items()
    }
    for org_code, item in bundle_orgs.items():
        parent[org_code] = item.values.get("parent")
    reported: set[tuple[str, str]] = set()
    for child, above in parent.items():
        if above is None or not is_cell(kind_of(above)):
            continue
        if child in bundle_orgs and (child, "parent") not in reported:
            reported.add((child, "parent"))
            errors.item(
                "organizations",
                bundle_orgs[child].index,
                "parent",
                f"{show(above)} is a {kind_of(above)}: a cell has no child organizations",
            )
        elif child not in bundle_orgs and above in bundle_orgs and (above, "kind") not in reported:
            reported.add((above, "kind"))
            errors.item(
                "organizations",
                bundle_orgs[above].index,
                "kind",
                f"{show(kind_of(above))} is a cell, but {show(child)} belongs to {show(above)}",
            )
    for org_code, item in bundle_orgs.items():
        successor = item.values.get("successor")
        if successor is None or successor == org_code:
            continue  # the schema reports the organisation itself
        ancestry: list[str] = []
        code: str | None = successor
        while code is not None and code not in ancestry:
            ancestry.append(code)
            code = parent.get(code)
        if successor_inside_codes(org_code, ancestry):
            errors.item("organizations", item.index, "successor", f"{show(successor)} is inside {show(org_code)}")


def _check_kind_changes(parsed: ParsedBundle, bundle_orgs: dict[str, Item], context: _Context, errors: Errors) -> None:
    """Report a cell turned into another kind while members the bundle does not move still belong to it."""
    leaving = {
        code: item
        for code, item in bundle_orgs.items()
        if item.values.get("kind") not in (None, *MEMBER_CELL_KINDS)
        and code in context.orgs
        and context.orgs[code].kind in MEMBER_CELL_KINDS
    }
    if not leaving:
        return  # the usual case: no query
    moved = {item.values.get("card_no") for item in parsed.items("members")}
    stranded: dict[str, list[str]] = {}
    for chunk in _chunks(sorted(leaving)):
        rows = Member.objects.filter(organization__code__in=chunk).values_list("card_no", "organization__code")
        for card, code in rows.order_by("card_no"):
            if card not in moved:
                stranded.setdefault(code, []).append(card)
    for code, cards in stranded.items():
        item = leaving[code]
        shown = ", ".join(show(card) for card in cards[:5]) + (f" and {len(cards) - 5} more" if len(cards) > 5 else "")
        errors.item(
            "organizations",
            item.index,
            "kind",
            f"{show(item.values['kind'])} is not a {' or '.join(MEMBER_CELL_KINDS)}, "
            f"but members still belong to {show(code)}: {shown}",
        )


def _check_cycles(bundle_orgs: dict[str, Item], context: _Context, errors: Errors) -> None:
    """Report each parent cycle the bundle would make, once, on its earliest organisation."""
    code_by_id = {org.pk: code for code, org in context.orgs.items()}
    parent: dict[str, str | None] = {
        code: code_by_id.get(org.parent_id) if org.parent_id is not None else None for code, org in context.orgs.items()
    }
    for org_code, item in bundle_orgs.items():
        parent[org_code] = item.values.get("parent")
    done: set[str] = set()
    for start in bundle_orgs:
        chain: list[str] = []
        position: dict[str, int] = {}
        code: str | None = start
        while code is not None and code not in done:
            if code in position:
                cycle = chain[position[code] :]
                in_bundle = [c for c in cycle if c in bundle_orgs]
                first = min(in_bundle or [start], key=lambda c: bundle_orgs[c].index)
                loop = cycle[cycle.index(first) :] + cycle[: cycle.index(first)] + [first]
                errors.item(
                    "organizations",
                    bundle_orgs[first].index,
                    "parent",
                    f"{show(parent[first])} makes a cycle: {' → '.join(loop)}",
                )
                break
            position[code] = len(chain)
            chain.append(code)
            code = parent.get(code)
        done.update(chain)


def _check_criteria(parsed: ParsedBundle, context: _Context, errors: Errors) -> None:
    """Check years' criteria sets exist and judgements name a judgement indicator of the subject's model (or
    a rule indicator overridden by the appraiser, with a reason)."""
    sets: dict[str, CriteriaSet | None] = {}

    def criteria_set(code: str) -> CriteriaSet | None:
        if code not in sets:
            try:
                sets[code] = get_criteria_set(code)
            except CriteriaSetError:
                sets[code] = None
        return sets[code]

    for item in parsed.items("years"):
        code = item.values.get("criteria_set")
        if code is not None and criteria_set(code) is None:
            known = ", ".join(available_criteria_sets()) or "none"
            errors.item("years", item.index, "criteria_set", f"unknown criteria set {show(code)} (known: {known})")
    bundle_kinds = {
        item.values["code"]: item.values.get("kind")
        for item in parsed.items("organizations")
        if item.values.get("code")
    }
    for item in parsed.items("judgements"):
        year, subject, indicator = (item.values.get(name) for name in ("year", "subject", "indicator"))
        if year is None or subject is None or indicator is None or year not in context.years:
            continue  # without an evaluation year there is no criteria set to check against
        found = criteria_set(context.years[year])
        if subject.kind == "member":
            model: str | None = "member"
        else:
            org = context.orgs.get(subject.ref)
            kind = bundle_kinds.get(subject.ref, org.kind if org is not None else None)
            model = EVALUATED_MODELS.get(kind) if kind is not None else None
        if found is None or model is None:
            continue
        try:
            source = found.indicator(model, indicator).source
        except KeyError:
            errors.item(
                "judgements",
                item.index,
                "indicator",
                f"{show(indicator)} is not an indicator of model {model} in criteria set {found.code}",
            )
            continue
        if source != "judgement" and (
            item.values.get("by") != "appraiser" or not str(item.values.get("note") or "").strip()
        ):
            # An appraiser may override a rule's verdict, with the written reason in `note` (decision 4x).
            errors.item(
                "judgements",
                item.index,
                "indicator",
                f"{show(indicator)} is computed by a rule in criteria set {found.code}, not judged"
                " (only an appraiser's override with a reason in note)",
            )


@dataclass
class _History:
    """What the dated memberships and statuses imply for members, worked out before writing."""

    cells: dict[str, str]  # card number → code of the cell of the member's latest official membership
    open_statuses: list[tuple[str, str]]  # (card number, kind) of flags `true` to record as a period from today
    closed_statuses: list[tuple[str, str]]  # (card number, kind) of flags `false` ending a running period today
    transfers: list[tuple[str, int, str, Any]]  # (card, old cell id, new cell code, admitted_on): first-format moves


@dataclass(frozen=True)
class _Span:
    code: str  # the organisation (memberships) or "" (statuses)
    start: Any
    end: Any
    index: int | None  # the item's index in the bundle, None when the row is only in the database


def _merged_spans(
    parsed_items: Iterable[Item], db_rows: Iterable[tuple[Any, ...]]
) -> dict[tuple[str, str], list[_Span]]:
    """Return the spans per (card, kind), the bundle's items replacing database rows of the same natural key."""
    spans: dict[tuple[str, str], dict[tuple[Any, ...], _Span]] = {}
    for card, code, kind, start, end in db_rows:
        spans.setdefault((card, kind), {})[(code, start)] = _Span(code, start, end, None)
    for item in parsed_items:
        values = item.values
        if not item.complete:
            continue
        code = values.get("organization", "")
        spans.setdefault((values["member"], values["kind"]), {})[(code, values["from"])] = _Span(
            code, values["from"], values["to"], item.index
        )
    return {k: sorted(v.values(), key=lambda span: span.start) for k, v in spans.items()}


def _check_history(parsed: ParsedBundle, context: _Context, errors: Errors) -> _History:
    """Check official memberships and status flags against each other, the bundle and the database.

    A member's official memberships must not overlap, and the first starts on `admitted_on`; the
    member's cell is then the cell of the latest one. What the first format states without a date (a new
    cell for a member without memberships, a status flag) is taken as true from the day of the import,
    so that years already evaluated keep their facts: see docs/bundle.md.
    """
    history = _History(cells={}, open_statuses=[], closed_statuses=[], transfers=[])
    memberships = [i for i in parsed.items("memberships") if i.values.get("kind") == MembershipKind.OFFICIAL]
    statuses = parsed.items("member_statuses")
    member_items = {i.values["card_no"]: i for i in parsed.items("members") if i.values.get("card_no")}
    cards = sorted(
        {i.values["member"] for i in (*memberships, *statuses) if i.values.get("member")} | set(member_items)
    )
    if not cards:
        return history
    db_memberships: list[tuple[Any, ...]] = []
    db_statuses: list[tuple[Any, ...]] = []
    for chunk in _chunks(cards):
        db_memberships += Membership.objects.filter(
            member__card_no__in=chunk, kind=MembershipKind.OFFICIAL
        ).values_list("member__card_no", "organization__code", "kind", "start", "end")
        db_statuses += (
            (card, "", kind, start, end)
            for card, kind, start, end in MemberStatus.objects.filter(member__card_no__in=chunk).values_list(
                "member__card_no", "kind", "start", "end"
            )
        )

    def admitted_on(card: str) -> Any:
        if card in member_items:
            return member_items[card].values.get("admitted_on")
        member = context.members.get(card)
        return member.admitted_on if member is not None else None

    for (card, _kind), spans in _merged_spans(memberships, db_memberships).items():
        history.cells[card] = spans[-1].code
        in_bundle = [span.index for span in spans if span.index is not None]
        if not in_bundle and card not in member_items:
            continue  # only the database's rows: nothing of the bundle to check
        first = spans[0]
        admitted = admitted_on(card)
        if admitted is not None and first.start != admitted:
            section, where, key = (
                ("memberships", first.index if first.index is not None else in_bundle[0], "from")
                if in_bundle
                else ("members", member_items[card].index, "admitted_on")
            )
            errors.item(
                section,
                where,
                key,
                f'the first official membership of member {show(card)} starts on "{first.start.isoformat()}", '
                f'not on admitted_on "{admitted.isoformat()}" (give the whole history, from admission)',
            )
        for earlier, later in zip(spans, spans[1:], strict=False):
            if earlier.end is None or earlier.end >= later.start:
                index, other = (later.index, earlier) if later.index is not None else (earlier.index, later)
                if index is None and not in_bundle:
                    continue  # two rows of the database: not this bundle's doing
                until = f' to "{other.end.isoformat()}"' if other.end is not None else " (still running)"
                errors.item(
                    "memberships",
                    index if index is not None else in_bundle[0],
                    "from",
                    f"overlaps the official membership of member {show(card)} in {show(other.code)} "
                    f'from "{other.start.isoformat()}"{until}',
                )
    for card, item in member_items.items():
        code = item.values.get("organization")
        known = context.members.get(card)
        if card not in history.cells and known is not None and code is not None and code in context.orgs:
            if context.orgs[code].pk != known.organization_id and item.values.get("admitted_on") is not None:
                history.transfers.append((card, known.organization_id, code, item.values["admitted_on"]))
        if card in history.cells and code is not None and code != history.cells[card]:
            errors.item(
                "members",
                item.index,
                "organization",
                f"{show(code)} is not the cell of the member's latest official membership "
                f"({show(history.cells[card])}); a transfer is recorded in memberships",
            )

    merged_statuses = _merged_spans(statuses, db_statuses)
    for card, item in member_items.items():
        for kind in ("exempt", "suspended"):
            flag = item.values.get(kind)
            if flag is None:
                continue
            spans = merged_statuses.get((card, kind), [])
            running = [s for s in spans if s.end is None]
            if flag and not running:
                if spans:
                    errors.item(
                        "members",
                        item.index,
                        kind,
                        f"true, but every {kind} period of member {show(card)} has ended (member_statuses)",
                    )
                else:
                    history.open_statuses.append((card, kind))
            elif not flag and any(s.index is not None for s in running):
                errors.item(
                    "members",
                    item.index,
                    kind,
                    f"false, but member_statuses has a {kind} period of member {show(card)} that is still running",
                )
            elif not flag and running:
                history.closed_statuses.append((card, kind))
    return history


# -- writing -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    """How a section maps onto its model: the natural key's attributes and the fields it writes."""

    section: str
    model: type[models.Model]
    key: tuple[str, ...]  # attribute names (`organization_id`), natural-key order
    fields: tuple[str, ...]  # field names written besides the key

    @property
    def by_subject(self) -> bool:
        return "member_id" in self.key and "organization_id" in self.key


_MEMBER_FIELDS = (
    "full_name",
    "birth_date",
    "gender",
    "organization",
    "admitted_on",
    "official_on",
    "civil_servant",
    "left_on",
)
_SUBJECT_KEY = ("member_id", "organization_id")
_TABLES: tuple[_Table, ...] = (
    _Table("members", Member, ("card_no",), _MEMBER_FIELDS),
    _Table("memberships", Membership, ("member_id", "organization_id", "kind", "start"), ("end",)),
    _Table("member_statuses", MemberStatus, ("member_id", "kind", "start"), ("end", "reason")),
    _Table("years", EvaluationYear, ("year",), ("criteria_set", "registration_deadline", "cutoff")),
    _Table("registrations", Registration, ("year", *_SUBJECT_KEY), ("registered_on",)),
    _Table(
        "meetings",
        Meeting,
        ("organization_id", "held_on", "kind"),
        ("grade", "attendance", "expected", "minutes", "score", "topic", "status"),
    ),
    _Table("quality_ratings", QualityRating, ("year", *_SUBJECT_KEY), ("level", "final", "reason")),
    _Table("workplace_ratings", WorkplaceRating, ("year", "member_id"), ("level",)),
    _Table("org_results", OrgResult, ("year", "organization_id", "area", "name"), ("level",)),
    _Table("linked_bodies", LinkedBody, ("year", "organization_id", "name"), ("level", "reason")),
    _Table("admission_targets", AdmissionTarget, ("year", "organization_id"), ("target",)),
    _Table("disciplines", Discipline, ("member_id", "decided_on", "form"), ()),
    _Table(
        "complaints",
        Complaint,
        ("organization_id", "received_on", "kind", "about_member_id"),
        ("internal", "mass_or_over_level", "resolved_on", "concerns", "year"),
    ),
    _Table("residence_comments", ResidenceComment, ("year", "member_id"), ("verdict",)),
    _Table("judgements", Judgement, ("year", *_SUBJECT_KEY, "indicator", "by"), ("verdict", "note")),
)


# Bundle keys that are not columns: status flags (periods of member_statuses), the first format's complaint flag.
_NOT_STORED = {("members", "exempt"), ("members", "suspended"), ("complaints", "mass_or_over_level_unresolved")}
_RENAMED = {"from": "start", "to": "end"}


class _Ids:
    """Database ids of the organisations and members, by code and card number."""

    def __init__(self, orgs: dict[str, int], members: dict[str, int]) -> None:
        self.orgs = orgs
        self.members = members

    def row(self, section: str, values: dict[str, Any]) -> dict[str, Any]:
        """Return an item's values keyed by model attribute, references turned into ids."""
        row: dict[str, Any] = {}
        if section == "complaints":
            # A complaint without `concerns` concerns nothing (old bundles keep their meaning).
            values = {**values, "mass_or_over_level": complaint_is_mass(values), "concerns": values["concerns"] or ""}
        if section == "meetings":
            values = {**values, "status": MeetingStatus.HELD}  # a bundle holds held meetings only
        for name, value in values.items():
            if (section, name) in _NOT_STORED:
                continue
            if name in _RENAMED:
                row[_RENAMED[name]] = value
            elif name == "organization":
                row["organization_id"] = self.orgs[value]
            elif name == "member":
                row["member_id"] = self.members[value]
            elif name == "about_member":
                row["about_member_id"] = self.members[value] if value is not None else None
            elif name == "subject":
                row["member_id"] = self.members[value.ref] if value.kind == "member" else None
                row["organization_id"] = self.orgs[value.ref] if value.kind == "org" else None
            else:
                row[name] = value
        return row


@dataclass(frozen=True)
class _Stamp:
    """Who writes, and when: set on every created or changed record (`Tracked`), as `save()` would."""

    user: Any
    now: datetime.datetime

    @classmethod
    def of(cls, actor: Any) -> _Stamp:
        return cls(actor if getattr(actor, "is_authenticated", False) else None, timezone.now())

    def created(self, obj: models.Model) -> None:
        if isinstance(obj, Tracked):
            obj.created_at = obj.updated_at = self.now
            obj.created_by = obj.updated_by = self.user
        if isinstance(obj, Member):
            obj.sort_name = vi_sort_name(obj.full_name)

    def changed(self, obj: models.Model) -> None:
        if isinstance(obj, Tracked):
            obj.updated_at, obj.updated_by = self.now, self.user
        if isinstance(obj, Member):
            obj.sort_name = vi_sort_name(obj.full_name)

    @staticmethod
    def fields(model: type[models.Model]) -> list[str]:
        """Return the fields `changed` sets, for bulk_update."""
        fields = ["updated_at", "updated_by"] if issubclass(model, Tracked) else []
        return [*fields, "sort_name"] if model is Member else fields


def _write(parsed: ParsedBundle, context: _Context, history: _History, stamp: _Stamp) -> ImportSummary:
    counts = {name: SectionCount() for name in SECTION_NAMES}
    counts["organizations"], org_ids = _write_organizations(parsed.items("organizations"), context.orgs, stamp)
    ids = _Ids(org_ids, {card: member.pk for card, member in context.members.items()})
    for table in _TABLES:
        items = parsed.items(table.section)
        if not items:
            continue
        rows = [ids.row(table.section, item.values) for item in items]
        if table.model is Registration:
            _flag_late(rows)
        existing = context.members if table.model is Member else None
        counts[table.section], created = _upsert(table, rows, stamp, existing)
        if table.model is Member:
            ids.members.update((member.card_no, member.pk) for member in created if isinstance(member, Member))
    recorded = _apply_history(history, ids, parsed)
    if recorded:
        before = counts["member_statuses"]
        counts["member_statuses"] = SectionCount(before.created + recorded, before.updated, before.unchanged)
    return ImportSummary(sections=counts)


def _flag_late(rows: list[dict[str, Any]]) -> None:
    """A bundle's registration is accepted (the format has no status; old files keep their meaning), and
    late when made after its year's deadline (the years section is written first). Only new rows take
    these: an existing registration keeps the status its level above decided."""
    deadlines = dict(EvaluationYear.objects.values_list("year", "registration_deadline"))
    for row in rows:
        deadline = deadlines.get(row["year"]) or datetime.date(row["year"], 1, 20)
        row["late"] = row["registered_on"] > deadline
        row["status"] = RegistrationStatus.ACCEPTED


def _apply_history(history: _History, ids: _Ids, parsed: ParsedBundle) -> int:
    """Bring members in line with their dated history (see `_check_history`).

    Move members to the cell of their latest official membership; record a first-format move as a
    transfer on the day of the import; record flags given without a period as periods from today, and end
    running periods a flag `false` contradicts yesterday. Return the number of status periods recorded.
    """
    moved: dict[int, int] = {}
    for card, code in history.cells.items():
        moved[ids.members[card]] = ids.orgs[code]
    if moved:
        stale = [
            pk
            for chunk in _chunks(sorted(moved))
            for pk, org_id in Member.objects.filter(pk__in=chunk).values_list("pk", "organization_id")
            if org_id != moved[pk]
        ]
        Member.objects.bulk_update(
            [Member(pk=pk, organization_id=moved[pk]) for pk in stale], ["organization"], batch_size=BATCH
        )
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    transfers: list[Membership] = []
    for card, old_cell, new_code, admitted in history.transfers:
        member_id = ids.members[card]
        if admitted <= yesterday:
            transfers.append(Membership(member_id=member_id, organization_id=old_cell, kind="official",
                                        start=admitted, end=yesterday))  # fmt: skip
        start = max(admitted, today)
        transfers.append(
            Membership(member_id=member_id, organization_id=ids.orgs[new_code], kind="official", start=start)
        )
    Membership.objects.bulk_create(transfers, batch_size=BATCH)
    if history.closed_statuses:
        closing = {(ids.members[card], kind) for card, kind in history.closed_statuses}
        running = [
            status
            for chunk in _chunks(sorted({member for member, _ in closing}))
            for status in MemberStatus.objects.filter(member_id__in=chunk, end__isnull=True)
            if (status.member_id, status.kind) in closing
        ]
        for status in running:
            status.end = max(status.start, yesterday)
        MemberStatus.objects.bulk_update(running, ["end"], batch_size=BATCH)
    if history.open_statuses:
        MemberStatus.objects.bulk_create(
            [MemberStatus(member_id=ids.members[card], kind=kind, start=today) for card, kind in history.open_statuses],
            batch_size=BATCH,
        )
    return len(history.open_statuses)


def _write_organizations(
    items: list[Item], existing: dict[str, Organization], stamp: _Stamp
) -> tuple[SectionCount, dict[str, int]]:
    """Upsert organisations: create them unlinked, then set parents and successors, then paths."""
    ids = {code: org.pk for code, org in existing.items()}
    new: list[Organization] = []
    touched: list[tuple[Organization, dict[str, Any], tuple[Any, ...] | None]] = []
    for item in items:
        values = item.values
        org = existing.get(values["code"])
        if org is None:
            org = Organization(code=values["code"], path=f"/{values['code']}/", depth=0)
            stamp.created(org)
            new.append(org)
            before = None
        else:
            before = _org_state(org)
        org.name, org.kind = values["name"], values["kind"]
        org.valid_from, org.valid_to = values["valid_from"], values["valid_to"]
        touched.append((org, values, before))
    Organization.objects.bulk_create(new, batch_size=BATCH)
    ids.update((org.code, org.pk) for org in new)
    changed: list[Organization] = []
    created = updated = unchanged = 0
    for org, values, before in touched:
        org.parent_id = ids[values["parent"]] if values["parent"] is not None else None
        org.successor_id = ids[values["successor"]] if values["successor"] is not None else None
        if before is None:
            created += 1
            if org.parent_id is not None or org.successor_id is not None:
                changed.append(org)
        elif _org_state(org) != before:
            updated += 1
            stamp.changed(org)
            changed.append(org)
        else:
            unchanged += 1
    if changed:
        Organization.objects.bulk_update(
            changed,
            ["name", "kind", "parent", "valid_from", "valid_to", "successor", *_Stamp.fields(Organization)],
            batch_size=BATCH,
        )
    if created or updated:
        rebuild_paths()
    return SectionCount(created, updated, unchanged), ids


def _org_state(org: Organization) -> tuple[Any, ...]:
    return (org.name, org.kind, org.parent_id, org.valid_from, org.valid_to, org.successor_id)


def _upsert(
    table: _Table, rows: list[dict[str, Any]], stamp: _Stamp, existing_by_key: dict[Any, Any] | None = None
) -> tuple[SectionCount, list[models.Model]]:
    """Create the rows not in the database, update the changed ones; return counts and new objects."""
    if existing_by_key is not None:
        existing = {(key,): obj for key, obj in existing_by_key.items()}
    else:
        existing = _fetch_existing(table, rows)
    attnames = [table.model._meta.get_field(name).attname for name in table.fields]  # type: ignore[union-attr]
    new: list[models.Model] = []
    changed: list[models.Model] = []
    unchanged = 0
    for row in rows:
        key = tuple(row[name] for name in table.key)
        obj = existing.get(key)
        if obj is None:
            obj = table.model(**row)
            stamp.created(obj)
            new.append(obj)
            continue
        dirty = False
        for attname in attnames:
            if getattr(obj, attname) != row[attname]:
                setattr(obj, attname, row[attname])
                dirty = True
        if dirty:
            stamp.changed(obj)
            changed.append(obj)
        else:
            unchanged += 1
    manager = table.model._default_manager
    manager.bulk_create(new, batch_size=BATCH)
    if changed:
        manager.bulk_update(changed, [*table.fields, *_Stamp.fields(table.model)], batch_size=BATCH)
    return SectionCount(len(new), len(changed), unchanged), new


def _fetch_existing(table: _Table, rows: list[dict[str, Any]]) -> dict[tuple[Any, ...], models.Model]:
    """Read the rows that share a natural key with `rows`: one query per BATCH rows.

    Each query filters every key column with IN (a superset); the exact keys are matched here.
    """
    existing: dict[tuple[Any, ...], models.Model] = {}
    for chunk in _chunks(rows):
        query = models.Q()
        for name in table.key:
            if table.by_subject and name in _SUBJECT_KEY:
                continue
            if any(row[name] is None for row in chunk):
                continue  # a nullable key part (a complaint's member): IN never matches null; matched below
            query &= models.Q(**{f"{name}__in": _distinct(row[name] for row in chunk)})
        if table.by_subject:
            query &= models.Q(member_id__in=_distinct(row["member_id"] for row in chunk)) | models.Q(
                organization_id__in=_distinct(row["organization_id"] for row in chunk)
            )
        for obj in table.model._default_manager.order_by().filter(query):
            existing[tuple(getattr(obj, name) for name in table.key)] = obj
    return existing


def _distinct(values: Iterable[Any]) -> list[Any]:
    return list({value for value in values if value is not None})


def section_labels() -> dict[str, str]:
    """Return each section's Vietnamese name (the model's plural verbose name), for summaries."""
    labels = {"organizations": str(Organization._meta.verbose_name_plural)}
    labels.update((table.section, str(table.model._meta.verbose_name_plural)) for table in _TABLES)
    return labels
