"""The interchange bundle's shape (shared/DESIGN.md, "The interchange bundle") and its pure checks.

`parse_bundle()` checks everything that can be checked without the database: keys, types, codes,
dates, ranges, rules inside one item and duplicate natural keys inside the bundle. References to
organisations and members (which may live in the database) are checked by the importer.
"""

from __future__ import annotations

import datetime
import json
import re
import reprlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.utils import timezone

from bontot.assessments.models import JudgementBy, JudgementVerdict
from bontot.core.choices import LinkedBodyLevel, MeetingGrade, QualityLevel, ResultLevel
from bontot.facts import rules as meeting_rules
from bontot.facts import score_sheet
from bontot.facts.models import (
    ComplaintConcerns,
    ComplaintKind,
    DisciplineForm,
    MeetingKind,
    ResidenceVerdict,
    ResultArea,
)
from bontot.facts.rules_ratings import linked_body_lacks_reason, rating_lacks_reason
from bontot.members.models import Gender, MembershipKind, StatusKind
from bontot.organizations.models import OrganizationKind

FORMAT = "bontot-bundle/1"

YEAR_MIN, YEAR_MAX = 1930, 2100
DATE_MIN, DATE_MAX = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
INT_MAX = 2_147_483_647  # PositiveIntegerField's upper bound on every backend
MAX_SHOWN = 80  # longest offending value quoted in a message
MAX_DEPTH = 32  # deepest nesting of lists and objects a bundle file may have (a correct one has 3)

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SUBJECT_RE = re.compile(r"(member|org):(.+)", re.DOTALL)
# A criteria code and an indicator name: "1.1.j1", "2.3.a", "1.2.regular_meetings".
INDICATOR_RE = re.compile(r"[1-9]\d*\.[1-9]\d*\.[a-z0-9][a-z0-9_-]*")
# Characters a message shows as \uXXXX: controls, line and paragraph separators, lone surrogates.
_UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Characters no text value may hold: NUL (PostgreSQL rejects it), lone surrogates (not encodable in UTF-8)
# and control characters; free text may hold tabs and line breaks.
_BAD_IN_CODE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_BAD_IN_TEXT_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def escape_unprintable(text: str) -> str:
    """Return text with control characters and lone surrogates written as \\uXXXX escapes."""
    return _UNPRINTABLE_RE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class BundleError(Exception):
    """The bundle cannot be imported; `errors` lists every problem as `path: message`.

    Each message is one printable line: control characters and lone surrogates are escaped.
    """

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = [escape_unprintable(error) for error in errors]
        super().__init__("\n".join(self.errors))


class Subject(NamedTuple):
    """A subject of evaluation as written in the bundle: `member:<card_no>` or `org:<code>`."""

    kind: str  # "member" | "org"
    ref: str  # card number or organisation code

    def __str__(self) -> str:
        return f"{self.kind}:{self.ref}"


# Field types.
TEXT = "text"  # a string; `blank` allows ""
CODE = "code"  # an organisation code (the key of organizations, or a reference to one)
CARD = "card"  # a party card number (the key of members, or a reference to one)
DATE = "date"  # "YYYY-MM-DD"
BOOL = "bool"
INT = "int"
YEAR = "year"  # an integer between YEAR_MIN and YEAR_MAX
CHOICE = "choice"
SUBJECT = "subject"
INDICATOR = "indicator"
_STRING_TYPES = (TEXT, CODE, CARD, SUBJECT, INDICATOR)  # checked for characters no text value may hold


@dataclass(frozen=True)
class Field:
    """One key of a bundle item.

    `optional` keys may be left out: a nullable one then reads as null, a text one as "".
    Every other key is required, and a required nullable key may still be null.
    """

    name: str
    type: str
    optional: bool = False
    nullable: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    blank: bool = False
    minimum: int = 0
    maximum: int = INT_MAX


@dataclass(frozen=True)
class Section:
    """A list of items in the bundle and the natural key that identifies an item."""

    name: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]

    def field(self, name: str) -> Field:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def field_rank(self, name: str) -> int:
        for rank, spec in enumerate(self.fields):
            if spec.name == name:
                return rank
        return len(self.fields)


def _nullable_date(name: str) -> Field:
    return Field(name, DATE, optional=True, nullable=True)


