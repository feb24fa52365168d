"""Organisation rules of the shipped set (1.1, complaints), at their boundaries. No database."""

from datetime import date

import pytest

from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.engine.evaluate import IndicatorResult, evaluate_indicator
from bontot.criteria.engine.snapshot import (
    Admission,
    Complaint,
    LinkedBody,
    OrganizationSnapshot,
    OrgResult,
    Period,
)

CUTOFF = date(2024, 11, 30)


def period(as_of: date = date(2024, 12, 31)) -> Period:
    return Period(year=2024, cutoff=CUTOFF, as_of=as_of)


def cell(**facts) -> OrganizationSnapshot:
    return OrganizationSnapshot(code="CB01", name="Chi bộ thôn 1", kind="cell", valid_from=date(2015, 1, 1), **facts)


def check(snapshot: OrganizationSnapshot, code: str, at: Period | None = None) -> IndicatorResult:
    indicator = get_criteria_set("kh-63-ku-2023").indicator(snapshot.model, code)
    return evaluate_indicator(indicator, snapshot, at or period())


def results(*levels: tuple[str, str]) -> tuple[OrgResult, ...]:
    return tuple(OrgResult(area=area, name=f"{area} {i}", level=level) for i, (area, level) in enumerate(levels))


# -- 1.1.a–c: the organisation's annual result levels ----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "facts", "verdict"),
    [
        ("1.1.a", results(("party_building", "good")), "pass"),
        ("1.1.a", results(("party_building", "excellent")), "pass"),
        ("1.1.a", results(("party_building", "average")), "fail"),
        ("1.1.a", results(("political_task", "good")), "pending"),  # no party-building result
        ("1.1.b", results(("political_task", "good")), "pass"),
        ("1.1.b", results(("political_task", "average")), "fail"),
        ("1.1.b", results(("party_building", "excellent")), "pending"),
        ("1.1.c", results(("other", "average"), ("other", "good")), "pass"),
        ("1.1.c", results(("other", "average"), ("other", "poor")), "fail"),  # every other result counts
        ("1.1.c", results(("party_building", "good")), "pending"),
        ("1.1.c", (), "pending"),
    ],
)
def test_it_requires_result_levels_per_area(code, facts, verdict):
    assert check(cell(org_results=facts), code).verdict == verdict


def test_it_names_the_result_below_the_level():
    facts = (OrgResult("other", "Công tác dân vận", "poor"), OrgResult("other", "Quốc phòng", "good"))
    result = check(cell(org_results=facts), "1.1.c")
    assert result.explanation == "Kết quả các tiêu chí khác chưa đạt Trung bình trở lên: Công tác dân vận: Kém."
    assert (result.measured, result.required) == ("Kém", "Trung bình trở lên")


def test_it_asks_for_a_missing_result():
    result = check(cell(), "1.1.a")
    assert "Chưa có kết quả năm 2024 về công tác xây dựng Đảng, xây dựng hệ thống chính trị" in result.explanation


# -- 1.1.d: linked bodies --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "verdict", "measured"),
    [
        (("complete", "good", "excellent"), "pass", "3/3"),
        (("complete", "incomplete"), "fail", "1/2"),
        (("complete", "not_applicable"), "pass", "1/1"),  # not applicable is ignored
        (("incomplete", "not_applicable"), "fail", "0/1"),
        (("not_applicable",), "not_applicable", None),
        ((), "pending", None),  # nothing recorded
    ],
)
def test_it_requires_every_linked_body_complete_or_better(levels, verdict, measured):
    bodies = tuple(LinkedBody(name=f"Tổ chức {i}", level=level) for i, level in enumerate(levels))
    result = check(cell(linked_bodies=bodies), "1.1.d")
    assert (result.verdict, result.measured) == (verdict, measured)


def test_it_names_the_linked_body_below_the_level_and_the_reason_for_one_not_applicable():
    bodies = (
        LinkedBody("Chi hội Nông dân", "incomplete"),
        LinkedBody("Chính quyền", "not_applicable", reason="thôn không có chính quyền riêng"),
    )
    result = check(cell(linked_bodies=bodies), "1.1.d")
    assert "Chi hội Nông dân: Không hoàn thành nhiệm vụ" in result.explanation
    assert "Chính quyền (Không áp dụng, thôn không có chính quyền riêng)" in result.explanation


# -- 1.1.e: admissions -----------------------------------------------------------------------------------


def admitted(*days: date) -> tuple[Admission, ...]:
    return tuple(Admission(card_no=f"9{i}", full_name=f"Nguyễn Văn {i}", admitted_on=d) for i, d in enumerate(days))


