"""Meeting rules of the shipped criteria set (1.2), at their boundaries. No database."""

from datetime import date

import pytest

from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.engine.evaluate import IndicatorResult, evaluate_indicator
from bontot.criteria.engine.params import check_params
from bontot.criteria.engine.rules import get_rule
from bontot.criteria.engine.rules_meetings import best_case, describe
from bontot.criteria.engine.scales import MEETING_KINDS, meeting_kind_label, meeting_noun
from bontot.criteria.engine.snapshot import Meeting, OrganizationSnapshot, Period
from bontot.criteria.engine.window import Window

CUTOFF = date(2024, 11, 30)
YEAR_END = date(2024, 12, 31)


def period(as_of: date = YEAR_END, cutoff: date = CUTOFF) -> Period:
    return Period(year=2024, cutoff=cutoff, as_of=as_of)


def monthly(months, kind: str = "regular", grade: str | None = "fair", day: int = 10) -> list[Meeting]:
    return [Meeting(held_on=date(2024, m, day), kind=kind, grade=grade) for m in months]


def cell(meetings, valid_from: date = date(2015, 1, 1), kind: str = "cell") -> OrganizationSnapshot:
    return OrganizationSnapshot(
        code="CB01", name="Chi bộ thôn 1", kind=kind, valid_from=valid_from, meetings=tuple(meetings)
    )


def congress(months) -> list[Meeting]:
    return monthly(months, kind="congress", day=15)


def committee(meetings) -> OrganizationSnapshot:
    return cell(meetings, kind="grassroots_committee")


def check(snapshot: OrganizationSnapshot, code: str, at: Period | None = None) -> IndicatorResult:
    indicator = get_criteria_set("kh-63-ku-2023").indicator(snapshot.model, code)
    return evaluate_indicator(indicator, snapshot, at or period())


# -- 1.2.a: at least 10 regular meetings graded Khá or above ---------------------------------------------


@pytest.mark.parametrize(
    ("meetings", "verdict", "measured"),
    [
        (monthly(range(1, 11)), "pass", 10),
        (monthly(range(1, 10)), "fail", 9),
        (monthly(range(1, 10), grade="good") + monthly([10], grade="good"), "pass", 10),
        (monthly(range(1, 10)) + monthly([10], kind="combined"), "pass", 10),  # combined counts as regular
        (monthly(range(1, 10)) + monthly([10], kind="thematic"), "fail", 9),  # thematic does not
        (monthly(range(1, 10)) + monthly([10], grade="average"), "fail", 9),  # Trung bình is not counted
        (monthly(range(1, 10)) + monthly([12]), "fail", 9),  # December is after the cut-off
        (monthly(range(1, 12)), "pass", 11),
    ],
)
def test_it_counts_regular_meetings_graded_fair_or_above(meetings, verdict, measured):
    result = check(cell(meetings), "1.2.a")
    assert (result.verdict, result.measured, result.required) == (verdict, measured, 10)


def test_it_explains_a_shortfall_and_names_the_meeting_that_was_not_counted():
    result = check(cell(monthly(range(1, 10)) + monthly([10], grade="average")), "1.2.a")
    assert result.explanation == (
        "9/10 kỳ sinh hoạt thường kỳ đạt Khá trở lên — còn thiếu 1. "
        "Không tính (xếp loại dưới mức Khá): 10/10/2024 (thường kỳ, Trung bình)."
    )
    assert "meeting:2024-01-10:regular" in result.evidence


def test_it_ignores_meetings_after_as_of():
    result = check(cell(monthly(range(1, 11))), "1.2.a", period(as_of=date(2024, 10, 9)))
    assert result.measured == 9


