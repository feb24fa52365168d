"""Organisation rules of the shipped set (1.1, complaints), at their boundaries. No database."""

from datetime import date

import pytest

from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.engine.evaluate import IndicatorResult, evaluate_indicator
from bontot.criteria.engine.params import check_params
from bontot.criteria.engine.rules import get_rule
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
    assert result.explanation.startswith(
        "Chưa đủ dữ liệu: chưa có kết quả năm 2024 về công tác xây dựng Đảng, xây dựng hệ thống chính trị"
    )


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
        (2, (date(2024, 3, 1),), date(2024, 6, 30), "pending"),  # still time before 31/12
        (2, (date(2024, 3, 1),), date(2024, 12, 30), "pending"),  # one day left
        (2, (date(2024, 3, 1), date(2024, 12, 5)), date(2024, 12, 31), "pass"),  # after the cut-off, in the year
        (2, (date(2024, 3, 1), date(2024, 7, 1)), date(2024, 6, 30), "pending"),  # after as_of
        (2, (date(2023, 12, 30), date(2024, 3, 1)), date(2024, 12, 31), "fail"),  # last year's does not count
        (2, (date(2024, 1, 1), date(2024, 12, 31)), date(2024, 12, 31), "pass"),  # the first and last days
        (None, (date(2024, 3, 1),), date(2024, 12, 31), "pending"),  # no target recorded
    ],
)
def test_it_requires_the_admissions_of_the_calendar_year_to_reach_the_target(target, days, as_of, verdict):
    result = check(cell(admission_target=target, admissions=admitted(*days)), "1.1.e", period(as_of))
    assert result.verdict == verdict


def test_it_counts_an_admission_in_december_against_the_yearly_target():
    snapshot = cell(admission_target=1, admissions=admitted(date(2024, 12, 10)))
    result = check(snapshot, "1.1.e")
    assert (result.verdict, result.measured, result.required) == ("pass", 1, 1)
    assert (
        result.explanation == "Kết nạp 1 đảng viên, chỉ tiêu 1. Đã kết nạp: Nguyễn Văn 0 (số thẻ 90) ngày 10/12/2024."
    )
    assert result.evidence == ("member:90",)


def test_it_explains_admissions_with_the_numbers():
    snapshot = cell(admission_target=3, admissions=admitted(date(2024, 3, 1)))
    pending = check(snapshot, "1.1.e", period(date(2024, 12, 10)))
    assert pending.explanation == (
        "Kết nạp 1/3 đảng viên theo chỉ tiêu tính đến ngày 10/12/2024 — còn thiếu 2. "
        "Chưa kết thúc kỳ đánh giá: còn 21 ngày (đến 31/12/2024). "
        "Đã kết nạp: Nguyễn Văn 0 (số thẻ 90) ngày 01/03/2024."
    )
    none = check(cell(admission_target=1), "1.1.e")
    assert none.explanation == (
        "Kết nạp 0/1 đảng viên theo chỉ tiêu — còn thiếu 1. "
        "Không có đảng viên nào được kết nạp từ 01/01/2024 đến 31/12/2024."
    )
    missing = check(cell(), "1.1.e")
    assert missing.explanation == (
        "Chưa đủ dữ liệu: chưa có chỉ tiêu kết nạp đảng viên năm 2024 — cần nhập chỉ tiêu được giao. "
        "Không có đảng viên nào được kết nạp từ 01/01/2024 đến 31/12/2024."
    )


def test_it_names_an_admission_of_the_year_before_the_organisation_began():
    snapshot = OrganizationSnapshot(
        code="CB09",
        name="Chi bộ khối phố 9",
        kind="cell",
        valid_from=date(2024, 5, 1),
        admission_target=1,
        admissions=admitted(date(2024, 3, 1), date(2024, 5, 1)),
    )
    result = check(snapshot, "1.1.e")
    assert (result.verdict, result.measured) == ("pass", 1)
    assert result.explanation == (
        "Kết nạp 1 đảng viên, chỉ tiêu 1. Đã kết nạp: Nguyễn Văn 1 (số thẻ 91) ngày 01/05/2024. "
        "Không tính (kết nạp trước ngày 01/05/2024, khi Chi bộ khối phố 9 chưa thành lập): "
        "Nguyễn Văn 0 (số thẻ 90) ngày 01/03/2024."
    )


def test_it_does_not_name_an_admission_of_an_earlier_year():
    snapshot = cell(admission_target=2, admissions=admitted(date(2023, 12, 30), date(2024, 3, 1)))
    result = check(snapshot, "1.1.e")
    assert result.explanation == (
        "Kết nạp 1/2 đảng viên theo chỉ tiêu — còn thiếu 1. Đã kết nạp: Nguyễn Văn 1 (số thẻ 91) ngày 01/03/2024."
    )


def test_it_names_an_admission_after_a_window_ending_at_the_cut_off():
    rule = get_rule("admissions_target")
    params, errors = check_params(rule.params, {"window": "default"}, "params")
    assert errors == []
    outcome = rule(cell(admission_target=1, admissions=admitted(date(2024, 12, 5))), params, period())
    assert outcome.verdict == "fail"
    assert "Không tính (kết nạp sau ngày 30/11/2024): Nguyễn Văn 0 (số thẻ 90) ngày 05/12/2024." in outcome.explanation
    on_cutoff = rule(cell(admission_target=1, admissions=admitted(CUTOFF)), params, period())
    assert on_cutoff.explanation == (
        "Kết nạp 1 đảng viên, chỉ tiêu 1. Đã kết nạp: Nguyễn Văn 0 (số thẻ 90) ngày 30/11/2024."
    )


