"""Acceptance journey of issue 7 in real chromium, every step through the pages and their Vietnamese labels:
member_a self-assesses on a 360 px phone and submits; the secretary of cell A returns it with a reason; the
member reads the reason, corrects an explanation and resubmits (round 1 stays readable); the secretary
concludes with the proposal to recognise; the standing committee of DU issues one decision for member_a and
another member of cell A (prepared through the services); member_a then sees "Đã công nhận", the number and
a notification on the phone."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from bontot.assessments import services_appraisal, services_self
from bontot.assessments.models import Assessment, AssessmentStatus, Proposal
from bontot.assessments.services import register_subject
from bontot.core.testing.browser import follow_menu
from bontot.core.testing.world import PASSWORD, YEAR
from bontot.criteria.models import EvaluationYear
from bontot.criteria.verdicts import refresh_verdicts
from bontot.decisions.models import Decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 360, "height": 740}
DESK: ViewportSize = {"width": 1280, "height": 800}
NUMBER = "15-QĐ/ĐU"
ISSUED = "05/01/2025"
RETURN_REASON = "Giải trình chỉ báo 2.2.j1 chưa nêu kết quả cụ thể"
CORRECTED = "Hoàn thành 12/12 nhiệm vụ được giao đúng tiến độ"


def declare_year() -> None:
    EvaluationYear.objects.create(
        year=YEAR,
        criteria_set="kh-63-ku-2023",
        registration_deadline=datetime.date(YEAR, 1, 20),
        cutoff=datetime.date(YEAR, 11, 30),
    )


def judgement_codes(assessment: Assessment) -> list[str]:
    criteria = services_self.criteria_of(assessment.year)
    return [i.code for i in services_self.judgement_indicators(criteria, "member")]


def appraised_by_the_secretary(world: Any, key: str) -> Assessment:
    """Another member of cell A, self-assessed by the secretary on their behalf, then appraised (recognise)."""
    secretary = world.users["secretary_a"]
    assessment = services_self.start_assessment(YEAR, member=world.members[key], actor=secretary)
    answers = {code: {"verdict": "pass", "explanation": f"Căn cứ {code}"} for code in judgement_codes(assessment)}
    assessment = services_self.save_answers(
        assessment, answers=answers, summary="Hoàn thành tốt nhiệm vụ.", version=assessment.version, actor=secretary
    )
    assessment = services_self.submit_assessment(assessment, version=assessment.version, actor=secretary)
    return services_appraisal.conclude_appraisal(
        assessment,
        proposal=Proposal.RECOGNISE,
        comment="Đủ điều kiện",
        opinions={},
        overrides={},
        version=assessment.version,
        actor=secretary,
    )


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def opens_on_the_year(page: Page, label: str = "Năm") -> None:
    """The workflow's pages open on the year under review (the latest with assessments), not this calendar
    year: nobody has to type the year."""
    expect(page.get_by_label(label, exact=True)).to_have_value(str(YEAR))


def indicator(page: Page, code: str) -> Any:
    """The fieldset of one judgement indicator on the self-assessment form (named by its legend)."""
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(code)} "))


def assert_fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_yearly_workflow_from_self_assessment_to_recognition(live_server, page: Page, world):
    base = live_server.url
    declare_year()
    for key in ("member_a", "other_a"):
        register_subject(
            YEAR, member=world.members[key], actor=world.users["secretary_a"], on=datetime.date(YEAR, 1, 5)
        )
    refresh_verdicts(YEAR)
    appraised_by_the_secretary(world, "other_a")

    # 1. member_a self-assesses on a phone and submits (round 1).
    page.set_viewport_size(PHONE)
    log_in(page, base, "member_a")
    follow_menu(page, "Tự đánh giá")
    opens_on_the_year(page)
    expect(page.get_by_role("heading", name=f"Tự đánh giá “Đảng viên bốn tốt” năm {YEAR}")).to_be_visible()
    assert_fits_the_phone(page)
    page.get_by_role("button", name="Bắt đầu tự đánh giá").click()
    expect(page.get_by_role("heading", name=f"Tự đánh giá năm {YEAR}: Nguyễn Văn An")).to_be_visible()
    assessment = Assessment.objects.get(member=world.members["member_a"])
    codes = judgement_codes(assessment)
    assert len(codes) == 11
    for code in codes:
        group = indicator(page, code)
        group.get_by_label("Đạt", exact=True).check()
        group.get_by_label("Giải trình (căn cứ tự đánh giá, bắt buộc khi nộp)").fill(f"Tự nhận {code}")
    assert_fits_the_phone(page)
    page.get_by_role("button", name="Lưu và nộp…").click()
    expect(page.locator("main")).to_contain_text("Kiểm tra lại rồi xác nhận nộp")
    assert_fits_the_phone(page)
    page.get_by_role("button", name="Xác nhận nộp").click()
    expect(page.locator("main")).to_contain_text("Đã nộp bản tự đánh giá (lần 1)")
    assert_fits_the_phone(page)

    # 2. The secretary of cell A opens the queue and returns it with a reason.
    page.set_viewport_size(DESK)
    log_in(page, base, "secretary_a")
    follow_menu(page, "Thẩm định")
    opens_on_the_year(page)
    row = page.get_by_role("row").filter(has_text="Nguyễn Văn An")
    row.get_by_role("link", name="Thẩm định Nguyễn Văn An").click()
    expect(page.get_by_role("heading", name="Thẩm định bản tự đánh giá")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Tự nhận 2.2.j1")
    page.get_by_label("Lý do trả lại").fill(RETURN_REASON)
    page.get_by_role("button", name="Trả lại để bổ sung").click()
    expect(page.locator("main")).to_contain_text("Đã trả lại bản tự đánh giá để bổ sung, chỉnh sửa.")

    # 3. member_a reads the reason, corrects the explanation and resubmits (round 2); round 1 stays readable.
    page.set_viewport_size(PHONE)
    log_in(page, base, "member_a")
    follow_menu(page, "Tự đánh giá")
    opens_on_the_year(page)
    expect(page.locator("main")).to_contain_text(RETURN_REASON)  # shown where the member lands
    expect(page.get_by_role("link", name="Sửa và nộp lại")).to_be_visible()
    page.get_by_role("link", name="Xem bản tự đánh giá").click()
    expect(page.locator("main")).to_contain_text(f"Lý do trả lại (lần nộp 1): {RETURN_REASON}")
    assert_fits_the_phone(page)
    page.get_by_role("link", name="Sửa và nộp lại").click()
    expect(page.locator("main")).to_contain_text(RETURN_REASON)
    explanation = indicator(page, "2.2.j1").get_by_label("Giải trình (căn cứ tự đánh giá, bắt buộc khi nộp)")
    expect(explanation).to_have_value("Tự nhận 2.2.j1")
    explanation.fill(CORRECTED)
    page.get_by_role("button", name="Lưu và nộp…").click()
    expect(page.locator("main")).to_contain_text(CORRECTED)
    page.get_by_role("button", name="Xác nhận nộp").click()
    expect(page.locator("main")).to_contain_text("Đã nộp bản tự đánh giá (lần 2)")
    assert_fits_the_phone(page)
    page.get_by_role("link", name="Lần 1", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("lần nộp 1$"))).to_be_visible()
    expect(page.locator("main")).to_contain_text(RETURN_REASON)
    expect(page.locator("main")).to_contain_text("Tự nhận 2.2.j1")  # the first round's answer, kept
    assert_fits_the_phone(page)

    # 4. The secretary appraises round 2 and concludes with the proposal to recognise.
    page.set_viewport_size(DESK)
    log_in(page, base, "secretary_a")
    follow_menu(page, "Thẩm định")
    opens_on_the_year(page)
    page.get_by_role("link", name="Thẩm định Nguyễn Văn An").click()
    expect(page.get_by_role("navigation", name="Các lần nộp")).to_contain_text("lần 1")
    expect(page.locator("main")).to_contain_text(CORRECTED)
    page.get_by_label("Đề nghị công nhận", exact=True).check()
    page.get_by_label("Nhận xét của cấp thẩm định").fill("Đã bổ sung đầy đủ, đủ điều kiện công nhận")
    page.get_by_role("button", name="Kết luận thẩm định").click()
    expect(page.locator("main")).to_contain_text("Đã kết luận thẩm định.")

    # 5. The standing committee of DU issues one decision for both appraised members.
    log_in(page, base, "standing")
    follow_menu(page, "Quyết định công nhận")
    opens_on_the_year(page, "Năm đánh giá")
    page.get_by_role("link", name="Ban hành quyết định").click()
    expect(page.get_by_role("heading", name=f"Ban hành quyết định công nhận “bốn tốt” năm {YEAR}")).to_be_visible()
    page.get_by_label("Chọn Nguyễn Văn An").check()
    page.get_by_label("Chọn Trần Thị Ánh").check()
    page.get_by_label("Số quyết định").fill(NUMBER)
    page.get_by_label("Ngày ban hành").fill(ISSUED)
    page.get_by_label("Địa danh").fill("Tam Thăng")
    page.get_by_role("textbox", name="Người ký", exact=True).fill("Nguyễn Văn Bí")
    page.get_by_label("Chức vụ người ký").fill("Bí thư")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.get_by_role("article", name="Nội dung quyết định")
    expect(preview).to_contain_text("Tam Thăng, ngày 05 tháng 01 năm 2025")
    expect(preview).to_contain_text("Nguyễn Văn An")
    expect(preview).to_contain_text("Trần Thị Ánh")
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.get_by_role("heading", name=f"Quyết định số {NUMBER} ngày {ISSUED}")).to_be_visible()
    document = page.get_by_role("article", name="Nội dung quyết định")
    expect(document).to_contain_text("Nguyễn Văn An")
    expect(document).to_contain_text("Trần Thị Ánh")
    expect(document).to_contain_text("Nguyễn Văn Bí")

    # 6. member_a sees the recognition on the home page and the notification behind the bell, on the phone.
    page.set_viewport_size(PHONE)
    log_in(page, base, "member_a")
    recognition = page.locator("section[aria-labelledby=recognition-heading]")
    expect(recognition).to_contain_text("Đã công nhận")
    expect(recognition).to_contain_text(f"Quyết định số {NUMBER} ngày {ISSUED}")
    assert_fits_the_phone(page)
    page.get_by_role("link", name=re.compile(r"^Thông báo: [1-9]\d* chưa đọc$")).click()
    expect(page.get_by_role("heading", name="Thông báo")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Đã được công nhận “Đảng viên bốn tốt” năm {YEAR}")
    assert_fits_the_phone(page)

    decision = Decision.objects.get()
    assert decision.number == NUMBER
    assert sorted(e.name for e in decision.entries.all()) == ["Nguyễn Văn An", "Trần Thị Ánh"]
    statuses = Assessment.objects.values_list("status", flat=True)
    assert set(statuses) == {AssessmentStatus.RECOGNISED}
    assert Assessment.objects.get(member=world.members["member_a"]).round == 2
    page.wait_for_load_state("networkidle")