@pytest.mark.parametrize(
    ("as_of", "months_held", "verdict"),
    [
        # As of 30/06 June is over: July..November can hold 5 more at one a month.
        (date(2024, 6, 30), [1, 2, 3, 4, 5], "pending"),  # 5 + 5 = 10: still reachable
        (date(2024, 6, 30), [1, 2, 3, 4], "fail"),  # 4 + 5 = 9: can no longer be reached
        # As of 15/06 June is not over and has no meeting yet: it still counts as open.
        (date(2024, 6, 15), [1, 2, 3, 4], "pending"),  # 4 + 6 = 10
        (date(2024, 6, 15), [1, 2, 3], "fail"),  # 3 + 6 = 9
        # June already had its meeting (10/06): it offers nothing more.
        (date(2024, 6, 15), [1, 2, 3, 6], "fail"),  # 4 + 5 = 9
        (date(2024, 6, 15), [1, 2, 3, 4, 6], "pending"),  # 5 + 5 = 10
        # The window has closed: the count is final.
        (date(2024, 11, 30), [1, 2, 3, 4, 5, 6, 7, 8, 9], "fail"),
    ],
)
def test_it_is_pending_while_ten_meetings_can_still_be_reached_and_fails_once_they_cannot(as_of, months_held, verdict):
    result = check(cell(monthly(months_held)), "1.2.a", period(as_of=as_of))
    assert result.verdict == verdict


def test_it_says_what_is_still_possible_while_pending():
    result = check(cell(monthly([1, 2, 3, 4, 5])), "1.2.a", period(as_of=date(2024, 6, 30)))
    assert result.explanation == (
        "5/10 kỳ sinh hoạt thường kỳ đạt Khá trở lên tính đến ngày 30/06/2024 — còn thiếu 5. "
        "Chưa kết thúc kỳ đánh giá: còn 5 tháng (đến 30/11/2024); với tối đa 1 kỳ mỗi tháng, "
        "còn có thể đạt tối đa 10 kỳ."
    )


def test_it_says_why_a_count_can_no_longer_be_reached():
    result = check(cell(monthly([1, 2, 3, 4])), "1.2.a", period(as_of=date(2024, 6, 30)))
    assert result.explanation == (
        "4/10 kỳ sinh hoạt thường kỳ đạt Khá trở lên tính đến ngày 30/06/2024 — còn thiếu 6. "
        "Từ nay đến 30/11/2024, với tối đa 1 kỳ mỗi tháng, chỉ có thể đạt tối đa 9 kỳ: không thể đạt."
    )


def test_it_is_pending_when_ungraded_meetings_could_still_make_the_count():
    meetings = monthly(range(1, 10)) + monthly([10], grade=None)
    result = check(cell(meetings), "1.2.a")
    assert result.verdict == "pending"
    assert result.explanation == (
        "9/10 kỳ sinh hoạt thường kỳ đạt Khá trở lên — còn thiếu 1. Với tối đa 1 kỳ mỗi tháng, còn có thể "
        "đạt tối đa 10 kỳ (kể cả 1 kỳ chưa xếp loại nếu đạt Khá trở lên). "
        "Chưa đủ dữ liệu: 1 kỳ chưa xếp loại (cần nhập xếp loại): 10/10/2024 (thường kỳ, chưa xếp loại)."
    )


def test_it_fails_when_the_ungraded_meeting_falls_in_a_month_that_already_counts():
    # Window closed: January–September Tốt, October–November Trung bình, and a combined session on 20/03
    # not graded yet. March already counts one meeting, so at most 9 can count whatever its grade.
    meetings = (
        monthly(range(1, 10), grade="good")
        + monthly([10, 11], grade="average")
        + monthly([3], kind="combined", grade=None, day=20)
    )
    result = check(cell(meetings), "1.2.a")
    assert (result.verdict, result.measured) == ("fail", 9)
    assert "chỉ có thể đạt tối đa 9 kỳ" in result.explanation
    assert "Chưa xếp loại: 20/03/2024 (thường kỳ kết hợp chuyên đề, chưa xếp loại)." in result.explanation


