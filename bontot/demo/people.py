"""Believable Vietnamese party members: names, birth dates, admission dates, profiles by cell type.

Names follow RECIPES.md: family name + middle name + given name, the middle and given names matching
the gender. Faker `vi_VN` supplies the randomness (seeded) and part of the given names; its lists are
short and its middle names are not gendered ("Thị" for a man), so they are widened here with common
names of central Việt Nam (Huỳnh, Võ, Phan are frequent in Quảng Nam).
"""

from __future__ import annotations

import random
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker
from faker.providers.person.vi_VN import Provider as VietnamesePersons

from . import story as s

# Family names weighted roughly by their frequency in Quảng Nam.
SURNAME_WEIGHTS: OrderedDict[str, float] = OrderedDict(
    [
        ("Nguyễn", 30.0),
        ("Trần", 9.0),
        ("Lê", 9.0),
        ("Phạm", 5.0),
        ("Huỳnh", 6.0),
        ("Võ", 6.0),
        ("Phan", 4.0),
        ("Trương", 3.0),
        ("Đặng", 2.5),
        ("Hồ", 3.0),
        ("Đoàn", 2.0),
        ("Bùi", 1.5),
        ("Đỗ", 1.5),
        ("Ngô", 1.5),
        ("Dương", 1.0),
        ("Lương", 1.0),
        ("Hoàng", 1.0),
        ("Mai", 0.8),
        ("Thái", 0.8),
        ("Châu", 0.6),
        ("Lý", 0.5),
        ("Vũ", 0.5),
        ("Cao", 0.5),
        ("Đinh", 0.5),
    ]
)
SURNAMES: tuple[str, ...] = tuple(SURNAME_WEIGHTS)

MIDDLE_MALE: tuple[str, ...] = (
    "Văn", "Văn", "Văn", "Đức", "Hữu", "Minh", "Công", "Quang", "Ngọc", "Thanh", "Xuân", "Tấn", "Bá",
    "Đình", "Trọng", "Quốc", "Phú", "Thế",
)  # fmt: skip
MIDDLE_FEMALE: tuple[str, ...] = (
    "Thị", "Thị", "Thị", "Thị Thu", "Thị Kim", "Thị Minh", "Thị Thanh", "Thị Ngọc", "Thị Mỹ", "Ngọc",
    "Thu", "Thanh", "Kim", "Mỹ", "Thùy", "Bích",
)  # fmt: skip
GIVEN_MALE_EXTRA: tuple[str, ...] = (
    "Hùng", "Cường", "Sơn", "Hải", "Tuấn", "Long", "Phong", "Thắng", "Lợi", "Tài", "Toàn", "Tâm", "Sang",
    "Tín", "Nghĩa", "Hiếu", "Khánh", "Lộc", "Phước", "Vinh", "Bình", "Hòa", "Thạnh", "Lực", "Cảnh", "Định",
    "Tiến", "Hậu", "Kỳ", "Đông", "Trí", "Nhân", "Thiện", "Lâm", "Việt", "Hoài",
)  # fmt: skip
GIVEN_FEMALE_EXTRA: tuple[str, ...] = (
    "Hoa", "Hà", "Hạnh", "Nga", "Nhung", "Oanh", "Phượng", "Sương", "Thủy", "Trang", "Tuyết", "Uyên",
    "Loan", "Liên", "Hiền", "Thúy", "Diệu", "Hằng", "Trinh", "My", "Nhi", "Ly", "Cúc", "Lệ", "Tâm", "Nguyệt",
    "Hoài", "Phương", "Thơ", "Huệ",
)  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """Who the members of a type of cell are."""

    female_share: float
    born: tuple[int, int]  # birth years, inclusive
    civil_servant_share: float
    elderly_share: float = 0.0  # extra members born 1945–1955 (veterans, retirees)


PROFILES: dict[str, Profile] = {
    s.VILLAGE: Profile(0.35, (1956, 1996), 0.04, elderly_share=0.3),
    s.SCHOOL: Profile(0.75, (1968, 1998), 0.95),
    s.HEALTH: Profile(0.7, (1970, 1997), 1.0),
    s.MILITARY: Profile(0.05, (1978, 2001), 0.5),
    s.POLICE: Profile(0.1, (1980, 2001), 0.9),
    s.PARTY_OFFICE: Profile(0.5, (1968, 1998), 0.9),
    s.GOVERNMENT: Profile(0.4, (1966, 1996), 0.95),
    s.COOP: Profile(0.3, (1958, 1990), 0.0),
    s.ENTERPRISE: Profile(0.5, (1983, 2000), 0.0),
}


