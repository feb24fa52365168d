"""`manage.py import_bundle FILE.json`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from bontot.core.models import AuditLog
from bontot.organizations.models import Organization

from .factories import bundle, meeting, member, org, tree, ward_bundle


def write(tmp_path, data):
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_bundle", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_a_vietnamese_summary(db, tmp_path):
    path = write(tmp_path, ward_bundle(members=3))
    run(path)
    out, err = run(write(tmp_path, bundle(organizations=tree(), members=[member("000001", "CB1")])))

    assert err == ""
    assert out.splitlines() == [
        "Đã nhập gói dữ liệu: 2 thêm mới, 1 cập nhật, 2 không thay đổi.",
        "- Tổ chức đảng: 2 thêm mới, 0 cập nhật, 2 không thay đổi",
        "- Đảng viên: 0 thêm mới, 1 cập nhật, 0 không thay đổi",
    ]
    assert AuditLog.objects.filter(action="bundle.imported").count() == 2


def test_it_prints_every_error_and_exits_non_zero(db, tmp_path):
    data = bundle(
        organizations=[org("CB1", parent="XYZ")],
        meetings=[meeting("CB1", "2024-02-31"), meeting("CB1", "2024-03-05", grade="rất tốt")],
    )
    err = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_bundle", str(write(tmp_path, data)), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        'organizations[0].parent: unknown organization "XYZ"',
        'meetings[0].held_on: "2024-02-31" is not a valid date (YYYY-MM-DD)',
        'meetings[1].grade: "rất tốt" is not one of good, fair, average, poor',
    ]
    assert caught.value.returncode == 1
    assert "3 lỗi" in str(caught.value)
    assert Organization.objects.count() == AuditLog.objects.count() == 0


def test_it_reports_invalid_json(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "bontot-bundle/1",}', encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_bundle", str(path), stdout=io.StringIO(), stderr=err)
    assert (
        err.getvalue()
        == f"{path}: invalid JSON at line 1, column 30: Expecting property name enclosed in double quotes\n"
    )