# -- 1.1.f and 1.3.a: complaints -------------------------------------------------------------------------


def complaint(
    day: date, *, internal: bool = False, mass: bool = False, kind: str = "complaint", resolved: date | None = None
) -> Complaint:
    return Complaint(received_on=day, kind=kind, internal=internal, mass_or_over_level=mass, resolved_on=resolved)


@pytest.mark.parametrize(
    ("code", "complaints", "verdict"),
    [
        ("1.3.a", (), "pass"),
        ("1.3.a", (complaint(date(2024, 3, 5), internal=True),), "fail"),
        ("1.3.a", (complaint(date(2024, 3, 5), internal=True, kind="denunciation"),), "fail"),
        ("1.3.a", (complaint(date(2024, 3, 5)),), "pass"),  # not internal
        ("1.3.a", (complaint(date(2024, 12, 10), internal=True),), "fail"),  # in the year, after the cut-off
        ("1.3.a", (complaint(date(2023, 12, 10), internal=True),), "pass"),  # last year
        ("1.3.a", (complaint(date(2024, 1, 1), internal=True),), "fail"),  # the first day of the year
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
    leftover = Complaint(date(2023, 12, 1), "complaint", internal=False, mass_or_over_level=True)
    old_internal = Complaint(date(2023, 12, 1), "denunciation", internal=True, mass_or_over_level=False)
    snapshot = cell(complaints=(leftover, old_internal))
    backlog = check(snapshot, "1.1.f")
    assert backlog.verdict == "fail"
    assert "01/12/2023" in backlog.explanation
    # An internal letter of an earlier year does not count against this year's 1.3.a.
    assert check(snapshot, "1.3.a").verdict == "pass"


@pytest.mark.parametrize(
    ("received", "resolved", "as_of", "verdict"),
    [
        # Resolved on 10/03/2025: unresolved on 31/12/2024, the last day of the 2024 window, as of either date.
        (date(2024, 3, 5), date(2025, 3, 10), date(2024, 12, 31), "fail"),
        (date(2024, 3, 5), date(2025, 3, 10), date(2025, 12, 31), "fail"),
        (date(2024, 3, 5), date(2024, 12, 10), date(2024, 12, 31), "pass"),  # resolved inside the year
        (date(2024, 3, 5), date(2024, 12, 31), date(2024, 12, 31), "pass"),  # resolved on the reference day
        (date(2024, 3, 5), date(2024, 12, 10), date(2024, 12, 1), "fail"),  # not yet resolved on 01/12
        (date(2024, 3, 5), None, date(2024, 12, 31), "fail"),
        (date(2023, 10, 1), None, date(2024, 12, 31), "fail"),  # an earlier year's letter still open
        (date(2023, 10, 1), date(2024, 2, 1), date(2024, 12, 31), "pass"),  # resolved during the year
        (date(2024, 8, 5), None, date(2024, 6, 30), "pass"),  # not received yet on as_of
        (date(2024, 12, 31), None, date(2024, 12, 31), "fail"),  # received on the reference day
    ],
)
def test_it_counts_a_mass_complaint_unresolved_on_the_reference_day(received, resolved, as_of, verdict):
    snapshot = cell(complaints=(complaint(received, mass=True, resolved=resolved),))
    assert check(snapshot, "1.1.f", period(as_of)).verdict == verdict


def test_it_names_the_reference_day_and_the_later_resolution():
    snapshot = cell(complaints=(complaint(date(2024, 3, 5), mass=True, resolved=date(2025, 3, 10)),))
    later = check(snapshot, "1.1.f", period(date(2025, 12, 31)))
    assert later.explanation == (
        "Có 1 đơn thư khiếu nại, tố cáo phức tạp, đông người, vượt cấp chưa được giải quyết tại ngày 31/12/2024: "
        "khiếu nại nhận ngày 05/03/2024, giải quyết ngày 10/03/2025."
    )
    on_the_day = check(snapshot, "1.1.f", period(date(2025, 3, 10)))
    assert on_the_day.explanation.endswith("khiếu nại nhận ngày 05/03/2024, giải quyết ngày 10/03/2025.")
    # As of 31/12/2024 the resolution of 2025 is not known yet.
    assert check(snapshot, "1.1.f").explanation.endswith("khiếu nại nhận ngày 05/03/2024, chưa giải quyết.")
    settled = cell(complaints=(complaint(date(2024, 3, 5), mass=True, resolved=date(2024, 12, 10)),))
    assert check(settled, "1.1.f").explanation == (
        "Không có đơn thư khiếu nại, tố cáo phức tạp, đông người, vượt cấp chưa được giải quyết tại ngày 31/12/2024. "
        "Đã giải quyết trước ngày đó: khiếu nại nhận ngày 05/03/2024, giải quyết ngày 10/12/2024."
    )


def test_it_does_not_count_a_resolved_internal_letter_as_cleared():
    # Internal letters count when received in the year, resolved or not.
    snapshot = cell(complaints=(complaint(date(2024, 3, 5), internal=True, resolved=date(2024, 3, 20)),))
    assert check(snapshot, "1.3.a").verdict == "fail"
