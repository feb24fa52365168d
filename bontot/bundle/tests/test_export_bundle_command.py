"""`manage.py export_bundle [-o FILE] [--year Y]`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from bontot.bundle.exporter import export_bundle
from bontot.bundle.importer import import_bundle

from .factories import ward_bundle


def test_it_writes_the_bundle_to_stdout(db):
    import_bundle(ward_bundle(members=3))
    out = io.StringIO()
    call_command("export_bundle", stdout=out)
    text = out.getvalue()
    assert json.loads(text) == export_bundle()
    assert '"full_name": "Nguyễn Văn 000001"' in text  # not \u-escaped
    assert text.startswith('{\n  "format": "bontot-bundle/1",\n  "organizations": [\n    {\n')


def test_it_writes_utf8_to_a_file(db, tmp_path):
    import_bundle(ward_bundle(members=2))
    path = tmp_path / "out.json"
    call_command("export_bundle", "-o", str(path), stdout=io.StringIO())
    raw = path.read_bytes()
    assert "Chi bộ".encode() in raw
    assert json.loads(raw.decode("utf-8")) == export_bundle()


def test_it_exports_only_the_given_years(db):
    import_bundle(ward_bundle(members=2, in_year=2023))
    import_bundle(ward_bundle(members=2, prefix="N", in_year=2024))
    out = io.StringIO()
    call_command("export_bundle", "--year", "2024", stdout=out)
    data = json.loads(out.getvalue())
    assert [y["year"] for y in data["years"]] == [2024]
    assert {m["held_on"][:4] for m in data["meetings"]} == {"2024"}
    assert len(data["organizations"]) == 6


def test_it_rejects_an_impossible_year(db):
    with pytest.raises(CommandError, match="Năm 20 không hợp lệ"):
        call_command("export_bundle", "--year", "20", stdout=io.StringIO())
