"""Browser journeys in real chromium: the office narrows its subtree to cells failing 1.2 and opens one;
a member reads their own verdicts on a 360 px phone."""

import pytest
from playwright.sync_api import Page, expect

from bontot.core.testing.world import PASSWORD
from bontot.organizations.models import Organization

from .factories import make_verdict, seed_world, warning

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/tai-khoan/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.fixture
def ward(world):
    seed_world(world)
    du = world.du
    for code, name, failing, warnings in [
        ("VB", "Chi bộ thôn Vĩnh Bình", ["1.2"], [warning("1.2", "danger", "Tháng 7 chưa có kỳ sinh hoạt thường kỳ.")]),
        ("TT", "Chi bộ thôn Thạch Tân", [], []),
        ("DX", "Chi bộ thôn Đông Xuân", ["1.4"], []),
    ]:
        cell = Organization.objects.create(
            code=code, name=name, kind="cell", parent=du, valid_from=du.valid_from, path=f"{du.path}{code}/", depth=2
        )
        make_verdict(organization=cell, failing=failing, warnings=warnings)
    return world


def test_it_lets_the_office_filter_cells_failing_meetings_and_open_one(live_server, page, ward):
    log_in(page, live_server.url, "office")
    expect(page.get_by_role("heading", name="Chi bộ, đảng bộ trong phạm vi — năm 2024")).to_be_visible()
    rows = page.locator("#subtree-table tbody tr")
    expect(rows).to_have_count(6)  # the committee, A, B and the three cells; never cell C of another committee
    expect(page.locator("#subtree-table")).not_to_contain_text("Cẩm Lý")

    page.get_by_label("Không đạt tiêu chí").select_option("1.2")  # HTMX replaces the table
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Chi bộ thôn Vĩnh Bình")  # Vietnamese order: Bình before Hòa
    expect(rows.nth(1)).to_contain_text("Chi bộ thôn An Hòa")
    expect(page).to_have_url(f"{live_server.url}/tong-quan/pham-vi/?nam=2024&tieu_chi=1.2&sap_xep=ten")

    page.get_by_role("link", name="Chi bộ thôn Vĩnh Bình").click()
    expect(page.get_by_role("heading", name="Chi bộ thôn Vĩnh Bình — năm 2024")).to_be_visible()
    expect(page.get_by_role("heading", name="Cảnh báo sớm (1)")).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        "Nghiêm trọng · tiêu chí 1.2 (1.2.a): Tháng 7 chưa có kỳ sinh hoạt thường kỳ."
    )
    expect(page.locator("main")).to_contain_text("7 kỳ sinh hoạt thường kỳ đạt Khá trở lên (yêu cầu ít nhất 10).")
    page.wait_for_load_state("networkidle")


def test_it_lets_a_member_read_their_own_verdicts_on_a_phone(live_server, page, ward):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, "member_a")
    expect(page.get_by_role("heading", name="Kết quả của tôi — năm 2024")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Nguyễn Văn An")
    expect(page.get_by_role("heading", name="Còn thiếu (2)")).to_be_visible()
    expect(page.get_by_role("heading", name="2.2. Thực hiện nhiệm vụ được giao")).to_be_visible()
    expect(main).to_contain_text("Tính lúc 02/12/2024 15:30, số liệu đến ngày 30/11/2024.")
    expect(main).not_to_contain_text("Trần Thị Ánh")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing overflows the phone's width
    page.wait_for_load_state("networkidle")


def test_it_leads_the_secretary_from_the_cell_page_to_the_fact_pages_and_back(live_server, page, ward):
    import datetime

    from django.utils import timezone

    from bontot.facts.models import Meeting

    day = timezone.localdate() + datetime.timedelta(days=5)
    Meeting.objects.create(
        organization=ward.a, held_on=day, kind="thematic", status="announced", topic="Học tập Nghị quyết số 57"
    )
    log_in(page, live_server.url, "secretary_a")
    expect(page.get_by_role("heading", name="Chi bộ thôn An Hòa — năm 2024")).to_be_visible()
    page.get_by_role("link", name="Sổ sinh hoạt").click()
    expect(page.get_by_role("heading", name="Sổ sinh hoạt năm 2024")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Trần Thị Ánh").click()  # the members table → the member's dashboard
    expect(page.get_by_role("heading", name="Đảng viên Trần Thị Ánh — năm 2024")).to_be_visible()
    page.locator("main p").get_by_role("link", name="Trần Thị Ánh").click()  # → the member's page
    expect(page.get_by_role("heading", name="Trần Thị Ánh")).to_be_visible()
    page.get_by_role("link", name="Kết quả đánh giá năm 2024").click()  # and back to the dashboard
    expect(page.get_by_role("heading", name="Đảng viên Trần Thị Ánh — năm 2024")).to_be_visible()
    page.wait_for_load_state("networkidle")

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, "member_a")
    upcoming = page.locator("#upcoming-meetings")
    expect(upcoming).to_contain_text(f"{day:%d/%m/%Y} · Sinh hoạt chuyên đề")
    expect(upcoming).to_contain_text("Học tập Nghị quyết số 57")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.wait_for_load_state("networkidle")
