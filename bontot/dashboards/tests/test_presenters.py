"""The presenters turn a stored result into rows, titled from the criteria set (no database)."""

from bontot.dashboards.presenters import (
    criteria_rows,
    criterion_verdict,
    show_value,
    split_codes,
    titles,
    warning_rows,
)

from .factories import CRITERIA_SET, make_result


def test_it_splits_a_codes_field():
    assert split_codes("|1.2|1.4|") == ["1.2", "1.4"]
    assert split_codes("|") == []


def test_it_reads_a_criterion_verdict_from_the_summary_fields():
    assert criterion_verdict("1.2", "|1.2|", "|1.1|") == "fail"
    assert criterion_verdict("1.1", "|1.2|", "|1.1|") == "pending"
    assert criterion_verdict("1.3", "|1.2|", "|1.1|") == "pass"
    assert criterion_verdict("1.1", "|1.12|", "|") == "pass"  # codes are whole, between separators


def test_it_titles_criteria_and_indicators_from_the_set():
    rows = criteria_rows(make_result("org:A", "Chi bộ A", "cell", failing=["1.2"]), CRITERIA_SET)
    assert [r.code for r in rows] == ["1.1", "1.2", "1.3", "1.4"]
    meetings = rows[1]
    assert meetings.title == "Chất lượng sinh hoạt tốt"
    assert meetings.verdict_label == "Không đạt"
    first = next(i for i in meetings.indicators if i.code == "1.2.a")
    assert first.label == "Ít nhất 10 kỳ sinh hoạt thường kỳ xếp loại Khá trở lên"
    assert (first.verdict_label, first.measured, first.required) == ("Không đạt", "7", "10")
    assert [i.code for i in meetings.missing] == ["1.2.a"]
    assert rows[0].missing == ()


def test_it_falls_back_to_the_results_titles_for_an_unknown_set():
    assert titles("no-such-set", "cell").criteria == {}
    rows = criteria_rows(make_result("org:A", "Chi bộ A", "cell"), "no-such-set")
    assert rows[1].title == "Chất lượng sinh hoạt tốt"  # from the result itself
    assert rows[1].indicators[0].label == ""


def test_it_shows_values_as_text():
    assert [show_value(v) for v in (None, 0, 7, "1/2 ≥ 50%", True)] == ["", "0", "7", "1/2 ≥ 50%", "có"]


def test_it_orders_warnings_most_severe_first():
    rows = warning_rows(
        [
            {"code": "a", "criterion": "1.2", "severity": "info", "text": "i"},
            {"code": "b", "criterion": "1.4", "severity": "danger", "text": "d"},
            {"code": "c", "criterion": "1.1", "severity": "warning", "text": "w"},
            {"code": "d", "criterion": "1.1", "severity": "danger", "text": "d2"},
        ]
    )
    assert [r.code for r in rows] == ["d", "b", "c", "a"]
    assert rows[0].severity_label == "Nghiêm trọng"
