"""Subjects with the same facts share criterion results: the memo never changes a result."""

import dataclasses
import itertools
from datetime import date
from typing import Any

import pytest

from bontot.criteria.engine import evaluate as engine
from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.engine.rules import RULES
from bontot.criteria.engine.snapshot import Discipline, Judgement, MemberSnapshot, Period, Span

SET = get_criteria_set("kh-63-ku-2023")
PERIODS = (
    Period(year=2024, cutoff=date(2024, 11, 30), as_of=date(2024, 12, 31)),
    Period(year=2024, cutoff=date(2024, 11, 30), as_of=date(2024, 6, 30)),
)

FACTS: dict[str, tuple[Any, ...]] = {
    "civil_servant": (False, True),
    "workplace_rating": (None, "excellent", "good", "not_rated"),
    "residence_comment": (None, "positive", "negative", "excused"),
    "residence_cells": ((), (Span(date(2020, 1, 1), None, "Chi bộ thôn 2"),), (Span(date(2024, 9, 1)),)),
    "suspensions": ((), (Span(date(2024, 3, 1), date(2024, 4, 30), "Quyết định 12"),), (Span(date(2024, 8, 1)),)),
    "judgements": ((), (Judgement("2.1.j1", "pass", "self"), Judgement("2.4.j3", "fail", "appraiser", "Chưa"))),
}


def disciplined(card_no):
    return (Discipline(card_no, f"Người {card_no}", date(2024, 7, 1), "warning"),)


def members():
    """Members whose facts cover every combination of the rules' inputs, two of each (different cards)."""
    names = list(FACTS)
    for index, values in enumerate(itertools.product(*FACTS.values())):
        for twin in ("a", "b"):
            card = f"{index:04d}{twin}"
            facts: dict[str, Any] = dict(zip(names, values, strict=True))
            yield MemberSnapshot(card_no=card, full_name=f"Người {card}", organization_code=f"CB{twin}", **facts)
        if index % 7 == 0:
            yield MemberSnapshot(
                card_no=f"{index}d", full_name="Kỷ Luật", organization_code="CB", disciplines=disciplined(f"{index}d")
            )


@pytest.mark.parametrize("period", PERIODS)
def test_it_gives_every_member_the_result_it_would_get_alone(period):
    shared = [engine.evaluate_subject(SET, m, period).to_dict() for m in members()]
    alone = []
    for m in members():
        engine._MEMO.clear()
        alone.append(engine.evaluate_subject(SET, m, period).to_dict())
    assert shared == alone


@pytest.mark.parametrize("name", sorted(name for name, rule in RULES.items() if rule.memo_key is not None))
def test_it_reads_nothing_outside_a_rules_memo_key(name):
    """Snapshots that differ only outside the key get the same outcome, and a differing key shows."""
    rule = RULES[name]
    memo_key = rule.memo_key
    assert memo_key is not None
    indicators = [i for i in SET.indicators("member") if i.rule == name]
    assert indicators, f"no member indicator uses {name}"
    for base in members():
        other = dataclasses.replace(
            base, full_name="Tên khác", organization_code="KHAC", judgements=(Judgement("2.2.j1", "fail", "self"),)
        )
        if memo_key(other) != memo_key(base):
            continue  # the card is in the key (e.g. suspensions name it in their evidence)
        for indicator in indicators:
            for period in PERIODS:
                assert rule.func(base, indicator.params, period) == rule.func(other, indicator.params, period)


def test_it_shares_one_criterion_result_between_members_with_the_same_facts():
    first, second = (
        engine.evaluate_subject(SET, MemberSnapshot(card_no=c, full_name=c, organization_code="CB"), PERIODS[0])
        for c in ("1", "2")
    )
    assert all(a is b for a, b in zip(first.criteria, second.criteria, strict=True))
    third = engine.evaluate_subject(
        SET,
        MemberSnapshot(card_no="3", full_name="3", organization_code="CB", disciplines=disciplined("3")),
        PERIODS[0],
    )
    assert third.criteria[2] is not first.criteria[2] and third.criteria[2].verdict == "fail"
