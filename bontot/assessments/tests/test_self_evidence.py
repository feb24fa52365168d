"""Evidence files: accepted by content (PDF, PNG, JPEG, DOCX, DOC), refused otherwise or over the size limit,
removable only while the round is being prepared, downloaded only through the access-checked view."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bontot.assessments import services_self as svc
from bontot.assessments.evidence import TYPES, clean_name
from bontot.assessments.models import Evidence
from bontot.core.models import AuditLog

from . import self_files as files
from .self_helpers import YEAR, declare, full_answers, register


@pytest.fixture
def draft(world):
    declare()
    register(member=world.members["member_a"])
    return svc.start_assessment(YEAR, member=world.members["member_a"], actor=world.users["member_a"])


def _add(world, assessment, name, content, indicator="2.1.j1", persona="member_a"):
    upload = SimpleUploadedFile(name, content)
    return svc.add_evidence(assessment, file=upload, indicator=indicator, actor=world.users[persona])


@pytest.mark.parametrize(
    ("name", "content", "content_type", "stored_name"),
    [
        ("Biên bản họp.pdf", files.PDF, "application/pdf", "Biên bản họp.pdf"),
        ("ảnh.png", files.PNG, "image/png", "ảnh.png"),
        ("ảnh.JPG", files.JPEG, "image/jpeg", "ảnh.jpg"),
        ("báo cáo.docx", files.docx(), TYPES["docx"].content_type, "báo cáo.docx"),
        ("báo cáo cũ.doc", files.DOC, "application/msword", "báo cáo cũ.doc"),
        ("C:\\Users\\An\\giấy khen", files.PDF, "application/pdf", "giấy khen.pdf"),
    ],
)
def test_it_accepts_real_files_by_content(world, draft, name, content, content_type, stored_name):
    evidence = _add(world, draft, name, content)
    assert evidence.content_type == content_type
    assert evidence.original_name == stored_name
    assert evidence.size == len(content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.round == 1
    with evidence.file.open("rb") as handle:
        assert handle.read() == content
    assert name not in evidence.file.name  # stored under a random name
    assert AuditLog.objects.filter(action="assessment.evidence_added", object_id=str(draft.pk)).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("chuong-trinh.exe", files.EXE),
        ("gia-mao.pdf", files.EXE),
        ("ghi-chu.pdf", "Đây là văn bản thường".encode()),
        ("nen.docx", files.plain_zip()),
    ],
)
def test_it_refuses_files_that_are_not_what_they_say(world, draft, name, content):
    with pytest.raises(ValidationError) as error:
        _add(world, draft, name, content)
    assert error.value.messages == [
        f"Tệp “{name}” không phải PDF, ảnh (PNG, JPEG), Word (.docx, .doc) (kiểm tra theo nội dung tệp), không nhận."
    ]
    assert not Evidence.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(world, draft, settings):
    settings.EVIDENCE_MAX_MB = 1
    limit = 1024 * 1024
    _add(world, draft, "vua-du.pdf", files.PDF + bytes(limit - len(files.PDF)))
    with pytest.raises(ValidationError) as error:
        _add(world, draft, "qua-lon.pdf", files.PDF + bytes(limit - len(files.PDF) + 1))
    assert error.value.messages == ["Tệp “qua-lon.pdf” lớn quá 1 MB, không nhận."]
    assert Evidence.objects.count() == 1


def test_it_refuses_an_unknown_indicator_and_a_stranger(world, draft):
    with pytest.raises(ValidationError):
        _add(world, draft, "a.pdf", files.PDF, indicator="9.9.j9")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _add(world, draft, "a.pdf", files.PDF, persona="office")


def test_files_of_a_submitted_round_stay(world, draft):
    evidence = _add(world, draft, "a.pdf", files.PDF)
    saved = svc.save_answers(draft, answers=full_answers(), summary="", version=0, actor=world.users["member_a"])
    svc.submit_assessment(saved, version=saved.version, actor=world.users["member_a"])
    with pytest.raises(ValidationError) as error:
        svc.remove_evidence(evidence, actor=world.users["member_a"])
    assert "đã được nộp" in error.value.messages[0]
    with pytest.raises(ValidationError):
        _add(world, saved, "b.pdf", files.PDF)
    assert Evidence.objects.count() == 1


def test_it_removes_a_file_of_the_round_being_prepared(world, draft, django_capture_on_commit_callbacks):
    evidence = _add(world, draft, "a.pdf", files.PDF)
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        svc.remove_evidence(evidence, actor=world.users["secretary_a"])
    assert not Evidence.objects.exists()
    assert not storage.exists(name)
    assert AuditLog.objects.filter(action="assessment.evidence_removed").exists()


def test_it_downloads_as_an_attachment_to_those_who_see_the_assessment(client, world, draft):
    evidence = _add(world, draft, "Biên bản.pdf", files.PDF)
    url = reverse("assessments:self_evidence", kwargs={"pk": evidence.pk})
    client.force_login(world.users["secretary_a"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == files.PDF
    client.force_login(world.users["member_b"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("assessments:self_evidence", kwargs={"pk": evidence.pk + 1000})).status_code == 404


def test_the_form_uploads_files_and_reports_a_refused_one_by_name(client, world, draft):
    client.force_login(world.users["member_a"])
    url = reverse("assessments:self_form", kwargs={"pk": draft.pk})
    response = client.post(
        url,
        {
            "version": "0",
            "action": "save",
            "verdict_2.1.j1": "pass",
            "explanation_2.1.j1": "Có minh chứng",
            "file_2.1.j1": [SimpleUploadedFile("bb.pdf", files.PDF), SimpleUploadedFile("virus.pdf", files.EXE)],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Tệp “virus.pdf” không phải PDF" in page
    assert "bb.pdf" in page
    assert [e.original_name for e in Evidence.objects.all()] == ["bb.pdf"]


def test_clean_name_keeps_vietnamese_and_drops_unsafe_characters():
    assert clean_name('../../a<b>"c".PDF', TYPES["pdf"]) == "abc.pdf"
    assert clean_name("", TYPES["png"]) == "minh-chung.png"
    assert clean_name("Ảnh chụp.jpeg", TYPES["jpeg"]) == "Ảnh chụp.jpeg"
