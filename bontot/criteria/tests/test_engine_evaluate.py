"""Whole-subject evaluation: judgements, verdict roll-up and the JSON output. No database."""

import dataclasses
import json
from datetime import date

import pytest

from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.engine.evaluate import (
    combine,
    effective_judgement,
    evaluate_indicator,
    evaluate_subject,
    evaluate_subjects,
)
from bontot.criteria.engine.scales import VERDICT_LABELS
from bontot.criteria.engine.snapshot import (
    Judgement,
    LinkedBody,
    Meeting,
    MemberSnapshot,
    OrganizationSnapshot,
    OrgResult,
    Period,
    RatedMember,
    RatedOrganization,
    Rating,
    Span,
)

SET = get_criteria_set("kh-63-ku-2023")
PERIOD = Period(year=2024, cutoff=date(2024, 11, 30), as_of=date(2024, 12, 31))


def all_judgements(model: str, verdict: str = "pass", by: str = "appraiser") -> tuple[Judgement, ...]:
    return tuple(Judgement(indicator=i.code, verdict=verdict, by=by) for i in SET.indicators(model) if i.rule is None)


def good_cell(**changes) -> OrganizationSnapshot:
    snapshot = OrganizationSnapshot(
        code="CB01",
        name="Chi bộ thôn 1",
        kind="cell",
        valid_from=date(2015, 1, 1),
        meetings=(
            *(Meeting(date(2024, m, 10), "regular", "good") for m in range(1, 11)),
            Meeting(date(2024, 11, 10), "combined", "fair"),
            Meeting(date(2024, 5, 20), "thematic", "good"),
        ),
        org_results=(
            OrgResult("party_building", "Xây dựng Đảng", "good"),
            OrgResult("political_task", "Nhiệm vụ chính trị", "excellent"),
            OrgResult("other", "Dân vận", "average"),
        ),
        linked_bodies=(
            LinkedBody("Chi ủy", "good"),
            LinkedBody("Ban công tác Mặt trận", "complete"),
            LinkedBody("Chính quyền", "not_applicable", reason="thôn không có chính quyền riêng"),
        ),
        admission_target=0,
        members=tuple(
            RatedMember(f"0{i}", f"Đảng viên {i}", Rating("good" if i % 2 else "complete", final=True))
            for i in range(1, 11)
        ),
        judgements=all_judgements("cell"),
    )
    return dataclasses.replace(snapshot, **changes)


def good_committee(**changes) -> OrganizationSnapshot:
    cell = good_cell()
    snapshot = OrganizationSnapshot(
        code="DB01",
        name="Đảng bộ xã Tam Thăng",
        kind="grassroots_committee",
        valid_from=date(2015, 1, 1),
        meetings=(
            *(Meeting(date(2024, m, 5), "committee", "good") for m in range(1, 12)),
            Meeting(date(2024, 7, 1), "congress", "good"),
            Meeting(date(2024, 12, 20), "congress", "good"),
        ),
        org_results=cell.org_results,
        linked_bodies=cell.linked_bodies,
        admission_target=0,
        subordinates=(
            RatedOrganization("CB01", "Chi bộ thôn 1", Rating("good", final=True)),
            RatedOrganization("CB02", "Chi bộ thôn 2", Rating("complete", final=True)),
        ),
        judgements=all_judgements("grassroots"),
    )
    return dataclasses.replace(snapshot, **changes)


def good_member(**changes) -> MemberSnapshot:
    snapshot = MemberSnapshot(
        card_no="0123",
        full_name="Nguyễn Văn An",
        organization_code="CB01",
        civil_servant=True,
        workplace_rating="excellent",
        residence_comment="positive",
        residence_cells=(Span(date(2019, 1, 1), None, "Chi bộ thôn 2"),),
        judgements=all_judgements("member"),
    )
    return dataclasses.replace(snapshot, **changes)


@pytest.mark.parametrize(
    ("verdicts", "combined"),
    [
        (["pass", "pass"], "pass"),
        (["pass", "not_applicable"], "pass"),
        (["not_applicable"], "pass"),
        (["pass", "pending"], "pending"),
        (["pending", "fail", "pass"], "fail"),
        (["not_applicable", "fail"], "fail"),
    ],
)
def test_it_combines_verdicts(verdicts, combined):
    assert combine(verdicts) == combined


@pytest.mark.parametrize(
    ("judgements", "verdict", "explanation"),
    [
        ((), "pending", "Chưa đủ dữ liệu: chưa có tự đánh giá/thẩm định."),
        ((Judgement("2.1.j1", "pass", "self"),), "pass", "Tự đánh giá (chưa thẩm định): Đạt."),
        ((Judgement("2.1.j1", "fail", "self"),), "fail", "Tự đánh giá (chưa thẩm định): Không đạt."),
        (
            (Judgement("2.1.j1", "pass", "self"), Judgement("2.1.j1", "fail", "appraiser")),
            "fail",
            "Thẩm định: Không đạt.",
        ),
        ((Judgement("2.1.j1", "pass", "appraiser"), Judgement("2.1.j1", "fail", "self")), "pass", "Thẩm định: Đạt."),
        (
            (Judgement("2.1.j2", "pass", "appraiser"),),
            "pending",
            "Chưa đủ dữ liệu: chưa có tự đánh giá/thẩm định.",
        ),  # other code
        ((Judgement("2.1.j1", "pass", "appraiser", note="có minh chứng"),), "pass", "Thẩm định: Đạt — có minh chứng."),
    ],
)
def test_it_lets_the_appraiser_judgement_override_the_self_one(judgements, verdict, explanation):
    result = evaluate_indicator(SET.indicator("member", "2.1.j1"), good_member(judgements=judgements), PERIOD)
    assert (result.source, result.verdict, result.explanation) == ("judgement", verdict, explanation)


