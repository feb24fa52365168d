"""Browser journey in real chromium: the standing committee picks two appraised subjects, previews and issues
a decision; member_a then sees "Đã công nhận", the number and a notification."""

import pytest
from playwright.sync_api import Page, expect

from bontot.core.testing.browser import follow_menu
from bontot.core.testing.world import PASSWORD

from .factories import ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_the_standing_committee_issues_and_the_member_sees_it(live_server, page, world):
    ready(member=world.members["member_a"])
    ready(organization=world.a)
    log_in(page, live_server.url, "standing")
    follow_menu(page, "Quyết định công nhận")
    page.goto(f"{live_server.url}/quyet-dinh/?year=2024")
    page.get_by_role("link", name="Ban hành quyết định").click()
    page.get_by_label("Chọn Nguyễn Văn An").check()
    page.get_by_label("Chọn Chi bộ thôn An Hòa").check()
    page.get_by_label("Số quyết định").fill("15-QĐ/ĐU")
    page.get_by_label("Ngày ban hành").fill("05/01/2025")
    page.get_by_label("Địa danh").fill("Tam Thăng")
    page.get_by_role("textbox", name="Người ký", exact=True).fill("Nguyễn Văn Bí")
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("main")).to_contain_text("Tam Thăng, ngày 05 tháng 01 năm 2025")
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.get_by_role("heading", name="Quyết định số 15-QĐ/ĐU ngày 05/01/2025")).to_be_visible()
    expect(page.locator("article")).to_contain_text("Chi bộ thôn An Hòa")
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, live_server.url, "member_a")
    page.goto(f"{live_server.url}/tong-quan/ca-nhan/?nam=2024")
    expect(page.locator("main")).to_contain_text("Đã công nhận")
    expect(page.locator("main")).to_contain_text("Quyết định số 15-QĐ/ĐU ngày 05/01/2025")
    page.goto(f"{live_server.url}/thong-bao/")
    expect(page.locator("main")).to_contain_text("Đã được công nhận “Đảng viên bốn tốt” năm 2024")
