"""The statistics workbook writes organisation names (and every text) as text, never as a formula (security
review of issue 8)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bontot.dashboards.tests.factories import seed_world

pytestmark = pytest.mark.django_db


def test_an_organisation_name_beginning_with_equals_stays_text(client, world):
    seed_world(world)
    world.du.name = "=1+2"
    world.du.save(update_fields=["name"])
    client.force_login(world.users["office"])
    response = client.get(reverse("statistics:excel") + "?nam=2024")
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [f"{cell.parent.title}!{cell.coordinate}" for cell in cells if cell.data_type == "f"] == []
    assert book.worksheets[0]["A1"].value.startswith("=1+2 — năm 2024")
    assert book.worksheets[0]["A1"].font.bold
