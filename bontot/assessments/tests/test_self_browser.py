"""Browser journey in real chromium, on a 360 px phone: a member self-assesses with an evidence file, saves the
draft, submits after the confirmation, and the secretary of the cell is told."""

import pytest
from playwright.sync_api import Page, expect

from bontot.assessments.models import Assessment, AssessmentStatus, Evidence
from bontot.core.testing.world import PASSWORD
from bontot.notifications.models import Notification

from .self_files import PDF
from .self_helpers import declare, judgement_codes, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_self_assesses_and_submits_on_a_phone(live_server, page: Page, world, tmp_path):
    declare()
    register(member=world.members["member_a"])
    evidence = tmp_path / "Biên bản.pdf"
    evidence.write_bytes(PDF)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill("member_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"{live_server.url}/danh-gia/tu-danh-gia/?year=2024")
    page.get_by_role("button", name="Bắt đầu tự đánh giá").click()
    expect(page.get_by_role("heading", name="Tự đánh giá năm 2024: Nguyễn Văn An")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Không bị kỷ luật trong năm 2024.")  # the engine's, read-only
    codes = judgement_codes("member")
    first = codes[0]
    page.locator(f"#v-{first.replace('.', '-')}-pass").check()
    page.get_by_label("Giải trình (căn cứ tự đánh giá, bắt buộc khi nộp)").first.fill("Có sáng kiến")
    page.locator(f"#f-{first.replace('.', '-')}").set_input_files(str(evidence))
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator("main")).to_contain_text("Đã lưu bản nháp và 1 tệp minh chứng.")
    expect(page.get_by_role("link", name="Biên bản.pdf")).to_be_visible()

    page.get_by_role("button", name="Lưu và nộp…").click()
    expect(page.locator("main")).to_contain_text("Chưa nộp được, còn thiếu:")
    page.get_by_role("link", name="Quay lại để bổ sung").click()
    for code in codes[1:]:
        css = code.replace(".", "-")
        page.locator(f"#v-{css}-pass").check()
        page.locator(f"#e-{css}").fill(f"Căn cứ {code}")
    page.get_by_role("button", name="Lưu và nộp…").click()
    page.get_by_role("button", name="Xác nhận nộp").click()
    expect(page.locator("main")).to_contain_text("Đã nộp bản tự đánh giá (lần 1)")
    expect(page.get_by_role("link", name="Lần 1")).to_be_visible()
    assessment = Assessment.objects.get()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert Evidence.objects.get().original_name == "Biên bản.pdf"
    assert Notification.objects.filter(user=world.users["secretary_a"], kind="assessment.submitted").exists()
    page.wait_for_load_state("networkidle")
