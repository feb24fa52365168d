"""export_bundle: the exact items, their order, nulls, the year filter, and the round trip with import."""

import datetime
import json

from django.db import models

from bontot.assessments.models import Judgement, Registration
from bontot.bundle.exporter import export_bundle
from bontot.bundle.importer import _TABLES, import_bundle
from bontot.criteria.models import EvaluationYear
from bontot.facts.models import (
    AdmissionTarget,
    Complaint,
    Discipline,
    Meeting,
    OrgResult,
    QualityRating,
    ResidenceComment,
    WorkplaceRating,
)
from bontot.members.models import Member
from bontot.organizations.models import LinkedBody, Organization
from bontot.organizations.services import rebuild_paths

from .factories import SECTION_ORDER, make_member, make_org, make_tree, member, org, ward_bundle

D = datetime.date


def test_it_exports_an_empty_database_as_a_bundle_with_every_section(db):
    assert export_bundle() == {"format": "bontot-bundle/1", **{name: [] for name in SECTION_ORDER}}


def test_it_exports_items_with_every_key_nulls_included(db):
    top, ward, (cell, _) = make_tree()
    old = make_org("CB0", parent=ward, valid_from=D(2019, 1, 1), valid_to=D(2023, 12, 31), successor=cell)
    rebuild_paths()
    probationary = make_member("002", cell, official_on=None, civil_servant=True, left_on=D(2024, 9, 1))
    Meeting.objects.create(organization=cell, held_on=D(2024, 3, 5), kind="thematic", grade="fair")
    QualityRating.objects.create(year=2024, member=probationary, level="not_rated", final=True, reason="Miễn sinh hoạt")
    Judgement.objects.create(year=2024, organization=old, indicator="1.1.j1", verdict="pass", by="self")

    bundle = export_bundle()

    assert [item["code"] for item in bundle["organizations"]] == ["CB0", "CB1", "CB2", "DU", "TU"]
    assert bundle["organizations"][0] == {
        "code": "CB0",
        "name": "Chi bộ CB0",
        "kind": "cell",
        "parent": "DU",
        "valid_from": "2019-01-01",
        "valid_to": "2023-12-31",
        "successor": "CB1",
    }
    assert bundle["organizations"][4]["parent"] is None
    assert bundle["members"] == [
        {
            "card_no": "002",
            "full_name": "Trần Thị 002",
            "birth_date": "1985-02-03",
            "gender": "female",
            "organization": "CB1",
            "admitted_on": "2012-05-06",
            "official_on": None,
            "civil_servant": True,
            "exempt": False,
            "suspended": False,
            "left_on": "2024-09-01",
        }
    ]
    assert bundle["meetings"] == [
        {
            "organization": "CB1",
            "held_on": "2024-03-05",
            "kind": "thematic",
            "grade": "fair",
            "attendance": None,
            "expected": None,
            "minutes": None,
            "score": None,
            "topic": None,
        }
    ]
    assert bundle["quality_ratings"] == [
        {"year": 2024, "subject": "member:002", "level": "not_rated", "final": True, "reason": "Miễn sinh hoạt"}
    ]
    assert bundle["judgements"] == [
        {"year": 2024, "subject": "org:CB0", "indicator": "1.1.j1", "verdict": "pass", "by": "self", "note": None}
    ]
    json.dumps(bundle)  # serialisable as it is


def test_it_sorts_items_by_natural_key_whatever_the_insertion_order(db):
    _, ward, (first, second) = make_tree()
    members = [make_member(card, second if card < "B" else first) for card in ("C9", "A1", "B5")]
    for day, kind in ((D(2024, 5, 1), "regular"), (D(2024, 1, 9), "thematic"), (D(2024, 1, 9), "combined")):
        Meeting.objects.create(organization=second, held_on=day, kind=kind, grade="good")
    Meeting.objects.create(organization=first, held_on=D(2024, 12, 1), kind="regular", grade="good")
    for year in (2024, 2023):
        QualityRating.objects.create(year=year, organization=ward, level="good")
        QualityRating.objects.create(year=year, member=members[0], level="good")
        Registration.objects.create(year=year, member=members[1], registered_on=D(year, 1, 5))

    bundle = export_bundle()

    assert [m["card_no"] for m in bundle["members"]] == ["A1", "B5", "C9"]
    assert [(m["organization"], m["held_on"], m["kind"]) for m in bundle["meetings"]] == [
        ("CB1", "2024-12-01", "regular"),
        ("CB2", "2024-01-09", "combined"),
        ("CB2", "2024-01-09", "thematic"),
        ("CB2", "2024-05-01", "regular"),
    ]
    assert [(r["year"], r["subject"]) for r in bundle["quality_ratings"]] == [
        (2023, "member:C9"),
        (2023, "org:DU"),
        (2024, "member:C9"),
        (2024, "org:DU"),
    ]


