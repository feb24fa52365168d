"""An appraiser's judgement on a rule indicator overrides the rule's verdict, with the reason shown."""

import dataclasses
from datetime import date

import pytest

from bontot.criteria.engine import evaluate as engine
from bontot.criteria.engine.snapshot import Discipline, Judgement

from .test_engine_evaluate import PERIOD, SET, good_member

DISCIPLINED = (Discipline("0123", "Nguyễn Văn An", date(2024, 7, 1), "warning"),)


def indicator(result, code):
    for criterion in result.criteria:
        for item in criterion.indicators:
            if item.code == code:
                return criterion, item
    raise AssertionError(code)


def test_it_overrides_a_passing_rule_to_fail_and_keeps_the_rules_explanation():
    base = good_member()
    _, plain = indicator(engine.evaluate_subject(SET, base, PERIOD), "2.3.a")
    member = good_member(judgements=(*base.judgements, Judgement("2.3.a", "fail", "appraiser", "Vi phạm chưa xử lý")))
    result = engine.evaluate_subject(SET, member, PERIOD)
    criterion, item = indicator(result, "2.3.a")
    assert (plain.verdict, item.verdict, criterion.verdict, result.verdict) == ("pass", "fail", "fail", "fail")
    assert item.source == "rule"
    assert item.explanation.startswith(plain.explanation)
    assert "Cấp thẩm định sửa kết quả: Đạt → Không đạt. Lý do: Vi phạm chưa xử lý" in item.explanation
    out = item.to_dict()
    assert out["override"] == {"by": "appraiser", "rule_verdict": "pass", "reason": "Vi phạm chưa xử lý"}
    assert out["verdict"] == "fail" and out["measured"] == plain.measured
    assert "judgement:appraiser:2.3.a" in out["evidence"]


def test_it_overrides_a_failing_rule_to_pass():
    base = good_member(disciplines=DISCIPLINED)
    assert indicator(engine.evaluate_subject(SET, base, PERIOD), "2.3.a")[1].verdict == "fail"
    member = dataclasses.replace(
        base, judgements=(*base.judgements, Judgement("2.3.a", "pass", "appraiser", "Kỷ luật đã bị hủy"))
    )
    result = engine.evaluate_subject(SET, member, PERIOD)
    _, item = indicator(result, "2.3.a")
    assert (item.verdict, result.verdict) == ("pass", "pass")
    assert item.override is not None and item.override.rule_verdict == "fail"
    assert "Không đạt → Đạt. Lý do: Kỷ luật đã bị hủy" in item.explanation


@pytest.mark.parametrize(
    "judgement",
    [
        Judgement("2.3.a", "fail", "self", "Tự thấy chưa đạt"),  # a self-assessment never overrides a rule
        Judgement("2.3.a", "fail", "appraiser", ""),  # no written reason: no override
        Judgement("2.3.a", "fail", "appraiser", "   "),
        Judgement("2.3.a", "pass", "appraiser", "Giống kết quả"),  # the same verdict changes nothing
    ],
)
def test_it_leaves_the_rule_alone_without_a_reasoned_different_appraisal(judgement):
    base = good_member()
    _, plain = indicator(engine.evaluate_subject(SET, base, PERIOD), "2.3.a")
    member = good_member(judgements=(*base.judgements, judgement))
    _, item = indicator(engine.evaluate_subject(SET, member, PERIOD), "2.3.a")
    assert item == plain
    assert "override" not in item.to_dict()


def test_it_keeps_the_memo_correct_between_overridden_and_plain_twins():
    base = good_member()
    override = Judgement("2.3.a", "fail", "appraiser", "Vi phạm")
    twins = [
        dataclasses.replace(base, card_no=card, judgements=(*base.judgements, *extra))
        for card, extra in (("1", ()), ("2", (override,)), ("3", ()), ("4", (override,)))
    ]
    shared = [engine.evaluate_subject(SET, m, PERIOD).to_dict() for m in twins]
    alone = []
    for m in twins:
        engine._MEMO.clear()
        alone.append(engine.evaluate_subject(SET, m, PERIOD).to_dict())
    assert shared == alone
    assert [r["verdict"] for r in shared] == ["pass", "fail", "pass", "fail"]


def test_it_overrides_through_evaluate_indicator_alone():
    base = good_member(judgements=(Judgement("2.3.a", "fail", "appraiser", "Vi phạm"),))
    item = engine.evaluate_indicator(SET.indicator("member", "2.3.a"), base, PERIOD)
    assert item.verdict == "fail" and item.override is not None
