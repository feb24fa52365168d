"""Browser journey in real chromium (issue 8's acceptance): the office opens the year's statistics, reads the
charts' tables, follows the failures of criterion 1.2 to the list of those cells, then downloads the year's
recognition decision as PDF and as Word."""

import subprocess

import pytest
from playwright.sync_api import Page, expect

from bontot.core.testing.browser import follow_menu
from bontot.core.testing.world import PASSWORD
from bontot.dashboards.tests.factories import make_verdict, seed_world
from bontot.decisions.tests.factories import issue, ready
from bontot.organizations.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_the_office_follows_the_failures_of_criterion_1_2_to_those_cells(live_server, page, world):
    seed_world(world)
    du = world.du
    cell = Organization.objects.create(
        code="VB",
        name="Chi bộ thôn Vĩnh Bình",
        kind="cell",
        parent=du,
        valid_from=du.valid_from,
        path=f"{du.path}VB/",
        depth=2,
    )
    make_verdict(organization=cell, failing=["1.2"])
    issue(world, [ready(member=world.members["member_a"])])  # Quyết định số 15-QĐ/ĐU
    log_in(page, live_server.url, "office")
    follow_menu(page, "Thống kê")
    expect(page.get_by_role("heading", name="Thống kê năm 2024 — Đảng ủy xã Thử Nghiệm")).to_be_visible()
    expect(page.locator("canvas[data-chart='criteria']")).to_be_visible()
    # Chart.js drew the charts (a canvas it owns gets a size of its own)
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector(\"canvas[data-chart='criteria']\"))"
    )

    page.get_by_role("link", name="2 chi bộ không đạt tiêu chí 1.2").click()
    expect(page.get_by_role("heading", name="Chi bộ, đảng bộ trong phạm vi — năm 2024")).to_be_visible()
    rows = page.locator("#subtree-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Chi bộ thôn Vĩnh Bình")
    expect(rows.nth(1)).to_contain_text("Chi bộ thôn An Hòa")
    expect(page.locator("#subtree-table")).not_to_contain_text("Bình Phú")
    expect(page.locator("#subtree-table")).not_to_contain_text("Cẩm Lý")
    page.wait_for_load_state("networkidle")

    follow_menu(page, "Quyết định công nhận")
    page.get_by_role("link", name="15-QĐ/ĐU").first.click()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF", exact=True).click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", pdf.value.path(), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số: 15-QĐ/ĐU" in text and "Nguyễn Văn An" in text
    with page.expect_download() as word:
        page.get_by_role("link", name="Word", exact=True).click()
    assert word.value.suggested_filename.endswith(".docx")
    with open(word.value.path(), "rb") as handle:
        assert handle.read(2) == b"PK"  # a .docx is a ZIP package
