"""An office's Word template cannot run code: every part docxtpl renders is checked at upload, a trial render
runs in the sandbox, every download renders in the sandbox, and an archive that inflates too far is refused
unread (security review of issue 8)."""

from __future__ import annotations

import datetime
import io
import zipfile

import docx
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bontot.core.testing.zips import inflating
from bontot.documents import contexts as documents_context
from bontot.documents import render, uploads
from bontot.documents.models import DocumentTemplate
from bontot.documents.render import DOCX_TYPE

from .factories import registered
from .helpers import docx_text

pytestmark = pytest.mark.django_db


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


# Attribute access on an allowed placeholder reaching Python internals, then settings (or os).
SSTI_BODY = (
    "{{ (title.__class__.__mro__[1].__subclasses__() | selectattr('__name__', 'equalto', 'catch_warnings') "
    "| first)()._module.__builtins__['__import__']('django.conf').conf.settings.SECRET_KEY }}"
)


def test_it_refuses_a_placeholder_reaching_python_internals(client, world):
    status, text = _upload_and_render(client, world, _docx_bytes("{{ issuer }}", SSTI_BODY))
    assert django_settings.SECRET_KEY not in text, "the uploaded template printed SECRET_KEY into the document"
    assert status == 400
    assert not DocumentTemplate.objects.exists()


def test_it_names_the_unsafe_expression_even_when_it_prints_nothing(world):
    # The download's sandbox prints an unsafe attribute as nothing; the trial render refuses it outright.
    with pytest.raises(ValidationError, match="Mẫu có biểu thức không được phép.*__class__"):
        uploads.check_template("registration", _docx_bytes("{{ title.__class__ }}"))


def test_it_refuses_code_in_the_core_properties(client, world):
    payload = "{{ cycler.__init__.__globals__.os.environ.get('DJANGO_SETTINGS_MODULE') }}"
    status, text = _upload_and_render(client, world, _docx_bytes("{{ issuer }}", core_title=payload))
    assert "config.settings" not in text, "the core properties ran os.environ"
    assert status == 400  # `cycler` is not a placeholder: refused by name like any other


def test_it_checks_the_placeholders_of_the_core_properties_by_name(world):
    with pytest.raises(ValidationError, match=r"Mẫu có biến không được hỗ trợ: \{\{ ten_rieng \}\}"):
        uploads.check_template("registration", _docx_bytes("{{ issuer }}", core_title="{{ ten_rieng }}"))
    uploads.check_template("registration", _docx_bytes("{{ issuer }}", core_title="Danh sách {{ title }}"))


def test_it_refuses_a_template_failing_the_trial_render(world):
    # An attribute of an attribute the placeholder lacks: the download would fail the same way.
    with pytest.raises(ValidationError, match="Mẫu lỗi khi thử điền dữ liệu mẫu: .*missing"):
        uploads.check_template("registration", _docx_bytes("{{ title.missing.deeper }}"))


def test_a_template_stored_before_the_check_still_renders_in_the_sandbox(world):
    registered(world)
    row = DocumentTemplate(organization=world.du, kind="registration", original_name="cu.docx")
    row.file.save("registration.docx", io.BytesIO(_docx_bytes("{{ title.__class__.__mro__ }}")), save=False)
    row.stamp(world.users["office"])
    row.save()
    # the sandbox refuses it, and the reader still gets the document in the built-in layout
    context = documents_context.registration_context(world.du, 2024, [], today=datetime.date(2024, 12, 1))
    word = docx_text(render.render_docx("registration", context))
    assert "mro" not in word and "class" not in word
    assert "DANH SÁCH" in word and context["title"] in word


BIG = 200 * 1024 * 1024


def test_it_refuses_unread_a_template_inflating_far_beyond_the_cap(client, world, monkeypatch):
    padding = b"<w:p><w:r><w:t>" + b" " * BIG + b"</w:t></w:r></w:p>"
    content = inflating(_docx_bytes("{{ issuer }}"), "word/document.xml", b"</w:body>", padding)
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
    assert "Tệp giải nén ra tới 201 MB, quá giới hạn 100 MB" in response.content.decode()
