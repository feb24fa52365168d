"""The 100-point meeting score sheet (phiếu chấm điểm sinh hoạt chi bộ), shipped as data.

The items and their maximum points are defined here once; the grade bands (Tốt ≥ 90 with full marks on
attendance, duration, participation and minutes; Khá 70–<90 or ≥ 90 without those; Trung bình 50–<70;
Kém < 50) are the `meeting_score_scale` of the year's criteria set (bontot/criteria/sets/*.yaml), so a new
criteria set can move a band without touching code. A sheet is a mapping item code → points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from bontot.criteria.engine.criteria_set import MeetingScoreScale, get_criteria_set

DEFAULT_CRITERIA_SET = "kh-63-ku-2023"


@dataclass(frozen=True)
class SheetItem:
    code: str
    label: str
    max_points: int


ITEMS: tuple[SheetItem, ...] = (
    SheetItem("preparation", "Chuẩn bị nội dung, tài liệu sinh hoạt", 15),
    SheetItem("attendance", "Tỷ lệ đảng viên dự sinh hoạt", 15),
    SheetItem("duration", "Thời gian sinh hoạt", 10),
    SheetItem("procedure", "Thực hiện đúng quy trình, nội dung sinh hoạt", 20),
    SheetItem("participation", "Đảng viên tham gia phát biểu ý kiến", 15),
    SheetItem("resolution", "Chất lượng nghị quyết, kết luận của chi bộ", 15),
    SheetItem("minutes", "Ghi biên bản sinh hoạt", 10),
)
ITEM_BY_CODE: Mapping[str, SheetItem] = MappingProxyType({item.code: item for item in ITEMS})
MAX_SCORE = sum(item.max_points for item in ITEMS)


def sheet_problems(sheet: Any) -> list[tuple[str | None, str]]:
    """Return what is wrong with a sheet as (item code or None, English message); empty when valid.

    A valid sheet is an object naming every item once, each with a whole number of points from 0 to
    the item's maximum.
    """
    if not isinstance(sheet, dict):
        return [(None, "is not an object of item → points")]
    problems: list[tuple[str | None, str]] = []
    for code in sheet:
        if code not in ITEM_BY_CODE:
            problems.append((None, f"unknown item {code!r} (expected {', '.join(ITEM_BY_CODE)})"))
    for item in ITEMS:
        if item.code not in sheet:
            problems.append((item.code, "is missing"))
            continue
        points = sheet[item.code]
        if isinstance(points, bool) or not isinstance(points, int):
            problems.append((item.code, f"{points!r} is not a whole number"))
        elif not 0 <= points <= item.max_points:
            problems.append((item.code, f"{points} is not between 0 and {item.max_points}"))
    return problems


def total(sheet: Mapping[str, int]) -> int:
    """Return the sheet's score (the sum of its points)."""
    return sum(int(sheet[item.code]) for item in ITEMS)


def full_marks(sheet: Mapping[str, int]) -> tuple[str, ...]:
    """Return the items that got their maximum points."""
    return tuple(item.code for item in ITEMS if sheet.get(item.code) == item.max_points)


def scale(criteria_set: str = DEFAULT_CRITERIA_SET) -> MeetingScoreScale:
    """Return the score bands of a criteria set."""
    return get_criteria_set(criteria_set).meeting_score_scale


def grade(sheet: Mapping[str, int], criteria_set: str = DEFAULT_CRITERIA_SET) -> str:
    """Return the meeting grade a valid sheet earns under a criteria set's score bands."""
    return scale(criteria_set).grade(total(sheet), full_marks(sheet))