def test_it_fails_as_soon_as_the_months_left_and_the_ungraded_meetings_cannot_reach_ten():
    # As of 15/06: January–March Tốt, April–May Trung bình, 10/06 not graded yet. June may still count
    # one meeting (the ungraded one or a later one), July–November five: at most 3 + 1 + 5 = 9.
    meetings = monthly([1, 2, 3], grade="good") + monthly([4, 5], grade="average") + monthly([6], grade=None)
    result = check(cell(meetings), "1.2.a", period(as_of=date(2024, 6, 15)))
    assert (result.verdict, result.measured) == ("fail", 3)
    assert result.explanation.startswith(
        "3/10 kỳ sinh hoạt thường kỳ đạt Khá trở lên tính đến ngày 15/06/2024 — còn thiếu 7. "
        "Từ nay đến 30/11/2024, với tối đa 1 kỳ mỗi tháng, chỉ có thể đạt tối đa 9 kỳ "
        "(kể cả 1 kỳ chưa xếp loại nếu đạt Khá trở lên): không thể đạt."
    )
    # One more Tốt month makes 10 reachable: pending, the window still open and a grade missing.
    pending = check(cell([*meetings, *monthly([4], grade="good", day=20)]), "1.2.a", period(as_of=date(2024, 6, 15)))
    assert pending.verdict == "pending"
    assert "Chưa kết thúc kỳ đánh giá: còn 5 tháng (đến 30/11/2024)" in pending.explanation
    assert "Chưa đủ dữ liệu: 1 kỳ chưa xếp loại (cần nhập xếp loại): 10/06/2024" in pending.explanation


def test_it_fails_when_even_the_ungraded_meetings_could_not_make_the_count():
    result = check(cell(monthly(range(1, 9)) + monthly([10], grade=None)), "1.2.a")
    assert result.verdict == "fail"


def test_it_counts_a_cell_founded_mid_year_from_its_founding_day():
    meetings = monthly([3], day=1) + monthly(range(4, 12), day=20)  # 01/03 is before valid_from 15/03
    result = check(cell(meetings, valid_from=date(2024, 3, 15)), "1.2.a")
    assert (result.verdict, result.measured) == ("fail", 8)


@pytest.mark.parametrize(
    ("as_of", "counted_months", "ungraded", "cap", "expected"),
    [
        (date(2024, 6, 30), [], [], 1, 5),  # July..November
        (date(2024, 6, 15), [], [], 1, 6),  # June still open
        (date(2024, 6, 15), [6], [], 1, 6),  # June counts its meeting and can hold no more
        (date(2024, 6, 15), [6], [], 2, 12),  # June can still hold one more
        (date(2024, 6, 15), [1, 2], [3], 1, 9),  # March is over: its ungraded meeting may count
        (date(2024, 6, 15), [1, 2, 3], [3], 1, 9),  # March already counts one
        (date(2024, 6, 15), [1, 2, 3], [3], 2, 16),  # 2 + 2 + 2 (March) + 2 × 5 open months
        (date(2024, 11, 30), [], [], 1, 0),  # closed: nothing more
        (date(2024, 11, 29), [], [], 1, 1),  # one day left in November
        (date(2024, 11, 30), [1, 2, 3, 4, 5, 6, 7, 8, 9], [10], 1, 10),
    ],
)
def test_it_computes_the_best_case_month_by_month(as_of, counted_months, ungraded, cap, expected):
    window = Window(date(2024, 1, 1), CUTOFF, as_of=as_of)
    pending = monthly(ungraded, grade=None, day=20)
    assert best_case(window, monthly(counted_months), pending, cap) == expected


def test_it_stays_pending_without_a_cap_while_the_window_is_open():
    rule = get_rule("meeting_count")
    params, errors = check_params(rule.params, {"kinds": ["regular"], "min_count": 10}, "params")
    assert errors == []
    outcome = rule(cell(monthly([1])), params, period(as_of=date(2024, 11, 29)))
    assert outcome.verdict == "pending"
    assert outcome.explanation == (
        "1/10 kỳ sinh hoạt thường kỳ tính đến ngày 29/11/2024 — còn thiếu 9. "
        "Chưa kết thúc kỳ đánh giá: còn 1 ngày (đến 30/11/2024)."
    )


# -- 1.2.b: no meeting graded Kém -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meetings", "verdict"),
    [
        (monthly(range(1, 12)), "pass"),
        (monthly(range(1, 11)) + monthly([11], grade="poor"), "fail"),
        (monthly(range(1, 11)) + monthly([11], grade="average"), "pass"),
        (monthly(range(1, 12)) + monthly([5], kind="thematic", grade="poor", day=20), "fail"),
        (monthly(range(1, 12)) + monthly([12], grade="poor"), "pass"),  # after the cut-off
        (monthly(range(1, 11)) + monthly([11], grade=None), "pending"),
    ],
)
def test_it_fails_on_any_meeting_graded_poor(meetings, verdict):
    assert check(cell(meetings), "1.2.b").verdict == verdict


