"""What the quality rating grid shows next to each subject: the order of the plan and the holds.

The plan (seed, Kế hoạch 63-KH/ĐU, 3.1 and 3.2): "xét, công nhận … trước, đánh giá, xếp loại chất lượng tổ
chức đảng, đảng viên sau", and a recognised subject "được ưu tiên lựa chọn để xếp loại “Hoàn thành xuất sắc
nhiệm vụ”". So a recognised subject of the year is marked as a priority candidate for HTXSNV, and a final
rating entered while the subject's assessment is still on its way (submitted, returned or appraised, not yet
decided) is warned about — not refused: the text orders the two steps without forbidding a rating before a
decision (a subject that did not register or was not proposed never gets one), and priority is not a quota.
While a complaint about the subject's assessment or rating is open, the hold (assessments.holds) shows too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bontot.assessments.holds import holds_for
from bontot.assessments.models import Assessment, AssessmentStatus

RECOGNISED_BADGE = "Đã công nhận bốn tốt — ưu tiên xét HTXSNV"
UNDECIDED_WARNING = "Chưa có quyết định công nhận"
UNDECIDED_STATUSES = frozenset({AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED, AssessmentStatus.APPRAISED})


@dataclass(frozen=True)
class RowMarks:
    """The workflow state of one subject of a grid, for the year."""

    status: str = ""  # the assessment's status ("" without an assessment)
    hold: str = ""  # Hold.label when a complaint holds the subject's decision

    @property
    def recognised(self) -> bool:
        return self.status == AssessmentStatus.RECOGNISED

    @property
    def undecided(self) -> bool:
        """Whether the subject's recognition is on its way but not decided yet."""
        return self.status in UNDECIDED_STATUSES


def row_marks(subjects: Sequence[Any], year: int, *, members: bool) -> dict[int, RowMarks]:
    """Return each subject's marks by id (two queries, whatever the number of rows)."""
    ids = [subject.pk for subject in subjects]
    if not ids:
        return {}
    key = "member_id" if members else "organization_id"
    statuses = dict(Assessment.objects.filter(year=year, **{f"{key}__in": ids}).values_list(key, "status"))
    holds = holds_for(year, member_ids=ids if members else (), organization_ids=() if members else ids)
    kind = "member" if members else "org"
    marks = {}
    for pk in ids:
        hold = holds.get((kind, pk))
        marks[pk] = RowMarks(status=statuses.get(pk, ""), hold=hold.label if hold is not None else "")
    return marks
