"""Early warnings of the shipped criteria set, at their boundaries. No database."""

from datetime import date

import pytest

from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.engine.evaluate import evaluate_subject
from bontot.criteria.engine.snapshot import (
    Admission,
    Complaint,
    Discipline,
    Meeting,
    MemberSnapshot,
    OrganizationSnapshot,
    Period,
    RatedMember,
    Rating,
)
from bontot.criteria.engine.warnings import EarlyWarning, early_warnings, time_left
from bontot.criteria.engine.window import Window

CUTOFF = date(2024, 11, 30)
CRITERIA = get_criteria_set("kh-63-ku-2023")
GOOD = Rating(level="good", final=True)


def regular(months, grade: str | None = "fair", kind: str = "regular", day: int = 10) -> tuple[Meeting, ...]:
    return tuple(Meeting(held_on=date(2024, m, day), kind=kind, grade=grade) for m in months)


def cell(meetings=(), **kw) -> OrganizationSnapshot:
    defaults = dict(members=(RatedMember("1", "Nguyễn Văn A", GOOD),), admission_target=0)
    return OrganizationSnapshot(
        code="CB01",
        name="Chi bộ thôn 1",
        kind="cell",
        valid_from=date(2015, 1, 1),
        meetings=tuple(meetings),
        **{**defaults, **kw},
    )


def warnings_of(snapshot, as_of: date) -> tuple[EarlyWarning, ...]:
    period = Period(year=2024, cutoff=CUTOFF, as_of=as_of)
    return early_warnings(CRITERIA, snapshot, period, evaluate_subject(CRITERIA, snapshot, period))


def of_indicator(warnings, indicator: str) -> list[tuple[str, str, str]]:
    return [(w.code, w.severity, w.text) for w in warnings if w.indicator == indicator]


THEMATIC = regular([3, 6], kind="thematic", day=20)


@pytest.mark.parametrize(
    ("meetings", "as_of", "expected"),
    [
        # exactly 10 meetings graded Khá: nothing more to hold
        (regular(range(1, 11)), date(2024, 11, 15), []),
        # 8 held, three months left (September to November): two more needed
        (
            regular(range(1, 9)),
            date(2024, 8, 31),
            [
                (
                    "meetings.short",
                    "warning",
                    "Còn 3 tháng (đến 30/11/2024), cần thêm 2 kỳ sinh hoạt thường kỳ đạt Khá trở lên.",
                )
            ],
        ),
        # 9 held, only November left on the 1st of the cut-off month: every remaining month must have one
        (
            regular(range(1, 10)),
            date(2024, 11, 1),
            [
                (
                    "meetings.short",
                    "warning",
                    "Còn 29 ngày (đến 30/11/2024), cần thêm 1 kỳ sinh hoạt thường kỳ đạt Khá trở lên"
                    " — tháng nào cũng phải có.",
                )
            ],
        ),
        # the last day before the cut-off: 9 held, one more still possible in November
        (
            regular(range(1, 10)),
            date(2024, 11, 29),
            [
                (
                    "meetings.short",
                    "warning",
                    "Còn 1 ngày (đến 30/11/2024), cần thêm 1 kỳ sinh hoạt thường kỳ đạt Khá trở lên"
                    " — tháng nào cũng phải có.",
                )
            ],
        ),
        # the last day before the cut-off with 8: one meeting a month at most, 10 cannot be reached
        (
            regular(range(1, 9)),
            date(2024, 11, 29),
            [
                (
                    "meetings.impossible",
                    "danger",
                    "Còn 1 ngày (đến 30/11/2024), cần thêm 2 kỳ sinh hoạt thường kỳ đạt Khá trở lên nhưng mỗi "
                    "tháng tối đa 1 kỳ nên chỉ có thể thêm 1: chi bộ không thể đạt tiêu chí 1.2 năm nay.",
                )
            ],
        ),
        # three graded Trung bình: 6 count, October and November left, at most 8
        (
            regular(range(1, 7)) + regular(range(7, 10), grade="average"),
            date(2024, 9, 30),
            [
                (
                    "meetings.impossible",
                    "danger",
                    "Còn 2 tháng (đến 30/11/2024), cần thêm 4 kỳ sinh hoạt thường kỳ đạt Khá trở lên nhưng mỗi "
                    "tháng tối đa 1 kỳ nên chỉ có thể thêm 2: chi bộ không thể đạt tiêu chí 1.2 năm nay.",
                )
            ],
        ),
        # on the cut-off day the window is closed: the result says why, no warning
        (regular(range(1, 9)), CUTOFF, []),
    ],
)
def test_it_counts_regular_meetings_left_before_the_cutoff(meetings, as_of, expected):
    assert of_indicator(warnings_of(cell(meetings + THEMATIC), as_of), "1.2.a") == expected


