"""The URL × persona matrix reads every download as its user does (PDF, Word, Excel), so an `absent=` name
leaked into a document fails it (security review of issue 8)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from bontot.core.testing.answers import XLSX_TYPE, answer_text
from bontot.core.tests import test_url_matrix

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["documents:registration_pdf", "documents:registration_docx"])
def test_the_matrix_catches_a_sibling_name_leaked_into_a_download(client, world, monkeypatch, name):
    from bontot.documents import views as document_views

    real = document_views.registration_context

    def leaky(*args, **kwargs):
        context = real(*args, **kwargs)
        context["paragraphs"] = [*context["paragraphs"], "Phạm Văn Bảo"]  # cell B's member, in NOT_A
        return context

    monkeypatch.setattr(document_views, "registration_context", leaky)
    with pytest.raises(AssertionError, match="Phạm Văn Bảo"):
        test_url_matrix.test_it_answers_each_persona(client, world, name, "secretary_a")


def test_it_reads_the_cells_of_a_workbook():
    from django.http import HttpResponse

    book = Workbook()
    assert book.active is not None
    book.active.append(["Phạm Văn Bảo", 3])
    out = io.BytesIO()
    book.save(out)
    text = answer_text(HttpResponse(out.getvalue(), content_type=XLSX_TYPE))
    assert text is not None and "Phạm Văn Bảo" in text.splitlines()