def _optional_int(name: str, maximum: int = INT_MAX) -> Field:
    return Field(name, INT, optional=True, nullable=True, maximum=maximum)


def _optional_text(name: str, max_length: int | None) -> Field:
    return Field(name, TEXT, optional=True, nullable=True, blank=True, max_length=max_length)


_YEAR = Field("year", YEAR, minimum=YEAR_MIN, maximum=YEAR_MAX)
_SUBJECT = Field("subject", SUBJECT)
_ORG = Field("organization", CODE)
_MEMBER = Field("member", CARD)

SECTIONS: tuple[Section, ...] = (
    Section(
        "organizations",
        (
            Field("code", CODE),
            Field("name", TEXT, max_length=255),
            Field("kind", CHOICE, choices=tuple(OrganizationKind.values)),
            Field("parent", CODE, optional=True, nullable=True),
            Field("valid_from", DATE),
            _nullable_date("valid_to"),
            Field("successor", CODE, optional=True, nullable=True),
        ),
        key=("code",),
    ),
    Section(
        "members",
        (
            Field("card_no", CARD),
            Field("full_name", TEXT, max_length=255),
            Field("birth_date", DATE),
            Field("gender", CHOICE, choices=tuple(Gender.values)),
            _ORG,
            Field("admitted_on", DATE),
            _nullable_date("official_on"),
            Field("civil_servant", BOOL),
            # Whether a period of `member_statuses` is still running (optional since memberships/statuses).
            Field("exempt", BOOL, optional=True),
            Field("suspended", BOOL, optional=True),
            _nullable_date("left_on"),
        ),
        key=("card_no",),
    ),
    Section(
        "years",
        (
            _YEAR,
            Field("criteria_set", TEXT, max_length=50),
            Field("registration_deadline", DATE),
            Field("cutoff", DATE),
        ),
        key=("year",),
    ),
    Section("registrations", (_YEAR, _SUBJECT, Field("registered_on", DATE)), key=("year", "subject")),
    Section(
        "meetings",
        (
            _ORG,
            Field("held_on", DATE),
            Field("kind", CHOICE, choices=tuple(MeetingKind.values)),
            Field("grade", CHOICE, choices=tuple(MeetingGrade.values)),
            _optional_int("attendance"),
            _optional_int("expected"),
            _optional_int("minutes"),
            _optional_int("score", maximum=meeting_rules.SCORE_MAX),
            _optional_text("topic", 255),
        ),
        key=("organization", "held_on", "kind"),
    ),
    Section(
        "quality_ratings",
        (
            _YEAR,
            _SUBJECT,
            Field("level", CHOICE, choices=tuple(QualityLevel.values)),
            Field("final", BOOL),
            _optional_text("reason", 500),
        ),
        key=("year", "subject"),
    ),
    Section(
        "workplace_ratings",
        (_YEAR, _MEMBER, Field("level", CHOICE, choices=tuple(QualityLevel.values))),
        key=("year", "member"),
    ),
    Section(
        "org_results",
        (
            _YEAR,
            _ORG,
            Field("area", CHOICE, choices=tuple(ResultArea.values)),
            Field("name", TEXT, max_length=255),
            Field("level", CHOICE, choices=tuple(ResultLevel.values)),
        ),
        key=("year", "organization", "area", "name"),
    ),
    Section(
        "linked_bodies",
        (
            _YEAR,
            _ORG,
            Field("name", TEXT, max_length=255),
            Field("level", CHOICE, choices=tuple(LinkedBodyLevel.values)),
            _optional_text("reason", 500),
        ),
        key=("year", "organization", "name"),
    ),
    Section("admission_targets", (_YEAR, _ORG, Field("target", INT)), key=("year", "organization")),
    Section(
        "disciplines",
        (_MEMBER, Field("decided_on", DATE), Field("form", CHOICE, choices=tuple(DisciplineForm.values))),
        key=("member", "decided_on", "form"),
    ),
    Section(
        "complaints",
        (
            _ORG,
            Field("received_on", DATE),
            Field("kind", CHOICE, choices=tuple(ComplaintKind.values)),
            Field("internal", BOOL),
            # "mass or over-level and not resolved": the first format's only flag, still read and written.
            Field("mass_or_over_level_unresolved", BOOL, optional=True),
            Field("mass_or_over_level", BOOL, optional=True),
            _nullable_date("resolved_on"),
            # What the letter contests (optional; absent = nothing of the yearly workflow): the assessment or
            # the rating of `year`, of `about_member` or, when no member is named, of the organisation.
            Field("concerns", CHOICE, optional=True, nullable=True, choices=tuple(ComplaintConcerns.values)),
            Field("about_member", CARD, optional=True, nullable=True),
            Field("year", YEAR, optional=True, nullable=True, minimum=YEAR_MIN, maximum=YEAR_MAX),
        ),
        key=("organization", "received_on", "kind", "about_member"),
    ),
    Section(
        "residence_comments",
        (_YEAR, _MEMBER, Field("verdict", CHOICE, choices=tuple(ResidenceVerdict.values))),
        key=("year", "member"),
    ),
    Section(
        "judgements",
        (
            _YEAR,
            _SUBJECT,
            Field("indicator", INDICATOR, max_length=20),
            Field("verdict", CHOICE, choices=tuple(JudgementVerdict.values)),
            Field("by", CHOICE, choices=tuple(JudgementBy.values)),
            _optional_text("note", None),
        ),
        key=("year", "subject", "indicator", "by"),
    ),
    Section(
        "memberships",
        (
            _MEMBER,
            _ORG,
            Field("kind", CHOICE, choices=tuple(MembershipKind.values)),
            Field("from", DATE),
            _nullable_date("to"),
        ),
        key=("member", "organization", "kind", "from"),
    ),
    Section(
        "member_statuses",
        (
            _MEMBER,
            Field("kind", CHOICE, choices=tuple(StatusKind.values)),
            Field("from", DATE),
            _nullable_date("to"),
            _optional_text("reason", 500),
        ),
        key=("member", "kind", "from"),
    ),
)
SECTION_BY_NAME: dict[str, Section] = {section.name: section for section in SECTIONS}
SECTION_NAMES: tuple[str, ...] = tuple(SECTION_BY_NAME)
_SECTION_RANK = {name: rank for rank, name in enumerate(SECTION_NAMES)}


