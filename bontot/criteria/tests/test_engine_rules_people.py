"""Rating shares, discipline and member checks of the shipped set, at their boundaries. No database."""

from datetime import date

import pytest

from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.engine.evaluate import IndicatorResult, evaluate_indicator
from bontot.criteria.engine.rules_people import share_passes
from bontot.criteria.engine.snapshot import (
    Discipline,
    MemberSnapshot,
    OrganizationSnapshot,
    Period,
    RatedMember,
    RatedOrganization,
    Rating,
)

PERIOD = Period(year=2024, cutoff=date(2024, 11, 30), as_of=date(2024, 12, 31))


def check(snapshot: OrganizationSnapshot | MemberSnapshot, code: str, at: Period = PERIOD) -> IndicatorResult:
    indicator = get_criteria_set("kh-63-ku-2023").indicator(snapshot.model, code)
    return evaluate_indicator(indicator, snapshot, at)


def members(*levels: str | None, final: bool = True) -> tuple[RatedMember, ...]:
    return tuple(
        RatedMember(
            card_no=f"0{i:02d}",
            full_name=f"Đảng viên {i}",
            rating=None if level is None else Rating(level=level, final=final),
        )
        for i, level in enumerate(levels, 1)
    )


def cell(people=(), **facts) -> OrganizationSnapshot:
    return OrganizationSnapshot(
        code="CB01",
        name="Chi bộ thôn 1",
        kind="cell",
        valid_from=date(2015, 1, 1),
        members=tuple(people),
        **facts,
    )


def committee(subs=(), **facts) -> OrganizationSnapshot:
    return OrganizationSnapshot(
        code="DB01",
        name="Đảng bộ xã",
        kind="grassroots_committee",
        valid_from=date(2015, 1, 1),
        subordinates=tuple(subs),
        **facts,
    )


@pytest.mark.parametrize(
    ("good", "rated", "percent", "passes"),
    [(5, 10, 50, True), (4, 9, 50, False), (10, 10, 100, True), (9, 10, 100, False), (1, 3, 33, True)],
)
def test_it_compares_shares_as_integers(good, rated, percent, passes):
    assert share_passes(good, rated, percent) is passes


# -- cell 1.4.a / 1.4.b: members' ratings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "code", "verdict", "measured"),
    [
        (["good"] * 5 + ["complete"] * 5, "1.4.b", "pass", "5/10"),  # exactly 50 %
        (["good"] * 4 + ["complete"] * 5, "1.4.b", "fail", "4/9"),  # 44 %
        (["excellent"] * 2 + ["good"] * 3 + ["complete"] * 5, "1.4.b", "pass", "5/10"),
        (["good"] * 4 + ["complete"] * 4 + ["not_rated"] * 2, "1.4.b", "pass", "4/8"),  # not rated left out
        (["good"] * 9 + ["complete"], "1.4.a", "pass", "10/10"),
        (["good"] * 9 + ["incomplete"], "1.4.a", "fail", "9/10"),
        (["complete", "not_rated"], "1.4.a", "pass", "1/1"),
        (["not_rated", "not_rated"], "1.4.a", "pending", "0/0"),  # no one rated: needs review
        ([], "1.4.a", "pending", "0/0"),
        (["good", None], "1.4.a", "pending", "1/1"),  # a missing rating
        (["incomplete", None], "1.4.a", "fail", "0/1"),  # fails whatever the missing rating becomes
        (["complete", "complete", None], "1.4.b", "fail", "0/2"),  # 1/3 at best
        (["good", "complete", None], "1.4.b", "pending", "1/2"),  # 2/3 at best
    ],
)
def test_it_requires_a_share_of_rated_members_at_a_level(levels, code, verdict, measured):
    result = check(cell(members(*levels)), code)
    assert (result.verdict, result.measured) == (verdict, measured)


def test_it_names_the_member_below_the_level():
    result = check(cell(members("good", "incomplete")), "1.4.a")
    assert result.explanation == (
        "1/2 đảng viên được xếp loại Hoàn thành nhiệm vụ trở lên (50%, yêu cầu 100%). "
        "Dưới mức Hoàn thành nhiệm vụ: Đảng viên 2 (số thẻ 002) — Không hoàn thành nhiệm vụ."
    )
    assert result.evidence == ("member:002",)
    assert result.required == "≥ 100%"