def test_it_names_the_poor_meeting_by_date():
    result = check(cell(monthly(range(1, 11)) + monthly([11], grade="poor")), "1.2.b")
    assert result.explanation == "Có 1 kỳ sinh hoạt xếp loại Kém: 10/11/2024 (thường kỳ, Kém)."
    assert result.evidence == ("meeting:2024-11-10:regular",)
    assert (result.measured, result.required) == (1, 0)


def test_it_passes_no_poor_meeting_as_of_a_date_while_the_window_is_open():
    result = check(cell(monthly(range(1, 6))), "1.2.b", period(as_of=date(2024, 6, 30)))
    assert result.verdict == "pass"
    assert result.explanation.endswith("tính đến ngày 30/06/2024.")


def test_it_fails_as_soon_as_a_poor_meeting_is_found_before_the_window_closes():
    result = check(cell(monthly([1, 2], grade="poor")), "1.2.b", period(as_of=date(2024, 3, 1)))
    assert result.verdict == "fail"


# -- 1.2.c: no skipped month -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "cutoff", "valid_from", "verdict"),
    [
        (range(1, 12), CUTOFF, date(2015, 1, 1), "pass"),
        (range(1, 11), CUTOFF, date(2015, 1, 1), "fail"),  # only November missing, cut-off 30/11
        (range(1, 11), date(2024, 11, 25), date(2015, 1, 1), "pass"),  # November not whole: not judged
        ([1, 2, 3, 4, 5, 7, 8, 9, 10, 11], CUTOFF, date(2015, 1, 1), "fail"),
        (range(4, 12), CUTOFF, date(2024, 3, 15), "pass"),  # founded 15/03: March not counted
        (range(5, 12), CUTOFF, date(2024, 3, 15), "fail"),  # April is counted
        (range(4, 12), CUTOFF, date(2024, 3, 1), "fail"),  # founded 01/03: March is whole
    ],
)
def test_it_fails_on_a_calendar_month_wholly_inside_the_window_without_a_regular_meeting(
    months, cutoff, valid_from, verdict
):
    result = check(cell(monthly(months), valid_from=valid_from), "1.2.c", period(cutoff=cutoff))
    assert result.verdict == verdict


def test_it_names_the_skipped_month():
    result = check(cell(monthly(range(1, 11))), "1.2.c")
    assert result.explanation == "Có 1 tháng không có kỳ sinh hoạt thường kỳ: tháng 11/2024."
    assert result.evidence == ("month:2024-11",)


def test_it_accepts_a_combined_meeting_for_the_month_but_not_a_thematic_one():
    combined = monthly(range(1, 11)) + monthly([11], kind="combined")
    thematic = monthly(range(1, 11)) + monthly([11], kind="thematic")
    assert check(cell(combined), "1.2.c").verdict == "pass"
    assert check(cell(thematic), "1.2.c").verdict == "fail"


def test_it_passes_the_months_so_far_as_of_a_date():
    result = check(cell(monthly(range(1, 6))), "1.2.c", period(as_of=date(2024, 6, 15)))
    assert result.verdict == "pass"
    assert result.explanation == (
        "Tháng nào cũng có kỳ sinh hoạt thường kỳ (5 tháng, tháng 01/2024 – tháng 05/2024) tính đến ngày 15/06/2024."
    )


def test_it_fails_a_skipped_month_as_soon_as_the_month_is_over():
    at = period(as_of=date(2024, 6, 30))
    assert check(cell(monthly(range(1, 6))), "1.2.c", at).verdict == "fail"


def test_it_does_not_apply_when_no_month_lies_wholly_inside_the_window():
    result = check(cell([], valid_from=date(2024, 11, 10)), "1.2.c")
    assert result.verdict == "not_applicable"


