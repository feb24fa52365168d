"""The recognition decision as PDF and Word: texts, embedded fonts, A4, layout, frozen names, access."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bontot.assessments.models import AssessmentRound
from bontot.decisions import services
from bontot.decisions.tests.factories import header, issue, ready
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


PLAN = (
    "Kế hoạch 63-KH/ĐU ngày 26/09/2023 của Đảng ủy xã Tam Thăng (thực hiện Kế hoạch 126-KH/TU ngày 30/8/2023 "
    "của Thành ủy Tam Kỳ)"
)


def _appraised_round(assessment, criteria_set: str = "kh-63-ku-2023") -> None:
    """The round the appraisal concluded on, assessed against `criteria_set` (the decision cites its plan)."""
    AssessmentRound.objects.create(
        assessment=assessment,
        number=assessment.round,
        submitted_at=timezone.now(),
        snapshot={},
        criteria_set=criteria_set,
        criteria_set_digest="x",
        as_of=datetime.date(2024, 12, 31),
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def _in_order(text: str, *parts: str) -> None:
    """Each part occurs in `text` after the one before it."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not found after position {at}"
        at = found + len(part)


def test_a_decision_without_typed_grounds_cites_the_plan_and_the_office(client, world):
    subjects = [ready(member=world.members["member_a"]), ready(organization=world.a)]
    for assessment in subjects:
        _appraised_round(assessment)
    bare = issue(world, subjects, summary="")
    pdf = _flat(pdf_text(_get(client, world, "standing", "decision_pdf", bare).content))
    word = _flat(docx_text(_get(client, world, "standing", "decision_docx", bare).content))
    for text in (pdf, word):
        _in_order(
            text,
            "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ THỬ NGHIỆM",
            f"- Căn cứ {PLAN};",  # the criteria set's plan, quoted as the set cites it
            "- Xét đề nghị của Văn phòng Đảng ủy,",
            "QUYẾT ĐỊNH",
            "Điều 1. Công nhận 1 đảng viên đạt “Đảng viên bốn tốt” và 1 tổ chức đảng đạt “Chi bộ bốn tốt” năm 2024 "
            "(có danh sách kèm theo).",
            "Điều 2. Các đảng viên, tổ chức đảng có tên tại Điều 1 được ưu tiên lựa chọn để xếp loại “Hoàn thành "
            "xuất sắc nhiệm vụ” năm 2024.",
            "Điều 3. Quyết định có hiệu lực kể từ ngày ký. Văn phòng Đảng ủy, các tổ chức đảng có liên quan và các "
            "đồng chí có tên trong danh sách kèm theo chịu trách nhiệm thi hành Quyết định này.",
        )
    assert "Điều 4." not in pdf
    member = _flat(docx_text(_get(client, world, "member_a", "decision_docx", bare).content))
    assert "Điều 1." not in member and "Căn cứ" not in member  # a member reads their own line only
    assert "Điều 1." not in _flat(pdf_text(_get(client, world, "member_a", "decision_pdf", bare).content))


def test_the_articles_come_in_order_between_the_title_and_nơi_nhận(client, world, decision):
    pdf = pdf_text(_get(client, world, "standing", "decision_pdf", decision).content)
    word = docx_text(_get(client, world, "standing", "decision_docx", decision).content)
    for text in (_flat(pdf), _flat(word)):
        # The grounds typed at issue replace the ones our data holds (no plan without rounds here, no office).
        _in_order(
            text,
            decision.title,
            "Căn cứ Điều lệ Đảng;",
            "Xét đề nghị của Văn phòng Đảng ủy.",
            "QUYẾT ĐỊNH",
            "Điều 1.",
            "Điều 2.",
            "Điều 3.",
            "Nơi nhận:",
        )
        assert text.count("Xét đề nghị") == 1
    # pdftotext keeps "Điều n." at the start of a line each.
    assert [line.split(".")[0].strip() for line in pdf.splitlines() if line.strip().startswith("Điều ")] == [
        "Điều 1",
        "Điều 2",
        "Điều 3",
    ]


def test_a_single_member_is_named_in_the_singular(client, world):
    one = issue(world, [ready(member=world.members["member_a"])], summary="")
    text = _flat(pdf_text(_get(client, world, "standing", "decision_pdf", one).content))
    assert "Điều 1. Công nhận 1 đảng viên đạt “Đảng viên bốn tốt” năm 2024 (có danh sách kèm theo)." in text
    assert "Điều 2. Đảng viên có tên tại Điều 1 được ưu tiên" in text
    assert "Căn cứ" not in text  # no appraised round, no plan to cite: nothing invented


def test_a_revoking_decision_revokes_in_article_1_and_recognises_the_corrected_list(client, world):
    member, cell = ready(member=world.members["member_a"]), ready(organization=world.a)
    old = issue(world, [member, cell])
    new = services.revoke_decision(
        old,
        assessment_ids=[cell.pk],
        reason="Nhầm đảng viên.",
        actor=world.users["standing"],
        **header(number="16-QĐ/ĐU"),
    )
    pdf = _flat(pdf_text(_get(client, world, "standing", "decision_pdf", new).content))
    word = _flat(docx_text(_get(client, world, "standing", "decision_docx", new).content))
    for text in (pdf, word):
        _in_order(
            text,
            "QUYẾT ĐỊNH Về việc thu hồi Quyết định số 15-QĐ/ĐU ngày 05/01/2025",
            "QUYẾT ĐỊNH",
            "Điều 1. Thu hồi Quyết định số 15-QĐ/ĐU ngày 05/01/2025 về việc công nhận đảng viên, tổ chức đảng đạt "
            "“bốn tốt” năm 2024. Lý do: Nhầm đảng viên.",
            "Điều 2. Công nhận 1 tổ chức đảng đạt “Chi bộ bốn tốt” năm 2024 (có danh sách kèm theo, thay cho danh "
            "sách kèm theo Quyết định số 15-QĐ/ĐU). Tổ chức đảng có tên trong danh sách kèm theo được ưu tiên",
            "Điều 3. Quyết định có hiệu lực kể từ ngày ký. Văn phòng Đảng ủy, các tổ chức đảng có liên quan chịu "
            "trách nhiệm thi hành Quyết định này.",
            "Nơi nhận:",
        )
        assert "Xét đề nghị" not in text  # who asked for the revocation is not in our data
    emptied = services.revoke_decision(
        new,
        assessment_ids=[],
        reason="Chưa đủ điều kiện",
        actor=world.users["standing"],
        **header(number="17-QĐ/ĐU"),
    )
    text = _flat(pdf_text(_get(client, world, "standing", "decision_pdf", emptied).content))
    assert (
        "Điều 2. Đảng viên, tổ chức đảng có tên trong danh sách kèm theo Quyết định số 16-QĐ/ĐU không còn được "
        "công nhận “bốn tốt” năm 2024." in text
    )
    assert "Lý do: Chưa đủ điều kiện. Điều 2." in text
