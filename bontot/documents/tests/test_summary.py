"""A committee's summary report of the year to the level above, as PDF and Word."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bontot.criteria.models import StoredVerdict
from bontot.dashboards.tests.factories import seed_world
from bontot.decisions.tests.factories import issue, ready
from bontot.documents.contexts import percent

from .helpers import docx_text, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db


def _get(client, world, persona, name, org, year=2024):
    client.force_login(world.users[persona])
    return client.get(reverse(f"documents:{name}", args=[org.pk, year]))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_percent():
    assert (percent(2, 3), percent(1, 4), percent(0, 0)) == ("66,7%", "25,0%", "")


def test_the_summary_counts_lists_and_explains(client, world):
    seed_world(world)
    issue(world, [ready(member=world.members["secretary_a"])])
    members = StoredVerdict.objects.filter(year=2024, model="member", organization_path__startswith=world.du.path)
    total = members.count()
    for name in ("summary_pdf", "summary_docx"):
        response = _get(client, world, "office", name, world.du)
        assert response.status_code == 200
        raw = pdf_text(response.content, layout=False) if name.endswith("pdf") else docx_text(response.content)
        text = _flat(raw)
        for expected in (
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "THÀNH ỦY THỬ NGHIỆM",
            "ĐẢNG ỦY XÃ THỬ NGHIỆM",
            "BÁO CÁO",
            "Kính gửi: Ban Thường vụ Thành ủy Thử Nghiệm.",
            "1. KẾT QUẢ THEO TỪNG MÔ HÌNH",
            "2. SỐ ĐỐI TƯỢNG KHÔNG ĐẠT THEO TIÊU CHÍ",
            "3. DANH SÁCH ĐƯỢC CÔNG NHẬN",
            "4. TỔ CHỨC ĐẢNG KHÔNG ĐẠT VÀ LÝ DO",
            "Lê Văn Hùng",  # recognised
            "15-QĐ/ĐU ngày 05/01/2025",
            "Chi bộ thôn An Hòa",
            "Bình Phú",  # cell B fails 1.4
            "T/M BAN THƯỜNG VỤ",
            "- Lưu VP.",
        ):
            assert expected in text, (name, expected)
        assert "Võ Thị Cúc" not in text and "Cẩm Lý" not in text  # DU2's
        assert f"Đảng viên bốn tốt {total} " in text
    assert all(emb == "yes" for _, emb in pdf_fonts(_get(client, world, "standing", "summary_pdf", world.du).content))


def test_an_empty_year(client, world):
    text = docx_text(_get(client, world, "office", "summary_docx", world.du, year=2023).content)
    assert "Chưa có kết quả đánh giá năm 2023." in text
    assert "Chưa có quyết định công nhận năm 2023." in text


def test_access(client, world):
    assert _get(client, world, "member_a", "summary_pdf", world.a).status_code == 403  # a plain member
    assert _get(client, world, "office", "summary_pdf", world.a).status_code == 404  # a cell: no summary
    assert _get(client, world, "member_a", "summary_pdf", world.du).status_code == 404
    assert _get(client, world, "secretary_a", "summary_pdf", world.du).status_code == 404
    assert _get(client, world, "reviewer", "summary_docx", world.du).status_code == 200


def test_the_dashboard_links_it_for_staff(client, world):
    seed_world(world)
    client.force_login(world.users["office"])
    body = client.get(reverse("dashboards:organization", args=[world.du.pk, 2024])).content.decode()
    assert reverse("documents:summary_pdf", args=[world.du.pk, 2024]) in body


@pytest.mark.parametrize("name", ["summary_pdf", "summary_docx"])
def test_constant_queries(client, world, name):
    client.force_login(world.users["office"])
    url = reverse(f"documents:{name}", args=[world.du.pk, 2024])
    counts = []
    for step in range(2):
        if step:
            seed_world(world)
            issue(world, [ready(member=world.members["secretary_a"]), ready(organization=world.a)])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
