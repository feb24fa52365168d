"""The recognition decision as PDF and Word: texts, embedded fonts, A4, layout, frozen names, access."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bontot.decisions.tests.factories import issue, ready
from bontot.documents.contexts import date_line
from bontot.organizations.models import Organization

from .helpers import docx_document, docx_text, pdf_fonts, pdf_text, pdf_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(world):
    return issue(
        world,
        [ready(member=world.members["member_a"]), ready(organization=world.a)],
        summary="Căn cứ Điều lệ Đảng;\nXét đề nghị của Văn phòng Đảng ủy.",
    )


def _mm(length) -> int:
    assert length is not None
    return round(length.mm)


def _get(client, world, persona, name, decision):
    client.force_login(world.users[persona])
    return client.get(reverse(f"documents:{name}", args=[decision.pk]))


def test_date_line_pads_day_and_month():
    assert date_line("Tam Thăng", datetime.date(2025, 1, 6)) == "Tam Thăng, ngày 06 tháng 01 năm 2025"


def test_the_pdf_reads_back_the_frame_and_the_list(client, world, decision):
    response = _get(client, world, "standing", "decision_pdf", decision)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-15-QD-DU.pdf"'
    text = pdf_text(response.content)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số: 15-QĐ/ĐU",
        "Tam Thăng, ngày 05 tháng 01 năm 2025",
        decision.issuer_name,
        "QUYẾT ĐỊNH",
        "Nơi nhận:",
        "- Lưu VP.",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Nguyễn Văn Bí",
        "Xét đề nghị của Văn phòng Đảng ủy.",
        world.members["member_a"].full_name,
        "Đảng viên bốn tốt",
        "Chi bộ bốn tốt",
    ):
        assert expected in text, expected


def test_the_pdf_embeds_only_liberation_serif(client, world, decision):
    fonts = pdf_fonts(_get(client, world, "standing", "decision_pdf", decision).content)
    assert fonts
    for name, embedded in fonts:
        assert embedded == "yes", name
        assert name.split("+")[-1].startswith("Liberation-Serif-Bundled"), name  # our @font-face of the bundled files


def test_the_pdf_numbers_pages_from_page_two(client, world, decision):
    words = pdf_words(_get(client, world, "standing", "decision_pdf", decision).content)
    pages = max(w.page for w in words)
    assert pages >= 2  # the attached list starts a new page
    bottom = {p: [w.text for w in words if w.page == p and w.y > w.page_height * 0.9] for p in range(1, pages + 1)}
    assert bottom[1] == []
    assert bottom[2] == ["2"]


def test_the_pdf_lays_out_the_party_format(client, world, decision):
    words = [w for w in pdf_words(_get(client, world, "standing", "decision_pdf", decision).content) if w.page == 1]
    width = words[0].page_width

    def first(text: str, after: float = -1):
        return next(w for w in words if w.text == text and w.y > after)

    party, number = first("CỘNG"), first("Số:")
    issuer_word = first(decision.issuer_name.split()[0])
    assert number.x < width / 2 and issuer_word.x < width / 2  # left column
    assert party.x > width / 2  # right column
    assert abs(party.y - (first(decision.superior_name.split()[0]).y)) < 5  # the columns start on one line
    place = first("Tam")
    assert place.x > width / 2 and place.y > party.y  # italic place-date line under the party's name
    title = first("QUYẾT")
    assert title.y > number.y and width * 0.3 < title.x < width * 0.6  # centred below the header
    recipients, signer = first("Nơi"), first("T/M")
    assert recipients.y > title.y and recipients.x < width / 3  # bottom-left
    assert signer.x > width / 2 and abs(signer.y - recipients.y) < 5  # bottom-right
    name = first("Nguyễn", after=signer.y)
    assert name.x > width / 2 and name.y > signer.y


def test_the_word_file_says_the_same_on_a4(client, world, decision):
    response = _get(client, world, "standing", "decision_docx", decision)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-15-QD-DU.docx"'
    text = docx_text(response.content)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số: 15-QĐ/ĐU",
        "Tam Thăng, ngày 05 tháng 01 năm 2025",
        decision.issuer_name,
        "QUYẾT ĐỊNH",
        "Nơi nhận:",
        "- Lưu VP.",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Nguyễn Văn Bí",
        "Xét đề nghị của Văn phòng Đảng ủy.",
        world.members["member_a"].full_name,
        "Chi bộ bốn tốt",
    ):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    section = docx_document(response.content).sections[0]
    assert (_mm(section.page_width), _mm(section.page_height)) == (210, 297)
    assert (_mm(section.left_margin), _mm(section.right_margin)) == (30, 15)


def test_margins_follow_the_setting(client, world, decision, settings):
    settings.DOCUMENT_MARGINS_MM = "25,25,35,20"
    section = docx_document(_get(client, world, "standing", "decision_docx", decision).content).sections[0]
    assert (_mm(section.top_margin), _mm(section.left_margin), _mm(section.right_margin)) == (25, 35, 20)
    words = pdf_words(_get(client, world, "standing", "decision_pdf", decision).content)
    leftmost = min(w.x for w in words if w.page == 1)
    assert leftmost >= 35 * 72 / 25.4 - 1


def test_a_member_gets_only_their_own_line(client, world, decision):
    for name in ("decision_pdf", "decision_docx"):
        response = _get(client, world, "member_a", name, decision)
        assert response.status_code == 200
        text = pdf_text(response.content) if name == "decision_pdf" else docx_text(response.content)
        assert world.members["member_a"].full_name in text
        assert "Chi bộ bốn tốt" not in text  # cell A's line is not theirs
        assert "Xét đề nghị" not in text  # nor the summary
        assert "TRÍCH DANH SÁCH" in text


def test_others_get_404(client, world, decision):
    for persona in ("member_b", "outsider", "supervisor_a"):
        assert _get(client, world, persona, "decision_pdf", decision).status_code == 404
        assert _get(client, world, persona, "decision_docx", decision).status_code == 404


def test_a_2024_decision_keeps_its_names_after_the_merger(client, world, decision):
    """After the commune merges (2025-07-01), the document still names the 2024 issuer and superior."""
    old_issuer, old_superior = decision.issuer_name, decision.superior_name
    merged = Organization.objects.create(
        code="NEW",
        name="Đảng bộ xã Mới Sáp Nhập",
        kind="grassroots_committee",
        parent=world.du.parent,
        valid_from=datetime.date(2025, 7, 1),
    )
    Organization.objects.filter(pk=world.du.pk).update(
        valid_to=datetime.date(2025, 6, 30), successor=merged, name="Đảng ủy xã Đã Đổi Tên"
    )
    text = pdf_text(_get(client, world, "standing", "decision_pdf", decision).content)
    assert old_issuer in text and old_superior in text
    assert "MỚI SÁP NHẬP" not in text and "ĐÃ ĐỔI TÊN" not in text
    assert old_issuer in docx_text(_get(client, world, "standing", "decision_docx", decision).content)


def test_the_detail_page_links_both_downloads(client, world, decision):
    client.force_login(world.users["member_a"])
    body = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert reverse("documents:decision_pdf", args=[decision.pk]) in body
    assert reverse("documents:decision_docx", args=[decision.pk]) in body


@pytest.mark.parametrize("name", ["decision_pdf", "decision_docx"])
def test_a_download_runs_a_constant_number_of_queries(client, world, name):
    m = world.members
    small = issue(world, [ready(member=m["other_a"])])
    big = issue(
        world,
        [ready(member=m[k]) for k in ("member_a", "secretary_a", "member_b")]
        + [ready(organization=world.a), ready(organization=world.b)],
        number="16-QĐ/ĐU",
    )
    client.force_login(world.users["standing"])
    counts = []
    for decision in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"documents:{name}", args=[decision.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_deputy_signs_for_the_secretary(client, world):
    deputy = issue(
        world,
        [ready(member=world.members["member_a"])],
        signing_mode="deputy",
        signer_title="Phó Bí thư",
        signer_name="Trần Văn Phó",
    )
    text = pdf_text(_get(client, world, "standing", "decision_pdf", deputy).content)
    assert "K/T BÍ THƯ" in text and "PHÓ BÍ THƯ" in text and "Trần Văn Phó" in text
    word = docx_text(_get(client, world, "standing", "decision_docx", deputy).content)
    assert "K/T BÍ THƯ" in word and "PHÓ BÍ THƯ" in word


def test_recipients_start_with_a_dash_and_end_with_the_archive():
    from bontot.documents.contexts import recipients_ending_archive

    assert recipients_ending_archive(["Ban Thường vụ Thành ủy (b/c);", "", "Lưu VP."]) == [
        "- Ban Thường vụ Thành ủy (b/c);",
        "- Lưu VP.",
    ]
    assert recipients_ending_archive(["- Như Điều 3;"]) == ["- Như Điều 3;", "- Lưu VP."]


def test_a_decision_without_a_body_says_what_it_decides(client, world):
    bare = issue(world, [ready(member=world.members["member_a"]), ready(organization=world.a)], summary="")
    text = " ".join(pdf_text(_get(client, world, "standing", "decision_pdf", bare).content).split())
    assert "Công nhận 2 đảng viên, tổ chức đảng đạt “bốn tốt” năm 2024 (có danh sách kèm theo)." in text
    member = " ".join(docx_text(_get(client, world, "member_a", "decision_docx", bare).content).split())
    assert "Công nhận 2" not in member  # a member reads their own line only
