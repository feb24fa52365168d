"""The demo, seeded and evaluated for 2024: it tells the story of `bontot.demo.story`."""

import json
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.demo import story
from bontot.demo.data import CRITERIA_SET, DATA_DATE


@pytest.fixture(scope="module")
def results(django_db_setup, django_db_blocker):
    """Seed the demo, evaluate 2024 as of the demo's date with the command, and roll everything back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        out = StringIO()
        call_command("evaluate", "--year", "2024", "--as-of", DATA_DATE.isoformat(), "--format", "json", stdout=out)
        transaction.set_rollback(True)
    return json.loads(out.getvalue())["results"]


def rule_verdicts(result):
    return {
        indicator["code"]: indicator["verdict"]
        for criterion in result["criteria"]
        for indicator in criterion["indicators"]
        if indicator["source"] == "rule"
    }


def test_it_makes_every_rule_indicator_pass_somewhere_and_fail_somewhere(results):
    criteria = get_criteria_set(CRITERIA_SET)
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for result in results:
        for code, verdict in rule_verdicts(result).items():
            seen[(result["model"], code)].add(verdict)
    expected = [
        (model, indicator.code)
        for model in ("cell", "grassroots", "member")
        for indicator in criteria.indicators(model)
        if indicator.source == "rule"
    ]
    assert len(expected) == 14 + 13 + 4
    missing = [(key, sorted(seen[key])) for key in expected if not {"pass", "fail"} <= seen[key]]
    assert missing == []


def test_it_fails_each_2024_organisation_on_exactly_the_indicators_of_its_story(results):
    by_subject = {r["subject"]: r for r in results}
    for committee in story.COMMITTEES:
        verdicts = rule_verdicts(by_subject[f"org:{committee.code}"])
        wanted = {story.COMMITTEE_FLAG_INDICATORS[flag] for flag in committee.fails}
        assert {code for code, verdict in verdicts.items() if verdict != "pass"} == wanted, committee.code
        for plan in committee.cells:
            code = f"{committee.prefix}-{plan.key}"
            verdicts = rule_verdicts(by_subject[f"org:{code}"])
            wanted = {story.CELL_FLAG_INDICATORS[flag] for flag in plan.fails}
            assert {c for c, verdict in verdicts.items() if verdict != "pass"} == wanted, code


def test_it_lets_tam_thang_and_a_few_cells_pass_everything(results):
    by_subject = {r["subject"]: r for r in results}
    assert by_subject["org:DU-TT"]["verdict"] == "pass"
    passing = {r["subject"] for r in results if r["model"] == "cell" and r["verdict"] == "pass"}
    assert {"org:TT-CB-VB", "org:TT-CB-TH", "org:TT-CB-MG"} <= passing


def test_it_evaluates_only_2024_subjects(results):
    subjects = {r["subject"] for r in results}
    assert "org:DU-BT" not in subjects and "org:BT-CB-VB" not in subjects
    members = [r for r in results if r["model"] == "member"]
    assert 400 <= len(members) < 460
    verdicts = {r["verdict"] for r in members}
    assert {"pass", "fail"} <= verdicts
