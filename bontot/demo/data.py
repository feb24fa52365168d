"""The demo data: a deterministic interchange bundle (shared/DESIGN.md) of Tam Thăng and two neighbours.

`build_demo_bundle()` is pure: one `random.Random(seed)` and one Faker `vi_VN` seeded with the same
seed drive every choice, nothing reads the clock or the database, so every call returns the same
dict. It holds the organisation tree through the 1/7/2025 reorganisation, about 450 members, a full
year 2024 of facts and 2025 up to `DATA_DATE`. What fails where in 2024 is told in `story.py`.
"""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta
from typing import Any

from faker import Faker

from bontot.bundle.schema import SECTION_NAMES

from . import story as s
from . import vocabulary as v
from .people import PROFILES, People, Person

FORMAT = "bontot-bundle/1"
CRITERIA_SET = "kh-63-ku-2023"
DATA_DATE = date(2025, 10, 31)  # the demo's "today": facts of 2025 stop here
SUCCESSION = date(2025, 7, 1)  # phường Bàn Thạch, phường Quảng Phú and Thành ủy Đà Nẵng take over
LAST_OLD_DAY = SUCCESSION - timedelta(days=1)
CUTOFF_2024 = date(2024, 11, 30)
DEADLINE_2024 = date(2024, 1, 20)
DEADLINE_2025 = date(2025, 1, 20)
# Members admitted after this day are less than 6 months old at the December 2024 review: not rated.
RATED_IF_ADMITTED_BY_2024 = date(2024, 6, 15)

SECTIONS = SECTION_NAMES

# Judgement indicators by model, used when the criteria set cannot be read (see `judgement_codes`).
FALLBACK_JUDGEMENTS: dict[str, tuple[str, ...]] = {
    "member": ("2.1.j1", "2.1.j2", "2.1.j3", "2.2.j1", "2.2.j2", "2.3.j1", "2.3.j2", "2.3.j3",
               "2.4.j1", "2.4.j2", "2.4.j3"),
    "cell": ("1.1.j1", "1.1.j2", "1.1.j3", "1.1.j4", "1.2.j1", "1.2.j2", "1.2.j3", "1.3.j1", "1.3.j2",
             "1.3.j3", "1.4.j1", "1.4.j2", "1.4.j3"),
}  # fmt: skip
FALLBACK_JUDGEMENTS["grassroots"] = FALLBACK_JUDGEMENTS["cell"]

NOT_RATED_REASONS = {
    "exempt": "Được miễn công tác và sinh hoạt đảng",
    "suspended": "Đang bị đình chỉ sinh hoạt đảng",
    "new": "Kết nạp chưa đủ 6 tháng tính đến thời điểm đánh giá",
}


def judgement_codes() -> dict[str, tuple[str, ...]]:
    """Return the judgement indicator codes per model of the demo's criteria set."""
    try:
        from bontot.criteria.engine.criteria_set import get_criteria_set

        criteria = get_criteria_set(CRITERIA_SET)
    except (ImportError, LookupError, ValueError, OSError):
        return FALLBACK_JUDGEMENTS
    return {
        model: tuple(i.code for i in criteria.indicators(model) if i.source == "judgement")
        for model in ("member", "cell", "grassroots")
    }


def build_demo_bundle(seed: int = 2024) -> dict[str, Any]:
    """Return the demo bundle; the same seed always gives the same bundle."""
    return _Builder(seed, judgement_codes()).build()


def in_month(year: int, month: int, day: int, *, weekday: bool = False) -> date:
    """Return a day of a month (clamped into it); `weekday` moves a weekend day to Friday or Monday."""
    last = calendar.monthrange(year, month)[1]
    day = min(max(day, 3), last - 3)
    result = date(year, month, day)
    if weekday and result.weekday() == 5:
        result -= timedelta(days=1)
    elif weekday and result.weekday() == 6:
        result += timedelta(days=1)
    return result


