"""The security review of issue 8 on the Excel upload: a zip bomb is refused unread; an office rates the
organisations under it (never its own committee, never itself outside its subtree); a sheet never records,
changes or undoes a departure (nor moves a member) unless the uploader is office over the member; the warnings
after an import name only what the uploader's grants cover."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bontot.core.models import AuditLog
from bontot.core.testing.zips import inflating
from bontot.facts.models import QualityRating
from bontot.members import services as member_services
from bontot.members.models import Member
from bontot.spreadsheets.sheets import MEMBERS, RATINGS

from .files import excel_file

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _import(client, world, persona: str, kind: str, sheet, rows: list[list[object]]):
    """`persona` uploads `rows` and confirms when the preview allows it; return the preview's response."""
    client.force_login(world.users[persona])
    upload = SimpleUploadedFile("xl.xlsx", excel_file(sheet, rows), content_type="application/octet-stream")
    response = client.post(reverse("spreadsheets:upload", kwargs={"kind": kind}), {"tep": upload})
    token = response.context.get("token")
    if token:
        client.post(reverse("spreadsheets:confirm", kwargs={"kind": kind}), {"token": token})
    return response


# -- a zip bomb ---------------------------------------------------------------------------------------------

BIG = 200 * 1024 * 1024


def test_an_xlsx_inflating_far_beyond_the_cap_is_refused_unread(client, world, monkeypatch):
    row = ["A-100", "Đỗ Thị Mai", D(1990, 9, 2), "Nữ", "A", "03/02/2015", "03/02/2016", "Không", None]
    padding = b'<row r="3"><c r="A3" t="inlineStr"><is><t>' + b" " * BIG + b"</t></is></c></row>"
    content = inflating(excel_file(MEMBERS, [row]), "xl/worksheets/sheet1.xml", b"</sheetData>", padding)
    assert len(content) < 1024 * 1024
    from bontot.spreadsheets import upload as upload_module

    loaded = []

    def spy(*args, **kwargs):
        loaded.append(1)
        raise RuntimeError("openpyxl would inflate 200 MB here")

    monkeypatch.setattr(upload_module, "load_workbook", spy)
    client.force_login(world.users["secretary_a"])
    upload = SimpleUploadedFile("xl.xlsx", content, content_type="application/octet-stream")
    response = client.post(reverse("spreadsheets:upload", kwargs={"kind": "dang-vien"}), {"tep": upload})
    assert not loaded, "a 200 MB (uncompressed) workbook was handed to openpyxl"
    [error] = response.context["checked"].errors
    assert error.row == 0 and "quá giới hạn 100 MB" in error.message


# -- ratings: who decides -----------------------------------------------------------------------------------

EXCELLENT, GOOD = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"


def test_the_office_cannot_rate_its_own_committee(client, world):
    response = _import(client, world, "office", "xep-loai", RATINGS, [[2024, None, "DU", EXCELLENT, "Có", None]])
    assert not QualityRating.objects.filter(organization=world.du).exists(), "DU's office rated DU itself (final)"
    [error] = response.context["checked"].errors
    assert error.column == "Mã tổ chức" and "cấp ủy cấp trên" in error.message


def test_the_office_rates_the_cells_under_it(client, world):
    _import(client, world, "office", "xep-loai", RATINGS, [[2024, None, "A", EXCELLENT, "Có", None]])
    assert QualityRating.objects.get(organization=world.a).final


def test_an_office_clerk_cannot_finalise_their_own_rating_outside_their_subtree(client, world):
    own = Member.objects.create(
        card_no="A-009", full_name="Ngô Văn Ngoài", birth_date=D(1980, 1, 1), gender="male", organization=world.a,
        admitted_on=D(2010, 1, 1), official_on=D(2011, 1, 1), user=world.users["outsider"],
    )  # fmt: skip
    # The office of DU2; their own card is in DU's cell A.
    response = _import(client, world, "outsider", "xep-loai", RATINGS, [[2024, "A-009", None, EXCELLENT, "Có", None]])
    assert not QualityRating.objects.filter(member=own).exists(), "DU2's office rated itself in DU's cell"
    assert response.context["checked"].errors


def test_the_cap_warning_after_an_import_names_no_committee_outside_the_importer(client, world):
    for key in ("member_a", "secretary_a", "other_a"):  # DU: 3 final HTXSNV, no HTTNV → over the 20 % cap
        QualityRating.objects.create(year=2024, member=world.members[key], level="excellent", final=True)
    client.force_login(world.users["outsider"])  # the office of DU2
    upload = SimpleUploadedFile(
        "xl.xlsx",
        excel_file(RATINGS, [[2024, "C-001", None, GOOD, "Có", None]]),
        content_type="application/octet-stream",
    )
    response = client.post(reverse("spreadsheets:upload", kwargs={"kind": "xep-loai"}), {"tep": upload})
    assert response.context["checked"].errors == []
    done = client.post(
        reverse("spreadsheets:confirm", kwargs={"kind": "xep-loai"}), {"token": response.context["token"]}, follow=True
    )
    body = done.content.decode()
    assert "Đã nhập 1 dòng" in body
    assert "Đảng ủy xã Thử Nghiệm" not in body, "DU2's office is told DU's HTXSNV counts"
    # The audit row keeps the whole system's view.
    [logged] = AuditLog.objects.filter(action="bundle.imported").values_list("data", flat=True)
    assert any("Đảng ủy xã Thử Nghiệm" in warning for warning in logged["warnings"])


