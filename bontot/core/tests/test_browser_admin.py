"""Browser journey: an office clerk logs into the Vietnamese admin and finds a member."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from bontot.members.models import Member
from bontot.organizations.models import Organization
from bontot.organizations.services import rebuild_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk():
    top = Organization.objects.create(
        code="DU-TT", name="Đảng bộ xã Tam Thăng", kind="grassroots_committee", valid_from=datetime.date(2000, 1, 1)
    )
    cell = Organization.objects.create(
        code="CB-VB", name="Chi bộ thôn Vĩnh Bình", kind="cell", parent=top, valid_from=datetime.date(2000, 1, 1)
    )
    rebuild_paths()
    Member.objects.create(
        card_no="79012345",
        full_name="Nguyễn Thị Hường",
        birth_date=datetime.date(1975, 3, 9),
        gender="female",
        organization=cell,
        admitted_on=datetime.date(2001, 5, 19),
        official_on=datetime.date(2002, 5, 19),
    )
    return get_user_model().objects.create_superuser("vanphong", password="mat-khau-demo-1")


def test_it_logs_in_and_lists_members_in_vietnamese(live_server, page, clerk):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill("mat-khau-demo-1")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("heading", name="Dữ liệu mô hình bốn tốt").is_visible()
    page.goto(f"{live_server.url}/admin/members/member/")
    page.locator("#searchbar").fill("Hường")
    page.keyboard.press("Enter")
    row = page.locator("#result_list tbody tr").first
    text = row.inner_text()
    assert "79012345" in text
    assert "Nguyễn Thị Hường" in text
    assert "Chi bộ thôn Vĩnh Bình" in text
    assert "19/05/2001" in text  # dates as dd/mm/yyyy
