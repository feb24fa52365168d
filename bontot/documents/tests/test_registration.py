"""A cell's (or committee's) registration list as PDF and Word."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import registered
from .helpers import docx_text, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db


def _get(client, world, persona, name, org, year=2024):
    client.force_login(world.users[persona])
    return client.get(reverse(f"documents:{name}", args=[org.pk]) + f"?year={year}")


def test_the_cell_list_as_pdf(client, world):
    registered(world)
    response = _get(client, world, "secretary_a", "registration_pdf", world.a)
    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        world.a.name.upper(),
        "ĐẢNG ỦY XÃ THỬ NGHIỆM",
        "DANH SÁCH",
        "Đăng ký xây dựng mô hình “bốn tốt” năm 2024",
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Đảng viên",  # the titles wrap in their narrow column
        "Chi bộ bốn",
        "10/01/2024",
        "Đã chấp nhận",
        "T/M CHI BỘ",
        "Nơi nhận:",
        "- Lưu VP.",
    ):
        assert expected in text, expected
    assert ", ngày " in text and " tháng " in text and " năm " in text
    for other in ("Phạm Văn Bảo", "Võ Thị Cúc"):
        assert other not in text
    assert all(emb == "yes" for _, emb in pdf_fonts(response.content))


def test_the_cell_list_as_word(client, world):
    registered(world)
    response = _get(client, world, "office", "registration_docx", world.a)
    assert response.status_code == 200
    text = docx_text(response.content)
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Nguyễn Văn An", "Trần Thị Ánh", "Chi bộ bốn tốt", "T/M CHI BỘ"):
        assert expected in text, expected
    assert "Phạm Văn Bảo" not in text and "{{" not in text


def test_the_committee_list_covers_its_cells(client, world):
    registered(world)
    text = pdf_text(_get(client, world, "office", "registration_pdf", world.du).content)
    assert "Nguyễn Văn An" in text and "Phạm Văn Bảo" in text
    assert "Võ Thị Cúc" not in text  # DU2's
    assert "T/M BAN THƯỜNG VỤ" in text


def test_an_empty_year_says_so(client, world):
    text = docx_text(_get(client, world, "secretary_a", "registration_docx", world.a, year=2023).content)
    assert "Chưa có đối tượng nào đăng ký năm 2023." in text


def test_roles_and_subtrees(client, world):
    assert _get(client, world, "member_a", "registration_pdf", world.a).status_code == 403
    assert _get(client, world, "secretary_a", "registration_pdf", world.b).status_code == 404
    assert _get(client, world, "outsider", "registration_docx", world.a).status_code == 404


@pytest.mark.parametrize("name", ["registration_pdf", "registration_docx"])
def test_constant_queries(client, world, name):
    client.force_login(world.users["office"])
    counts = []
    url = reverse(f"documents:{name}", args=[world.du.pk]) + "?year=2024"
    for step in range(2):
        if step:
            registered(world)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_page_links_both(client, world):
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("assessments:registration_cell", args=[world.a.pk]) + "?year=2024").content.decode()
    assert reverse("documents:registration_pdf", args=[world.a.pk]) + "?year=2024" in body
    assert reverse("documents:registration_docx", args=[world.a.pk]) + "?year=2024" in body
