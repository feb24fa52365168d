"""Browser journey on a 360 px phone: the office logs in, creates a user for a cell, and ends a role."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from bontot.core.testing.browser import follow_menu
from bontot.core.testing.world import PASSWORD, build_world
from bontot.organizations.models import Role, RoleAssignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_the_office_create_a_user_on_a_phone(live_server, page):
    build_world()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill("office")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    follow_menu(page, "Người dùng")
    expect(page.get_by_role("heading", name="Người dùng")).to_be_visible()
    expect(page.get_by_text("Cẩm Lý")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Thêm người dùng").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Tên đăng nhập").fill("anh.tran")
    page.get_by_label("Họ và tên").fill("Trần Thị Ánh")
    page.locator("#id_password1").fill("Tam-thoi-2025")
    page.locator("#id_password2").fill("Tam-thoi-2025")
    page.get_by_label("Là đảng viên").select_option(label="Trần Thị Ánh (A-003)")
    page.get_by_label("Tổ chức đảng").select_option(label="Chi bộ thôn An Hòa")
    page.get_by_label("Vai trò").select_option(label="Bí thư chi bộ / Chi ủy")
    page.get_by_label("Từ ngày").fill("01/03/2025")
    page.get_by_role("button", name="Tạo tài khoản").click()

    expect(page.get_by_role("heading", name="Trần Thị Ánh")).to_be_visible()
    expect(page.get_by_text("Đã tạo tài khoản anh.tran.")).to_be_visible()
    user = get_user_model().objects.get(username="anh.tran")
    role = RoleAssignment.objects.get(user=user)
    assert (role.role, role.organization.code) == (Role.CELL_SECRETARY, "A")

    page.get_by_label("Ngày kết thúc").fill("31/12/2025")
    page.get_by_role("button", name="Kết thúc").click()
    expect(page.get_by_text("Đã kết thúc phân quyền từ sau ngày 31/12/2025.")).to_be_visible()
    expect(page.get_by_role("cell", name="31/12/2025")).to_be_visible()
    # Nothing sticks out of a 360 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.wait_for_load_state("networkidle")
