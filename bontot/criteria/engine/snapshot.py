"""Facts about one subject for one year, as the fact loader hands them to the engine.

Every collection holds the facts of the whole calendar year (and, for meetings and complaints, of
the organisation's predecessors in that year); rules cut them down to their own window. Complaints
also include earlier years' mass or over-level letters not resolved before the year began. Dated
statuses (suspension, exemption, residence cell) are periods that overlap the year.
Codes are the bundle's codes (shared/DESIGN.md): meeting kinds, grades, quality levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    """The year being evaluated and the dates rules count against."""

    year: int
    cutoff: date  # end of the default window (1 January .. cutoff)
    as_of: date  # facts after this date are ignored; windows still open may be "pending"

    @property
    def year_start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def year_end(self) -> date:
        return date(self.year, 12, 31)


@dataclass(frozen=True)
class Span:
    """A dated period [start, end] (end None: still running), e.g. a suspension or a residence cell."""

    start: date
    end: date | None = None
    label: str = ""  # what the period is about, for explanations (an organisation's name, a reason)

    def overlaps(self, first: date, last: date) -> bool:
        """Return whether the period has a day in [first, last]."""
        return self.start <= last and (self.end is None or self.end >= first)


@dataclass(frozen=True)
class Meeting:
    held_on: date
    kind: str  # regular | thematic | combined | committee | standing | congress
    grade: str | None  # good | fair | average | poor
    score: int | None = None
    attendance: int | None = None
    expected: int | None = None
    minutes: int | None = None  # duration in minutes


@dataclass(frozen=True)
class Rating:
    """A quality rating: proposed until `final`."""

    level: str  # excellent | good | complete | incomplete | not_rated
    final: bool
    reason: str = ""


@dataclass(frozen=True)
class RatedMember:
    """A member counted by an organisation rule, with their rating for the year (None if missing)."""

    card_no: str
    full_name: str
    rating: Rating | None


@dataclass(frozen=True)
class RatedOrganization:
    """A directly subordinate organisation with its rating for the year (None if missing)."""

    code: str
    name: str
    rating: Rating | None


@dataclass(frozen=True)
class OrgResult:
    area: str  # party_building | political_task | other
    name: str
    level: str  # excellent | good | average | poor


@dataclass(frozen=True)
class LinkedBody:
    name: str
    level: str  # excellent | good | complete | incomplete | not_applicable
    reason: str = ""


@dataclass(frozen=True)
class Admission:
    card_no: str
    full_name: str
    admitted_on: date


@dataclass(frozen=True)
class Discipline:
    card_no: str
    full_name: str
    decided_on: date
    form: str  # reprimand | warning | dismissal | expulsion


@dataclass(frozen=True)
class Complaint:
    received_on: date
    kind: str  # complaint | denunciation
    internal: bool
    mass_or_over_level: bool  # a prolonged, mass or over-level case
    resolved_on: date | None = None  # None: not resolved (yet)

    def unresolved_on(self, day: date) -> bool:
        """Return whether the letter was received and not yet resolved on `day`."""
        return self.received_on <= day and (self.resolved_on is None or self.resolved_on > day)


@dataclass(frozen=True)
class Judgement:
    indicator: str  # e.g. "1.1.j1"
    verdict: str  # pass | fail
    by: str  # self | appraiser
    note: str = ""


@dataclass(frozen=True)
class OrganizationSnapshot:
    """An organisation evaluated as a cell (`cell`, `grassroots_cell`) or a `grassroots_committee`."""

    code: str
    name: str
    kind: str
    valid_from: date  # earliest start in its succession chain: the window starts at the later of this and 1/1
    meetings: tuple[Meeting, ...] = ()
    org_results: tuple[OrgResult, ...] = ()
    linked_bodies: tuple[LinkedBody, ...] = ()
    admission_target: int | None = None
    admissions: tuple[Admission, ...] = ()
    complaints: tuple[Complaint, ...] = ()
    members: tuple[RatedMember, ...] = ()  # members whose official cell this is (cells only)
    subordinates: tuple[RatedOrganization, ...] = ()  # directly subordinate organisations
    disciplines: tuple[Discipline, ...] = ()  # of its members (cell) or of its whole subtree (committee)
    judgements: tuple[Judgement, ...] = ()
    valid_to: date | None = None

    @property
    def model(self) -> str:
        return "grassroots" if self.kind == "grassroots_committee" else "cell"

    @property
    def subject(self) -> str:
        return f"org:{self.code}"


@dataclass(frozen=True)
class MemberSnapshot:
    card_no: str
    full_name: str
    organization_code: str
    civil_servant: bool = False
    workplace_rating: str | None = None  # a quality level, or None when missing
    residence_comment: str | None = None  # positive | negative | excused, or None when missing
    disciplines: tuple[Discipline, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    suspensions: tuple[Span, ...] = ()  # periods of suspension from party activity (đình chỉ sinh hoạt)
    exemptions: tuple[Span, ...] = ()  # periods exempt from work and meetings (miễn công tác và sinh hoạt)
    residence_cells: tuple[Span, ...] = ()  # residence-cell memberships (Quy định 213), label: the cell's name

    @property
    def model(self) -> str:
        return "member"

    @property
    def subject(self) -> str:
        return f"member:{self.card_no}"
