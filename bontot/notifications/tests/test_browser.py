"""Browser journey in real chromium, on a 360 px phone: the cron run reminds the secretary of cell A; the
bell shows it, the list opens it, and marking all read empties the bell."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from bontot.core.testing.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_a_reminder_under_the_bell_and_marks_it_read(live_server, page: Page, world, settings):
    settings.MEETING_REMINDER_DAY = 1
    today = timezone.localdate()
    call_command("send_reminders", "--today", today.strftime("%d/%m/%Y"))
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill("secretary_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    bell = page.get_by_role("link", name="Thông báo: 1 chưa đọc")
    expect(bell).to_be_visible()  # outside the collapsed menu
    bell.click()
    expect(page.get_by_role("heading", name="Thông báo")).to_be_visible()
    month = f"{today.month:02d}/{today.year}"
    reminder = page.get_by_role("link", name=f"Chi bộ thôn An Hòa chưa ghi nhận kỳ sinh hoạt thường kỳ tháng {month}.")
    expect(reminder).to_be_visible()
    expect(page.locator("main")).to_contain_text("Chưa đọc")

    page.get_by_role("button", name="Đánh dấu tất cả là đã đọc").click()
    expect(page.locator("main")).to_contain_text("Đã đánh dấu 1 thông báo là đã đọc.")
    expect(page.get_by_role("link", name="Thông báo: 0 chưa đọc")).to_be_visible()
    expect(page.locator(".list-group-item-warning")).to_have_count(0)
    page.wait_for_load_state("networkidle")
