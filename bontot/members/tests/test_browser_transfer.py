"""Browser journey on a 360 px phone: the office finds a member, transfers them, and reads the history."""

import pytest
from playwright.sync_api import expect

from bontot.core.testing.world import PASSWORD, build_world
from bontot.members.models import Member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_transfers_a_member_from_a_phone(live_server, page):
    world = build_world()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/dang-vien/")
    page.get_by_label("Tên đăng nhập").fill("office")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_label("Tìm theo tên hoặc số thẻ").fill("Nguyễn")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="Nguyễn Văn An").click()
    page.get_by_role("link", name="Chuyển sinh hoạt").click()
    page.get_by_label("Chuyển đến chi bộ").select_option(label="Chi bộ thôn Bình Phú")
    page.get_by_label("Sinh hoạt tại chi bộ mới từ ngày").fill("01/06/2024")
    page.get_by_role("button", name="Ghi nhận").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã chuyển sinh hoạt đảng.")
    expect(page.locator("dl")).to_contain_text("Chi bộ thôn Bình Phú")
    expect(page.get_by_role("table").first).to_contain_text("31/05/2024")
    expect(page.get_by_text("Chuyển sinh hoạt đến")).to_be_visible()
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Member.objects.get(pk=world.members["member_a"].pk).organization == world.b

    page.locator("dl").get_by_role("link", name="Chi bộ thôn Bình Phú").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chi bộ thôn Bình Phú")
    expect(page.locator("dl")).to_contain_text("2 sinh hoạt tại tổ chức này")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.wait_for_load_state("networkidle")