@dataclass
class Person:
    """A member being built; `cell` is the 2024 cell code, `organization` the current one."""

    card_no: str
    full_name: str
    birth_date: date
    gender: str
    cell: str
    organization: str
    admitted_on: date
    official_on: date | None
    civil_servant: bool
    exempt: bool = False
    suspended: bool = False  # suspended from party activity at some time in 2024 (see `suspension`)
    suspension: tuple[date, date | None] | None = None  # the period, written to member_statuses
    left_on: date | None = None
    tags: list[str] = field(default_factory=list)  # story marks: "disciplined", "negative_residence", …

    def bundle_row(self) -> dict[str, object]:
        return {
            "card_no": self.card_no,
            "full_name": self.full_name,
            "birth_date": self.birth_date.isoformat(),
            "gender": self.gender,
            "organization": self.organization,
            "admitted_on": self.admitted_on.isoformat(),
            "official_on": self.official_on.isoformat() if self.official_on else None,
            "civil_servant": self.civil_servant,
            "exempt": self.exempt,
            "suspended": self.suspension is not None and self.suspension[1] is None,
            "left_on": self.left_on.isoformat() if self.left_on else None,
        }


class People:
    """Make members with one seeded `random.Random` and one seeded Faker."""

    def __init__(self, rng: random.Random, fake: Faker, data_date: date) -> None:
        self.rng = rng
        self.fake = fake
        self.data_date = data_date
        self.given_male = tuple(dict.fromkeys((*VietnamesePersons.first_names_male, *GIVEN_MALE_EXTRA)))
        self.given_female = tuple(dict.fromkeys((*VietnamesePersons.first_names_female, *GIVEN_FEMALE_EXTRA)))
        self._cards = iter(rng.sample(range(100_000, 1_000_000), 1_200))

    def name(self, gender: str) -> str:
        """Return "Family Middle Given", gender-matched."""
        surname = self.fake.random_element(SURNAME_WEIGHTS)
        if gender == "female":
            middle = self.fake.random_element(MIDDLE_FEMALE)
            given = self.fake.random_element(self.given_female)
        else:
            middle = self.fake.random_element(MIDDLE_MALE)
            given = self.fake.random_element(self.given_male)
        return f"{surname} {middle} {given}"

    def card_no(self) -> str:
        """Return a new 8-digit card number ("49" is Quảng Nam's prefix in our demo)."""
        return f"49{next(self._cards):06d}"

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def official_after(self, admitted_on: date) -> date | None:
        """Return the day a probationary member became official (12 months on), None if not yet."""
        official = admitted_on + timedelta(days=365 + self.rng.randint(0, 25))
        return official if official <= self.data_date else None

    def make(
        self,
        cell_type: str,
        *,
        cell: str,
        organization: str,
        admitted_between: tuple[date, date] | None = None,
        elderly: bool = False,
        taken: set[str],
    ) -> Person:
        """Return a member of a cell of `cell_type`; `admitted_between` forces a recent admission."""
        profile = PROFILES[cell_type]
        rng = self.rng
        gender = "female" if rng.random() < profile.female_share else "male"
        if elderly:
            gender = "female" if rng.random() < 0.25 else "male"
        full_name = self.name(gender)
        while full_name in taken:  # no namesakes inside one cell: the minutes would confuse them
            full_name = self.name(gender)
        taken.add(full_name)

        if admitted_between is not None:
            admitted_on = self.day_between(*admitted_between)
            age = rng.randint(20, 34)
            born_year = min(admitted_on.year - age, 2003)
        else:
            first, last = (1945, 1955) if elderly else profile.born
            born_year = rng.randint(first, last)
            admitted_on = date(1, 1, 1)  # set below
        birth_date = self.day_between(date(born_year, 1, 1), date(born_year, 12, 28))
        if admitted_between is None:
            adult = date(born_year + 18, birth_date.month, min(birth_date.day, 28))
            earliest = max(adult + timedelta(days=30), date(1965, 1, 1))
            age_at = rng.choice((19, 21, 23, 24, 25, 26, 27, 28, 30, 32, 35, 38))
            if elderly:
                age_at = rng.randint(18, 26)
            start = min(max(earliest, date(born_year + age_at, 1, 1)), date(2023, 6, 1))
            admitted_on = self.day_between(start, min(start + timedelta(days=900), date(2023, 10, 30)))
        civil_servant = rng.random() < profile.civil_servant_share and not elderly
        return Person(
            card_no=self.card_no(),
            full_name=full_name,
            birth_date=birth_date,
            gender=gender,
            cell=cell,
            organization=organization,
            admitted_on=admitted_on,
            official_on=self.official_after(admitted_on),
            civil_servant=civil_servant,
        )
