import datetime
import io
import json
import os
import re

import pytest
from django.core.management import CommandError, call_command

from bontot.criteria import output, selectors
from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.engine.scales import VERDICT_LABELS
from bontot.criteria.management.commands import evaluate as evaluate_command
from bontot.criteria.selectors import evaluate_year

from .factories import build_ward

RULE_CODES = {
    "cell": {f"1.1.{x}" for x in "abcdef"} | {f"1.2.{x}" for x in "abcd"} | {"1.3.a", "1.4.a", "1.4.b", "1.4.c"},
    "grassroots": {f"1.1.{x}" for x in "abcdef"} | {"1.2.a", "1.2.b", "1.2.c", "1.3.a", "1.3.b", "1.3.c", "1.4.a"},
    "member": {"2.2.a", "2.3.a", "2.3.b", "2.4.a"},
}


def run(*args):
    out = io.StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_prints_every_subject_and_rule_indicator_as_json():
    build_ward(cells=2, members_per_cell=2)
    doc = json.loads(run("--year", "2024", "--as-of", "15/12/2024", "--format", "json"))
    assert doc["year"] == 2024
    assert doc["criteria_set"] == "kh-63-ku-2023"
    subjects = [r["subject"] for r in doc["results"]]
    assert subjects[:3] == ["org:DU", "org:CB0", "org:CB1"]
    assert len(subjects) == 3 + 4
    for result in doc["results"]:
        assert result["verdict"] in {"pass", "fail", "pending"}
        assert [c["code"] for c in result["criteria"]] == (
            ["2.1", "2.2", "2.3", "2.4"] if result["model"] == "member" else ["1.1", "1.2", "1.3", "1.4"]
        )
        indicators = [i for c in result["criteria"] for i in c["indicators"]]
        rules = {i["code"] for i in indicators if i["source"] == "rule"}
        assert rules == RULE_CODES[result["model"]]
        for ind in indicators:
            assert {"code", "source", "verdict", "measured", "required", "explanation"} <= set(ind)
            assert ind["explanation"]
    member = next(r for r in doc["results"] if r["model"] == "member")
    discipline = next(i for c in member["criteria"] for i in c["indicators"] if i["code"] == "2.3.a")
    assert discipline["verdict"] == "fail"  # every member of the ward was reprimanded on 01/05/2024
    assert "01/05/2024" in discipline["explanation"]


@pytest.mark.django_db
def test_it_prints_a_readable_table_for_one_cell():
    build_ward(cells=2, members_per_cell=1)
    text = run("--year", "2024", "--org", "CB1", "--as-of", "2024-12-15")
    assert "tính đến ngày 15/12/2024" in text
    assert "Chi bộ Tổ chức CB1 (org:CB1)" in text
    assert "CB0" not in text
    assert "1.2.a" in text


@pytest.mark.django_db
def test_it_rejects_an_unknown_organisation_year_or_date():
    build_ward(cells=1, members_per_cell=1)
    with pytest.raises(CommandError, match="XYZ"):
        run("--year", "2024", "--org", "XYZ")
    with pytest.raises(CommandError, match="1999"):
        run("--year", "1999")
    with pytest.raises(CommandError, match="31/02/2024"):
        run("--year", "2024", "--as-of", "31/02/2024")


