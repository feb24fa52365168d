"""Browser journey in real chromium at phone width (360 px): the propaganda board writes a story with a photo
and publishes it; a member of a cell below reads the card, opens the story and its photo loads."""

import pytest
from playwright.sync_api import Page, expect

from bontot.core.testing.world import PASSWORD

from .factories import image_bytes, make_writer, recognised

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_the_board_publishes_and_a_member_reads_on_a_phone(live_server, page, world, tmp_path):
    make_writer(world)
    recognised(world)
    photo = tmp_path / "anh.png"
    photo.write_bytes(image_bytes("PNG", (800, 600)))
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, "standing")
    page.goto(f"{live_server.url}/guong-dien-hinh/viet-bai/moi/")
    page.get_by_label("Đăng cho tổ chức đảng").select_option(label="Đảng ủy xã Thử Nghiệm")
    page.get_by_label("Đối tượng được công nhận").select_option(index=1)
    page.get_by_label("Tiêu đề").fill("Người đảng viên gương mẫu thôn An Hòa")
    page.get_by_label("Nội dung").fill("Đồng chí luôn đi đầu trong mọi phong trào.")
    page.get_by_label("Ảnh (không bắt buộc)").set_input_files(str(photo))
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator("main")).to_contain_text("Bản nháp")
    page.get_by_role("button", name="Đăng bài").click()
    expect(page.locator("main")).to_contain_text("Đã đăng")
    page.context.clear_cookies()  # log out (the menu is folded on a phone)

    log_in(page, live_server.url, "member_b")
    page.goto(f"{live_server.url}/guong-dien-hinh/")
    card = page.locator("article.card")
    expect(card).to_contain_text("Người đảng viên gương mẫu thôn An Hòa")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    card.get_by_role("link").click()
    image = page.locator("main img")
    expect(image).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) == 800
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