@pytest.mark.parametrize(
    ("target", "days", "as_of", "verdict"),
    [
        (2, (date(2024, 3, 1), date(2024, 9, 2)), date(2024, 12, 31), "pass"),
        (0, (), date(2024, 12, 31), "pass"),
        (2, (date(2024, 3, 1),), date(2024, 12, 31), "fail"),
        (2, (date(2024, 3, 1),), date(2024, 6, 30), "pending"),  # still time before the cut-off
        (2, (date(2024, 3, 1), date(2024, 12, 5)), date(2024, 12, 31), "fail"),  # after the cut-off
        (2, (date(2024, 3, 1), date(2024, 7, 1)), date(2024, 6, 30), "pending"),  # after as_of
        (None, (date(2024, 3, 1),), date(2024, 12, 31), "pending"),  # no target recorded
    ],
)
def test_it_requires_admissions_to_reach_the_target(target, days, as_of, verdict):
    result = check(cell(admission_target=target, admissions=admitted(*days)), "1.1.e", period(as_of))
    assert result.verdict == verdict


def test_it_explains_admissions_with_the_numbers():
    snapshot = cell(admission_target=3, admissions=admitted(date(2024, 3, 1)))
    pending = check(snapshot, "1.1.e", period(date(2024, 6, 30)))
    assert pending.explanation == (
        "Kết nạp 1/3 đảng viên theo chỉ tiêu tính đến ngày 30/06/2024 — còn thiếu 2, còn 5 tháng "
        "(đến 30/11/2024). Đã kết nạp: Nguyễn Văn 0 (số thẻ 90)."
    )
    missing = check(cell(), "1.1.e")
    assert missing.explanation == "Chưa có chỉ tiêu kết nạp đảng viên năm 2024 — cần nhập chỉ tiêu được giao."


# -- 1.1.f and 1.3.a: complaints -------------------------------------------------------------------------


def complaint(day: date, *, internal: bool = False, mass: bool = False, kind: str = "complaint") -> Complaint:
    return Complaint(received_on=day, kind=kind, internal=internal, mass_or_over_level_unresolved=mass)


@pytest.mark.parametrize(
    ("code", "complaints", "verdict"),
    [
        ("1.3.a", (), "pass"),
        ("1.3.a", (complaint(date(2024, 3, 5), internal=True),), "fail"),
        ("1.3.a", (complaint(date(2024, 3, 5), internal=True, kind="denunciation"),), "fail"),
        ("1.3.a", (complaint(date(2024, 3, 5)),), "pass"),  # not internal
        ("1.3.a", (complaint(date(2024, 12, 10), internal=True),), "fail"),  # in the year, after the cut-off
        ("1.3.a", (complaint(date(2023, 12, 10), internal=True),), "pass"),  # last year
        ("1.1.f", (complaint(date(2024, 3, 5), mass=True),), "fail"),
        ("1.1.f", (complaint(date(2024, 3, 5), internal=True),), "pass"),
    ],
)
def test_it_fails_on_a_complaint_with_the_flag(code, complaints, verdict):
    assert check(cell(complaints=complaints), code).verdict == verdict


def test_it_names_the_complaint_and_passes_as_of_a_date_before_it():
    snapshot = cell(complaints=(complaint(date(2024, 8, 5), internal=True, kind="denunciation"),))
    failed = check(snapshot, "1.3.a")
    assert failed.explanation == "Có 1 đơn thư khiếu nại, tố cáo trong nội bộ: tố cáo nhận ngày 05/08/2024."
    before = check(snapshot, "1.3.a", period(date(2024, 6, 30)))
    assert before.verdict == "pass"
    assert before.explanation == "Không có đơn thư khiếu nại, tố cáo trong nội bộ tính đến ngày 30/06/2024."


def test_it_fails_on_an_unresolved_mass_complaint_left_over_from_last_year():
    leftover = Complaint(date(2023, 12, 1), "complaint", internal=False, mass_or_over_level_unresolved=True)
    old_internal = Complaint(date(2023, 12, 1), "denunciation", internal=True, mass_or_over_level_unresolved=False)
    snapshot = cell(complaints=(leftover, old_internal))
    backlog = check(snapshot, "1.1.f")
    assert backlog.verdict == "fail"
    assert "01/12/2023" in backlog.explanation
    # An internal letter of an earlier year does not count against this year's 1.3.a.
    assert check(snapshot, "1.3.a").verdict == "pass"
