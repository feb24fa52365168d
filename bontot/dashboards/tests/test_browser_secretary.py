"""Browser journey on a 360 px phone, through the real pipeline: the cell secretary sees this month's
warning on the cell's page, logs the month's meeting in a few taps, and the warning is gone (the fact change
refreshed the stored verdicts after commit)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bontot.core.testing.world import PASSWORD, build_world
from bontot.criteria.models import EvaluationYear
from bontot.criteria.verdicts import refresh_verdicts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()


@pytest.mark.skipif(
    (TODAY.month, TODAY.day) == (12, 31), reason="from 31 December on a year has no early warnings (by design)"
)
def test_it_shows_the_cells_warning_change_after_the_secretary_logs_this_months_meeting(live_server, page):
    today = timezone.localdate()
    world = build_world()
    EvaluationYear.objects.create(
        year=today.year,
        criteria_set="kh-63-ku-2023",
        registration_deadline=datetime.date(today.year, 1, 20),
        cutoff=datetime.date(today.year, 12, 31),
    )
    refresh_verdicts(today.year)
    month_text = f"tháng {today:%m/%Y}"

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill("secretary_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    cell_page = f"{live_server.url}/tong-quan/to-chuc/{world.a.pk}/{today.year}/"
    page.goto(cell_page)
    warnings = page.locator("section[aria-labelledby=warnings-heading]")
    expect(warnings).to_contain_text(month_text)  # this month has no regular meeting yet
    expect(page.locator("main")).not_to_contain_text("Bình Phú")  # the sibling cell is never named

    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("link", name="Sinh hoạt", exact=True).click()
    page.get_by_role("link", name="Ghi nhận kỳ sinh hoạt tháng này").click()
    page.get_by_text("Khá", exact=True).click()
    page.get_by_label("Số dự").fill("3")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(f"#thang-{today.month}")).to_contain_text("Khá")

    page.goto(cell_page)
    expect(warnings).not_to_contain_text(month_text)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.wait_for_load_state("networkidle")
