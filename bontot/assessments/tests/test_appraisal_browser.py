"""Browser journey: the cell secretary opens the queue, overrides a rule's verdict with a reason and concludes;
the member sees the correction on their own page."""

import pytest
from playwright.sync_api import expect

from bontot.core.testing.world import PASSWORD, build_world

from .matrix_appraisal import YEAR, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")


def test_it_appraises_with_an_override_that_the_member_then_sees(live_server, page):
    world = build_world()
    submitted(world)
    login(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/danh-gia/tham-dinh/?year={YEAR}")
    page.get_by_role("link", name="Thẩm định Nguyễn Văn An").click()
    expect(page.get_by_role("heading", name="Thẩm định bản tự đánh giá")).to_be_visible()
    page.get_by_label("Sửa kết quả chỉ báo 2.3.a", exact=True).select_option("fail")
    page.get_by_role("textbox", name="Lý do sửa kết quả chỉ báo 2.3.a").fill("Vi phạm quy định nơi cư trú")
    page.get_by_label("Không đề nghị công nhận").check()
    page.get_by_label("Nhận xét của cấp thẩm định").fill("Chưa đạt tiêu chí 2.3")
    page.get_by_role("button", name="Kết luận thẩm định").click()
    expect(page.locator("body")).to_contain_text("Đã kết luận thẩm định.")

    page.context.clear_cookies()
    login(page, live_server, "member_a")
    page.goto(f"{live_server.url}/tong-quan/ca-nhan/?year={YEAR}")
    expect(page.locator("main")).to_contain_text("Đã sửa khi thẩm định")
    expect(page.locator("main")).to_contain_text("Lý do: Vi phạm quy định nơi cư trú")