@pytest.mark.parametrize(
    ("months", "as_of", "expected"),
    [
        # this month has no meeting yet
        (
            range(1, 7),
            date(2024, 7, 20),
            [
                (
                    "meetings.month_missing",
                    "warning",
                    "Tháng 07/2024 chưa có kỳ sinh hoạt thường kỳ (còn 11 ngày, đến 31/07/2024).",
                )
            ],
        ),
        # this month has one
        (range(1, 8), date(2024, 7, 20), []),
        # July is over and had none: lost
        (
            [*range(1, 7), 8],
            date(2024, 8, 20),
            [
                (
                    "meetings.month_skipped",
                    "danger",
                    "Tháng 07/2024 không có kỳ sinh hoạt thường kỳ: chi bộ không thể đạt tiêu chí 1.2 năm nay.",
                )
            ],
        ),
        # the cut-off month, its last day before the cut-off
        (
            range(1, 11),
            date(2024, 11, 29),
            [
                (
                    "meetings.month_missing",
                    "warning",
                    "Tháng 11/2024 chưa có kỳ sinh hoạt thường kỳ (còn 1 ngày, đến 30/11/2024).",
                )
            ],
        ),
    ],
)
def test_it_names_the_months_without_a_regular_meeting(months, as_of, expected):
    assert of_indicator(warnings_of(cell(regular(months) + THEMATIC), as_of), "1.2.c") == expected


def test_it_says_how_many_thematic_meetings_are_missing():
    found = of_indicator(warnings_of(cell(regular(range(1, 10)) + THEMATIC[:1]), date(2024, 10, 15)), "1.2.d")
    assert found == [("meetings.short", "warning", "Còn thiếu 1 kỳ sinh hoạt chuyên đề (còn 2 tháng, đến 30/11/2024).")]


def test_it_says_a_poor_meeting_loses_the_criterion():
    meetings = regular(range(1, 9)) + regular([9], grade="poor") + THEMATIC
    found = of_indicator(warnings_of(cell(meetings), date(2024, 9, 30)), "1.2.b")
    assert found == [
        (
            "meetings.poor",
            "danger",
            "1 kỳ sinh hoạt xếp loại Kém (10/09/2024): chi bộ không thể đạt tiêu chí 1.2 năm nay.",
        )
    ]


def test_it_says_a_discipline_loses_criterion_1_4():
    disciplines = (
        Discipline("1", "Nguyễn Văn A", date(2024, 3, 1), "reprimand"),
        Discipline("1", "Nguyễn Văn A", date(2024, 5, 1), "warning"),
    )
    found = of_indicator(warnings_of(cell(disciplines=disciplines), date(2024, 6, 1)), "1.4.c")
    assert found == [("discipline", "danger", "1 đảng viên bị kỷ luật: chi bộ không thể đạt tiêu chí 1.4 năm nay.")]


def test_it_says_a_disciplined_member_loses_criterion_2_3():
    member = MemberSnapshot(
        card_no="1",
        full_name="Nguyễn Văn A",
        organization_code="CB01",
        disciplines=(Discipline("1", "Nguyễn Văn A", date(2024, 3, 1), "reprimand"),),
    )
    found = of_indicator(warnings_of(member, date(2024, 6, 1)), "2.3.a")
    assert found == [
        ("discipline", "danger", "Bị kỷ luật (Khiển trách ngày 01/03/2024): không thể đạt tiêu chí 2.3 năm nay.")
    ]