def show(value: Any) -> str:
    """Return a value as written in JSON, shortened and escaped, for an error message."""
    if isinstance(value, str):
        shortened = value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"
        return escape_unprintable(json.dumps(shortened, ensure_ascii=False))
    # Read only as much of a list or object as is shown: bounded in time and in depth, whatever its size.
    text = ""
    for piece in _json_pieces(value):
        text += piece
        if len(text) > MAX_SHOWN:
            break
    text = escape_unprintable(text)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _json_pieces(value: Any) -> Iterator[str]:
    """Yield a value's JSON text piece by piece, lazily; each level of nesting yields a bracket first."""
    if value is None or isinstance(value, bool | int | float):
        try:
            yield json.dumps(value)
        except ValueError:  # an integer too long to write in decimal
            yield f"<{value.bit_length()}-bit integer>"  # type: ignore[union-attr]  # only an int overflows
    elif isinstance(value, str):
        yield json.dumps(value[: MAX_SHOWN + 1], ensure_ascii=False)
    elif isinstance(value, dict):
        yield "{"
        for rank, (key, item) in enumerate(value.items()):
            yield ", " if rank else ""
            yield from _json_pieces(key)
            yield ": "
            yield from _json_pieces(item)
        yield "}"
    elif isinstance(value, list | tuple):
        yield "["
        for rank, item in enumerate(value):
            yield ", " if rank else ""
            yield from _json_pieces(item)
        yield "]"
    else:
        yield reprlib.repr(value)  # not a JSON value; reprlib bounds depth and length


def _key_text(key: Any) -> str:
    """Return an object's key for an error path (JSON keys are strings; a Python caller may pass others)."""
    return key if isinstance(key, str) else show(key)


