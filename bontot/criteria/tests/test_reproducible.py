"""`evaluate --as-of D` gives the same output whatever is recorded later with dates after D."""

import io
import json

import pytest
from django.core.management import call_command

from bontot.bundle.importer import import_bundle
from bontot.bundle.tests.factories import bundle, member, org, ward_bundle, year


def evaluate_2024():
    out = io.StringIO()
    call_command("evaluate", "--year", "2024", "--as-of", "31/12/2024", "--format", "json", stdout=out)
    return out.getvalue()


def later_year():
    """2025: transfers, a merger of two cells, resolutions, disciplines, admissions and departures."""
    data = bundle(
        organizations=[
            org("CB01", parent="DU", valid_to="2025-06-30", successor="CB-M"),
            org("CB02", parent="DU", valid_to="2025-06-30", successor="CB-M"),
            org("CB-M", parent="DU", valid_from="2025-07-01"),
            org("CB-N", parent="DU", valid_from="2025-02-01"),
        ],
        years=[year(2025)],
        members=[
            member("000003", "CB01", left_on="2025-03-01"),
            member("NEW1", "CB-N", admitted_on="2025-04-10", official_on=None),
        ],
        memberships=[
            # 000001 moves to a new cell in February 2025; 000012 and 000013 go through the merger.
            {"member": "000001", "organization": "CB01", "kind": "official", "from": "2010-03-02", "to": "2025-01-31"},
            {"member": "000001", "organization": "CB-N", "kind": "official", "from": "2025-02-01", "to": None},
            {"member": "000012", "organization": "CB02", "kind": "official", "from": "2010-03-02", "to": "2025-06-30"},
            {"member": "000012", "organization": "CB-M", "kind": "official", "from": "2025-07-01", "to": None},
            {"member": "000013", "organization": "CB02", "kind": "official", "from": "2010-03-02", "to": "2025-06-30"},
            {"member": "000013", "organization": "CB-M", "kind": "official", "from": "2025-07-01", "to": None},
            {"member": "000002", "organization": "CB02", "kind": "residence", "from": "2025-01-01", "to": None},
        ],
        member_statuses=[{"member": "000004", "kind": "suspended", "from": "2025-02-01", "to": None}],
        disciplines=[
            {"member": "000002", "decided_on": "2025-03-04", "form": "warning"},
            {"member": "000003", "decided_on": "2025-03-01", "form": "expulsion"},
        ],
        complaints=[
            # The 2024 mass case of CB02 is settled in 2025; a new one arrives.
            {
                "organization": "CB02",
                "received_on": "2024-04-02",
                "kind": "complaint",
                "internal": False,
                "mass_or_over_level": True,
                "resolved_on": "2025-05-02",
            },
            {
                "organization": "CB01",
                "received_on": "2025-01-15",
                "kind": "denunciation",
                "internal": True,
                "mass_or_over_level": True,
            },
        ],  # fmt: skip
        meetings=[{"organization": "CB01", "held_on": "2025-01-05", "kind": "regular", "grade": "poor"}],
    )
    return data


@pytest.mark.django_db
def test_it_evaluates_a_past_year_the_same_after_later_facts_are_recorded():
    first = ward_bundle(members=20)
    first["complaints"][1].update(
        mass_or_over_level_unresolved=True, mass_or_over_level=True, resolved_on=None
    )  # CB02's case, open at the end of 2024
    import_bundle(first)
    before = evaluate_2024()

    summary = import_bundle(later_year())
    assert summary["memberships"].created == 7 and summary["disciplines"].created == 2

    after = evaluate_2024()
    assert after == before
    # What the later facts would have changed had they been read:
    results = {r["subject"]: r for r in json.loads(before)["results"]}
    assert indicator(results["org:CB02"], "1.1.f")["verdict"] == "fail"  # its case was settled only in 2025
    assert indicator(results["member:000004"], "2.3.b")["verdict"] == "pass"  # suspended only in 2025
    assert "Cảnh cáo" not in indicator(results["org:CB01"], "1.4.c")["explanation"]  # 000002 warned only in 2025
    assert results["member:000001"]["criteria"]  # moved only in 2025: still evaluated for 2024


def indicator(result, code):
    return next(i for c in result["criteria"] for i in c["indicators"] if i["code"] == code)
