"""Browser journey on a 360 px phone: the cell secretary logs this month's meeting in a few taps."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bontot.core.testing.world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_this_months_meeting_on_a_phone(live_server, page):
    build_world()
    today = timezone.localdate()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill("secretary_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("link", name="Sinh hoạt", exact=True).click()
    expect(page.get_by_role("heading", name=f"Sổ sinh hoạt năm {today.year}")).to_be_visible()
    page.get_by_role("link", name="Ghi nhận kỳ sinh hoạt tháng này").click()

    expect(page.get_by_label("Ngày sinh hoạt")).to_have_value(today.strftime("%d/%m/%Y"))
    expect(page.get_by_label("Số triệu tập")).to_have_value("3")  # the cell's current members
    page.get_by_text("Khá", exact=True).click()
    page.get_by_label("Số dự").fill("3")
    page.get_by_role("button", name="Ghi nhận").click()

    month = page.locator(f"#thang-{today.month}")
    expect(month).to_contain_text(today.strftime("%d/%m/%Y"))
    expect(month).to_contain_text("Khá")
    expect(month).to_contain_text("Dự 3/3")
    expect(month).not_to_contain_text("chưa có kỳ sinh hoạt thường kỳ")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing overflows the phone
    page.wait_for_load_state("networkidle")
