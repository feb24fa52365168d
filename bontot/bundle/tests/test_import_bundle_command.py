"""`manage.py import_bundle FILE.json`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from bontot.core.models import AuditLog
from bontot.organizations.models import Organization

from .factories import bundle, meeting, member, org, quality_rating, tree, ward_bundle


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


def run_failing(path):
    """Run the command on a bad bundle with a strict UTF-8 stderr; return its lines and the CommandError."""
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_bundle", str(path), stdout=io.StringIO(), stderr=err)
    err.seek(0)
    return err.read().splitlines(), caught.value


def test_it_reports_a_file_nested_too_deeply_on_one_line(db, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"format": "bontot-bundle/1", "members": ' + "[" * 100_000 + "]" * 100_000 + "}")

    lines, error = run_failing(path)

    assert lines == [f"{path}: JSON nested too deeply (more than 32 levels)"]
    assert error.returncode == 1
    assert "1 lỗi" in str(error)
    assert Organization.objects.count() == AuditLog.objects.count() == 0


def test_it_prints_nul_and_lone_surrogates_escaped_and_writes_nothing(db, tmp_path):
    nul, surrogate = "\u0000", "\ud800"
    data = bundle(
        organizations=[*tree(), org(f"CB{nul}3", name="Chi bộ 3", parent="DU")],
        members=[
            member("000001", "CB1", full_name=f"A{nul}{surrogate}"),
            member(f"0000{surrogate}2", "CB1", full_name="Bình"),
        ],
        meetings=[meeting("CB1", "2024-03-05")],
        quality_ratings=[{"year": 2024, "subject": f"org:CB{surrogate}", "level": "good", "final": True}],
    )
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(data), encoding="ascii")  # the characters as \u0000 and \ud800 escapes

    lines, error = run_failing(path)

    assert lines == [
        'organizations[4].code: "CB\\u00003" contains a NUL character (U+0000)',
        'members[0].full_name: "A\\u0000\\ud800" contains a NUL character (U+0000)',
        'members[1].card_no: "0000\\ud8002" contains an invalid character (lone surrogate U+D800)',
        'quality_ratings[0].subject: "org:CB\\ud800" contains an invalid character (lone surrogate U+D800)',
    ]
    assert error.returncode == 1
    assert "4 lỗi" in str(error)
    assert Organization.objects.count() == AuditLog.objects.count() == 0


def test_it_warns_of_final_htxsnv_over_the_cap_and_imports_them(db, tmp_path):
    members = [member(f"M{i}", "CB1") for i in range(4)]
    ratings = [quality_rating(f"member:M{i}", level="excellent" if i == 0 else "good") for i in range(4)]
    out, err = run(write(tmp_path, bundle(organizations=tree(), members=members, quality_ratings=ratings)))
    assert out.startswith("Đã nhập gói dữ liệu: 12 thêm mới")
    assert err.splitlines() == [
        "Cảnh báo: Vượt tỷ lệ 20 % “Hoàn thành xuất sắc nhiệm vụ” mà chưa có lý do được ghi: “Hoàn thành xuất sắc "
        "nhiệm vụ” trong Chi bộ DU năm 2024: 1, tối đa 0 (20 % của 4 đảng viên xếp loại “Hoàn thành tốt nhiệm vụ” "
        "trở lên)."
    ]
    assert AuditLog.objects.get(action="bundle.imported").data["warnings"] == [err.splitlines()[0][len("Cảnh báo: ") :]]