@pytest.mark.parametrize(
    ("target", "admitted", "expected"),
    [
        (
            None,
            0,
            [
                (
                    "admissions.no_target",
                    "info",
                    "Chưa có chỉ tiêu kết nạp đảng viên năm 2024 — cần nhập chỉ tiêu được giao.",
                )
            ],
        ),
        (
            3,
            1,
            [
                (
                    "admissions.short",
                    "warning",
                    "Đã kết nạp 1/3 đảng viên theo chỉ tiêu, còn thiếu 2 (còn 2 tháng, đến 31/12/2024).",
                )
            ],
        ),
        (3, 3, []),
    ],
)
def test_it_says_the_admissions_still_short_of_the_target(target, admitted, expected):
    admissions = tuple(Admission(str(i), f"Người {i}", date(2024, 2, 1 + i)) for i in range(admitted))
    snapshot = cell(admission_target=target, admissions=admissions)
    assert of_indicator(warnings_of(snapshot, date(2024, 11, 15)), "1.1.e") == expected


def test_it_tells_an_unresolved_mass_complaint_apart_from_an_internal_one():
    complaints = (
        Complaint(date(2024, 2, 1), "complaint", internal=False, mass_or_over_level=True),
        Complaint(date(2024, 3, 1), "denunciation", internal=True, mass_or_over_level=False),
    )
    found = warnings_of(cell(complaints=complaints), date(2024, 6, 1))
    assert of_indicator(found, "1.1.f") == [
        (
            "complaints.unresolved",
            "warning",
            "1 đơn thư khiếu nại, tố cáo phức tạp, đông người, vượt cấp chưa được giải quyết — cần giải quyết "
            "trước ngày 31/12/2024.",
        )
    ]
    assert of_indicator(found, "1.3.a") == [
        (
            "complaints.internal",
            "danger",
            "1 đơn thư khiếu nại, tố cáo trong nội bộ: chi bộ không thể đạt tiêu chí 1.3 năm nay.",
        )
    ]


def test_it_reports_missing_ratings_once():
    members = (RatedMember("1", "A", GOOD), RatedMember("2", "B", None), RatedMember("3", "C", None))
    found = [w for w in warnings_of(cell(members=members), date(2024, 11, 15)) if w.code == "ratings.missing"]
    assert [(w.criterion, w.severity, w.text) for w in found] == [
        ("1.4", "info", "2/3 đảng viên chưa có xếp loại chất lượng năm 2024 — cần nhập xếp loại.")
    ]


def test_it_orders_warnings_by_severity_and_gives_none_for_a_year_over():
    snapshot = cell(regular(range(1, 6)), admission_target=None)
    found = warnings_of(snapshot, date(2024, 7, 15))
    ranks = {"danger": 0, "warning": 1, "info": 2}
    assert [ranks[w.severity] for w in found] == sorted(ranks[w.severity] for w in found)
    assert {w.severity for w in found} == {"danger", "warning", "info"}
    assert warnings_of(snapshot, date(2025, 1, 1)) == ()


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2024, 10, 15), "Còn 2 tháng"),
        (date(2024, 10, 31), "Còn 30 ngày"),
        (date(2024, 11, 29), "Còn 1 ngày"),
        (date(2024, 11, 30), "Còn 0 ngày"),
    ],
)
def test_it_counts_the_time_left_to_the_cutoff(as_of, expected):
    assert time_left(Window(date(2024, 1, 1), CUTOFF, as_of)) == expected


def test_it_serialises_a_warning():
    warning = EarlyWarning("discipline", "1.4", "1.4.c", "danger", "…")
    assert warning.to_dict() == {
        "code": "discipline",
        "criterion": "1.4",
        "indicator": "1.4.c",
        "severity": "danger",
        "text": "…",
    }