def test_it_exports_only_the_requested_years_but_every_organization_and_member(db):
    _, _, (cell, _) = make_tree()
    someone = make_member("001", cell)
    for year in (2023, 2024, 2025):
        EvaluationYear.objects.create(
            year=year, registration_deadline=D(year, 1, 20), cutoff=D(year, 11, 30), criteria_set="kh-63-ku-2023"
        )
        Meeting.objects.create(organization=cell, held_on=D(year, 2, 1), kind="regular", grade="good")
        Discipline.objects.create(member=someone, decided_on=D(year, 3, 1), form="warning")
        Complaint.objects.create(organization=cell, received_on=D(year, 4, 1), kind="complaint")
        WorkplaceRating.objects.create(year=year, member=someone, level="good")
        ResidenceComment.objects.create(year=year, member=someone, verdict="positive")
        OrgResult.objects.create(year=year, organization=cell, area="other", name="Khác", level="good")
        LinkedBody.objects.create(year=year, organization=cell, name="MTTQ", level="good")
        AdmissionTarget.objects.create(year=year, organization=cell, target=2)

    bundle = export_bundle(years=[2023, 2025])

    assert len(bundle["organizations"]) == 4 and len(bundle["members"]) == 1
    for section in ("workplace_ratings", "residence_comments", "org_results", "linked_bodies", "admission_targets"):
        assert [item["year"] for item in bundle[section]] == [2023, 2025], section
    assert [m["held_on"] for m in bundle["meetings"]] == ["2023-02-01", "2025-02-01"]
    assert [d["decided_on"] for d in bundle["disciplines"]] == ["2023-03-01", "2025-03-01"]
    assert [c["received_on"] for c in bundle["complaints"]] == ["2023-04-01", "2025-04-01"]
    assert [y["year"] for y in bundle["years"]] == [2023, 2025]


def clear_database():
    # History is protected (never cascades away): delete the facts first, then who they are about.
    fact_models: list[type[models.Model]] = [t.model for t in _TABLES if t.model not in (Member, EvaluationYear)]
    ordered: list[type[models.Model]] = [*reversed(fact_models), LinkedBody, Member, EvaluationYear]
    for model in ordered:
        model._default_manager.all().delete()
    Organization.objects.update(parent=None, successor=None)
    Organization.objects.all().delete()


def rich_bundle():
    data = ward_bundle(members=25)
    data["organizations"] += [
        org("CB00", parent="DU", valid_from="2015-01-01", valid_to="2023-12-31", successor="CB01"),
        org("DB", "sub_committee", parent="DU", name="Đảng bộ bộ phận"),
    ]
    data["members"].append(member("ZZZ", "CB00", official_on=None, exempt=True, left_on="2023-12-31"))
    data["members"].append(member("YYY", "CB01", suspended=True))
    data["members"].append(member("XXX", "CB01"))
    data["memberships"] += [
        {"member": "XXX", "organization": "CB00", "kind": "official", "from": "2010-03-02", "to": "2023-12-31"},
        {"member": "XXX", "organization": "CB01", "kind": "official", "from": "2024-01-01", "to": None},
        {"member": "XXX", "organization": "CB02", "kind": "residence", "from": "2015-01-01", "to": None},
    ]
    data["member_statuses"].append(
        {"member": "YYY", "kind": "suspended", "from": "2024-03-01", "to": None, "reason": "Đang xem xét"}
    )
    data["member_statuses"].append({"member": "XXX", "kind": "exempt", "from": "2020-03-01", "to": "2021-03-01"})
    data["meetings"][0].update(attendance=None, minutes=None)
    data["judgements"][0]["note"] = "Có minh chứng"
    return data


def test_it_round_trips_through_an_empty_database(db):
    import_bundle(rich_bundle())
    exported = export_bundle()

    assert import_bundle(exported).unchanged == sum(len(exported[name]) for name in SECTION_ORDER)
    clear_database()
    assert Organization.objects.count() == Meeting.objects.count() == 0
    import_bundle(exported)
    again = export_bundle()

    assert again == exported
    assert json.dumps(again, ensure_ascii=False, indent=2) == json.dumps(exported, ensure_ascii=False, indent=2)
    assert Organization.objects.get(code="CB00").path == "/TU/DU/CB00/"
