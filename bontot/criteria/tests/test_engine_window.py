"""The rule window: which facts count, which months are whole, judged or still open. No database."""

from datetime import date

import pytest

from bontot.criteria.engine.snapshot import MemberSnapshot, OrganizationSnapshot, Period
from bontot.criteria.engine.window import Window, window_for


def org(valid_from: date = date(2015, 1, 1)) -> OrganizationSnapshot:
    return OrganizationSnapshot(code="CB01", name="Chi bộ thôn 1", kind="cell", valid_from=valid_from)


@pytest.mark.parametrize(
    ("valid_from", "kind", "start", "end"),
    [
        (date(2015, 1, 1), "default", date(2024, 1, 1), date(2024, 11, 30)),
        (date(2024, 3, 15), "default", date(2024, 3, 15), date(2024, 11, 30)),
        (date(2024, 3, 15), "year", date(2024, 3, 15), date(2024, 12, 31)),
        (date(2015, 1, 1), "year", date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_it_starts_at_the_later_of_1_january_and_valid_from(valid_from, kind, start, end):
    window = window_for(org(valid_from), Period(2024, date(2024, 11, 30), date(2024, 12, 31)), kind)
    assert (window.start, window.end) == (start, end)


def test_it_starts_a_member_window_on_1_january():
    member = MemberSnapshot(card_no="1", full_name="A", organization_code="CB01")
    window = window_for(member, Period(2024, date(2024, 11, 30), date(2024, 12, 31)))
    assert window.start == date(2024, 1, 1)


def test_it_rejects_an_unknown_window_kind():
    with pytest.raises(ValueError, match="unknown window kind"):
        window_for(org(), Period(2024, date(2024, 11, 30), date(2024, 12, 31)), "quarter")


@pytest.mark.parametrize(
    ("day", "counted"),
    [
        (date(2023, 12, 31), False),
        (date(2024, 1, 1), True),
        (date(2024, 6, 30), True),
        (date(2024, 7, 1), False),  # after as_of
    ],
)
def test_it_counts_facts_inside_the_window_and_up_to_as_of(day, counted):
    window = Window(date(2024, 1, 1), date(2024, 11, 30), as_of=date(2024, 6, 30))
    assert window.contains(day) is counted


def test_it_does_not_count_facts_after_the_window_end_even_when_as_of_is_later():
    window = Window(date(2024, 1, 1), date(2024, 11, 30), as_of=date(2024, 12, 31))
    assert window.contains(date(2024, 11, 30))
    assert not window.contains(date(2024, 12, 1))
    assert not window.is_open


@pytest.mark.parametrize(
    ("start", "end", "first", "last", "count"),
    [
        (date(2024, 1, 1), date(2024, 11, 30), (2024, 1), (2024, 11), 11),
        (date(2024, 1, 1), date(2024, 11, 25), (2024, 1), (2024, 10), 10),  # cut-off 25/11: November not whole
        (date(2024, 3, 15), date(2024, 11, 30), (2024, 4), (2024, 11), 8),  # founded 15/03: from April
        (date(2024, 3, 1), date(2024, 11, 30), (2024, 3), (2024, 11), 9),  # founded 01/03: March is whole
        (date(2024, 1, 1), date(2024, 2, 29), (2024, 1), (2024, 2), 2),  # leap year
    ],
)
def test_it_lists_the_months_lying_wholly_inside_the_window(start, end, first, last, count):
    months = Window(start, end, as_of=date(2024, 12, 31)).whole_months()
    assert (months[0], months[-1], len(months)) == (first, last, count)


def test_it_has_no_whole_month_when_founded_late_in_the_last_month():
    assert Window(date(2024, 11, 10), date(2024, 11, 30), as_of=date(2024, 12, 31)).whole_months() == []


@pytest.mark.parametrize(
    ("as_of", "last_judged"),
    [
        (date(2024, 6, 29), (2024, 5)),
        (date(2024, 6, 30), (2024, 6)),  # a month is over on its last day
        (date(2024, 7, 1), (2024, 6)),
    ],
)
def test_it_judges_a_month_once_it_is_over_on_as_of(as_of, last_judged):
    months = Window(date(2024, 1, 1), date(2024, 11, 30), as_of=as_of).judged_months()
    assert months[-1] == last_judged


@pytest.mark.parametrize(
    ("as_of", "open_months"),
    [
        (date(2024, 6, 30), [(2024, 7), (2024, 8), (2024, 9), (2024, 10), (2024, 11)]),
        (date(2024, 6, 15), [(2024, 6), (2024, 7), (2024, 8), (2024, 9), (2024, 10), (2024, 11)]),
        (date(2024, 11, 29), [(2024, 11)]),
        (date(2024, 11, 30), []),
        (date(2024, 12, 31), []),
    ],
)
def test_it_lists_the_months_still_open_after_as_of(as_of, open_months):
    assert Window(date(2024, 1, 1), date(2024, 11, 30), as_of=as_of).open_months() == open_months


def test_it_says_tinh_den_ngay_only_while_the_window_is_open():
    assert Window(date(2024, 1, 1), date(2024, 11, 30), date(2024, 6, 30)).suffix() == " tính đến ngày 30/06/2024"
    assert Window(date(2024, 1, 1), date(2024, 11, 30), date(2024, 11, 30)).suffix() == ""


@pytest.mark.parametrize(
    ("as_of", "is_open", "last_counted", "open_months"),
    [
        (date(2024, 11, 14), True, date(2024, 11, 14), [(2024, 11)]),  # the day is still to come
        (date(2024, 11, 15), False, date(2024, 11, 15), []),  # the day itself: closed
        (date(2024, 11, 20), False, date(2024, 11, 15), []),  # later in the same month
    ],
)
def test_it_handles_a_window_of_one_day(as_of, is_open, last_counted, open_months):
    window = Window(date(2024, 11, 15), date(2024, 11, 15), as_of=as_of)
    assert (window.is_open, window.last_counted, window.open_months()) == (is_open, last_counted, open_months)
    assert window.contains(date(2024, 11, 15)) is (as_of >= date(2024, 11, 15))
    assert not window.contains(date(2024, 11, 14))
    assert not window.contains(date(2024, 11, 16))
    assert window.whole_months() == []
    assert window.days_left() == (1 if is_open else 0)


@pytest.mark.parametrize(
    ("start", "end", "whole"),
    [
        (date(2024, 2, 1), date(2024, 2, 29), [(2024, 2)]),  # exactly one month
        (date(2024, 2, 1), date(2024, 2, 28), []),  # one day short
        (date(2024, 2, 2), date(2024, 2, 29), []),
        (date(2024, 2, 29), date(2024, 2, 1), []),  # start after end: nothing
        (date(2024, 12, 1), date(2024, 11, 30), []),  # a cell founded after the cut-off
    ],
)
def test_it_finds_whole_months_at_the_edges(start, end, whole):
    assert Window(start, end, as_of=date(2024, 12, 31)).whole_months() == whole


@pytest.mark.parametrize(
    ("as_of", "months_left", "text"),
    [
        (date(2024, 6, 15), 5, "còn 5 tháng (đến 30/11/2024)"),  # July..November; June has begun
        (date(2024, 6, 30), 5, "còn 5 tháng (đến 30/11/2024)"),
        (date(2024, 7, 1), 4, "còn 4 tháng (đến 30/11/2024)"),  # July has begun
        (date(2024, 10, 31), 1, "còn 1 tháng (đến 30/11/2024)"),
        (date(2024, 11, 1), 0, "còn 29 ngày (đến 30/11/2024)"),  # no whole month left: days
        (date(2024, 11, 29), 0, "còn 1 ngày (đến 30/11/2024)"),
    ],
)
def test_it_says_the_time_left_in_whole_months_or_else_in_days(as_of, months_left, text):
    window = Window(date(2024, 1, 1), date(2024, 11, 30), as_of=as_of)
    assert (len(window.months_left()), window.time_left()) == (months_left, text)


def test_it_counts_the_days_left_to_the_end_of_the_window():
    window = Window(date(2024, 1, 1), date(2024, 12, 31), as_of=date(2024, 12, 10))
    assert (window.days_left(), window.days_left_text()) == (21, "còn 21 ngày (đến 31/12/2024)")
    assert Window(date(2024, 1, 1), date(2024, 12, 31), as_of=date(2025, 1, 5)).days_left() == 0
