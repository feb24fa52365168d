"""Upload a filled template: preview with every row's errors in Vietnamese, nothing imported until all rows are
valid, then all at once through the bundle importer; the file waits between preview and confirmation."""

import datetime
import io
import re
import zipfile
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from bontot.core.models import AuditLog
from bontot.facts.models import Meeting, QualityRating
from bontot.members.models import Member
from bontot.spreadsheets.sheets import MEETINGS, MEMBERS, RATINGS
from bontot.spreadsheets.views import pending_dir

from .files import excel_file, inline_strings_file

pytestmark = pytest.mark.django_db

D = datetime.date


BIRTH = D(1990, 9, 2)


def member_row(
    card="A-100", name="Đỗ Thị Mai", cell="A", birth: object = BIRTH, admitted: object = "03/02/2015"
) -> list:
    return [card, name, birth, "Nữ", cell, admitted, "03/02/2016", "Không", None]


def post(client, kind, content, name="du-lieu.xlsx"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("spreadsheets:upload", kwargs={"kind": kind}), {"tep": upload})


def errors_of(response):
    return [(e.row, e.column, e.value, e.message) for e in response.context["checked"].errors]


def a_zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.fixture
def office(client, world):
    client.force_login(world.users["office"])
    return client


def test_the_template_has_vietnamese_headers_an_example_and_notes(office):
    response = office.get(reverse("spreadsheets:template", kwargs={"kind": "dang-vien"}))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Dữ liệu", "Hướng dẫn"]
    assert [c.value for c in book["Dữ liệu"][1]] == [c.header for c in MEMBERS.columns]
    assert book["Dữ liệu"]["C2"].number_format == "DD/MM/YYYY"
    notes = [row[0] for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert "Ngày sinh" in notes


def test_the_happy_path_previews_then_imports_everything_at_once(office, world):
    content = excel_file(MEMBERS, [member_row(), member_row(card="A-101", name="Hồ Văn Nam", birth="01/01/1985")])
    response = post(office, "dang-vien", content)
    assert response.status_code == 200
    assert errors_of(response) == []
    assert "sẽ thêm mới 2" in response.content.decode()
    assert not Member.objects.filter(card_no__in=["A-100", "A-101"]).exists()  # a preview writes nothing
    token = response.context["token"]
    assert len(list(pending_dir().iterdir())) >= 1
    confirmed = office.post(reverse("spreadsheets:confirm", kwargs={"kind": "dang-vien"}), {"token": token})
    assert confirmed.status_code == 302
    mai = Member.objects.get(card_no="A-100")
    assert (mai.full_name, mai.organization, mai.birth_date, mai.gender) == (
        "Đỗ Thị Mai",
        world.a,
        D(1990, 9, 2),
        "female",
    )
    assert Member.objects.get(card_no="A-101").birth_date == D(1985, 1, 1)
    assert AuditLog.objects.filter(action="spreadsheet.imported").count() == 1
    assert AuditLog.objects.filter(action="bundle.imported").count() == 1
    # The token is spent: the file is gone.
    again = office.post(reverse("spreadsheets:confirm", kwargs={"kind": "dang-vien"}), {"token": token}, follow=True)
    assert "Phiên tải lên đã hết hạn" in again.content.decode()


LIBREOFFICE_FILE = Path(__file__).parent / "fixtures" / "libreoffice-dang-vien.xlsx"


def test_a_libreoffice_written_file_is_imported(office, world):
    """A genuine LibreOffice Calc file (fixtures/README.md): the served template filled in and saved by Calc."""
    content = LIBREOFFICE_FILE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:  # really written by LibreOffice
        assert b"<Application>LibreOffice/" in archive.read("docProps/app.xml")
    response = post(office, "dang-vien", content, name="mau-dang-vien.xlsx")
    assert errors_of(response) == []
    assert "token" in response.context
    office.post(reverse("spreadsheets:confirm", kwargs={"kind": "dang-vien"}), {"token": response.context["token"]})
    mai, huong = Member.objects.get(card_no="A-200"), Member.objects.get(card_no="A-201")
    assert (mai.full_name, mai.birth_date, mai.admitted_on, mai.official_on) == (
        "Đỗ Thị Mai",
        D(1979, 12, 31),
        D(2005, 6, 1),
        D(2006, 6, 1),
    )
    assert mai.organization == world.a and mai.civil_servant is True and mai.gender == "female"
    assert (huong.full_name, huong.birth_date, huong.official_on, huong.civil_servant) == (
        "Nguyễn Văn Hưởng",
        D(1998, 2, 28),
        None,
        False,
    )
    assert Member.objects.filter(card_no__in=["A-200", "A-201"]).count() == 2  # the empty formatted rows add none


def test_a_file_with_inline_strings_and_no_shared_strings_is_read(office, world):
    """Some writers store text inline (`t="inlineStr"`, no sharedStrings.xml); openpyxl reads it the same."""
    content = inline_strings_file(MEMBERS, [member_row(card="A-200", birth=D(1979, 12, 31), admitted=D(2005, 6, 1))])
    with io.BytesIO(content) as handle:
        names = zipfile.ZipFile(handle).namelist()
    assert "xl/sharedStrings.xml" not in names
    response = post(office, "dang-vien", content)
    assert errors_of(response) == []
    office.post(reverse("spreadsheets:confirm", kwargs={"kind": "dang-vien"}), {"token": response.context["token"]})
    member = Member.objects.get(card_no="A-200")
    assert (member.birth_date, member.admitted_on, member.full_name) == (D(1979, 12, 31), D(2005, 6, 1), "Đỗ Thị Mai")


def test_a_date_31_02_is_a_row_error(office):
    response = post(
        office, "dang-vien", excel_file(MEMBERS, [member_row(), member_row(card="A-101", birth="31/02/1990")])
    )
    assert errors_of(response) == [(3, "Ngày sinh", "31/02/1990", "Không phải ngày có thật (dd/mm/yyyy).")]
    assert "token" not in response.context
    body = response.content.decode()
    assert "chưa nhập dòng nào" in body
    assert "<td>3</td><td>Ngày sinh</td><td>31/02/1990</td><td>Không phải ngày có thật (dd/mm/yyyy).</td>" in body
    assert "Nhập dữ liệu</button>" not in body
    assert not Member.objects.filter(card_no="A-100").exists()


def test_an_unknown_or_foreign_cell_code_is_a_row_error(office):
    rows = [member_row(), member_row(card="A-101", cell="XYZ"), member_row(card="A-102", cell="C")]
    response = post(office, "dang-vien", excel_file(MEMBERS, rows))
    assert errors_of(response) == [
        (3, "Mã chi bộ", "XYZ", "Mã “XYZ” không phải là tổ chức đảng trong phạm vi của bạn."),
        (4, "Mã chi bộ", "C", "Mã “C” không phải là tổ chức đảng trong phạm vi của bạn."),
    ]
    assert not Member.objects.filter(card_no="A-100").exists()


def test_a_cell_secretary_imports_into_their_cell_only(client, world):
    client.force_login(world.users["secretary_a"])
    response = post(client, "dang-vien", excel_file(MEMBERS, [member_row(cell="B")]))
    assert errors_of(response) == [(2, "Mã chi bộ", "B", "Mã “B” không phải là tổ chức đảng trong phạm vi của bạn.")]
    response = post(client, "dang-vien", excel_file(MEMBERS, [member_row(cell="A")]))
    assert errors_of(response) == []


def test_a_card_number_of_another_subtree_is_refused(office):
    response = post(office, "dang-vien", excel_file(MEMBERS, [member_row(card="C-001")]))
    assert errors_of(response)[0][:3] == (2, "Số thẻ đảng viên", "C-001")
    assert Member.objects.get(card_no="C-001").full_name == "Võ Thị Cúc"


def test_duplicate_card_numbers_are_row_errors(office):
    rows = [member_row(), member_row(name="Đỗ Thị Mai Anh")]
    response = post(office, "dang-vien", excel_file(MEMBERS, rows))
    assert errors_of(response) == [(3, "Số thẻ đảng viên", "A-100", "Trùng với dòng 2.")]
    assert not Member.objects.filter(card_no="A-100").exists()


def test_the_bundle_rules_come_back_on_their_row_and_column(office):
    response = post(office, "dang-vien", excel_file(MEMBERS, [member_row(birth=D(2016, 1, 1))]))
    [(row, column, value, message)] = errors_of(response)
    assert (row, column, value) == (2, "Ngày vào Đảng", "03/02/2015")
    assert "ngày sinh" in message and message.startswith("Ngày")


@pytest.mark.parametrize(
    "content, message",
    [
        (excel_file(MEMBERS, [], headers=[]), "Tệp trống"),
        (excel_file(MEMBERS, []), "Tệp không có dòng dữ liệu nào"),
        (excel_file(MEMBERS, [["", None, "  "]]), "Tệp không có dòng dữ liệu nào"),
        (b"Ho ten;So the\nNguyen Van A;123\n", "Tệp không phải là tệp Excel (.xlsx)"),
        (b"PK\x03\x04 not really a zip", "Tệp không phải là tệp Excel (.xlsx)"),
        (a_zip({"word/document.xml": "<w:document/>"}), "Tệp không đọc được như một tệp Excel (.xlsx)"),
        (excel_file(MEMBERS, [member_row()], headers=["Số thẻ đảng viên", "Họ và tên"]), "Thiếu cột “Ngày sinh”"),
    ],
    ids=["empty", "headers-only", "blank-rows", "csv-renamed", "broken-zip", "docx-like-zip", "missing-column"],
)
def test_file_level_errors_import_nothing(office, content, message):
    before = Member.objects.count()
    response = post(office, "dang-vien", content)
    [(row, _column, _value, text)] = errors_of(response)
    assert row == 0 and text.startswith(message)
    assert "Cả tệp" in response.content.decode()
    assert Member.objects.count() == before


def test_a_20_mb_file_is_refused_before_it_is_parsed(office, settings):
    settings.SPREADSHEET_MAX_MB = 5
    content = excel_file(MEMBERS, [member_row()]) + b"\0" * (20 * 1024 * 1024)
    with mock.patch("bontot.spreadsheets.upload.load_workbook") as loader:
        response = post(office, "dang-vien", content)
    loader.assert_not_called()
    [(row, _column, _value, text)] = errors_of(response)
    assert row == 0 and re.fullmatch(r"Tệp quá lớn \(20\.\d MB\); chỉ nhận tệp đến 5 MB\.", text)
    assert not Member.objects.filter(card_no="A-100").exists()


def test_a_token_of_another_user_or_sheet_is_refused(client, office, world):
    response = post(office, "dang-vien", excel_file(MEMBERS, [member_row()]))
    token = response.context["token"]
    client.force_login(world.users["secretary_a"])
    refused = client.post(reverse("spreadsheets:confirm", kwargs={"kind": "dang-vien"}), {"token": token}, follow=True)
    assert "Phiên tải lên đã hết hạn" in refused.content.decode()
    client.force_login(world.users["office"])
    refused = client.post(reverse("spreadsheets:confirm", kwargs={"kind": "sinh-hoat"}), {"token": token}, follow=True)
    assert "Phiên tải lên đã hết hạn" in refused.content.decode()
    assert not Member.objects.filter(card_no="A-100").exists()


def test_meetings_import_with_vietnamese_labels(office, world):
    rows: list[list[object]] = [["A", "05/03/2024", "Sinh hoạt thường kỳ", "Tốt", 18, 20, 120, 92, "Sơ kết quý I"],
            ["B", D(2024, 4, 5), "Sinh hoạt chuyên đề", "Khá", None, None, None, None, None]]  # fmt: skip
    response = post(office, "sinh-hoat", excel_file(MEETINGS, rows))
    assert errors_of(response) == []
    office.post(reverse("spreadsheets:confirm", kwargs={"kind": "sinh-hoat"}), {"token": response.context["token"]})
    meeting = Meeting.objects.get(organization=world.a, held_on=D(2024, 3, 5))
    assert (meeting.kind, meeting.grade, meeting.attendance, meeting.score) == ("regular", "good", 18, 92)
    assert Meeting.objects.filter(organization=world.b, kind="thematic").exists()


def test_meeting_rules_of_the_bundle_are_row_errors(office):
    rows: list[list[object]] = [["A", "05/03/2024", "Sinh hoạt thường kỳ", "Kém", 25, 20, None, 95, None],
            ["A", "06/03/2024", "Họp hằng tuần", "Tốt", None, None, None, None, None]]  # fmt: skip
    errors = errors_of(post(office, "sinh-hoat", excel_file(MEETINGS, rows)))
    assert [(e[0], e[1]) for e in errors] == [(2, "Xếp loại"), (2, "Số dự"), (3, "Loại sinh hoạt")]
    assert errors[1][3] == "Số dự (25) lớn hơn số triệu tập (20)."
    assert not Meeting.objects.exists()


def test_ratings_of_members_and_cells(office, world):
    rows: list[list[object]] = [[2024, "A-001", None, "Hoàn thành tốt nhiệm vụ", "Có", None],
            [2024, None, "A", "Hoàn thành nhiệm vụ", "Không", None],
            [2024, "C-001", None, "Hoàn thành nhiệm vụ", "Có", None],
            [2024, "A-003", "A", "Hoàn thành nhiệm vụ", "Có", None]]  # fmt: skip
    errors = errors_of(post(office, "xep-loai", excel_file(RATINGS, rows)))
    assert [(e[0], e[1]) for e in errors] == [(4, "Số thẻ đảng viên"), (5, "Số thẻ đảng viên")]
    assert "ngoài" not in errors[0][3] and "C-001" in errors[0][3]
    response = post(office, "xep-loai", excel_file(RATINGS, rows[:2]))
    assert errors_of(response) == []
    office.post(reverse("spreadsheets:confirm", kwargs={"kind": "xep-loai"}), {"token": response.context["token"]})
    assert QualityRating.objects.get(year=2024, member=world.members["member_a"]).level == "good"
    assert QualityRating.objects.get(year=2024, organization=world.a).final is False


def test_a_cell_secretary_proposes_member_ratings_only(client, world):
    client.force_login(world.users["secretary_a"])
    rows: list[list[object]] = [[2024, "A-001", None, "Hoàn thành tốt nhiệm vụ", "Có", None],
                                [2024, None, "A", "Hoàn thành nhiệm vụ", "Không", None],
                                [2024, "A-003", None, "Hoàn thành nhiệm vụ", "Không", None]]  # fmt: skip
    errors = errors_of(post(client, "xep-loai", excel_file(RATINGS, rows)))
    assert [(e[0], e[1], e[2]) for e in errors] == [(2, "Chính thức", "Có"), (3, "Mã tổ chức", "A")]
    response = post(client, "xep-loai", excel_file(RATINGS, rows[2:]))
    assert errors_of(response) == []
    client.post(reverse("spreadsheets:confirm", kwargs={"kind": "xep-loai"}), {"token": response.context["token"]})
    rating = QualityRating.objects.get(year=2024, member=world.members["other_a"])
    assert (rating.level, rating.final) == ("complete", False)
