"""The office's proposal (tờ trình) to the standing committee, as PDF and Word."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bontot.decisions.tests.factories import ready

from .helpers import docx_text, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db


def _get(client, world, persona, name, org, year=2024):
    client.force_login(world.users[persona])
    return client.get(reverse(f"documents:{name}", args=[org.pk]) + f"?year={year}")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_proposal_lists_the_proposed_subjects(client, world):
    ready(member=world.members["member_a"])
    ready(organization=world.a)
    ready(member=world.members["member_b"], registered=False)
    ready(member=world.members["member_c"])  # DU2's: not DU's to decide
    for name in ("proposal_pdf", "proposal_docx"):
        response = _get(client, world, "office", name, world.du)
        assert response.status_code == 200
        raw = pdf_text(response.content, layout=False) if name.endswith("pdf") else docx_text(response.content)
        text = _flat(raw)
        for expected in (
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "ĐẢNG ỦY XÃ THỬ NGHIỆM",
            "TỜ TRÌNH",
            "Kính gửi: Ban Thường vụ Đảng ủy xã Thử Nghiệm.",
            "công nhận 3 đảng viên, tổ chức đảng",
            "Nguyễn Văn An",
            "Chi bộ thôn An Hòa",
            "Phạm Văn Bảo",
            "Kính trình Ban Thường vụ xem xét, quyết định.",
            "VĂN PHÒNG",
            "-TTr/VPĐU",
            "CHÁNH VĂN PHÒNG",
            "- Lưu VP.",
        ):
            assert expected in text, (name, expected)
        assert "Võ Thị Cúc" not in text
        assert "T/M VĂN PHÒNG" not in text  # the office's head signs in person; T/M is for collective bodies
        if name.endswith("docx"):  # a narrow PDF column wraps the note between other cells' lines
            assert "Chưa có đăng ký được chấp nhận" in text
    assert all(emb == "yes" for _, emb in pdf_fonts(_get(client, world, "standing", "proposal_pdf", world.du).content))


def test_a_cell_has_no_proposal(client, world):
    assert _get(client, world, "office", "proposal_pdf", world.a).status_code == 404


def test_an_empty_year(client, world):
    text = docx_text(_get(client, world, "standing", "proposal_docx", world.du, year=2023).content)
    assert "Chưa có đối tượng nào được đề nghị công nhận năm 2023." in text


def test_the_issue_page_links_it(client, world):
    client.force_login(world.users["standing"])
    body = client.get(reverse("decisions:issue") + "?year=2024").content.decode()
    assert reverse("documents:proposal_pdf", args=[world.du.pk]) + "?year=2024" in body


@pytest.mark.parametrize("name", ["proposal_pdf", "proposal_docx"])
def test_constant_queries(client, world, name):
    client.force_login(world.users["office"])
    url = reverse(f"documents:{name}", args=[world.du.pk]) + "?year=2024"
    ready(member=world.members["member_a"])
    counts = []
    for step in range(2):
        if step:
            ready(organization=world.a)
            ready(member=world.members["member_b"])
            ready(member=world.members["other_a"], registered=False)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
