"""Vietnamese wording helpers for explanations: dates dd/mm/yyyy, people and organisations by name."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def fmt_date(day: date) -> str:
    """Return `day` as dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def fmt_month(month: tuple[int, int]) -> str:
    """Return a (year, month) pair as "tháng mm/yyyy"."""
    return f"tháng {month[1]:02d}/{month[0]}"


# How an explanation names a member: pages shown to someone who may not see other members look for it.
MEMBER_MARK = "(số thẻ "


def fmt_member(card_no: str, full_name: str) -> str:
    """Return a member as "Name (số thẻ 123)"."""
    return f"{full_name} {MEMBER_MARK}{card_no})"


def fmt_org(code: str, name: str) -> str:
    """Return an organisation as "Name (CODE)"."""
    return f"{name} ({code})"


def join(items: Iterable[str]) -> str:
    """Return items joined by "; "."""
    return "; ".join(items)


def percent_floor(part: int, whole: int) -> int:
    """Return the whole-number percentage of part in whole, rounded down (for display only)."""
    return part * 100 // whole if whole else 0


# How a `pending` explanation begins: the window is still open (the data so far are complete), or facts
# are missing (the sentence goes on to say which).
STILL_OPEN = "Chưa kết thúc kỳ đánh giá"
MISSING_DATA = "Chưa đủ dữ liệu"


def fmt_span(start: date, end: date | None) -> str:
    """Return a period as "dd/mm/yyyy – dd/mm/yyyy" ("dd/mm/yyyy – chưa kết thúc" while it runs on)."""
    return f"{fmt_date(start)} – {fmt_date(end) if end is not None else 'chưa kết thúc'}"


def sentence(text: str) -> str:
    """Return `text` with its first letter in upper case, to begin a sentence."""
    return text[:1].upper() + text[1:]
