"""Rating shares, discipline and member checks of the shipped set, at their boundaries. No database."""

from datetime import date

import pytest

from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.engine.evaluate import IndicatorResult, evaluate_indicator
from bontot.criteria.engine.params import check_params
from bontot.criteria.engine.ratio import Ratio
from bontot.criteria.engine.rules import get_rule
from bontot.criteria.engine.rules_people import share_passes
from bontot.criteria.engine.snapshot import (
    Discipline,
    MemberSnapshot,
    OrganizationSnapshot,
    Period,
    RatedMember,
    RatedOrganization,
    Rating,
    Span,
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


FROM_50 = Ratio(50, 100)  # "từ 50% trở lên"
OVER_50 = Ratio(50, 100, strict=True)  # "trên 50%"
TWO_THIRDS = Ratio(2, 3, percent=False)  # "ít nhất 2/3"
OVER_TWO_THIRDS = Ratio(2, 3, strict=True, percent=False)  # "trên 2/3"


@pytest.mark.parametrize(
    ("good", "rated", "ratio", "passes"),
    [
        (5, 10, FROM_50, True),
        (4, 9, FROM_50, False),
        (5, 10, OVER_50, False),
        (6, 10, OVER_50, True),
        (2, 3, TWO_THIRDS, True),
        (6, 9, TWO_THIRDS, True),
        (5, 8, TWO_THIRDS, False),
        (2, 3, OVER_TWO_THIRDS, False),
        (3, 4, OVER_TWO_THIRDS, True),
        (2, 3, Ratio(67, 100), False),  # why "ít nhất 2/3" is a fraction, not 67%
        (10, 10, Ratio(100, 100), True),
        (9, 10, Ratio(100, 100), False),
        (1, 3, Ratio(33, 100), True),
    ],
)
def test_it_compares_shares_as_integers(good, rated, ratio, passes):
    assert share_passes(good, rated, ratio) is passes


@pytest.mark.parametrize(
    ("ratio", "phrase", "short"),
    [
        (FROM_50, "từ 50% trở lên", "≥ 50%"),
        (OVER_50, "trên 50%", "> 50%"),
        (TWO_THIRDS, "ít nhất 2/3", "≥ 2/3"),
        (OVER_TWO_THIRDS, "trên 2/3", "> 2/3"),
        (Ratio(100, 100), "100%", "≥ 100%"),
    ],
)
def test_it_words_a_ratio_as_the_plan_writes_it(ratio, phrase, short):
    assert (ratio.phrase(), ratio.short()) == (phrase, short)


def share(levels, **params):
    rule = get_rule("member_rating_share")
    checked, errors = check_params(rule.params, {"min_level": "good", **params}, "params")
    assert errors == []
    return rule(cell(members(*levels)), checked, PERIOD)


@pytest.mark.parametrize(
    ("levels", "params", "verdict", "required", "words"),
    [
        (["good"] * 2 + ["complete"], {"fraction": "2/3"}, "pass", "≥ 2/3", "(yêu cầu ít nhất 2/3)"),
        (["good"] * 5 + ["complete"] * 4, {"fraction": "2/3"}, "fail", "≥ 2/3", "(yêu cầu ít nhất 2/3)"),
        (["good"] * 5 + ["complete"] * 5, {"percent": 50}, "pass", "≥ 50%", "(50%, yêu cầu từ 50% trở lên)"),
        (["good"] * 5 + ["complete"] * 5, {"percent": 50, "strict": True}, "fail", "> 50%", "yêu cầu trên 50%"),
        (["good"] * 6 + ["complete"] * 4, {"percent": 50, "strict": True}, "pass", "> 50%", "yêu cầu trên 50%"),
        (["good"] * 4 + ["complete"] * 5, {"percent": 50}, "fail", "≥ 50%", "(44%, yêu cầu từ 50% trở lên)"),
    ],
)
def test_it_requires_a_share_in_every_form_of_the_plan(levels, params, verdict, required, words):
    outcome = share(levels, **params)
    assert (outcome.verdict, outcome.required) == (verdict, required)
    assert words in outcome.explanation


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
    assert (
        "Chưa đủ dữ liệu: 1 đảng viên chưa có xếp loại — cần nhập xếp loại: Đảng viên 3 (số thẻ 003)"
        in result.explanation
    )


def test_it_passes_a_share_already_certain_whatever_the_missing_ratings():
    # 5 of 10 are HTTNV: even if the 5 missing ratings are all HTNV, 5/10 reaches 50 %.
    result = check(cell(members(*["good"] * 5, *[None] * 5)), "1.4.b")
    assert result.verdict == "pass"
    assert "đã đạt dù 5 đảng viên chưa có xếp loại" in result.explanation
    assert check(cell(members(*["good"] * 4, "complete", *[None] * 5)), "1.4.b").verdict == "pending"


def test_it_asks_for_review_when_no_member_is_rated():
    result = check(cell(members("not_rated")), "1.4.a")
    assert result.explanation.startswith("Chưa có đảng viên nào được xếp loại — cần xem xét.")


def test_it_counts_the_rating_of_the_year_whatever_the_member_s_status():
    # B was exempt from work and meetings but was rated KHTNV for the year: the rating counts.
    people = (
        RatedMember("001", "Đảng viên 1", Rating("good", final=True)),
        RatedMember("002", "Đảng viên 2", Rating("incomplete", final=True, reason="miễn công tác và sinh hoạt")),
    )
    result = check(cell(people), "1.4.a")
    assert (result.verdict, result.measured) == ("fail", "1/2")
    assert "Không tính" not in result.explanation


def test_it_leaves_out_only_members_not_rated_for_the_year_naming_each_once():
    people = (
        RatedMember("001", "Đảng viên 1", Rating("good", final=True)),
        RatedMember("002", "Đảng viên 2", Rating("not_rated", final=True, reason="đình chỉ sinh hoạt")),
        RatedMember("003", "Đảng viên 3", Rating("not_rated", final=True)),
    )
    result = check(cell(people), "1.4.a")
    assert (result.verdict, result.measured) == ("pass", "1/1")
    assert result.explanation == (
        "1/1 đảng viên được xếp loại Hoàn thành nhiệm vụ trở lên (100%, yêu cầu 100%). "
        "Không tính 2 đảng viên không xếp loại: Đảng viên 2 (số thẻ 002) — đình chỉ sinh hoạt; "
        "Đảng viên 3 (số thẻ 003)."
    )
    assert result.explanation.count("không xếp loại") == 1


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


def test_it_leaves_out_a_subordinate_not_rated_with_its_reason_and_counts_one_rated_with_a_reason():
    young = RatedOrganization("CB01", "Chi bộ 1", Rating("not_rated", final=True, reason="thành lập chưa đủ 6 tháng"))
    noted = RatedOrganization("CB02", "Chi bộ 2", Rating("good", final=True, reason="đề nghị khen thưởng"))
    plain = RatedOrganization("CB03", "Chi bộ 3", Rating("complete", final=True))
    result = check(committee((young, noted, plain)), "1.3.b")
    assert (result.verdict, result.measured) == ("pass", "1/2")
    assert result.evidence == ("org:CB02",)
    assert result.explanation == (
        "1/2 tổ chức đảng trực thuộc được xếp loại Hoàn thành tốt nhiệm vụ trở lên (50%, yêu cầu từ 50% trở lên). "
        "Không tính 1 tổ chức đảng trực thuộc không xếp loại: Chi bộ 1 (CB01) — thành lập chưa đủ 6 tháng."
    )
    assert check(committee((young, plain)), "1.3.b").verdict == "fail"


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


RESIDENCE = (Span(date(2020, 5, 1), None, "Chi bộ khối phố 3"),)


@pytest.mark.parametrize("civil_servant", [True, False])
@pytest.mark.parametrize(
    ("comment", "verdict"),
    [(None, "pending"), ("positive", "pass"), ("excused", "pass"), ("negative", "fail")],
)
def test_it_requires_a_positive_or_excused_residence_comment_of_a_member_with_a_residence_cell(
    civil_servant, comment, verdict
):
    snapshot = member(civil_servant=civil_servant, residence_cells=RESIDENCE, residence_comment=comment)
    assert check(snapshot, "2.4.a").verdict == verdict


def test_it_explains_the_residence_comment_naming_the_residence_cell():
    negative = check(member(residence_cells=RESIDENCE, residence_comment="negative"), "2.4.a")
    assert negative.explanation == (
        "Nhận xét năm 2024 của chi ủy, chi bộ nơi cư trú (Chi bộ khối phố 3): chưa tốt "
        "(yêu cầu tốt hoặc được miễn nhận xét)."
    )
    missing = check(member(residence_cells=RESIDENCE), "2.4.a")
    assert missing.explanation == (
        "Chưa đủ dữ liệu: chưa có nhận xét năm 2024 của chi ủy, chi bộ nơi cư trú (Chi bộ khối phố 3) "
        "— cần nhập để xét."
    )


@pytest.mark.parametrize("civil_servant", [True, False])
@pytest.mark.parametrize("comment", [None, "negative"])
def test_it_does_not_ask_a_residence_comment_of_a_member_without_a_residence_cell(civil_servant, comment):
    result = check(member(civil_servant=civil_servant, residence_comment=comment), "2.4.a")
    assert result.verdict == "not_applicable"
    assert "Quy định 213" in result.explanation


@pytest.mark.parametrize(
    ("span", "as_of", "verdict"),
    [
        (Span(date(2023, 1, 1), date(2023, 12, 31)), date(2024, 12, 31), "not_applicable"),  # ended last year
        (Span(date(2023, 1, 1), date(2024, 1, 1)), date(2024, 12, 31), "fail"),  # one day in the year
        (Span(date(2024, 12, 31)), date(2024, 12, 31), "fail"),  # from the last day
        (Span(date(2024, 9, 1)), date(2024, 6, 30), "not_applicable"),  # not yet, as of 30/06
        (Span(date(2025, 1, 1)), date(2025, 3, 1), "not_applicable"),  # after the year
    ],
)
def test_it_looks_for_a_residence_cell_in_the_year_up_to_as_of(span, as_of, verdict):
    at = Period(year=2024, cutoff=date(2024, 11, 30), as_of=as_of)
    snapshot = member(residence_cells=(span,), residence_comment="negative")
    assert check(snapshot, "2.4.a", at).verdict == verdict


# -- member 2.3.b: suspension from party activity -------------------------------------------------------


@pytest.mark.parametrize(
    ("spans", "as_of", "verdict"),
    [
        ((), date(2024, 12, 31), "pass"),
        ((Span(date(2024, 3, 1), date(2024, 6, 30)),), date(2024, 12, 31), "fail"),
        ((Span(date(2023, 10, 1), date(2024, 1, 1)),), date(2024, 12, 31), "fail"),  # ends on 1 January
        ((Span(date(2023, 10, 1), date(2023, 12, 31)),), date(2024, 12, 31), "pass"),  # over before the year
        ((Span(date(2024, 12, 31)),), date(2024, 12, 31), "fail"),  # from the last day, still running
        ((Span(date(2024, 8, 1), date(2024, 9, 30)),), date(2024, 6, 30), "pass"),  # not yet, as of 30/06
        ((Span(date(2024, 6, 30), date(2024, 9, 30)),), date(2024, 6, 30), "fail"),  # begins on as_of
    ],
)
def test_it_fails_a_member_suspended_during_the_year(spans, as_of, verdict):
    at = Period(year=2024, cutoff=date(2024, 11, 30), as_of=as_of)
    assert check(member(suspensions=spans), "2.3.b", at).verdict == verdict


def test_it_names_the_suspension_periods():
    spans = (Span(date(2024, 9, 1), None), Span(date(2024, 2, 1), date(2024, 4, 30), "Quyết định 05-QĐ/ĐU"))
    result = check(member(suspensions=spans), "2.3.b")
    assert result.explanation == (
        "Bị đình chỉ sinh hoạt đảng trong năm 2024: 01/02/2024 – 30/04/2024 (Quyết định 05-QĐ/ĐU); "
        "01/09/2024 – chưa kết thúc."
    )
    assert (result.measured, result.required) == (2, 0)
    assert result.evidence == ("suspension:001:2024-02-01", "suspension:001:2024-09-01")


def test_it_does_not_fail_a_member_for_an_exemption():
    exempt = member(exemptions=(Span(date(2024, 1, 1)),))
    result = check(exempt, "2.3.b")
    assert (result.verdict, result.explanation) == ("pass", "Không bị đình chỉ sinh hoạt đảng trong năm 2024.")


def test_it_fails_a_suspended_member_who_has_no_discipline():
    suspended = member(suspensions=(Span(date(2024, 3, 1), date(2024, 5, 31)),))
    assert check(suspended, "2.3.a").verdict == "pass"
    assert check(suspended, "2.3.b").verdict == "fail"