# -- 1.2.d: at least 2 thematic meetings -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("meetings", "verdict"),
    [
        (monthly([3], kind="thematic") + monthly([9], kind="thematic"), "pass"),
        (monthly([3], kind="thematic") + monthly([9], kind="combined"), "pass"),
        (monthly([3], kind="thematic"), "fail"),
        (monthly([3], kind="thematic", grade="poor") + monthly([9], kind="thematic"), "pass"),  # any grade
    ],
)
def test_it_counts_thematic_meetings_with_combined_ones(meetings, verdict):
    assert check(cell(meetings), "1.2.d").verdict == verdict


def test_it_counts_one_combined_meeting_as_both_regular_and_thematic():
    meetings = monthly(range(1, 10)) + monthly([10], kind="combined") + monthly([4], kind="thematic", day=20)
    snapshot = cell(meetings)
    assert check(snapshot, "1.2.a").measured == 10
    assert check(snapshot, "1.2.d").measured == 2


def test_it_keeps_thematic_meetings_pending_while_the_window_is_open():
    result = check(cell(monthly([3], kind="thematic")), "1.2.d", period(as_of=date(2024, 11, 1)))
    assert result.verdict == "pending"


# -- grassroots 1.2 --------------------------------------------------------------------------------------


def test_it_requires_a_committee_meeting_every_month():
    full = committee(monthly(range(1, 12), kind="committee"))
    gap = committee(monthly([1, 2, 3, 5, 6, 7, 8, 9, 10, 11], kind="committee"))
    regular_only = committee(monthly(range(1, 12)))
    assert check(full, "1.2.a").verdict == "pass"
    assert check(gap, "1.2.a").explanation == "Có 1 tháng không có kỳ sinh hoạt đảng ủy: tháng 04/2024."
    assert check(regular_only, "1.2.a").verdict == "fail"


@pytest.mark.parametrize(
    ("meetings", "as_of", "verdict"),
    [
        (congress([6, 12]), YEAR_END, "pass"),  # the December meeting counts: window is the year
        (congress([6]) + monthly([12], kind="regular", day=15), YEAR_END, "fail"),  # a cell-style meeting
        (congress([6]) + monthly([12], kind="combined", day=15), YEAR_END, "fail"),
        (congress([6]) + monthly([12], kind="committee", day=15), YEAR_END, "fail"),
        (congress([6]), YEAR_END, "fail"),
        (congress([6]), CUTOFF, "pending"),  # the year-end meeting can still come
    ],
)
def test_it_counts_full_party_meetings_over_the_whole_year(meetings, as_of, verdict):
    assert check(committee(meetings), "1.2.b", period(as_of=as_of)).verdict == verdict


def test_it_names_full_party_meetings_in_the_explanation():
    result = check(committee(congress([6])), "1.2.b", period(as_of=CUTOFF))
    assert result.explanation == (
        "1/2 hội nghị đảng bộ tính đến ngày 30/11/2024 — còn thiếu 1. "
        "Chưa kết thúc kỳ đánh giá: còn 1 tháng (đến 31/12/2024)."
    )


def test_it_fails_a_grassroots_committee_on_any_poor_meeting():
    meetings = monthly(range(1, 12), kind="committee") + monthly([5], kind="committee", grade="poor", day=20)
    result = check(committee(meetings), "1.2.c")
    assert result.verdict == "fail"
    assert "20/05/2024 (đảng ủy, Kém)" in result.explanation


def test_it_counts_at_most_one_regular_meeting_a_month():
    # A regular and a combined session in each of five months are five monthly meetings, not ten.
    meetings = monthly(range(1, 6)) + monthly(range(1, 6), kind="combined", day=20)
    result = check(cell(meetings), "1.2.a", period(as_of=date(2024, 5, 31)))
    assert (result.verdict, result.measured) == ("pending", 5)
    assert "quá 1 kỳ trong một tháng" in result.explanation