class _Builder:
    def __init__(self, seed: int, judgements: dict[str, tuple[str, ...]]) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        fake = Faker("vi_VN")
        fake.seed_instance(seed)
        self.people = People(self.rng, fake, DATA_DATE)
        self.judgement_codes = judgements
        self.out: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
        self.cells: list[tuple[s.CommitteePlan, s.CellPlan]] = [(c, p) for c in s.COMMITTEES for p in c.cells]
        self.members: dict[str, list[Person]] = {}  # by 2024 cell code
        self.member_rating: dict[str, tuple[str, bool, str]] = {}  # card → (level, final, reason)

    # -- helpers ------------------------------------------------------------------------------------------

    @staticmethod
    def code(committee: s.CommitteePlan, plan: s.CellPlan) -> str:
        return f"{committee.prefix}-{plan.key}"

    @staticmethod
    def successor(committee: s.CommitteePlan, plan: s.CellPlan) -> str:
        return f"{committee.successor_prefix}-{plan.successor_key or plan.key}"

    def add(self, section: str, **row: Any) -> None:
        self.out[section].append({k: (x.isoformat() if isinstance(x, date) else x) for k, x in row.items()})

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def in_2024(self, code: str) -> list[Person]:
        """Return the members of a 2024 cell on the cut-off date (the evaluation's subjects)."""
        return [p for p in self.members[code] if p.admitted_on <= CUTOFF_2024]

    def build(self) -> dict[str, Any]:
        self.organizations()
        self.years()
        for committee, plan in self.cells:
            self.cell_members(committee, plan)
        self.special_members()
        self.registrations()
        self.meetings()
        self.ratings_2024()
        self.workplace_and_residence_2024()
        self.results_and_bodies_2024()
        self.targets()
        self.disciplines_and_complaints()
        self.judgements_2024()
        for committee, plan in self.cells:
            for person in self.members[self.code(committee, plan)]:
                self.out["members"].append(person.bundle_row())
        return {"format": FORMAT, **self.out}

    # -- the tree -----------------------------------------------------------------------------------------

    def organizations(self) -> None:
        """Write every organisation, each after its parent and its successor."""
        add = self.add
        add("organizations", code="TU-DN", name="Thành ủy Đà Nẵng", kind="superior_committee", parent=None,
            valid_from=date(1997, 1, 1), valid_to=None, successor=None)  # fmt: skip
        add("organizations", code="TU-TK", name="Thành ủy Tam Kỳ", kind="superior_committee", parent=None,
            valid_from=s.OLD_START, valid_to=LAST_OLD_DAY, successor="TU-DN")  # fmt: skip
        successors: dict[str, str] = {}
        for committee in s.COMMITTEES:
            successors.setdefault(committee.successor_code, committee.successor_name)
        for code, name in successors.items():
            add("organizations", code=code, name=name, kind="grassroots_committee", parent="TU-DN",
                valid_from=SUCCESSION, valid_to=None, successor=None)  # fmt: skip
        for committee in s.COMMITTEES:
            add("organizations", code=committee.code, name=committee.name, kind="grassroots_committee",
                parent="TU-TK", valid_from=s.OLD_START, valid_to=LAST_OLD_DAY,
                successor=committee.successor_code)  # fmt: skip
        for committee, plan in self.cells:
            name = plan.successor_name or (
                plan.name[: -len(" xã")] + " phường" if plan.name.endswith(" xã") else plan.name
            )
            add("organizations", code=self.successor(committee, plan), name=name, kind="cell",
                parent=committee.successor_code, valid_from=SUCCESSION, valid_to=None, successor=None)  # fmt: skip
        for committee, plan in self.cells:
            add("organizations", code=self.code(committee, plan), name=plan.name, kind="cell",
                parent=committee.code, valid_from=plan.valid_from, valid_to=LAST_OLD_DAY,
                successor=self.successor(committee, plan))  # fmt: skip

    def years(self) -> None:
        self.add("years", year=2024, criteria_set=CRITERIA_SET, registration_deadline=DEADLINE_2024,
                 cutoff=CUTOFF_2024)  # fmt: skip
        self.add("years", year=2025, criteria_set=CRITERIA_SET, registration_deadline=DEADLINE_2025,
                 cutoff=date(2025, 11, 30))  # fmt: skip

    # -- members ------------------------------------------------------------------------------------------

    def cell_members(self, committee: s.CommitteePlan, plan: s.CellPlan) -> None:
        """Make a cell's members: long-standing ones, the 2024 admissions, then the 2025 ones."""
        code, current = self.code(committee, plan), self.successor(committee, plan)
        taken: set[str] = set()
        make = self.people.make
        existing = plan.size - plan.admitted
        elderly = round(existing * PROFILES[plan.type].elderly_share)
        people = [make(plan.type, cell=code, organization=current, elderly=True, taken=taken) for _ in range(elderly)]
        people += [make(plan.type, cell=code, organization=current, taken=taken) for _ in range(existing - elderly)]
        # 2024 admissions inside the window: one before mid-June (rated), the others after (not rated).
        for index in range(plan.admitted):
            span = (date(2024, 3, 1), date(2024, 6, 10)) if index == 0 else (date(2024, 7, 1), date(2024, 11, 20))
            people.append(make(plan.type, cell=code, organization=current, admitted_between=span, taken=taken))
        if plan.key == "VB":  # admitted after the cut-off: counts for nobody's 2024 target
            december = (date(2024, 12, 16), date(2024, 12, 20))
            people.append(make(plan.type, cell=code, organization=current, admitted_between=december, taken=taken))
        for _ in range(plan.admitted_2025):
            span = (date(2025, 2, 10), date(2025, 10, 20))
            people.append(make(plan.type, cell=code, organization=current, admitted_between=span, taken=taken))
        if plan.type == s.VILLAGE:
            for person in people:
                person.civil_servant = False  # a civil servant's official cell is at the workplace
        people.sort(key=lambda p: (p.admitted_on, p.card_no))
        self.members[code] = people

    def pick(self, code: str, count: int, *, where: Any = None) -> list[Person]:
        """Return `count` members of a 2024 cell chosen at random among the long-standing ones."""
        pool = [p for p in self.members[code] if p.admitted_on < date(2024, 1, 1) and not p.tags]
        if where is not None:
            pool = [p for p in pool if where(p)]
        return self.rng.sample(pool, count)

    def special_members(self) -> None:
        """Mark the exempt, suspended, departed, disciplined and otherwise notable members."""
        for committee, plan in self.cells:
            code = self.code(committee, plan)
            for person in self.members[code]:
                if person.birth_date.year <= 1950 and self.chance(0.45):
                    person.exempt, person.civil_servant = True, False
                    person.tags.append("exempt")
        # Suspended from party activity in 2024: one still is, the other was from March to September.
        for code, period in (
            ("TT-CB-THT", (date(2024, 5, 6), None)),
            ("TP-CB-NN", (date(2024, 3, 11), date(2024, 9, 10))),
        ):
            person = self.pick(code, 1)[0]
            person.suspended, person.suspension = True, period
            person.tags.append("suspended")
            self.add("member_statuses", member=person.card_no, kind="suspended", **{"from": period[0]},
                     to=period[1], reason=v.SUSPENSION_REASON)  # fmt: skip
        moved = self.pick("TT-CB-MC", 1)[0]
        moved.left_on, moved.organization = date(2025, 3, 14), "TT-CB-MC"  # left before the merge
        moved.tags.append("left")
        deceased = self.pick("TT-CB-VB", 1, where=lambda p: p.birth_date.year <= 1955 and not p.exempt)[0]
        deceased.left_on = date(2025, 8, 21)
        deceased.tags.append("left")
        for person in self.pick("TTH-CB-HT", 2, where=lambda p: p.birth_date.year > 1960):
            person.tags.append("disciplined")
        for code in ("TT-CB-CA", "TT-CB-THCS"):
            self.pick(code, 1, where=lambda p: p.civil_servant)[0].tags.append("negative_residence")
        self.pick("TT-CB-DDT", 1)[0].tags.append("incomplete")
        self.pick("TT-CB-CQ", 1, where=lambda p: p.civil_servant)[0].tags.append("no_workplace_rating")

    # -- registrations --------------------------------------------------------------------------------------

    def registrations(self) -> None:
        """Register members, cells and committees for 2024 and 2025; a few late, a few never."""
        for year, deadline in ((2024, DEADLINE_2024), (2025, DEADLINE_2025)):
            start = date(year, 1, 3)
            for committee in s.COMMITTEES:
                late = year == 2024 and committee.code == "DU-TTH"
                day = date(year, 1, 24) if late else self.people.day_between(date(year, 1, 8), date(year, 1, 17))
                self.add("registrations", year=year, subject=f"org:{committee.code}", registered_on=day)
            for committee, plan in self.cells:
                code = self.code(committee, plan)
                if plan.valid_from > start:
                    if year == 2024:  # a new cell registers after it is founded
                        self.add("registrations", year=year, subject=f"org:{code}",
                                 registered_on=plan.valid_from + timedelta(days=10))  # fmt: skip
                        continue
                if year == 2024 and plan.key == "DH":
                    day = date(2024, 1, 25)
                else:
                    day = self.people.day_between(date(year, 1, 6), date(year, 1, 16))
                self.add("registrations", year=year, subject=f"org:{code}", registered_on=day)
                for person in self.members[code]:
                    if person.admitted_on >= start or person.exempt or person.suspended:
                        continue
                    if person.left_on is not None and person.left_on < deadline:
                        continue
                    roll = self.rng.random()
                    if roll < 0.03:
                        continue  # never registered
                    if roll < 0.08:
                        day = self.people.day_between(deadline + timedelta(days=2), deadline + timedelta(days=20))
                    else:
                        day = self.people.day_between(start, deadline - timedelta(days=1))
                    self.add("registrations", year=year, subject=f"member:{person.card_no}", registered_on=day)

    # -- meetings -----------------------------------------------------------------------------------------

    def expected(self, code: str, day: date) -> int:
        return sum(
            1
            for p in self.members[code]
            if p.admitted_on <= day and not p.exempt and (p.left_on is None or p.left_on > day)
        )

    def meeting(self, organization: str, held_on: date, kind: str, grade: str, expected: int) -> None:
        rng = self.rng
        if grade == "good":
            absent, score, minutes = rng.randint(0, expected // 12), rng.randint(90, 97), rng.randint(110, 150)
        elif grade == "fair":
            absent, score, minutes = rng.randint(0, max(1, expected // 6)), rng.randint(72, 88), rng.randint(90, 130)
        elif grade == "average":
            absent, score, minutes = rng.randint(expected // 5, expected // 3), rng.randint(55, 68), rng.randint(70, 95)
        else:
            absent, score, minutes = expected // 2 + 1, rng.randint(38, 48), rng.randint(40, 60)
        if kind in ("thematic", "combined", "congress"):
            minutes += 45
        expected = max(expected, 1)
        attendance = max(expected - absent, 1)
        self.add("meetings", organization=organization, held_on=held_on, kind=kind, grade=grade,
                 attendance=attendance, expected=expected, minutes=minutes, score=score)  # fmt: skip

    def good_or_fair(self) -> str:
        return "good" if self.chance(0.45) else "fair"

    def meetings(self) -> None:
        for committee, plan in self.cells:
            self.cell_meetings(committee, plan)
        for committee in s.COMMITTEES:
            self.committee_meetings(committee)

    def cell_meetings(self, committee: s.CommitteePlan, plan: s.CellPlan) -> None:
        """Write a cell's 2024 meetings as its story says, then its 2025 meetings on the old and new codes."""
        code, new = self.code(committee, plan), self.successor(committee, plan)
        weekday = plan.type != s.VILLAGE
        base = self.rng.randint(4, 10)
        fails = plan.fails
        # 2024: the regular meeting of every month (a combined one where the story says so).
        regular: dict[int, tuple[date, str]] = {}
        for month in range(1, 13):
            if month == 8 and "skipped_month" in fails:
                continue
            if plan.valid_from.year == 2024 and month < plan.valid_from.month:
                continue
            day = in_month(2024, month, base + self.rng.randint(-1, 2), weekday=weekday)
            if plan.valid_from.year == 2024 and month == plan.valid_from.month:
                day = plan.valid_from + timedelta(days=5)  # the founding meeting
            kind = "combined" if "combined" in plan.notes and month in (4, 9) else "regular"
            regular[month] = (day, kind)
        grades = {month: self.good_or_fair() for month in regular}
        in_window = [m for m in regular if m <= CUTOFF_2024.month]
        if "few_good_meetings" in fails and plan.valid_from.year < 2024:
            grades[3] = grades[7] = "average"
        elif "poor_meeting" in fails:
            grades[5] = "poor"
        elif "exact_ten" not in plan.notes and len(in_window) > 10 and self.chance(0.35):
            grades[self.rng.choice(in_window)] = "average"  # one weaker month leaves 10 Khá or better
        for month, (day, kind) in regular.items():
            self.meeting(code, day, kind, grades[month], self.expected(code, day))
        # 2024 thematic meetings.
        if "combined" in plan.notes:
            thematic_months: tuple[int, ...] = ()
        elif "one_thematic" in fails:
            thematic_months = (5,)
        elif plan.valid_from.year == 2024:
            thematic_months = (6, 10)
        else:
            thematic_months = (3, 6, 10) if self.chance(0.3) else (4, 10)
        for month in thematic_months:
            day = in_month(2024, month, base + 12 + self.rng.randint(0, 4), weekday=weekday)
            self.meeting(code, day, "thematic", self.good_or_fair(), self.expected(code, day))
        # 2025 up to DATA_DATE: January–June on the old cell, July–October on its successor.
        for month in range(1, DATA_DATE.month + 1):
            day = in_month(2025, month, base + self.rng.randint(-1, 2), weekday=weekday)
            self.meeting(code if day < SUCCESSION else new, day, "regular", self.good_or_fair(),
                         self.expected(code, day))  # fmt: skip
        for month in (4, 9):
            day = in_month(2025, month, base + 13, weekday=weekday)
            self.meeting(code if day < SUCCESSION else new, day, "thematic", self.good_or_fair(),
                         self.expected(code, day))  # fmt: skip

    def committee_meetings(self, committee: s.CommitteePlan) -> None:
        """Write a committee's monthly committee meetings and its full-party meetings (congress kind)."""
        size = {"DU-TT": 15, "DU-TP": 13, "DU-TTH": 11}[committee.code]
        fails = committee.fails
        for month in range(1, 13):
            if "few_committee_meetings" in fails and month in (3, 6, 8, 10):
                continue
            grade = "poor" if "poor_committee_meeting" in fails and month == 11 else self.good_or_fair()
            day = in_month(2024, month, 26 + self.rng.randint(-2, 1), weekday=True)
            self.meeting(committee.code, day, "committee", grade, size)
        congresses = [date(2024, 7, 12)] if "one_congress" in fails else [date(2024, 7, 12), date(2024, 12, 20)]
        if committee.code == "DU-TT":
            congresses.insert(0, date(2024, 1, 18))  # the conference launching the year's tasks
        for planned in congresses:
            day = in_month(planned.year, planned.month, planned.day, weekday=True)
            self.meeting(committee.code, day, "congress", "good", self.party_size([committee], day))
        if "one_congress" in fails:  # the 2024 year-end conference slipped into January
            day = date(2025, 1, 9)
            self.meeting(committee.code, day, "congress", "fair", self.party_size([committee], day))
        for month in range(1, DATA_DATE.month + 1):
            day = in_month(2025, month, 26 + self.rng.randint(-2, 1), weekday=True)
            where = committee.code if day < SUCCESSION else committee.successor_code
            if where == committee.successor_code and committee.code == "DU-TTH":
                continue  # Quảng Phú's committee meetings are written once, by Tam Phú
            self.meeting(where, day, "committee", self.good_or_fair(), size if day < SUCCESSION else 19)
        if committee.code in ("DU-TT", "DU-TP"):  # the first congress of the new ward's party organisation
            day = date(2025, 8, 14) if committee.code == "DU-TT" else date(2025, 8, 15)
            merged = [c for c in s.COMMITTEES if c.successor_code == committee.successor_code]
            self.meeting(committee.successor_code, day, "congress", "good", self.party_size(merged, day))

    def party_size(self, committees: list[s.CommitteePlan], day: date) -> int:
        """Return how many members the committees' cells had on a day (those called to a full-party meeting)."""
        return sum(self.expected(self.code(c, plan), day) for c in committees for plan in c.cells)

    # -- ratings ------------------------------------------------------------------------------------------

    def ratings_2024(self) -> None:
        """Rate every member of 2024 and every organisation, as the story needs."""
        for committee in s.COMMITTEES:
            for plan in committee.cells:
                self.rate_cell_members(self.code(committee, plan), plan)
            self.cap_excellent(committee)
        for committee, plan in self.cells:
            code = self.code(committee, plan)
            final = plan.valid_from.year < 2024  # the new cell's rating is still a proposal
            self.add("quality_ratings", year=2024, subject=f"org:{code}", level=plan.rating, final=final, reason="")
            for person in self.members[code]:
                if person.card_no in self.member_rating:
                    level, final, reason = self.member_rating[person.card_no]
                    self.add("quality_ratings", year=2024, subject=f"member:{person.card_no}", level=level,
                             final=final, reason=reason)  # fmt: skip
        for committee in s.COMMITTEES:
            self.add("quality_ratings", year=2024, subject=f"org:{committee.code}", level=committee.rating,
                     final=committee.rating_final, reason="")  # fmt: skip

    def rate_cell_members(self, code: str, plan: s.CellPlan) -> None:
        rng = self.rng
        rated: list[Person] = []
        for person in self.members[code]:
            if person.admitted_on > date(2024, 12, 31):
                continue
            reason = ""
            if person.exempt:
                reason = NOT_RATED_REASONS["exempt"]
            elif person.suspended:
                reason = NOT_RATED_REASONS["suspended"]
            elif person.admitted_on > RATED_IF_ADMITTED_BY_2024:
                reason = NOT_RATED_REASONS["new"]
            if reason:
                self.member_rating[person.card_no] = ("not_rated", True, reason)
            else:
                rated.append(person)
        levels: dict[str, str] = {}
        for person in rated:
            roll = rng.random()
            levels[person.card_no] = "excellent" if roll < 0.12 else "good" if roll < 0.82 else "complete"
            if "disciplined" in person.tags or "incomplete" in person.tags:
                levels[person.card_no] = "incomplete"
        movable = [p for p in rated if levels[p.card_no] != "incomplete"]
        if "few_good_members" in plan.fails or "half_good" in plan.notes:
            wanted = (len(rated) - 1) // 2 if "few_good_members" in plan.fails else (len(rated) + 1) // 2
            good = set(p.card_no for p in rng.sample(movable, wanted))
            for person in movable:
                level = levels[person.card_no]
                if person.card_no in good:
                    levels[person.card_no] = level if level != "complete" else "good"
                else:
                    levels[person.card_no] = "complete"
        else:
            # Keep a clear majority HTTNV or better.
            while sum(levels[p.card_no] in ("excellent", "good") for p in rated) * 10 < len(rated) * 6:
                levels[rng.choice([p for p in movable if levels[p.card_no] == "complete"]).card_no] = "good"
        for person in rated:
            final = plan.valid_from.year < 2024 and not self.chance(0.02)
            self.member_rating[person.card_no] = (levels[person.card_no], final, "")

    def cap_excellent(self, committee: s.CommitteePlan) -> None:
        """Demote HTXSNV proposals over 20 % of the HTTNV ones in the committee (DOMAIN.md cap)."""
        cards = [p.card_no for plan in committee.cells for p in self.members[self.code(committee, plan)]]
        excellent = [c for c in cards if self.member_rating.get(c, ("",))[0] == "excellent"]
        good = sum(1 for c in cards if self.member_rating.get(c, ("",))[0] == "good")
        over = len(excellent) - good * 20 // 100
        for card in self.rng.sample(excellent, max(over, 0)):
            _, final, reason = self.member_rating[card]
            self.member_rating[card] = ("good", final, reason)

    def workplace_and_residence_2024(self) -> None:
        """Write civil servants' workplace ratings and working members' residence-cell comments."""
        for committee, plan in self.cells:
            code = self.code(committee, plan)
            for person in self.in_2024(code):
                party = self.member_rating.get(person.card_no, ("not_rated",))[0]
                if person.civil_servant and "no_workplace_rating" not in person.tags:
                    if party == "excellent":
                        level = "excellent"
                    elif party == "good":
                        level = "excellent" if self.chance(0.2) else "good"
                    elif party == "not_rated":
                        level = "excellent" if self.chance(0.25) else "good"
                    else:
                        level = "complete" if self.chance(0.6) else "good"
                    self.add("workplace_ratings", year=2024, member=person.card_no, level=level)
                if plan.type == s.VILLAGE:
                    continue  # a village cell is the member's residence cell itself
                if "negative_residence" in person.tags:
                    verdict = "negative"
                elif self.chance(0.06):
                    verdict = "excused"
                else:
                    verdict = "positive"
                self.add("residence_comments", year=2024, member=person.card_no, verdict=verdict)
                self.residence_cell(person, committee)

    def residence_cell(self, person: Person, committee: s.CommitteePlan) -> None:
        """Record the village cell where a working member lives (Quy định 213), and its 2025 successor."""
        villages = [(c, p) for c, p in self.cells if p.type == s.VILLAGE]
        near = [(c, p) for c, p in villages if c is committee] or villages
        village_committee, plan = near[int(person.card_no) % len(near)]
        start = max(person.admitted_on, date(2020, 1, 1))
        end = person.left_on if person.left_on is not None and person.left_on <= LAST_OLD_DAY else LAST_OLD_DAY
        self.add("memberships", member=person.card_no, organization=self.code(village_committee, plan),
                 kind="residence", **{"from": start}, to=end)  # fmt: skip
        if end == LAST_OLD_DAY:
            self.add("memberships", member=person.card_no, organization=self.successor(village_committee, plan),
                     kind="residence", **{"from": SUCCESSION}, to=person.left_on)  # fmt: skip

    # -- organisations' annual results ------------------------------------------------------------------

    def results_and_bodies_2024(self) -> None:
        for committee, plan in self.cells:
            code = self.code(committee, plan)
            self.results(code, plan.fails, v.POLITICAL_TASK[plan.type], plan.type, plan.rating == "excellent")
            self.cell_bodies(code, plan)
        for committee in s.COMMITTEES:
            task = v.COMMITTEE_POLITICAL_TASK.format(place=committee.place)
            self.results(committee.code, committee.fails, task, "", committee.rating == "excellent")
            bad = v.WEAK_COMMITTEE_BODY.format(place=committee.place) if "linked_body" in committee.fails else ""
            for template in v.COMMITTEE_LINKED_BODIES:
                name = template.format(place=committee.place)
                self.body(committee.code, name, "incomplete" if name == bad else "")

    def results(self, code: str, fails: tuple[str, ...], task: str, kind: str, excellent: bool) -> None:
        rng = self.rng
        top = "excellent" if excellent else "good"
        building = "average" if "party_building" in fails else top if excellent else rng.choice(("good", "excellent"))
        political = (
            "average" if "political_task" in fails else top if excellent else rng.choice(("good", "good", "excellent"))
        )
        self.add("org_results", year=2024, organization=code, area="party_building", name=v.PARTY_BUILDING,
                 level=building)  # fmt: skip
        self.add("org_results", year=2024, organization=code, area="political_task", name=task, level=political)
        others = list(v.OTHER_RESULTS_BY_TYPE.get(kind, ())) + rng.sample(v.OTHER_RESULTS_COMMON, 2)
        weak = v.WEAK_OTHER_RESULT.get(kind, others[-1]) if "other_result" in fails else ""
        for name in others:
            level = "poor" if name == weak else rng.choice(("good", "good", "average", "excellent"))
            self.add("org_results", year=2024, organization=code, area="other", name=name, level=level)

    def body(self, code: str, name: str, level: str = "", reason: str = "") -> None:
        if not level:
            roll = self.rng.random()
            level = "excellent" if roll < 0.2 else "good" if roll < 0.85 else "complete"
        self.add("linked_bodies", year=2024, organization=code, name=name, level=level, reason=reason)

    def cell_bodies(self, code: str, plan: s.CellPlan) -> None:
        if plan.size >= 9:  # only a cell of 9 or more elects a chi ủy
            self.body(code, "Chi ủy")
        weak = v.WEAK_LINKED_BODY.get(plan.type, "") if "linked_body" in plan.fails else ""
        for name in v.CELL_LINKED_BODIES[plan.type]:
            if name == "Chính quyền":
                self.body(code, name, "not_applicable", v.VILLAGE_NO_GOVERNMENT)
            else:
                self.body(code, name, "incomplete" if name == weak else "")

    def targets(self) -> None:
        for committee, plan in self.cells:
            self.add("admission_targets", year=2024, organization=self.code(committee, plan), target=plan.target)
            target_2025 = 1 if plan.type == s.VILLAGE else 0
            self.add("admission_targets", year=2025, organization=self.successor(committee, plan),
                     target=target_2025)  # fmt: skip
        for committee in s.COMMITTEES:
            self.add("admission_targets", year=2024, organization=committee.code, target=committee.target)
        self.add("admission_targets", year=2025, organization="DU-BT", target=10)
        self.add("admission_targets", year=2025, organization="DU-QP", target=6)

    def disciplines_and_complaints(self) -> None:
        disciplined = [p for p in self.members["TTH-CB-HT"] if "disciplined" in p.tags]
        for person, day, form in zip(
            disciplined, (date(2024, 6, 12), date(2024, 9, 20)), ("reprimand", "warning"), strict=True
        ):
            self.add("disciplines", member=person.card_no, decided_on=day, form=form)
        offender = self.pick("TT-CB-THT", 1, where=lambda p: not p.exempt and not p.suspended)[0]
        self.add("disciplines", member=offender.card_no, decided_on=date(2025, 9, 10), form="reprimand")
        complaints = (
            # (organization, received_on, kind, internal, mass or over-level, resolved_on)
            ("TT-CB-MC", date(2024, 5, 6), "complaint", False, False, date(2024, 6, 3)),  # a boundary dispute
            # Site clearance, many households, answered in time: no case left unresolved at the end of 2024.
            ("DU-TT", date(2024, 8, 19), "complaint", False, True, date(2024, 10, 2)),
            ("TP-CB-NN", date(2024, 4, 22), "denunciation", True, False, date(2024, 6, 14)),
            ("DU-TP", date(2024, 9, 9), "denunciation", True, False, date(2024, 11, 20)),
            # Land compensation, many households, sent on to the city: settled only in 2025, so 2024 fails
            # 1.1.f for the cell and the committee, even when 2024 is evaluated again after the settlement.
            ("TTH-CB-HT", date(2024, 3, 18), "complaint", False, True, date(2025, 4, 22)),
            ("DU-TTH", date(2024, 3, 25), "complaint", False, True, date(2025, 4, 22)),
            ("BT-CB-PT", date(2025, 8, 5), "complaint", False, False, None),
        )
        for organization, day, kind, internal, mass, resolved_on in complaints:
            self.add("complaints", organization=organization, received_on=day, kind=kind, internal=internal,
                     mass_or_over_level=mass, resolved_on=resolved_on)  # fmt: skip

    # -- judgements ---------------------------------------------------------------------------------------

    def judge(self, subject: str, codes: tuple[str, ...], *, self_fails: tuple[str, ...] = (),
              appraiser: bool = True, appraiser_fails: tuple[str, ...] = ()) -> None:  # fmt: skip
        rng = self.rng
        for by, fails in (("self", self_fails), ("appraiser", appraiser_fails)):
            if by == "appraiser" and not appraiser:
                continue
            for code in codes:
                verdict = "fail" if code in fails else "pass"
                note = ""
                if verdict == "fail":
                    note = rng.choice(v.JUDGEMENT_FAIL_NOTES)
                elif rng.random() < 0.1:
                    note = rng.choice(v.JUDGEMENT_PASS_NOTES)
                if by == "self" and not note:  # a self-assessment explains every indicator it passes
                    note = v.SELF_EXPLANATIONS.get(".".join(code.split(".")[:2]), "Đã thực hiện đầy đủ.")
                self.add("judgements", year=2024, subject=subject, indicator=code, verdict=verdict, by=by, note=note)

    def judgements_2024(self) -> None:
        """Judge most subjects on every judgement indicator; some fail, some are still missing."""
        rng = self.rng
        member_codes = self.judgement_codes["member"]
        for committee, plan in self.cells:
            code = self.code(committee, plan)
            for person in self.in_2024(code):
                level = self.member_rating.get(person.card_no, ("not_rated",))[0]
                if level == "not_rated" or rng.random() < 0.03:
                    continue  # not assessed, or the self-assessment was never handed in
                self_fails: tuple[str, ...] = ()
                appraiser_fails: tuple[str, ...] = ()
                if level in ("complete", "incomplete") and rng.random() < 0.25:
                    self_fails = (rng.choice(member_codes),)
                if "disciplined" in person.tags:
                    appraiser_fails = tuple(c for c in member_codes if c.startswith("2.3."))[1:2] or self_fails
                elif level == "incomplete" or (level == "complete" and rng.random() < 0.3):
                    appraiser_fails = (rng.choice(member_codes),)
                self.judge(f"member:{person.card_no}", member_codes, self_fails=self_fails,
                           appraiser=plan.key != "DH", appraiser_fails=appraiser_fails)  # fmt: skip
        cell_codes = self.judgement_codes["cell"]
        for committee, plan in self.cells:
            cell_fails: tuple[str, ...] = ()
            if "internal_complaint" in plan.fails or "discipline" in plan.fails:
                cell_fails = tuple(c for c in cell_codes if c.startswith("1.3."))[-1:]
            elif plan.rating in ("complete", "incomplete") and plan.fails:
                cell_fails = (rng.choice(cell_codes),)
            self.judge(f"org:{self.code(committee, plan)}", cell_codes, appraiser=plan.valid_from.year < 2024,
                       appraiser_fails=cell_fails)  # fmt: skip
        grassroots_codes = self.judgement_codes["grassroots"]
        for committee in s.COMMITTEES:
            fails = tuple(c for c in grassroots_codes if c.startswith("1.2."))[:1] if committee.code == "DU-TP" else ()
            self.judge(f"org:{committee.code}", grassroots_codes, appraiser=committee.code != "DU-TTH",
                       appraiser_fails=fails)  # fmt: skip
