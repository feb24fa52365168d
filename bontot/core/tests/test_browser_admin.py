"""Browser journey: an office clerk logs into the Vietnamese admin and finds a member."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

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
    other = Organization.objects.create(
        code="CB-TT", name="Chi bộ thôn Thạch Tân", kind="cell", parent=top, valid_from=datetime.date(2000, 1, 1)
    )
    rebuild_paths()
    for card_no, name, org in [("79012345", "Nguyễn Thị Hường", cell), ("79012346", "Trần Văn Bình", other)]:
        Member.objects.create(
            card_no=card_no,
            full_name=name,
            birth_date=datetime.date(1975, 3, 9),
            gender="female",
            organization=org,
            admitted_on=datetime.date(2001, 5, 19),
            official_on=datetime.date(2002, 5, 19),
        )
    return get_user_model().objects.create_superuser("vanphong", password="mat-khau-demo-1")


def test_it_logs_in_and_finds_a_member_in_vietnamese(live_server, page, clerk):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill("mat-khau-demo-1")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Dữ liệu mô hình bốn tốt")).to_be_visible()

    page.goto(f"{live_server.url}/admin/members/member/")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    page.locator("#searchbar").fill("Hường")
    page.locator("#searchbar").press("Enter")
    page.wait_for_url("**/admin/members/member/?q=*")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("79012345")
    expect(rows.first).to_contain_text("Nguyễn Thị Hường")
    expect(rows.first).to_contain_text("Chi bộ thôn Vĩnh Bình")
    expect(rows.first).to_contain_text("19/05/2001")  # dates as dd/mm/yyyy
    page.wait_for_load_state("networkidle")
