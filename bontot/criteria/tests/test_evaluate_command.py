import io
import json

import pytest
from django.core.management import CommandError, call_command

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