def json_type(value: Any) -> str:
    """Return the JSON name of a value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


class Errors:
    """Collect `path: message` errors and return them in bundle order (section, item, key)."""

    def __init__(self) -> None:
        self._items: list[tuple[tuple[int, int, int], str]] = []

    def __len__(self) -> int:
        return len(self._items)

    def top(self, key: str, message: str) -> None:
        self._items.append(((-1, 0, 0), f"{key}: {message}"))

    def item(self, section: str, index: int, key: str | None, message: str) -> None:
        spec = SECTION_BY_NAME[section]
        rank = -1 if key is None else spec.field_rank(key)
        path = f"{section}[{index}]" if key is None else f"{section}[{index}].{key}"
        self._items.append(((_SECTION_RANK[section], index, rank), f"{path}: {message}"))

    def messages(self) -> list[str]:
        return [message for _, message in sorted(self._items, key=lambda item: item[0])]


@dataclass
class Item:
    """One item of a section: the values of its keys that passed their checks."""

    index: int
    values: dict[str, Any] = field(default_factory=dict)
    complete: bool = True  # every key passed


@dataclass
class ParsedBundle:
    """The bundle's items with Python values (dates, `Subject`s), per section, in bundle order."""

    sections: dict[str, list[Item]] = field(default_factory=dict)

    def items(self, section: str) -> list[Item]:
        return self.sections.get(section, [])


def parse_date(value: Any) -> datetime.date | None:
    """Return the date written as "YYYY-MM-DD", or None when it is not one."""
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def parse_subject(value: Any) -> Subject | None:
    """Return the subject written as `member:<card_no>` or `org:<code>`, or None."""
    if not isinstance(value, str):
        return None
    match = _SUBJECT_RE.fullmatch(value)
    if match is None or match.group(2) != match.group(2).strip():
        return None
    return Subject(match.group(1), match.group(2))


def _check_code(value: Any, max_length: int, what: str) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, f"{show(value)} is not a string ({what})"
    if not value.strip():
        return None, f"{show(value)} is empty"
    if value != value.strip():
        return None, f"{show(value)} has leading or trailing spaces"
    if len(value) > max_length:
        return None, f"{show(value)} is longer than {max_length} characters"
    return value, None


def bad_character(value: str, free_text: bool) -> str | None:
    """Return what is wrong with the first character no text value may hold, or None."""
    match = (_BAD_IN_TEXT_RE if free_text else _BAD_IN_CODE_RE).search(value)
    if match is None:
        return None
    point = ord(match.group())
    if point == 0:
        return "contains a NUL character (U+0000)"
    if 0xD800 <= point <= 0xDFFF:
        return f"contains an invalid character (lone surrogate U+{point:04X})"
    return f"contains a control character (U+{point:04X})"


def parse_value(spec: Field, value: Any) -> tuple[Any, str | None]:
    """Return (python value, None) or (None, message) for one present, non-null value."""
    if spec.type in _STRING_TYPES and isinstance(value, str):
        problem = bad_character(value, free_text=spec.type == TEXT)
        if problem is not None:
            return None, f"{show(value)} {problem}"
    if spec.type == CODE:
        code, problem = _check_code(value, 50, "an organization code")
        if problem is None and "/" in code:
            return None, f"{show(value)} contains '/'"
        return code, problem
    if spec.type == CARD:
        return _check_code(value, 30, "a party card number")
    if spec.type == TEXT:
        if not isinstance(value, str):
            return None, f"{show(value)} is not a string"
        if not spec.blank and not value.strip():
            return None, f"{show(value)} is empty"
        if spec.max_length is not None and len(value) > spec.max_length:
            return None, f"{show(value)} is longer than {spec.max_length} characters"
        return value, None
    if spec.type == DATE:
        day = parse_date(value)
        if day is None:
            return None, f"{show(value)} is not a valid date (YYYY-MM-DD)"
        if not DATE_MIN <= day <= DATE_MAX:
            return None, f"{show(value)} is not between {DATE_MIN} and {DATE_MAX}"
        return day, None
    if spec.type == BOOL:
        if not isinstance(value, bool):
            return None, f"{show(value)} is not a boolean (true or false)"
        return value, None
    if spec.type in (INT, YEAR):
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"{show(value)} is not an integer"
        if value < 0 and spec.minimum == 0:
            return None, f"{show(value)} is negative"
        if not spec.minimum <= value <= spec.maximum:
            return None, f"{show(value)} is not between {spec.minimum} and {spec.maximum}"
        return value, None
    if spec.type == CHOICE:
        if not isinstance(value, str) or value not in spec.choices:
            return None, f"{show(value)} is not one of {', '.join(spec.choices)}"
        return value, None
    if spec.type == SUBJECT:
        subject = parse_subject(value)
        if subject is None:
            return None, f"{show(value)} is not a subject (member:<card_no> or org:<code>)"
        return subject, None
    if spec.type == INDICATOR:
        if not isinstance(value, str) or not INDICATOR_RE.fullmatch(value):
            return None, f"{show(value)} is not an indicator code (e.g. 1.1.j1, 2.3.a)"
        if spec.max_length is not None and len(value) > spec.max_length:
            return None, f"{show(value)} is longer than {spec.max_length} characters"
        return value, None
    raise ValueError(f"unknown field type {spec.type!r}")  # a mistake in SECTIONS


