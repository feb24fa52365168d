"""The committed .docx templates are what docx_templates.py builds (regenerate: manage.py build_document_templates)."""

import zipfile

import pytest

from bontot.documents.docx_templates import BUILDERS, build
from bontot.documents.render import DOCX_DIR, margins


def _parts(path):
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("word/")}


def test_the_committed_templates_are_up_to_date(tmp_path):
    build(tmp_path)
    for kind in BUILDERS:
        assert _parts(tmp_path / f"{kind}.docx") == _parts(DOCX_DIR / f"{kind}.docx"), (
            f"{kind}.docx is stale: run python manage.py build_document_templates"
        )


def test_margins_are_refused_unless_four_numbers(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.DOCUMENT_MARGINS_MM = "20,20,30"
    with pytest.raises(ImproperlyConfigured, match="4 số mm"):
        margins()
    settings.DOCUMENT_MARGINS_MM = "20, 20, 30, 15"
    assert margins().left == 30
