"""The office's own Word templates: placeholders checked at upload, used for the Word downloads."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bontot.core.models import AuditLog
from bontot.documents import uploads
from bontot.documents.models import DocumentKind, DocumentTemplate
from bontot.documents.render import DOCX_DIR, DOCX_TYPE

from .factories import built_in, registered
from .helpers import docx_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _docx(*lines: str, name: str = "rieng.docx") -> SimpleUploadedFile:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=DOCX_TYPE)


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_every_built_in_template_passes_its_own_check(kind):
    uploads.check_template(kind, (DOCX_DIR / f"{kind}.docx").read_bytes())


def test_an_unknown_placeholder_is_refused_by_name(world):
    upload = _docx("{{ issuer }}", "{{ ten_chi_bo }} {{ so_dang_vien }}")
    with pytest.raises(ValidationError) as caught:
        uploads.upload_template(world.du, "registration", upload, actor=world.users["office"])
    assert caught.value.messages == ["Mẫu có biến không được hỗ trợ: {{ so_dang_vien }}, {{ ten_chi_bo }}."]
    assert not DocumentTemplate.objects.exists()


def test_the_decision_articles_are_placeholders_of_the_decision_only():
    body = _docx("{{ authority }}", "{%p for a in articles %}", "{{ a.number }} {{ a.text }}", "{%p endfor %}")
    uploads.check_template("decision", body.read())
    with pytest.raises(ValidationError) as caught:
        uploads.check_template("registration", body.open().read())
    assert caught.value.messages == ["Mẫu có biến không được hỗ trợ: {{ articles }}, {{ authority }}."]


def test_a_file_that_is_not_a_word_template_is_refused(world):
    with pytest.raises(ValidationError, match="Chỉ nhận tệp Word"):
        uploads.upload_template(world.du, "registration", _docx(name="mau.pdf"), actor=world.users["office"])
    broken = SimpleUploadedFile("mau.docx", b"not a zip", content_type=DOCX_TYPE)
    with pytest.raises(ValidationError, match="Không đọc được tệp mẫu Word"):
        uploads.upload_template(world.du, "registration", broken, actor=world.users["office"])


def test_an_uploaded_template_is_used_for_the_word_download_and_replaced(client, world):
    registered(world)
    upload = _docx("MẪU RIÊNG {{ issuer }}", "{%p for r in recipients %}", "{{ r }}", "{%p endfor %}")
    row = uploads.upload_template(world.du, "registration", upload, actor=world.users["office"])
    assert AuditLog.objects.filter(action="documents.template.uploaded", object_id=str(row.pk)).count() == 1
    client.force_login(world.users["office"])
    url = reverse("documents:registration_docx", args=[world.du.pk]) + "?year=2024"
    text = docx_text(client.get(url).content)
    assert "MẪU RIÊNG ĐẢNG ỦY XÃ THỬ NGHIỆM" in text and "- Lưu VP." in text
    # Cell A's list is not DU's document: the built-in template.
    cell = docx_text(client.get(reverse("documents:registration_docx", args=[world.a.pk]) + "?year=2024").content)
    assert "MẪU RIÊNG" not in cell and "ĐẢNG CỘNG SẢN VIỆT NAM" in cell
    uploads.upload_template(world.du, "registration", _docx("MẪU MỚI {{ title }}"), actor=world.users["office"])
    assert DocumentTemplate.objects.count() == 1
    assert "MẪU MỚI Đăng ký xây dựng" in docx_text(client.get(url).content)


def test_the_page_lists_placeholders_and_refuses_with_the_name(client, world):
    client.force_login(world.users["office"])
    url = reverse("documents:templates", args=[world.du.pk])
    body = client.get(url).content.decode()
    assert "date_line" in body and "Tam Thăng, ngày 06 tháng 01 năm 2025" in body and "Đang dùng mẫu có sẵn." in body
    response = client.post(url, {"kind": "proposal", "file": _docx("{{ la }}")})
    assert response.status_code == 400
    assert "Mẫu có biến không được hỗ trợ: {{ la }}." in response.content.decode()
    response = client.post(url, {"kind": "proposal", "file": built_in("proposal")})
    assert response.status_code == 302
    assert "Đang dùng mẫu riêng: mau.docx" in client.get(url).content.decode()


def test_the_menu_entry_leads_the_office_to_its_page(client, world):
    client.force_login(world.users["office"])
    response = client.get(reverse("documents:templates_home"))
    assert response.status_code == 302 and response["Location"] == reverse("documents:templates", args=[world.du.pk])
    assert reverse("documents:templates_home") in client.get(reverse("dashboards:home")).content.decode()


def test_a_first_upload_that_loses_the_race_reads_the_same_message_whichever_check_sees_it(
    world, settings, tmp_path, monkeypatch
):
    """The other first upload commits after our lock found no row: the model's unique check, run before the
    insert, sees it (the PostgreSQL test's timing varies which check does); the same Vietnamese message."""
    settings.MEDIA_ROOT = tmp_path
    uploads.upload_template(world.du, "registration", built_in("registration"), actor=world.users["office"])
    real = DocumentTemplate.objects.select_for_update
    monkeypatch.setattr(DocumentTemplate.objects, "select_for_update", lambda: real().none())  # the lock saw none
    with pytest.raises(ValidationError, match="Đã có người khác cập nhật mẫu này; tải lại trang."):
        uploads.upload_template(world.du, "registration", built_in("registration"), actor=world.users["office"])
    assert DocumentTemplate.objects.count() == 1
    assert AuditLog.objects.filter(action="documents.template.uploaded").count() == 1