def _parse_item(section: Section, index: int, raw: Any, errors: Errors) -> Item:
    item = Item(index)
    if not isinstance(raw, dict):
        errors.item(section.name, index, None, f"expected an object, got {json_type(raw)}")
        item.complete = False
        return item
    known = [spec.name for spec in section.fields]
    for key in raw:
        if key not in known:
            errors.item(section.name, index, _key_text(key), f"unknown key (expected {', '.join(known)})")
            item.complete = False
    for spec in section.fields:
        if spec.name not in raw:
            if not spec.optional:
                errors.item(section.name, index, spec.name, "required key is missing")
                item.complete = False
            else:
                item.values[spec.name] = "" if spec.type == TEXT else None
            continue
        value = raw[spec.name]
        if value is None:
            if spec.nullable:
                item.values[spec.name] = "" if spec.type == TEXT else None
            else:
                errors.item(section.name, index, spec.name, "null is not allowed")
                item.complete = False
            continue
        parsed, problem = parse_value(spec, value)
        if problem is not None:
            errors.item(section.name, index, spec.name, problem)
            item.complete = False
        else:
            item.values[spec.name] = parsed
    return item


def _after(values: dict[str, Any], later: str, earlier: str, strict: bool = False) -> str | None:
    """Return a message when the date `later` comes before the date `earlier` (or on it, if strict)."""
    first, second = values.get(earlier), values.get(later)
    if first is None or second is None:
        return None
    if second < first or (strict and second == first):
        relation = "is not after" if strict else "is before"
        return f'"{second.isoformat()}" {relation} {earlier} "{first.isoformat()}"'
    return None


def _check_item_rules(section: str, item: Item, errors: Errors) -> None:
    """Check the rules that tie keys of one item together."""
    values = item.values
    problems: list[tuple[str, str | None]] = []
    if section == "organizations":
        problems.append(("valid_to", _after(values, "valid_to", "valid_from")))
        if values.get("successor") is not None and values.get("successor") == values.get("code"):
            problems.append(("successor", f"{show(values['successor'])} is the organization itself"))
    elif section == "members":
        problems.append(("admitted_on", _after(values, "admitted_on", "birth_date", strict=True)))
        problems.append(("official_on", _after(values, "official_on", "admitted_on")))
        problems.append(("left_on", _after(values, "left_on", "admitted_on")))
    elif section == "years":
        year, cutoff, deadline = values.get("year"), values.get("cutoff"), values.get("registration_deadline")
        if year is not None and cutoff is not None and cutoff.year != year:
            problems.append(("cutoff", f'"{cutoff.isoformat()}" is not in {year}'))
        if year is not None and deadline is not None and deadline.year not in (year - 1, year):
            problems.append(("registration_deadline", f'"{deadline.isoformat()}" is not in {year - 1} or {year}'))
    elif section == "meetings":
        # The rules of facts/rules.py; a bundle holds held meetings only (announcements are not facts).
        attendance, expected, held_on = values.get("attendance"), values.get("expected"), values.get("held_on")
        if not meeting_rules.attendance_within_expected(attendance, expected):
            problems.append(("attendance", f"{attendance} is more than expected ({expected})"))
        score, grade, scale = values.get("score"), values.get("grade"), score_sheet.scale()
        if score is not None and not meeting_rules.grade_fits_score(score, grade, scale):
            allowed = " or ".join(meeting_rules.grades_for_score(score, scale))
            problems.append(("grade", f"{show(grade)} does not fit score {score} (expected {allowed})"))
        if held_on is not None and not meeting_rules.held_not_in_future(
            meeting_rules.HELD, held_on, timezone.localdate()
        ):
            problems.append(("held_on", f'"{held_on.isoformat()}" is in the future (a bundle holds held meetings)'))
    elif section == "complaints":
        problems.append(("resolved_on", _after(values, "resolved_on", "received_on")))
        problems.append(("mass_or_over_level_unresolved", _complaint_flags_problem(values)))
        if values.get("concerns") is not None and values.get("year") is None and "year" in values:
            problems.append(("year", "required when concerns is set (the year assessed or rated)"))
        if values.get("about_member") is not None and values.get("concerns") is None and "concerns" in values:
            problems.append(("concerns", "required when about_member is set (assessment or rating)"))
    elif section in ("memberships", "member_statuses"):
        problems.append(("to", _after(values, "to", "from")))
    elif section == "quality_ratings":
        if rating_lacks_reason(values.get("level"), values.get("reason")):
            problems.append(("reason", 'required when level is "not_rated"'))
    elif section == "linked_bodies":
        if linked_body_lacks_reason(values.get("level"), values.get("reason")):
            problems.append(("reason", 'required when level is "not_applicable"'))
    for key, problem in problems:
        if problem is not None:
            errors.item(section, item.index, key, problem)
            item.complete = False