def run_both(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("evaluate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


JSON_ARGS = ("--year", "2024", "--as-of", "15/12/2024")


@pytest.mark.django_db
def test_json_is_the_document_of_before_plus_the_digest_one_result_a_line():
    build_ward(cells=2, members_per_cell=2)
    text = run(*JSON_ARGS, "--format", "json")
    evaluation = evaluate_year(2024, as_of=datetime.date(2024, 12, 15))
    before = {  # the document the command wrote before streaming, through json.dumps(indent=2)
        "year": evaluation.year,
        "criteria_set": evaluation.criteria_set,
        "as_of": evaluation.as_of.isoformat(),
        "cutoff": evaluation.cutoff.isoformat(),
        "results": [r.to_dict() for r in evaluation.results],
    }
    doc = json.loads(text)
    digest = get_criteria_set("kh-63-ku-2023").digest
    assert digest.startswith("sha256:")
    assert doc == {**json.loads(json.dumps(before, indent=2)), "criteria_set_digest": digest}
    assert list(doc) == ["year", "criteria_set", "criteria_set_digest", "as_of", "cutoff", "results"]
    assert len(text.splitlines()) == 1 + len(doc["results"]) + 1  # header, one line a result, closing


@pytest.mark.django_db
def test_jsonl_is_one_result_a_line_with_the_header_fields():
    build_ward(cells=2, members_per_cell=2)
    doc = json.loads(run(*JSON_ARGS, "--format", "json"))
    lines = run(*JSON_ARGS, "--format", "jsonl").splitlines()
    assert len(lines) == len(doc["results"]) == 3 + 4
    header = {k: v for k, v in doc.items() if k != "results"}
    for line, result in zip(lines, doc["results"], strict=True):
        assert json.loads(line) == {**header, **result}


@pytest.mark.django_db
def test_only_keeps_the_subjects_with_the_given_verdicts():
    build_ward(cells=2, members_per_cell=2)
    everyone = json.loads(run(*JSON_ARGS, "--format", "json"))["results"]
    for verdict in ("fail", "pending", "pass"):
        kept = json.loads(run(*JSON_ARGS, "--format", "json", "--only", verdict))["results"]
        assert kept == [r for r in everyone if r["verdict"] == verdict]
    assert any(r["verdict"] == "fail" for r in everyone)
    wanted = [r["subject"] for r in everyone if r["verdict"] in {"fail", "pending"}]
    for args in (("--only", "fail,pending"), ("--only", "pending", "--only", "fail")):
        lines = run(*JSON_ARGS, "--format", "jsonl", *args).splitlines()
        assert [json.loads(line)["subject"] for line in lines] == wanted
    table = run(*JSON_ARGS, "--only", "pass")
    assert "(member:" not in table  # every member of the ward fails
    with pytest.raises(CommandError, match="maybe"):
        run(*JSON_ARGS, "--only", "fail,maybe")


@pytest.mark.django_db
def test_output_writes_the_file_only_once_complete(tmp_path):
    build_ward(cells=1, members_per_cell=2)
    target = tmp_path / "ket-qua.json"
    out, _ = run_both(*JSON_ARGS, "--format", "json", "--output", str(target))
    assert out == ""
    assert target.read_text(encoding="utf-8") == run(*JSON_ARGS, "--format", "json")
    with pytest.raises(CommandError, match="XYZ"):
        run(*JSON_ARGS, "--org", "XYZ", "-o", str(tmp_path / "none.json"))
    with pytest.raises(CommandError, match="Không ghi được tệp"):
        run(*JSON_ARGS, "-o", str(tmp_path / "no-such-dir" / "x.json"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ket-qua.json"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as a shell redirection would create it


@pytest.mark.django_db
def test_table_summarises_a_large_scope(monkeypatch):
    build_ward(cells=2, members_per_cell=3)
    monkeypatch.setattr(evaluate_command, "DETAIL_LIMIT", 5)  # the ward has 3 + 6 subjects
    text = run(*JSON_ARGS)
    assert "— 9 đối tượng" in text
    assert "Kết quả theo mô hình" in text
    member_row = next(line for line in text.splitlines() if line.strip().startswith("Đảng viên "))
    assert member_row.split()[-4:] == ["0", "6", "0", "6"]  # pass, fail, pending, all: six fail of six
    assert re.search(r"^Tiêu chí, chỉ tiêu không đạt hoặc .* — Đảng viên$", text, re.M)
    assert re.search(r"^  2\.3 +6 +0  ", text, re.M)  # every member fails criterion 2.3 …
    assert re.search(r"^    2\.3\.a +6 +0$", text, re.M)  # … on its discipline indicator
    assert "Danh sách đối tượng: 9" in text
    assert re.search(rf"^Đảng viên .* \(member:000001\): {VERDICT_LABELS['fail']} — (\S+, )*2\.3", text, re.M)
    assert "01/05/2024" not in text  # no per-indicator explanation
    detail = run(*JSON_ARGS, "--detail")
    assert "01/05/2024" in detail and "Kết quả theo mô hình" not in detail
    only = run(*JSON_ARGS, "--summary", "--only", "pass")
    assert f"Danh sách đối tượng ({VERDICT_LABELS['pass']}):" in only
    assert only.count("Đảng viên") >= 2 and member_row in only  # the counts are over every subject
    assert "(member:" not in only.split("Danh sách đối tượng")[1]


@pytest.mark.django_db
def test_progress_goes_to_stderr_only(monkeypatch):
    build_ward(cells=1, members_per_cell=2)
    out, err = run_both(*JSON_ARGS, "--format", "jsonl")
    assert err == ""  # stderr is not a terminal and --progress was not given
    monkeypatch.setattr(evaluate_command, "PROGRESS_SECONDS", 0)
    out, err = run_both(*JSON_ARGS, "--format", "jsonl", "--progress")
    assert [json.loads(line)["subject"] for line in out.splitlines()][:2] == ["org:DU", "org:CB0"]
    assert "Đã đánh giá 1/4 đối tượng…" in err
    assert "Đã đánh giá 4/4 đối tượng trong " in err
    assert "Đã đánh giá" not in out


@pytest.mark.django_db
def test_a_stream_evaluates_each_subject_only_when_asked(monkeypatch):
    build_ward(cells=1, members_per_cell=2)
    calls = []
    real = selectors.evaluate_subject

    def counted(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(selectors, "evaluate_subject", counted)
    stream = selectors.stream_year(2024, as_of=datetime.date(2024, 12, 15))
    assert stream.total == 4 and calls == []
    results = iter(stream)
    assert next(results).subject == "org:DU"
    assert len(calls) == 1
    assert [r.subject for r in results][-1].startswith("member:")
    with pytest.raises(RuntimeError):
        iter(stream)


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
def test_progress_is_on_by_default_when_stderr_is_a_terminal(monkeypatch):
    build_ward(cells=1, members_per_cell=2)
    monkeypatch.setattr(evaluate_command, "PROGRESS_SECONDS", 0)
    out, err = io.StringIO(), Terminal()
    call_command("evaluate", *JSON_ARGS, "--format", "jsonl", stdout=out, stderr=err)
    assert "\rĐã đánh giá 4/4 đối tượng trong " in err.getvalue()  # rewritten in place
    assert len(out.getvalue().splitlines()) == 4
    out, err = Terminal(), Terminal()  # results going to the same terminal: no progress lines in between
    call_command("evaluate", *JSON_ARGS, "--format", "jsonl", stdout=out, stderr=err)
    assert "Đã đánh giá" not in err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("only", [(), ("--only", "pass"), ("--only", "fail,pending")])
def test_several_processes_write_exactly_what_one_writes(fmt, only):
    build_ward(cells=3, members_per_cell=3)
    one = run(*JSON_ARGS, "--format", fmt, "--jobs", "1", *only)
    several = run(*JSON_ARGS, "--format", fmt, "--jobs", "3", *only)
    assert several == one
    if fmt == "json":
        json.loads(several)


@pytest.mark.django_db
def test_several_processes_report_a_part_that_failed(monkeypatch):
    build_ward(cells=2, members_per_cell=2)
    real = selectors.evaluate_subject
    parent = os.getpid()

    def failing_in_a_child(*args):
        if os.getpid() != parent:
            raise ValueError("boom")
        return real(*args)

    monkeypatch.setattr(selectors, "evaluate_subject", failing_in_a_child)
    with pytest.raises(CommandError, match="Không đánh giá được: tiến trình .* bị lỗi"):
        run(*JSON_ARGS, "--format", "jsonl", "--jobs", "2")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_several_processes_to_stdout_survive_a_piece_that_splits_a_letter(monkeypatch, fmt):
    build_ward(cells=2, members_per_cell=3)
    one = run(*JSON_ARGS, "--format", fmt, "--jobs", "1")
    monkeypatch.setattr(output, "CHUNK", 7)  # parts read back 7 bytes at a time: Vietnamese letters split
    assert run(*JSON_ARGS, "--format", fmt, "--jobs", "2") == one
