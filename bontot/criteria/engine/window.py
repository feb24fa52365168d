"""The date window a rule counts facts in, and the calendar arithmetic around it.

A window runs from the later of 1 January and the subject's `valid_from` to its end: the period's
cut-off date (`window: default`) or 31 December (`window: year`). A fact is counted when its date lies
inside the window *and* on or before `period.as_of`. While `as_of` is before the window's end the
window is *open*: counts may still grow, so rules answer `pending` (or pass "tính đến ngày …").
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from .snapshot import MemberSnapshot, OrganizationSnapshot, Period
from .wording import fmt_date

Snapshot = OrganizationSnapshot | MemberSnapshot
WINDOW_KINDS: tuple[str, ...] = ("default", "year")


def month_first(year: int, month: int) -> date:
    """Return the first day of a month."""
    return date(year, month, 1)


def month_last(year: int, month: int) -> date:
    """Return the last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def iter_months(first: date, last: date) -> Iterator[tuple[int, int]]:
    """Yield every (year, month) that has at least one day in [first, last]."""
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@dataclass(frozen=True)
class Window:
    """A closed date range [start, end] observed as of a date."""

    start: date
    end: date
    as_of: date

    @property
    def is_open(self) -> bool:
        """Return whether facts may still be added: `as_of` is before the window's end."""
        return self.as_of < self.end

    @property
    def last_counted(self) -> date:
        """Return the last day whose facts are counted."""
        return min(self.end, self.as_of)

    def contains(self, day: date) -> bool:
        """Return whether a fact of `day` is counted."""
        return self.start <= day <= self.last_counted

    def whole_months(self) -> list[tuple[int, int]]:
        """Return the calendar months lying wholly inside [start, end] (none when start > end)."""
        return list(self._whole_months)

    def judged_months(self) -> list[tuple[int, int]]:
        """Return the whole months of the window that are over on `as_of` (last day <= as_of)."""
        return list(self._judged_months)

    # Windows are shared between subjects (`window_for`): work their months out once.
    @functools.cached_property
    def _whole_months(self) -> tuple[tuple[int, int], ...]:
        return tuple(
            (y, m)
            for y, m in iter_months(self.start, self.end)
            if month_first(y, m) >= self.start and month_last(y, m) <= self.end
        )

    @functools.cached_property
    def _judged_months(self) -> tuple[tuple[int, int], ...]:
        return tuple((y, m) for y, m in self._whole_months if month_last(y, m) <= self.as_of)

    def open_months(self) -> list[tuple[int, int]]:
        """Return the months that still have a day in the window after `as_of`.

        The as-of month is included when it has days left after `as_of` (and before the window's end);
        a month that is over is never open.
        """
        first = max(self.start, self.as_of + timedelta(days=1))
        if first > self.end:
            return []
        return list(iter_months(first, self.end))

    def months_left(self) -> list[tuple[int, int]]:
        """Return the whole months of the window that begin after `as_of`."""
        return [(y, m) for y, m in self.whole_months() if month_first(y, m) > self.as_of]

    def days_left(self) -> int:
        """Return how many days of the window come after `as_of` (0 once it has closed)."""
        return max(0, (self.end - self.as_of).days)

    def time_left(self) -> str:
        """Return "còn N tháng (đến dd/mm/yyyy)" in whole months left, or "còn N ngày (…)" when none is whole."""
        months = len(self.months_left())
        amount = f"{months} tháng" if months else f"{self.days_left()} ngày"
        return f"còn {amount} (đến {fmt_date(self.end)})"

    def days_left_text(self) -> str:
        """Return "còn N ngày (đến dd/mm/yyyy)"."""
        return f"còn {self.days_left()} ngày (đến {fmt_date(self.end)})"

    def suffix(self) -> str:
        """Return " tính đến ngày dd/mm/yyyy" while the window is open, else ""."""
        return f" tính đến ngày {fmt_date(self.as_of)}" if self.is_open else ""


def window_for(snapshot: Snapshot, period: Period, kind: str = "default") -> Window:
    """Return the window of `kind` ("default" or "year") for a subject in a period."""
    start = period.year_start
    if isinstance(snapshot, OrganizationSnapshot):
        start = max(start, snapshot.valid_from)
    if kind == "default":
        end = period.cutoff
    elif kind == "year":
        end = period.year_end
    else:
        raise ValueError(f"unknown window kind {kind!r}")
    return _window(start, end, period.as_of)


@functools.lru_cache(maxsize=4096)
def _window(start: date, end: date, as_of: date) -> Window:
    """Return the window [start, end] as of a date: one shared object, as most subjects share their windows."""
    return Window(start=start, end=end, as_of=as_of)