def test_it_keeps_a_month_open_while_its_meeting_may_still_count():
    # Trung bình on 10/03, as of 15/03: a Khá meeting may still come in March, so 1.2.a is not lost yet.
    early = [
        Meeting(date(2024, 1, 10), "regular", "fair"),
        Meeting(date(2024, 2, 10), "regular", "average"),
        Meeting(date(2024, 3, 10), "regular", "average"),
    ]
    assert check(cell(early), "1.2.a", period(as_of=date(2024, 3, 15))).verdict == "pending"
    later = [*early, Meeting(date(2024, 3, 20), "combined", "fair"), *monthly(range(4, 12))]
    result = check(cell(later), "1.2.a")
    assert (result.verdict, result.measured) == ("pass", 10)


def test_it_fails_as_soon_as_the_months_left_cannot_reach_ten():
    # As of 30/06 with 4 good months out of 6, at most 4 + 5 (July..November) = 9 can be reached.
    result = check(cell(monthly(range(1, 5))), "1.2.a", period(as_of=date(2024, 6, 30)))
    assert result.verdict == "fail"
    assert "không thể đạt" in result.explanation


def test_it_explains_a_count_reached():
    result = check(cell(monthly(range(1, 12))), "1.2.a")
    assert result.explanation == "11 kỳ sinh hoạt thường kỳ đạt Khá trở lên (yêu cầu ít nhất 10)."


def test_it_judges_every_full_party_meeting_it_counts():
    # Both conferences count for 1.2.b (over the year); the 20/12 one graded Kém fails 1.2.c as well,
    # although it lies after the cut-off date.
    meetings = [Meeting(date(2024, 6, 15), "congress", "good"), Meeting(date(2024, 12, 20), "congress", "poor")]
    snapshot = committee(meetings)
    assert (check(snapshot, "1.2.b").verdict, check(snapshot, "1.2.b").measured) == ("pass", 2)
    result = check(snapshot, "1.2.c")
    assert result.verdict == "fail"
    assert result.explanation == "Có 1 kỳ sinh hoạt xếp loại Kém: 20/12/2024 (hội nghị đảng bộ, Kém)."


# -- wording --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "model", "label", "noun"),
    [
        ("committee", "cell", "chi ủy", "kỳ sinh hoạt chi ủy"),
        ("committee", "grassroots", "đảng ủy", "kỳ sinh hoạt đảng ủy"),
        ("congress", "grassroots", "hội nghị đảng bộ", "hội nghị đảng bộ"),
        ("congress", "cell", "hội nghị chi bộ", "hội nghị chi bộ"),
        ("regular", "cell", "thường kỳ", "kỳ sinh hoạt thường kỳ"),
    ],
)
def test_it_names_meetings_by_the_model_of_the_organisation(kind, model, label, noun):
    assert (meeting_kind_label(kind, model), meeting_noun(kind, model)) == (label, noun)
    assert describe(Meeting(date(2024, 3, 2), kind, "poor"), model) == f"02/03/2024 ({label}, Kém)"


def test_it_never_calls_a_meeting_a_dai_hoi():
    names = [
        f(kind, model)
        for kind in MEETING_KINDS
        for model in ("cell", "grassroots")
        for f in (meeting_kind_label, meeting_noun)
    ]
    assert not [name for name in names if "đại hội" in name]


def test_it_names_a_cell_committee_meeting_chi_uy():
    result = check(cell([*monthly(range(1, 12)), *monthly([4], kind="committee", grade="poor", day=20)]), "1.2.b")
    assert result.explanation == "Có 1 kỳ sinh hoạt xếp loại Kém: 20/04/2024 (chi ủy, Kém)."


def test_it_says_how_many_meetings_it_judged():
    result = check(cell(monthly([1])), "1.2.b", period(as_of=date(2024, 1, 31)))
    assert result.explanation == "Không có kỳ sinh hoạt xếp loại Kém (đã xét 1 kỳ) tính đến ngày 31/01/2024."
    pending = check(cell([*monthly([1]), *monthly([2], grade=None)]), "1.2.b", period(as_of=date(2024, 2, 29)))
    assert pending.explanation == (
        "Chưa đủ dữ liệu: 1 kỳ chưa xếp loại (cần nhập xếp loại): 10/02/2024 (thường kỳ, chưa xếp loại). "
        "Chưa có kỳ sinh hoạt xếp loại Kém (đã xét 1 kỳ) tính đến ngày 29/02/2024."
    )
