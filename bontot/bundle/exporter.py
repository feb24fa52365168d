"""Export the database as an interchange bundle (the format `import_bundle` reads).

One query per section. Items are sorted in Python by their natural key as written in the bundle, so
the output is identical on every database backend; keys follow the order of shared/DESIGN.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models

from bontot.assessments.models import Judgement, Registration
from bontot.criteria.models import EvaluationYear
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
from bontot.members.models import Member, Membership, MemberStatus
from bontot.organizations.models import LinkedBody, Organization

from .schema import CHOICE, FORMAT, SECTIONS, SUBJECT, TEXT, Section

CHUNK = 2000


@dataclass(frozen=True)
class _Source:
    """Where a section's items come from and how an export limited to some years filters them."""

    model: type[models.Model]
    paths: dict[str, str]  # bundle key → ORM path; "subject" reads member__card_no / organization__code
    year_filter: str | None  # "year", a date field ("held_on"), or None (always exported whole)
    derived: tuple[str, ...] = ()  # keys that are not columns: filled by `_derive` from the item and the database
    where: tuple[tuple[str, Any], ...] = ()  # filters of the rows that are facts (held meetings, not announced ones)


_SUBJECT_PATHS = ("member__card_no", "organization__code")
_SOURCES: dict[str, _Source] = {
    "organizations": _Source(
        Organization, {"parent": "parent__code", "successor": "successor__code"}, year_filter=None
    ),
    "members": _Source(
        Member, {"organization": "organization__code"}, year_filter=None, derived=("exempt", "suspended")
    ),
    "years": _Source(EvaluationYear, {}, year_filter="year"),
    "registrations": _Source(Registration, {}, year_filter="year"),
    "meetings": _Source(
        Meeting,
        {"organization": "organization__code"},
        year_filter="held_on",
        where=(("status", MeetingStatus.HELD),),
    ),
    "quality_ratings": _Source(QualityRating, {}, year_filter="year"),
    "workplace_ratings": _Source(WorkplaceRating, {"member": "member__card_no"}, year_filter="year"),
    "org_results": _Source(OrgResult, {"organization": "organization__code"}, year_filter="year"),
    "linked_bodies": _Source(LinkedBody, {"organization": "organization__code"}, year_filter="year"),
    "admission_targets": _Source(AdmissionTarget, {"organization": "organization__code"}, year_filter="year"),
    "disciplines": _Source(Discipline, {"member": "member__card_no"}, year_filter="decided_on"),
    "complaints": _Source(
        Complaint,
        {"organization": "organization__code", "about_member": "about_member__card_no"},
        year_filter="received_on",
        derived=("mass_or_over_level_unresolved",),
    ),
    "residence_comments": _Source(ResidenceComment, {"member": "member__card_no"}, year_filter="year"),
    "judgements": _Source(Judgement, {}, year_filter="year"),
    "memberships": _Source(
        Membership,
        {"member": "member__card_no", "organization": "organization__code", "from": "start", "to": "end"},
        year_filter=None,
    ),
    "member_statuses": _Source(
        MemberStatus, {"member": "member__card_no", "from": "start", "to": "end"}, year_filter=None
    ),
}


def export_bundle(*, years: list[int] | None = None) -> dict[str, Any]:
    """Return the whole database as a bundle (JSON-serialisable, ISO dates, sorted by natural key).

    With `years`, year-bound sections keep only those years (meetings, disciplines and complaints by
    the year of their date); organisations and members are always exported whole, as items refer to them.
    """
    bundle: dict[str, Any] = {"format": FORMAT}
    for section in SECTIONS:
        bundle[section.name] = _export_section(section, _SOURCES[section.name], years)
    return bundle


def _export_section(section: Section, source: _Source, years: list[int] | None) -> list[dict[str, Any]]:
    columns: list[str] = []
    fields = [spec for spec in section.fields if spec.name not in source.derived]
    for spec in fields:
        if spec.type == SUBJECT:
            columns.extend(_SUBJECT_PATHS)
        else:
            columns.append(source.paths.get(spec.name, spec.name))
    queryset = source.model._default_manager.order_by().filter(**dict(source.where))
    if years is not None and source.year_filter is not None:
        lookup = "year__in" if source.year_filter == "year" else f"{source.year_filter}__year__in"
        queryset = queryset.filter(**{lookup: years})
    running = _running_statuses() if "exempt" in source.derived else set()
    items = []
    for values in queryset.values_list(*columns).iterator(chunk_size=CHUNK):
        row = iter(values)
        found: dict[str, Any] = {}
        for spec in fields:
            if spec.type == SUBJECT:
                card, code = next(row), next(row)
                found[spec.name] = f"member:{card}" if card is not None else f"org:{code}"
            else:
                found[spec.name] = _json_value(next(row), optional_text=spec.type in (TEXT, CHOICE) and spec.optional)
        for name in source.derived:
            found[name] = _derive(section.name, name, found, running)
        items.append({spec.name: found[spec.name] for spec in section.fields})
    items.sort(key=lambda item: tuple(_sort_value(item[name]) for name in section.key))
    return items


def _running_statuses() -> set[tuple[str, str]]:
    """Return (card number, kind) of every status period still running (no end date)."""
    return set(MemberStatus.objects.order_by().filter(end__isnull=True).values_list("member__card_no", "kind"))


def _derive(section: str, name: str, item: dict[str, Any], running: set[tuple[str, str]]) -> Any:
    """Return the value of a key that is not a column (see `_Source.derived`)."""
    if section == "members":
        return (item["card_no"], name) in running
    # complaints: the first format's flag, "mass or over-level and not resolved"
    return bool(item["mass_or_over_level"]) and item["resolved_on"] is None


def _json_value(value: Any, *, optional_text: bool) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if optional_text and value == "":
        return None  # an optional text or choice left blank is written as null, like every missing optional value
    return value


def _sort_value(value: Any) -> tuple[int, Any]:
    # Natural keys never hold null; the tag keeps mixed types comparable if one ever did.
    return (0, "") if value is None else (1, value)
