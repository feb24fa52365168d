"""Factories of the facts tests."""

from __future__ import annotations

import datetime
import itertools

from bontot.facts.models import QualityRating
from bontot.members.models import Member
from bontot.organizations.models import Organization

_serial = itertools.count(1)


def rate_members(
    cell: Organization, year: int, *, good: int = 0, excellent: int = 0, complete: int = 0, final: bool = True
) -> list[Member]:
    """Create members in `cell`, each with a quality rating of `year` (the given numbers of each level)."""
    made = []
    for level, count in (("excellent", excellent), ("good", good), ("complete", complete)):
        for _ in range(count):
            n = next(_serial)
            member = Member.objects.create(
                card_no=f"{cell.code}-R{n:04d}",
                full_name=f"Đảng viên Thử {n:04d}",
                birth_date=datetime.date(1985, 1, 1),
                gender="female",
                organization=cell,
                admitted_on=datetime.date(2012, 1, 1),
                official_on=datetime.date(2013, 1, 1),
            )
            QualityRating.objects.create(year=year, member=member, level=level, final=final)
            made.append(member)
    return made