def _complaint_flags_problem(values: dict[str, Any]) -> str | None:
    """Return why the first format's flag contradicts `mass_or_over_level` / `resolved_on`, if it does."""
    unresolved, mass, resolved = (
        values.get("mass_or_over_level_unresolved"),
        values.get("mass_or_over_level"),
        values.get("resolved_on"),
    )
    if unresolved is None:
        return None
    if unresolved and mass is False:
        return "true, but mass_or_over_level is false"
    if unresolved and resolved is not None:
        return f'true, but resolved_on is "{resolved.isoformat()}"'
    if not unresolved and mass is True and resolved is None:
        return "false, but mass_or_over_level is true and resolved_on is null"
    return None


def complaint_is_mass(values: dict[str, Any]) -> bool:
    """Return whether a complaint item is a mass or over-level case (either key says so)."""
    mass = values.get("mass_or_over_level")
    return bool(values.get("mass_or_over_level_unresolved")) if mass is None else bool(mass)


def natural_key(section: Section, item: Item) -> tuple[Any, ...] | None:
    """Return the item's natural key, or None when a part of it did not pass its checks.

    An optional, nullable part of a key (a complaint's `about_member`) may be null: it is part of the key.
    """
    for name in section.key:
        if name not in item.values:
            return None
        if item.values[name] is None and not section.field(name).nullable:
            return None
    return tuple(item.values[name] for name in section.key)


def parse_bundle(data: Any, errors: Errors) -> ParsedBundle:
    """Check the bundle's shape and values; add every problem found to `errors`."""
    parsed = ParsedBundle()
    if not isinstance(data, dict):
        errors.top("bundle", f"expected a JSON object, got {json_type(data)}")
        return parsed
    if "format" not in data:
        errors.top("format", f'required key is missing (expected "{FORMAT}")')
    elif data["format"] != FORMAT:
        errors.top("format", f'{show(data["format"])} is not "{FORMAT}"')
    for key in data:
        if key != "format" and key not in SECTION_BY_NAME:
            errors.top(_key_text(key), f"unknown key (expected format, {', '.join(SECTION_NAMES)})")
    for section in SECTIONS:
        raw_items = data.get(section.name)
        if raw_items is None:
            continue
        if not isinstance(raw_items, list):
            errors.top(section.name, f"expected a list, got {json_type(raw_items)}")
            continue
        items: list[Item] = []
        seen: dict[tuple[Any, ...], int] = {}
        for index, raw in enumerate(raw_items):
            item = _parse_item(section, index, raw, errors)
            _check_item_rules(section.name, item, errors)
            key = natural_key(section, item)
            if key is not None:
                if key in seen:
                    same = ", ".join(section.key)
                    errors.item(
                        section.name,
                        index,
                        None,
                        f"duplicate of {section.name}[{seen[key]}] (same {same}: {describe_key(key)})",
                    )
                    item.complete = False
                else:
                    seen[key] = index
            items.append(item)
        parsed.sections[section.name] = items
    return parsed


def describe_key(key: tuple[Any, ...]) -> str:
    """Return a natural key as the bundle writes it, for messages."""
    return ", ".join(
        "null" if part is None else part.isoformat() if isinstance(part, datetime.date) else str(part) for part in key
    )
