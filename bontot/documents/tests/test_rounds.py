"""A round's self-assessment report and appraisal report, as PDF and Word."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bontot.assessments import services_appraisal
from bontot.assessments.tests.matrix_appraisal import submitted

from .helpers import docx_text, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db
REASON = "Vi phạm quy định nơi cư trú, chưa xử lý"


def _get(client, world, persona, name, assessment, number=1):
    client.force_login(world.users[persona])
    return client.get(reverse(f"documents:{name}", args=[assessment.pk, number]))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_self_report_of_a_member(client, world):
    assessment = submitted(world)
    response = _get(client, world, "member_a", "self_report_pdf", assessment)
    assert response.status_code == 200
    text = _flat(pdf_text(response.content, layout=False))
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "CHI BỘ THÔN AN HÒA",
        "ĐẢNG ỦY XÃ THỬ NGHIỆM",
        "BẢN TỰ ĐÁNH GIÁ",
        "Đảng viên: Nguyễn Văn An",
        "Lần nộp 1",
        "30/11/2024",
        "KẾT QUẢ THEO TỪNG TIÊU CHÍ, CHỈ BÁO",
        "TỰ ĐÁNH GIÁ CÁC CHỈ BÁO ĐỊNH TÍNH",
        "Tự nhận 2.1.j1",
        "Tự nhận xét chung: Tự nhận xét: hoàn thành tốt.",
        "NGƯỜI TỰ ĐÁNH GIÁ",
        "- Lưu VP.",
    ):
        assert expected in text, expected
    assert ", ngày " in text
    assert all(emb == "yes" for _, emb in pdf_fonts(response.content))
    word = docx_text(_get(client, world, "member_a", "self_report_docx", assessment).content)
    for expected in ("BẢN TỰ ĐÁNH GIÁ", "Đảng viên: Nguyễn Văn An", "Tự nhận 2.1.j1", "NGƯỜI TỰ ĐÁNH GIÁ"):
        assert expected in word, expected
    assert "{{" not in word and "{%" not in word


def test_the_appraisal_report_shows_opinions_proposal_and_overrides(client, world):
    assessment = submitted(world)
    services_appraisal.conclude_appraisal(
        assessment,
        proposal="not_recognise",
        comment="Cần khắc phục vi phạm",
        opinions={"2.1.j1": {"agree": False, "comment": "Chưa có minh chứng"}},
        overrides={"2.3.a": {"verdict": "fail", "reason": REASON}},
        version=assessment.version,
        actor=world.users["secretary_a"],
    )
    for name in ("appraisal_report_pdf", "appraisal_report_docx"):
        response = _get(client, world, "office", name, assessment)
        assert response.status_code == 200
        raw = pdf_text(response.content, layout=False) if name.endswith("pdf") else docx_text(response.content)
        text = _flat(raw)
        for expected in (
            "BÁO CÁO",
            "Kết quả thẩm định",
            "Nguyễn Văn An",
            "Ý KIẾN THẨM ĐỊNH TỪNG CHỈ BÁO",
            "Chưa có minh chứng",
            "Cấp thẩm định sửa: Đạt → Không đạt. Lý do: " + REASON,
            "Nhận xét của cấp thẩm định: Cần khắc phục vi phạm",
            "Đề xuất: Không đề nghị công nhận.",
            "T/M CHI BỘ",
        ):
            assert expected in text, (name, expected)
    # A narrow PDF column wraps "Không đồng ý"; the Word table keeps the cell whole.
    assert "Không đồng ý" in docx_text(_get(client, world, "office", "appraisal_report_docx", assessment).content)


def test_an_unappraised_round_says_so(client, world):
    text = _flat(pdf_text(_get(client, world, "secretary_a", "appraisal_report_pdf", submitted(world)).content))
    assert "Lần nộp này chưa được thẩm định xong." in text


def test_access(client, world):
    assessment = submitted(world)
    assert _get(client, world, "member_b", "self_report_pdf", assessment).status_code == 404
    assert _get(client, world, "outsider", "appraisal_report_docx", assessment).status_code == 404
    assert _get(client, world, "member_a", "self_report_pdf", assessment, number=2).status_code == 404


def test_the_pages_link_the_reports(client, world):
    assessment = submitted(world)
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("assessments:self_round", args=[assessment.pk, 1])).content.decode()
    assert reverse("documents:self_report_pdf", args=[assessment.pk, 1]) in body
    body = client.get(reverse("assessments:appraisal_round", args=[assessment.pk, 1])).content.decode()
    assert reverse("documents:appraisal_report_docx", args=[assessment.pk, 1]) in body


@pytest.mark.parametrize("name", ["self_report_pdf", "appraisal_report_docx"])
def test_constant_queries(client, world, name):
    """The rows of a round (indicators, answers, opinions) are read at once: two members' rounds, one with
    opinions and overrides, take as many queries."""
    counts = []
    plain, appraised = submitted(world, "member_b"), submitted(world)
    services_appraisal.conclude_appraisal(
        appraised,
        proposal="not_recognise",
        comment="",
        opinions={"2.1.j1": {"agree": False, "comment": "Chưa có"}, "2.1.j2": {"agree": True, "comment": ""}},
        overrides={"2.3.a": {"verdict": "fail", "reason": REASON}},
        version=appraised.version,
        actor=world.users["secretary_a"],
    )
    for assessment in (plain, appraised):
        client.force_login(world.users["office"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"documents:{name}", args=[assessment.pk, 1])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_reports_word_the_figures_as_the_result_page_does(client, world):
    word = docx_text(_get(client, world, "member_a", "self_report_docx", submitted(world)).content)
    assert "Thực tế: " in word
    assert "yêu cầu: " in word
    assert "Đạt / Đạt" not in word  # the bare pair read as two verdicts