def test_the_cap_warning_is_shown_to_the_office_it_concerns(client, world):
    for key in ("member_a", "secretary_a"):
        QualityRating.objects.create(year=2024, member=world.members[key], level="excellent", final=True)
    client.force_login(world.users["office"])
    upload = SimpleUploadedFile(
        "xl.xlsx", excel_file(RATINGS, [[2024, "A-003", None, EXCELLENT, "Có", None]]),
        content_type="application/octet-stream",
    )  # fmt: skip
    response = client.post(reverse("spreadsheets:upload", kwargs={"kind": "xep-loai"}), {"tep": upload})
    done = client.post(
        reverse("spreadsheets:confirm", kwargs={"kind": "xep-loai"}), {"token": response.context["token"]}, follow=True
    )
    assert "Cảnh báo: Vượt tỷ lệ 20 %" in done.content.decode()


# -- departures and transfers -------------------------------------------------------------------------------


def _other_a_row(left_on: object, cell: str = "A") -> list[object]:
    return ["A-003", "Trần Thị Ánh", D(1980, 5, 17), "Nam", cell, D(2010, 3, 2), D(2011, 3, 2), "Không", left_on]


def test_a_cell_secretary_cannot_record_a_departure(client, world):
    response = _import(client, world, "secretary_a", "dang-vien", MEMBERS, [_other_a_row(D(2024, 6, 1))])
    world.members["other_a"].refresh_from_db()
    assert world.members["other_a"].left_on is None, "the secretary recorded a departure (office only in the UI)"
    [error] = response.context["checked"].errors
    assert error.column == "Ngày ra khỏi Đảng bộ" and error.value == "01/06/2024"
    assert error.message.startswith("Ngày ra khỏi Đảng bộ của đảng viên đã có được ghi trên trang đảng viên")


def _departed(world) -> None:
    member_services.record_departure(
        world.members["other_a"], actor=world.users["office"], on=D(2024, 6, 1), reason="Khai trừ"
    )


def test_an_empty_cell_keeps_a_departure_whoever_uploads(client, world):
    _departed(world)
    for persona in ("secretary_a", "office"):
        response = _import(client, world, persona, "dang-vien", MEMBERS, [_other_a_row(None)])
        assert response.context["checked"].errors == []
        world.members["other_a"].refresh_from_db()
        assert world.members["other_a"].left_on == D(2024, 6, 1), f"an empty cell cleared the departure ({persona})"


def test_a_cell_secretary_cannot_change_a_departure_but_may_restate_it(client, world):
    _departed(world)
    response = _import(client, world, "secretary_a", "dang-vien", MEMBERS, [_other_a_row(D(2024, 7, 1))])
    assert [error.column for error in response.context["checked"].errors] == ["Ngày ra khỏi Đảng bộ"]
    response = _import(client, world, "secretary_a", "dang-vien", MEMBERS, [_other_a_row(D(2024, 6, 1))])
    assert response.context["checked"].errors == []
    world.members["other_a"].refresh_from_db()
    assert world.members["other_a"].left_on == D(2024, 6, 1)


def test_not_even_the_office_records_a_departure_or_a_transfer_from_a_sheet(client, world):
    """The member's page does both, with the memberships, the member role and the audit a sheet would skip."""
    response = _import(client, world, "office", "dang-vien", MEMBERS, [_other_a_row(D(2024, 6, 1), cell="B")])
    errors = response.context["checked"].errors
    assert [error.column for error in errors] == ["Mã chi bộ", "Ngày ra khỏi Đảng bộ"] or sorted(
        error.column for error in errors
    ) == sorted(["Mã chi bộ", "Ngày ra khỏi Đảng bộ"])
    assert any("“Chuyển sinh hoạt”" in error.message for error in errors)
    member = Member.objects.get(card_no="A-003")
    assert (member.left_on, member.organization) == (None, world.a)


def test_a_new_member_is_created_by_a_cell_secretary_as_before(client, world):
    row = ["A-100", "Đỗ Thị Mai", D(1990, 9, 2), "Nữ", "A", "03/02/2015", "03/02/2016", "Không", None]
    response = _import(client, world, "secretary_a", "dang-vien", MEMBERS, [row])
    assert response.context["checked"].errors == []
    assert Member.objects.get(card_no="A-100").organization == world.a
