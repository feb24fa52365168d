"""Browser journey: on a 360 px phone the cell secretary rates the cell's members, fixes a missing reason,
and saves the grid."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bontot.core.testing.world import PASSWORD, YEAR, build_world
from bontot.facts.models import QualityRating

from .factories import rate_members

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_rates_the_cell_on_a_phone(live_server, page):
    world = build_world()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Tên đăng nhập").fill("secretary_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")

    page.goto(live_server.url + reverse("facts:year_facts", args=[world.a.pk, YEAR]))
    page.get_by_role("link", name="Xếp loại chất lượng đảng viên").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xếp loại chất lượng đảng viên")
    # Rows stack on a phone: the page never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    an = page.get_by_role("group", name="Nguyễn Văn An")
    an.get_by_label("Mức xếp loại").select_option("good")
    anh = page.get_by_role("group", name="Trần Thị Ánh")
    anh.get_by_label("Mức xếp loại").select_option("not_rated")
    page.get_by_role("button", name="Lưu cả bảng").click()
    expect(anh.get_by_text("Cần ghi lý do khi không xếp loại.")).to_be_visible()
    assert not QualityRating.objects.exists()

    anh.get_by_label("Lý do (nếu không xếp loại)").fill("Miễn công tác và sinh hoạt đảng")
    anh.get_by_label("Lý do (nếu không xếp loại)").press("Enter")
    expect(page.get_by_text("Đã lưu 2 dòng.")).to_be_visible()
    assert sorted(QualityRating.objects.values_list("level", flat=True)) == ["good", "not_rated"]
    page.wait_for_load_state("networkidle")


def test_it_counts_htxsnv_against_the_cap_while_the_grid_is_edited(live_server, page):
    world = build_world()
    rate_members(world.b, YEAR, good=8, excellent=2)  # 2 of 10 in the grassroots organisation: at the cap
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Tên đăng nhập").fill("secretary_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + reverse("facts:member_ratings", args=[world.a.pk, YEAR]))
    cap = page.locator("#excellent-cap")
    over = cap.get_by_text("Vượt tỷ lệ 20 %")
    expect(cap).to_contain_text("2 / tối đa 2")
    expect(over).to_be_hidden()

    level = page.get_by_role("group", name="Nguyễn Văn An").get_by_label("Mức xếp loại")
    level.select_option("excellent")
    expect(cap).to_contain_text("3 / tối đa 2")
    expect(over).to_be_visible()
    level.select_option("good")
    expect(cap).to_contain_text("2 / tối đa 2")  # 2 of 11
    expect(over).to_be_hidden()
