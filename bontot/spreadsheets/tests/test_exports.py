"""The "Xuất Excel" of the list pages (`?…&xuat=xlsx`): access-checked like their page, every row of the page's
filters and nothing of another part of the tree (read back with openpyxl), a constant number of queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bontot.assessments.tests.matrix_appraisal import _elsewhere, submitted
from bontot.core.testing.world import PERSONAS
from bontot.dashboards.tests.factories import seed_world
from bontot.decisions.tests.matrix import decided
from bontot.members.models import Member
from bontot.organizations.models import Organization
from bontot.spreadsheets.export import XLSX_TYPE, export_query, slug_filename, write_xlsx

pytestmark = pytest.mark.django_db

AN, HUNG, ANH, BAO, CUC = "Nguyễn Văn An", "Lê Văn Hùng", "Trần Thị Ánh", "Phạm Văn Bảo", "Võ Thị Cúc"
CELL_A, CELL_B, CELL_C = "Chi bộ thôn An Hòa", "Chi bộ thôn Bình Phú", "Chi bộ thôn Cẩm Lý"
EVERYONE = {AN, HUNG, ANH, BAO, CUC}


def workbook_rows(response):
    assert response["Content-Type"] == XLSX_TYPE
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def get(client, world, persona, url):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client.get(url)


# Who sees which members in the members list (a member: only themselves; staff: their subtree).
MEMBERS_SEEN = {
    "member_a": {AN},
    "member_b": {BAO},
    "secretary_a": {AN, HUNG, ANH},
    "supervisor_a": {AN, HUNG, ANH},
    "office": {AN, HUNG, ANH, BAO},
    "standing": {AN, HUNG, ANH, BAO},
    "reviewer": EVERYONE,
    "outsider": {CUC},
    "ended": set(),
    "future": set(),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_members_export_holds_exactly_the_members_the_page_shows(client, world, persona):
    response = get(client, world, persona, reverse("members:list") + "?xuat=xlsx")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    rows = workbook_rows(response)
    assert rows[0][:3] == ["Họ và tên", "Số thẻ đảng viên", "Chi bộ"]
    assert {row[0] for row in rows[1:]} == MEMBERS_SEEN[persona]


def test_the_members_export_keeps_the_filters_and_every_page(client, world):
    for number in range(60):
        Member.objects.create(
            card_no=f"A-{500 + number}", full_name=f"Nguyễn Thị Hoa {number:02d}", birth_date=datetime.date(1990, 1, 1),
            gender="female", organization=world.a, admitted_on=datetime.date(2015, 1, 1),
        )  # fmt: skip
    client.force_login(world.users["office"])
    page = client.get(reverse("members:list") + f"?to_chuc={world.a.pk}")
    assert f"to_chuc={world.a.pk}&amp;xuat=xlsx" in page.content.decode()
    rows = workbook_rows(client.get(reverse("members:list") + f"?to_chuc={world.a.pk}&page=2&xuat=xlsx"))
    names = [row[0] for row in rows[1:]]
    assert len(names) == 63 and BAO not in names  # every page of cell A, none of B
    hoa = next(row for row in rows if row[0] == "Nguyễn Thị Hoa 00")
    assert hoa[3] == datetime.datetime(1990, 1, 1) and hoa[4] == "Nữ"


def test_the_members_export_runs_a_constant_number_of_queries(client, world):
    client.force_login(world.users["office"])
    url = reverse("members:list") + "?xuat=xlsx"

    def count():
        with CaptureQueriesContext(connection) as queries:
            workbook_rows(client.get(url))
        return len(queries)

    small = count()
    for number in range(20):
        Member.objects.create(
            card_no=f"B-{600 + number}", full_name=f"Lê Văn Tư {number}", birth_date=datetime.date(1990, 1, 1),
            gender="male", organization=world.b, admitted_on=datetime.date(2015, 1, 1),
        )  # fmt: skip
    assert count() == small


SUBTREE_SEEN = {
    "office": {"in": [CELL_A, CELL_B], "out": [CELL_C, CUC, "Đảng ủy xã Bên Cạnh"]},
    "standing": {"in": [CELL_A, CELL_B], "out": [CELL_C, CUC]},
    "supervisor_a": {"in": [CELL_A], "out": [CELL_B, BAO, CELL_C, CUC]},
    "outsider": {"in": [CELL_C], "out": [CELL_A, CELL_B, AN, BAO]},
    "reviewer": {"in": [CELL_A, CELL_C], "out": []},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_subtree_export_is_scoped_like_the_page(client, world, persona):
    seed_world(world)
    response = get(client, world, persona, reverse("dashboards:subtree") + "?nam=2024&xuat=xlsx")
    if persona not in SUBTREE_SEEN:
        assert response.status_code == (302 if persona == "anonymous" else 403)
        return
    assert response.status_code == 200
    rows = workbook_rows(response)
    names = {row[0] for row in rows[1:]}
    assert set(SUBTREE_SEEN[persona]["in"]) <= names
    assert not names & set(SUBTREE_SEEN[persona]["out"])
    assert rows[0][:3] == ["Tên", "Mô hình", "Kết luận"]


def test_the_subtree_export_keeps_the_criterion_filter(client, world):
    seed_world(world)
    client.force_login(world.users["office"])
    page = client.get(reverse("dashboards:subtree") + "?nam=2024&tieu_chi=1.2")
    assert "tieu_chi=1.2&amp;xuat=xlsx" in page.content.decode()
    rows = workbook_rows(client.get(reverse("dashboards:subtree") + "?nam=2024&tieu_chi=1.2&xuat=xlsx"))
    assert [row[0] for row in rows[1:]] == [CELL_A]  # the cell failing 1.2, as on the page


ASSESSMENTS_SEEN = {
    "secretary_a": ({AN}, {BAO, CUC}),
    "supervisor_a": ({AN}, {BAO, CUC}),
    "office": ({AN, BAO}, {CUC}),
    "standing": ({AN, BAO}, {CUC}),
    "reviewer": ({AN, BAO, CUC}, set()),
    "outsider": ({CUC}, {AN, BAO}),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_assessments_export_is_scoped_like_the_page(client, world, persona):
    _elsewhere(world)
    submitted(world, "member_a")
    response = get(client, world, persona, reverse("assessments:appraisal_list") + "?year=2024&xuat=xlsx")
    if persona not in ASSESSMENTS_SEEN:
        assert response.status_code == (302 if persona == "anonymous" else 403)
        return
    assert response.status_code == 200
    rows = workbook_rows(response)
    names = {row[0] for row in rows[1:]}
    present, absent = ASSESSMENTS_SEEN[persona]
    assert present <= names and not names & absent


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_decisions_export_is_scoped_like_the_page(client, world, persona):
    decided(world)
    response = get(client, world, persona, reverse("decisions:list") + "?year=2024&xuat=xlsx")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    rows = workbook_rows(response)
    numbers = [row[0] for row in rows[1:]]
    sees = persona in ("standing", "office", "reviewer", "member_a", "secretary_a")
    assert numbers == (["15-QĐ/ĐU"] if sees else [])
    if persona in ("standing", "office"):
        assert rows[0][3] == "Số đối tượng" and rows[1][3] == 2
        assert rows[1][1] == datetime.datetime(2025, 1, 5)


def test_the_helper_writes_a_large_list_without_a_list(tmp_path):
    rows = ([f"Đảng viên {n}", n, datetime.date(2024, 1, 1)] for n in range(20_000))  # a generator
    target = tmp_path / "lon.xlsx"
    with open(target, "wb") as handle:
        write_xlsx(handle, "Danh sách: lớn/nhỏ", ["Tên", "Số", "Ngày"], rows)
    book = load_workbook(target, read_only=True)
    sheet = book.worksheets[0]
    assert sheet.title == "Danh sách  lớn nhỏ"
    rows_read = list(sheet.iter_rows(values_only=True))
    assert len(rows_read) == 20_001 and rows_read[-1] == ("Đảng viên 19999", 19999, datetime.datetime(2024, 1, 1))
    assert slug_filename("Quyết định công nhận năm 2024") == "quyet-dinh-cong-nhan-nam-2024.xlsx"
    assert export_query("q=a&page=3") == "q=a&xuat=xlsx"


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        workbook_rows(client.get(url))
    return len(queries)


def test_the_assessments_and_decisions_exports_run_a_constant_number_of_queries(client, world):
    from bontot.decisions.tests.factories import issue, ready

    client.force_login(world.users["office"])
    assessments = reverse("assessments:appraisal_list") + "?year=2024&xuat=xlsx"
    decisions = reverse("decisions:list") + "?year=2024&xuat=xlsx"
    submitted(world, "member_a")
    issue(world, [ready(member=world.members["other_a"])])
    small = (_queries(client, assessments), _queries(client, decisions))
    submitted(world, "member_b")
    submitted(world, "x", org="A")
    issue(world, [ready(member=world.members["secretary_a"])], number="16-QĐ/ĐU")
    issue(world, [ready(organization=world.b)], number="17-QĐ/ĐU")
    assert (_queries(client, assessments), _queries(client, decisions)) == small
    rows = workbook_rows(client.get(decisions))
    assert len(rows) == 4


def test_the_subtree_export_runs_a_constant_number_of_queries(client, world):
    from bontot.criteria.models import StoredVerdict

    seed_world(world)
    client.force_login(world.users["office"])
    url = reverse("dashboards:subtree") + "?nam=2024&xuat=xlsx"
    small = _queries(client, url)
    template = StoredVerdict.objects.get(year=2024, organization=world.b)
    for number in range(20):
        cell = Organization.objects.create(
            code=f"B{number}", name=f"Chi bộ thôn Mới {number}", kind="cell", parent=world.du,
            valid_from=datetime.date(2000, 1, 1), path=f"{world.du.path}B{number}/", depth=world.du.depth + 1,
        )  # fmt: skip
        template.pk = None
        template.organization, template.organization_path, template.name = cell, cell.path, cell.name
        template.subject = f"org:{cell.code}"
        template.save()
    assert _queries(client, url) == small
    assert len(workbook_rows(client.get(url))) > 20


# Who sees which organisations in the organisations list (staff: their subtree; members and lapsed roles: 403).
ORGANIZATIONS_SEEN = {
    "secretary_a": {CELL_A},
    "supervisor_a": {CELL_A},
    "office": {"Đảng ủy xã Thử Nghiệm", CELL_A, CELL_B},
    "standing": {"Đảng ủy xã Thử Nghiệm", CELL_A, CELL_B},
    "outsider": {"Đảng ủy xã Bên Cạnh", CELL_C},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_organizations_export_holds_exactly_the_organisations_the_page_shows(client, world, persona):
    page = get(client, world, persona, reverse("organizations:list"))
    response = client.get(reverse("organizations:list") + "?xuat=xlsx")
    assert response.status_code == page.status_code
    if page.status_code != 200:
        return
    rows = workbook_rows(response)
    assert rows[0][:3] == ["Tên", "Mã", "Loại"]
    names = {row[0] for row in rows[1:]}
    if persona in ORGANIZATIONS_SEEN:
        assert names == ORGANIZATIONS_SEEN[persona]
    parents = {row[3] for row in rows[1:]}
    if persona == "office":
        assert parents == {
            None,
            "Đảng ủy xã Thử Nghiệm",
        }  # an empty cell; the committee's own parent is outside the subtree


def test_the_complaints_export_lists_the_organisations_letters_for_staff_only(client, world):
    from bontot.facts.models import Complaint

    Complaint.objects.create(organization=world.a, received_on=datetime.date(2024, 3, 4), kind="complaint")
    Complaint.objects.create(organization=world.orgs["C"], received_on=datetime.date(2024, 3, 5), kind="complaint")
    url = reverse("facts:complaint_list", kwargs={"org_pk": world.a.pk}) + "?xuat=xlsx"
    rows = workbook_rows(get(client, world, "office", url))
    assert [row[0] for row in rows[1:]] == [datetime.datetime(2024, 3, 4)]
    assert get(client, world, "member_a", url).status_code == 403
    assert get(client, world, "outsider", url).status_code == 404


def test_the_missing_registrations_export_follows_the_page_by_cell_and_for_one_cell(client, world):
    url = reverse("assessments:registration_missing") + "?year=2024&xuat=xlsx"
    rows = workbook_rows(get(client, world, "office", url))
    assert rows[0] == ["Chi bộ", "Mã", "Chi bộ đã đăng ký", "Số đảng viên chưa đăng ký"]
    assert {(row[0], row[3]) for row in rows[1:]} == {(CELL_A, 3), (CELL_B, 1)}  # never DU2's cell C
    cell = workbook_rows(
        client.get(f"{reverse('assessments:registration_missing')}?year=2024&chi_bo={world.a.pk}&xuat=xlsx")
    )
    assert {row[0] for row in cell[1:]} == {AN, HUNG, ANH}
    assert get(client, world, "secretary_a", url).status_code == 403
    assert get(client, world, "outsider", url.replace("xuat", f"chi_bo={world.a.pk}&xuat")).status_code == 404
