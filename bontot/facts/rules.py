"""The rules of a valid meeting, each written once as a pure function.

`Meeting.clean()` uses them with the Vietnamese messages below (shown next to the field), the bundle
importer (`bundle/schema.py`) with its English messages; the database repeats the ones it can express
as CheckConstraints (see `Meeting.Meta`). Each returns True when the values obey the rule; a missing
value (None) obeys every rule but `held_has_grade`.
"""

from __future__ import annotations

import datetime

from bontot.criteria.engine.criteria_set import MeetingScoreScale
from bontot.criteria.engine.scales import MEETING_GRADE

HELD = "held"
ANNOUNCED = "announced"
SCORE_MAX = 100

MSG_ATTENDANCE = "Số dự ({attendance}) không được lớn hơn số triệu tập ({expected})."
MSG_SCORE = "Điểm chấm phải từ 0 đến 100."
MSG_GRADE_REQUIRED = "Kỳ sinh hoạt đã họp phải có xếp loại (hoặc phiếu chấm điểm)."
MSG_SHEET = "Phiếu chấm điểm chưa hợp lệ: cần chấm đủ mọi mục, mỗi mục từ 0 đến điểm tối đa."
MSG_GRADE_SCORE = "Xếp loại không khớp với điểm chấm {score}: điểm này được xếp loại {allowed}."
MSG_FUTURE = "Kỳ sinh hoạt đã họp không thể có ngày sau hôm nay ({today}); hãy thông báo trước thay vì ghi nhận."


def attendance_within_expected(attendance: int | None, expected: int | None) -> bool:
    """Return whether no more members attended than were expected."""
    return attendance is None or expected is None or attendance <= expected


def score_in_range(score: int | None) -> bool:
    """Return whether a score lies on the 100-point sheet."""
    return score is None or 0 <= score <= SCORE_MAX


def held_has_grade(status: str | None, grade: str | None) -> bool:
    """Return whether a held meeting has its grade (an announced one may not have one yet)."""
    return status != HELD or bool(grade)


def held_not_in_future(status: str | None, held_on: datetime.date | None, today: datetime.date) -> bool:
    """Return whether a held meeting is dated today or earlier (an announced one may lie ahead)."""
    return status != HELD or held_on is None or held_on <= today


def grades_for_score(score: int, scale: MeetingScoreScale) -> tuple[str, ...]:
    """Return the grades a score can earn, best first: with and without full marks on the items a band names."""
    best = scale.grade(score, tuple(item.code for item in scale.items))
    worst = scale.grade(score, ())
    return MEETING_GRADE.codes[MEETING_GRADE.rank(best) : MEETING_GRADE.rank(worst) + 1]


def grade_fits_score(score: int | None, grade: str | None, scale: MeetingScoreScale) -> bool:
    """Return whether a grade is one the score can earn (a score of 90 or more is Tốt only with full marks)."""
    if score is None or not grade or not score_in_range(score) or grade not in MEETING_GRADE.codes:
        return True
    return grade in grades_for_score(score, scale)