def test_it_names_a_member_without_a_rating():
    result = check(cell(members("good", "complete", None)), "1.4.b")
    assert result.verdict == "pending"
    assert "1 đảng viên chưa có xếp loại — cần nhập xếp loại: Đảng viên 3 (số thẻ 003)" in result.explanation


def test_it_passes_a_share_already_certain_whatever_the_missing_ratings():
    # 5 of 10 are HTTNV: even if the 5 missing ratings are all HTNV, 5/10 reaches 50 %.
    result = check(cell(members(*["good"] * 5, *[None] * 5)), "1.4.b")
    assert result.verdict == "pass"
    assert "đã đạt dù 5 đảng viên chưa có xếp loại" in result.explanation
    assert check(cell(members(*["good"] * 4, "complete", *[None] * 5)), "1.4.b").verdict == "pending"


def test_it_asks_for_review_when_no_member_is_rated():
    result = check(cell(members("not_rated")), "1.4.a")
    assert result.explanation.startswith("Chưa có đảng viên nào được xếp loại — cần xem xét.")


@pytest.mark.parametrize("flag", ["exempt", "suspended"])
def test_it_counts_exempt_and_suspended_members_as_not_rated(flag):
    people = (
        RatedMember("001", "Đảng viên 1", Rating("good", final=True)),
        RatedMember("002", "Đảng viên 2", Rating("incomplete", final=True), **{flag: True}),
        RatedMember("003", "Đảng viên 3", None, **{flag: True}),
    )
    result = check(cell(people), "1.4.a")
    assert (result.verdict, result.measured) == ("pass", "1/1")
    assert "Không tính 2 đảng viên không xếp loại" in result.explanation


def test_it_uses_the_proposed_rating_until_it_is_final_and_says_so():
    proposed = check(cell(members("good", "complete", final=False)), "1.4.b")
    assert proposed.verdict == "pass"
    assert "theo mức đề xuất, chưa chính thức" in proposed.explanation
    final = check(cell(members("good", "complete", final=True)), "1.4.b")
    assert "đề xuất" not in final.explanation


# -- grassroots 1.3.a / 1.3.b: subordinate organisations -------------------------------------------------


def subs(*levels: str | None) -> tuple[RatedOrganization, ...]:
    return tuple(
        RatedOrganization(
            code=f"CB{i:02d}",
            name=f"Chi bộ {i}",
            rating=None if level is None else Rating(level, final=True),
        )
        for i, level in enumerate(levels, 1)
    )


@pytest.mark.parametrize(
    ("levels", "code", "verdict"),
    [
        (("good", "good", "complete", "complete"), "1.3.b", "pass"),  # 2/4 = 50 %
        (("good", "complete", "complete"), "1.3.b", "fail"),  # 1/3
        (("good", "complete", "complete", "not_rated"), "1.3.b", "fail"),  # 1/3, the young one left out
        (("good", "complete", "not_rated"), "1.3.b", "pass"),  # 1/2
        (("good", "complete"), "1.3.a", "pass"),
        (("good", "incomplete"), "1.3.a", "fail"),
        (("good", None), "1.3.a", "pending"),
        (("not_rated",), "1.3.a", "pending"),
        ((), "1.3.b", "pending"),
    ],
)
def test_it_requires_a_share_of_subordinate_organisations_at_a_level(levels, code, verdict):
    assert check(committee(subs(*levels)), code).verdict == verdict


def test_it_names_the_subordinate_organisation_below_the_level():
    result = check(committee(subs("good", "incomplete")), "1.3.a")
    assert "Chi bộ 2 (CB02) — Không hoàn thành nhiệm vụ" in result.explanation
    empty = check(committee(subs("not_rated")), "1.3.a")
    assert empty.explanation.startswith("Chưa có tổ chức đảng trực thuộc nào được xếp loại — cần xem xét.")


# -- no discipline: cell 1.4.c, grassroots 1.4.a, member 2.3.a -------------------------------------------