def test_it_takes_the_last_judgement_of_each_kind():
    judgements = (Judgement("x", "fail", "self"), Judgement("x", "pass", "self"))
    assert effective_judgement(judgements, "x") == Judgement("x", "pass", "self")


@pytest.mark.parametrize(
    ("snapshot", "model"),
    [(good_cell(), "cell"), (good_committee(), "grassroots"), (good_member(), "member")],
)
def test_it_passes_a_subject_meeting_every_criterion(snapshot, model):
    result = evaluate_subject(SET, snapshot, PERIOD)
    failing = [(i.code, i.verdict, i.explanation) for c in result.criteria for i in c.indicators if i.verdict != "pass"]
    assert result.model == model
    assert result.verdict == "pass", failing
    assert [c.code for c in result.criteria] == [c.code for c in SET.criteria(model)]


def test_it_passes_a_member_whose_workplace_rule_does_not_apply():
    result = evaluate_subject(SET, good_member(civil_servant=False), PERIOD)
    indicator = result.criteria[1].indicators[-1]
    assert (indicator.code, indicator.verdict) == ("2.2.a", "not_applicable")
    assert result.criteria[1].verdict == "pass"


def test_it_fails_a_subject_on_one_failing_indicator_and_keeps_the_rest():
    result = evaluate_subject(SET, good_member(residence_comment="negative"), PERIOD)
    assert result.verdict == "fail"
    assert [c.verdict for c in result.criteria] == ["pass", "pass", "pass", "fail"]


def test_it_leaves_a_subject_pending_while_a_judgement_is_missing():
    judgements = tuple(j for j in all_judgements("cell") if j.indicator != "1.3.j2")
    result = evaluate_subject(SET, good_cell(judgements=judgements), PERIOD)
    assert result.verdict == "pending"
    assert [c.verdict for c in result.criteria] == ["pass", "pass", "pending", "pass"]


def test_it_never_fails_a_subject_for_missing_facts_but_fails_it_on_one_fail_among_pending_ones():
    judgements = tuple(j for j in all_judgements("cell") if j.indicator != "1.3.j2")
    missing = evaluate_subject(SET, good_cell(judgements=judgements, org_results=()), PERIOD)
    assert (missing.verdict, missing.criteria[0].verdict) == ("pending", "pending")
    failing = good_cell(judgements=(*judgements, Judgement("1.1.j1", "fail", "appraiser")), org_results=())
    result = evaluate_subject(SET, failing, PERIOD)
    assert (result.verdict, result.criteria[0].verdict, result.criteria[2].verdict) == ("fail", "fail", "pending")


def test_it_writes_the_machine_output_of_design_md():
    data = evaluate_subject(SET, good_cell(), PERIOD).to_dict()
    assert {"subject", "name", "model", "verdict", "criteria"} <= set(data)
    assert (data["subject"], data["name"], data["model"], data["verdict"]) == (
        "org:CB01",
        "Chi bộ thôn 1",
        "cell",
        "pass",
    )
    criterion = data["criteria"][1]
    assert {"code", "verdict", "indicators"} <= set(criterion)
    assert criterion["code"] == "1.2"
    indicator = next(i for i in criterion["indicators"] if i["code"] == "1.2.a")
    assert {"code", "source", "verdict", "measured", "required", "explanation"} <= set(indicator)
    assert (indicator["source"], indicator["measured"], indicator["required"]) == ("rule", 11, 10)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_it_writes_a_member_subject_by_card_number():
    data = evaluate_subject(SET, good_member(), PERIOD).to_dict()
    assert (data["subject"], data["name"], data["model"]) == ("member:0123", "Nguyễn Văn An", "member")


def test_it_evaluates_many_subjects_in_order():
    results = evaluate_subjects(SET, [good_member(), good_cell(), good_committee()], PERIOD)
    assert [r.subject for r in results] == ["member:0123", "org:CB01", "org:DB01"]


def test_it_labels_each_verdict_once():
    assert dict(VERDICT_LABELS) == {
        "pass": "Đạt",
        "fail": "Không đạt",
        "pending": "Chưa kết luận",
        "not_applicable": "Không áp dụng",
    }


def test_it_fails_a_member_suspended_during_the_year():
    result = evaluate_subject(SET, good_member(suspensions=(Span(date(2024, 4, 1), date(2024, 6, 30)),)), PERIOD)
    assert result.verdict == "fail"
    assert [c.verdict for c in result.criteria] == ["pass", "pass", "fail", "pass"]


def test_it_passes_a_retired_member_of_a_residential_cell_without_a_residence_comment():
    result = evaluate_subject(SET, good_member(civil_servant=False, residence_cells=(), residence_comment=None), PERIOD)
    assert result.verdict == "pass"
    assert result.criteria[3].indicators[-1].verdict == "not_applicable"


def test_it_shares_the_results_of_criteria_nobody_has_judged_yet():
    first, second = (evaluate_subject(SET, good_member(card_no=c, judgements=()), PERIOD) for c in ("1", "2"))
    assert first.criteria[0] is second.criteria[0]  # 2.1: judgement indicators only
    assert first.criteria[0].verdict == "pending"
    judged = evaluate_subject(SET, good_member(judgements=(Judgement("2.1.j3", "pass", "self"),)), PERIOD)
    assert [i.verdict for i in judged.criteria[0].indicators] == ["pending", "pending", "pass"]
    assert judged.criteria[0].indicators[0] is first.criteria[0].indicators[0]