def discipline(day: date, card_no: str = "001") -> Discipline:
    return Discipline(card_no=card_no, full_name="Trần Thị B", decided_on=day, form="reprimand")


def member(**facts) -> MemberSnapshot:
    return MemberSnapshot(card_no="001", full_name="Trần Thị B", organization_code="CB01", **facts)


@pytest.mark.parametrize(
    ("snapshot", "code"),
    [
        (cell(disciplines=(discipline(date(2024, 4, 2)),)), "1.4.c"),
        (committee(disciplines=(discipline(date(2024, 4, 2)),)), "1.4.a"),
        (member(disciplines=(discipline(date(2024, 4, 2)),)), "2.3.a"),
    ],
)
def test_it_fails_on_a_discipline_in_the_year(snapshot, code):
    result = check(snapshot, code)
    assert (result.verdict, result.measured, result.required) == ("fail", 1, 0)
    assert "Khiển trách ngày 02/04/2024" in result.explanation
    assert result.evidence == ("discipline:001:2024-04-02",)


def test_it_names_the_disciplined_member_of_a_cell():
    result = check(cell(disciplines=(discipline(date(2024, 4, 2)),)), "1.4.c")
    assert result.explanation == (
        "Có 1 lượt đảng viên của chi bộ bị kỷ luật trong năm 2024: "
        "Trần Thị B (số thẻ 001): Khiển trách ngày 02/04/2024."
    )


@pytest.mark.parametrize(
    ("day", "as_of", "verdict"),
    [
        (date(2023, 12, 20), date(2024, 12, 31), "pass"),  # last year
        (date(2024, 12, 20), date(2024, 12, 31), "fail"),  # after the cut-off but in the year
        (date(2024, 8, 1), date(2024, 6, 30), "pass"),  # not yet, as of 30/06
    ],
)
def test_it_counts_discipline_over_the_year_as_of_a_date(day, as_of, verdict):
    at = Period(year=2024, cutoff=date(2024, 11, 30), as_of=as_of)
    assert check(member(disciplines=(discipline(day),)), "2.3.a", at).verdict == verdict


def test_it_passes_no_discipline_as_of_a_date():
    at = Period(year=2024, cutoff=date(2024, 11, 30), as_of=date(2024, 6, 30))
    result = check(member(), "2.3.a", at)
    assert result.explanation == "Không bị kỷ luật trong năm 2024 tính đến ngày 30/06/2024."
    assert check(member(), "2.3.a").explanation == "Không bị kỷ luật trong năm 2024."  # the year is over


# -- member 2.2.a workplace rating, 2.4.a residence comment ---------------------------------------------


@pytest.mark.parametrize(
    ("civil_servant", "rating", "verdict"),
    [
        (False, None, "not_applicable"),
        (False, "complete", "not_applicable"),
        (True, None, "pending"),
        (True, "excellent", "pass"),
        (True, "good", "fail"),
        (True, "not_rated", "fail"),
    ],
)
def test_it_requires_a_civil_servant_to_be_rated_excellent_at_work(civil_servant, rating, verdict):
    result = check(member(civil_servant=civil_servant, workplace_rating=rating), "2.2.a")
    assert result.verdict == verdict


def test_it_explains_the_workplace_rating():
    result = check(member(civil_servant=True, workplace_rating="good"), "2.2.a")
    assert result.explanation == (
        "Xếp loại năm 2024 ở cơ quan, đơn vị: Hoàn thành tốt nhiệm vụ (yêu cầu Hoàn thành xuất sắc nhiệm vụ)."
    )


@pytest.mark.parametrize(
    ("comment", "verdict"),
    [(None, "pending"), ("positive", "pass"), ("excused", "pass"), ("negative", "fail")],
)
def test_it_requires_a_positive_or_excused_residence_comment(comment, verdict):
    assert check(member(civil_servant=True, residence_comment=comment), "2.4.a").verdict == verdict


@pytest.mark.parametrize("comment", [None, "negative"])
def test_it_does_not_ask_a_residence_comment_of_a_member_who_is_not_working_at_an_agency(comment):
    result = check(member(civil_servant=False, residence_comment=comment), "2.4.a")
    assert result.verdict == "not_applicable"
    assert "Quy định 213" in result.explanation
