"""import_bundle: references, cycles, criteria, atomicity, upserts, audit and query counts."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bontot.assessments.models import Judgement, Registration
from bontot.bundle.importer import BundleError, import_bundle, import_bundle_file, nesting_depth
from bontot.bundle.schema import FORMAT
from bontot.core.models import AuditLog
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
from bontot.members.models import Member, Membership
from bontot.organizations.models import LinkedBody, Organization

from .factories import (
    bundle,
    make_member,
    make_tree,
    meeting,
    member,
    org,
    quality_rating,
    tree,
    ward_bundle,
    year,
)

D = datetime.date
MODELS = (
    Organization,
    Member,
    EvaluationYear,
    Registration,
    Meeting,
    QualityRating,
    WorkplaceRating,
    OrgResult,
    LinkedBody,
    AdmissionTarget,
    Discipline,
    Complaint,
    ResidenceComment,
    Judgement,
    AuditLog,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def errors_of(data):
    with pytest.raises(BundleError) as caught:
        import_bundle(data)
    return caught.value.errors


def test_it_imports_every_section_into_an_empty_database(db):
    summary = import_bundle(ward_bundle(members=20))

    assert summary["organizations"].created == 4
    assert summary["members"].created == 20
    assert summary["meetings"].created == 24
    assert summary["judgements"].created == 22
    assert summary.updated == summary.unchanged == 0
    assert counts() == {
        "Organization": 4,
        "Member": 20,
        "EvaluationYear": 1,
        "Registration": 23,
        "Meeting": 24,
        "QualityRating": 22,
        "WorkplaceRating": 20,
        "OrgResult": 2,
        "LinkedBody": 2,
        "AdmissionTarget": 2,
        "Discipline": 20,
        "Complaint": 2,
        "ResidenceComment": 20,
        "Judgement": 22,
        "AuditLog": 1,
    }
    cell = Organization.objects.get(code="CB02")
    assert (cell.path, cell.depth, cell.parent_id) == ("/TU/DU/CB02/", 2, Organization.objects.get(code="DU").pk)
    first = Member.objects.get(card_no="000001")
    assert first.organization.code == "CB01" and first.civil_servant
    assert first.birth_date == D(1980, 5, 17) and first.left_on is None
    assert Member.objects.get(card_no="000011").organization.code == "CB02"
    held = Meeting.objects.get(organization=cell, held_on=D(2024, 3, 5))
    assert (held.kind, held.grade, held.attendance, held.expected, held.minutes, held.score) == (
        "regular",
        "good",
        9,
        10,
        90,
        92,
    )
    rating = QualityRating.objects.get(organization=cell)
    assert (rating.member_id, rating.level, rating.final, rating.reason) == (None, "good", False, "Đề xuất")
    assert Registration.objects.get(member=first).registered_on == D(2024, 1, 15)
    assert Judgement.objects.get(organization=cell).indicator == "1.1.j1"
    audit = AuditLog.objects.get()
    assert audit.action == "bundle.imported" and audit.actor is None
    assert audit.data["counts"]["members"] == {"created": 20, "updated": 0, "unchanged": 0}
    assert audit.data["counts"]["linked_bodies"] == {"created": 2, "updated": 0, "unchanged": 0}


def test_it_records_the_actor_in_the_audit_row(db, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x")
    import_bundle(bundle(organizations=tree()), actor=clerk)
    audit = AuditLog.objects.get()
    assert audit.actor == clerk
    assert audit.data["counts"]["organizations"]["created"] == 4


def test_it_updates_on_a_second_import_instead_of_duplicating(db):
    data = ward_bundle(members=12)
    import_bundle(data)
    before = counts()
    data["organizations"][3]["parent"] = "TU"  # CB02 moves up under the superior committee
    data["members"][0]["full_name"] = "Lê Thị Hoa"
    data["members"][11]["organization"] = "CB01"
    data["meetings"][0]["grade"] = "fair"  # score 92: Khá without full marks
    data["meetings"][1]["score"] = None
    data["quality_ratings"][0]["level"] = "excellent"
    data["linked_bodies"][0]["reason"] = "Thôn không có chính quyền riêng"
    data["complaints"][0]["internal"] = True
    data["judgements"][0]["verdict"] = "fail"
    data["judgements"][0]["note"] = "Chưa đạt"
    data["years"][0]["cutoff"] = "2024-12-15"

    summary = import_bundle(data)

    assert counts() == {**before, "AuditLog": before["AuditLog"] + 1}
    assert summary["organizations"].updated == 1 and summary["organizations"].unchanged == 3
    assert (summary["members"].updated, summary["members"].unchanged) == (2, 10)
    assert (summary["meetings"].updated, summary["meetings"].unchanged) == (2, 22)
    assert summary["disciplines"].unchanged == 12 and summary["disciplines"].updated == 0
    assert summary.created == 0 and summary.updated == 10
    moved = Organization.objects.get(code="CB02")
    assert (moved.path, moved.depth) == ("/TU/CB02/", 1)
    assert Member.objects.get(card_no="000001").full_name == "Lê Thị Hoa"
    assert Member.objects.get(card_no="000012").organization.code == "CB01"
    assert Meeting.objects.get(organization__code="CB01", held_on=D(2024, 1, 5)).grade == "fair"
    assert Meeting.objects.get(organization__code="CB01", held_on=D(2024, 2, 5)).score is None
    assert QualityRating.objects.get(member__card_no="000001").level == "excellent"
    assert LinkedBody.objects.get(organization__code="CB01").reason == "Thôn không có chính quyền riêng"
    assert Complaint.objects.get(organization__code="CB01").internal is True
    judged = Judgement.objects.get(member__card_no="000001")
    assert (judged.verdict, judged.note) == ("fail", "Chưa đạt")
    assert EvaluationYear.objects.get().cutoff == D(2024, 12, 15)


def test_it_changes_nothing_when_the_same_bundle_is_imported_twice(db):
    data = ward_bundle(members=5)
    first = import_bundle(data)
    second = import_bundle(data)
    assert second.created == second.updated == 0
    assert second.unchanged == first.created
    assert AuditLog.objects.count() == 2


def test_it_leaves_rows_that_are_not_in_the_bundle_alone(db):
    _, _, (cell, _) = make_tree()
    old = make_member("999", cell)
    Membership.objects.create(member=old, organization=cell, kind="temporary", start=D(2020, 1, 1))
    Meeting.objects.create(organization=cell, held_on=D(2024, 1, 5), kind="regular", grade="fair")

    import_bundle(bundle(members=[member("001", "CB1")], meetings=[meeting("CB1", "2024-02-05")]))

    assert old.memberships.get().organization == cell
    assert Meeting.objects.filter(organization=cell).count() == 2


def test_it_resolves_references_to_rows_already_in_the_database(db):
    _, ward, (cell, _) = make_tree()
    make_member("777", cell)
    EvaluationYear.objects.create(
        year=2024, criteria_set="kh-63-ku-2023", registration_deadline=D(2024, 1, 20), cutoff=D(2024, 11, 30)
    )

    summary = import_bundle(
        bundle(
            organizations=[org("CB3", parent="DU")],
            members=[member("001", "CB3")],
            meetings=[meeting("CB1", "2024-02-05")],
            disciplines=[{"member": "777", "decided_on": "2024-03-01", "form": "warning"}],
            registrations=[{"year": 2024, "subject": "org:DU", "registered_on": "2024-01-02"}],
            judgements=[
                {"year": 2024, "subject": "member:777", "indicator": "2.2.j1", "verdict": "pass", "by": "self"}
            ],
        )
    )

    assert summary.created == 6
    assert Organization.objects.get(code="CB3").path == "/TU/DU/CB3/"
    assert Registration.objects.get().organization == ward
    assert Discipline.objects.get().member.card_no == "777"


def test_it_rejects_references_to_unknown_organizations_and_members(db):
    make_tree()
    errors = errors_of(
        bundle(
            organizations=[org("CB3", parent="XYZ", successor="ABC")],
            members=[member("001", "CB9")],
            meetings=[meeting("CB8", "2024-02-05")],
            workplace_ratings=[{"year": 2024, "member": "404", "level": "good"}],
            quality_ratings=[quality_rating("member:405"), quality_rating("org:CB7"), quality_rating("org:CB1")],
        )
    )
    assert errors == [
        'organizations[0].parent: unknown organization "XYZ"',
        'organizations[0].successor: unknown organization "ABC"',
        'members[0].organization: unknown organization "CB9"',
        'meetings[0].organization: unknown organization "CB8"',
        'quality_ratings[0].subject: unknown member "405"',
        'quality_ratings[1].subject: unknown organization "CB7"',
        'workplace_ratings[0].member: unknown member "404"',
    ]
    assert Organization.objects.count() == 4


def test_it_rejects_a_member_whose_organization_is_not_a_cell(db):
    make_tree()
    errors = errors_of(
        bundle(
            organizations=[org("DB", "sub_committee", parent="DU"), org("CBCS", "grassroots_cell", parent="TU")],
            members=[member("001", "DU"), member("002", "DB"), member("003", "CBCS"), member("004", "CB1")],
        )
    )
    assert errors == [
        'members[0].organization: "DU" is a grassroots_committee, not a cell or grassroots_cell',
        'members[1].organization: "DB" is a sub_committee, not a cell or grassroots_cell',
    ]


def test_it_rejects_turning_a_cell_with_members_into_another_kind(db):
    _, _, (first, second) = make_tree()
    for card in ("003", "001", "002"):
        make_member(card, first)
    make_member("004", second)
    errors = errors_of(
        bundle(
            organizations=[org("CB1", "sub_committee", parent="DU"), org("CB2", "sub_committee", parent="DU")],
            members=[member("004", "CB3")],
        )
    )
    assert errors == [
        'organizations[0].kind: "sub_committee" is not a cell or grassroots_cell, but members still belong to '
        '"CB1": "001", "002", "003"',
        'members[0].organization: unknown organization "CB3"',
    ]


def test_it_rejects_parent_cycles_inside_the_bundle(db):
    errors = errors_of(
        bundle(
            organizations=[
                org("A", parent="C"),
                org("B", parent="A"),
                org("C", parent="B"),
                org("D", parent="D"),
                org("E", parent="A"),
            ]
        )
    )
    assert errors == [
        'organizations[0].parent: "C" makes a cycle: A → C → B → A',
        'organizations[3].parent: "D" makes a cycle: D → D',
    ]


def test_it_rejects_a_parent_cycle_through_the_database(db):
    make_tree()  # TU > DU > CB1, CB2
    errors = errors_of(bundle(organizations=[org("TU", "superior_committee", parent="CB1")]))
    assert errors == ['organizations[0].parent: "CB1" makes a cycle: TU → CB1 → DU → TU']


def test_it_accepts_moving_a_subtree_under_a_former_descendant_that_the_bundle_moves_too(db):
    make_tree()
    import_bundle(
        bundle(
            organizations=[
                org("DU", "grassroots_committee", parent=None),
                org("TU", "superior_committee", parent="DU"),
            ]
        )
    )
    assert Organization.objects.get(code="TU").path == "/DU/TU/"
    assert Organization.objects.get(code="CB1").path == "/DU/CB1/"


def test_it_checks_criteria_sets_and_judgement_indicators(db):
    make_tree()

    def judgement(subject, indicator):
        return {"year": 2024, "subject": subject, "indicator": indicator, "verdict": "pass", "by": "self"}

    errors = errors_of(
        bundle(
            members=[member("001", "CB1")],
            years=[year(2024), year(2023, criteria_set="khong-co")],
            judgements=[
                judgement("member:001", "2.1.j1"),
                judgement("member:001", "2.1.j9"),
                judgement("member:001", "2.3.a"),
                {**judgement("member:001", "2.3.b"), "by": "appraiser", "note": "Quyết định đình chỉ đã bị hủy"},
                {**judgement("member:001", "2.4.a"), "by": "appraiser"},  # an override needs its reason
                judgement("org:CB1", "2.1.j1"),
                judgement("org:DU", "1.4.j1"),
                judgement("org:TU", "9.9.j9"),  # a superior committee is not evaluated: nothing to check
                {**judgement("member:001", "9.9.j9"), "year": 2022},  # no evaluation year: nothing to check
            ],
        )
    )
    assert errors == [
        'years[1].criteria_set: unknown criteria set "khong-co" (known: kh-63-ku-2023)',
        'judgements[1].indicator: "2.1.j9" is not an indicator of model member in criteria set kh-63-ku-2023',
        'judgements[2].indicator: "2.3.a" is computed by a rule in criteria set kh-63-ku-2023, not judged'
        " (only an appraiser's override with a reason in note)",
        'judgements[4].indicator: "2.4.a" is computed by a rule in criteria set kh-63-ku-2023, not judged'
        " (only an appraiser's override with a reason in note)",
        'judgements[5].indicator: "2.1.j1" is not an indicator of model cell in criteria set kh-63-ku-2023',
    ]


def test_it_writes_nothing_when_anything_is_wrong(db):
    make_tree()
    data = ward_bundle(members=15, prefix="N")
    data["meetings"][12]["grade"] = "rất tốt"
    data["organizations"][3]["parent"] = "XYZ"
    data["meetings"][3]["held_on"] = "2024-02-31"
    before = counts()

    errors = errors_of(data)

    assert errors == [
        'organizations[3].parent: unknown organization "XYZ"',
        'meetings[3].held_on: "2024-02-31" is not a valid date (YYYY-MM-DD)',
        'meetings[12].grade: "rất tốt" is not one of good, fair, average, poor',
    ]
    assert counts() == before


def test_it_reports_invalid_json_with_its_line_and_column(tmp_path):
    path = tmp_path / "bundle.json"
    path.write_text('{\n  "format": "bontot-bundle/1",\n  "members": [,]\n}\n', encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        import_bundle_file(path)
    assert caught.value.errors == [f"{path}: invalid JSON at line 3, column 15: Expecting value"]


def test_it_reports_a_file_that_cannot_be_read(tmp_path):
    with pytest.raises(BundleError) as caught:
        import_bundle_file(tmp_path / "missing.json")
    assert caught.value.errors == [f"{tmp_path / 'missing.json'}: cannot read the file (No such file or directory)"]


def test_it_imports_a_file_saved_with_a_byte_order_mark(db, tmp_path):
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle(organizations=tree()), ensure_ascii=False), encoding="utf-8-sig")
    assert import_bundle_file(path)["organizations"].created == 4


def nested_lists(levels):
    outer: list = []
    inner = outer
    for _ in range(levels - 1):
        inner.append([])
        inner = inner[0]
    return outer


def test_it_rejects_a_file_nested_too_deeply_before_parsing_it(tmp_path):
    path = tmp_path / "bundle.json"
    levels = 100_000
    path.write_text(f'{{"format": "{FORMAT}", "members": {"[" * levels}{"]" * levels}}}', encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        import_bundle_file(path)
    assert caught.value.errors == [f"{path}: JSON nested too deeply (more than 32 levels)"]


def test_it_parses_a_file_nested_up_to_the_limit_and_reports_what_is_wrong(db, tmp_path):
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps({"format": FORMAT, "members": nested_lists(31)}), encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        import_bundle_file(path)
    assert caught.value.errors == ["members[0]: expected an object, got list"]


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("", 0),
        ("42", 0),
        ('{"a": "[[[{{", "b": [[1]]}', 3),
        (r'["]]]", ["\\", ["\"]]\""]]]', 3),  # escaped quotes and backslashes inside strings
        (r'["\u005b", {"x": "é}"}]', 2),
        ('"[[[', 0),  # an unterminated string holds the rest
    ],
)
def test_it_measures_nesting_outside_strings(text, depth):
    assert nesting_depth(text.encode()) == depth


def test_it_reports_a_number_too_long_to_read(tmp_path):
    path = tmp_path / "bundle.json"
    path.write_text(f'{{"format": "{FORMAT}", "years": [{{"year": {"9" * 5000}}}]}}', encoding="utf-8")
    with pytest.raises(BundleError) as caught:
        import_bundle_file(path)
    assert caught.value.errors == [f"{path}: invalid JSON: a number has more than 4300 digits"]


def test_it_rejects_an_already_parsed_deep_structure_without_recursing(db):
    deep = nested_lists(100_000)
    errors = errors_of({"format": deep, "organizations": deep, "members": [{"card_no": deep}], 7: 1})

    assert errors == [
        f'format: {"[" * 79}… is not "bontot-bundle/1"',
        "7: unknown key (expected format, organizations, members, years, registrations, meetings, "
        "quality_ratings, workplace_ratings, org_results, linked_bodies, admission_targets, disciplines, "
        "complaints, residence_comments, judgements, memberships, member_statuses)",
        "organizations[0]: expected an object, got list",
        f"members[0].card_no: {'[' * 79}… is not a string (a party card number)",
        *(
            f"members[0].{key}: required key is missing"
            for key in ("full_name", "birth_date", "gender", "organization", "admitted_on", "civil_servant")
        ),
    ]


NUL, SURROGATE = "\u0000", "\ud800"


def bad_character_bundle():
    return bundle(
        organizations=[*tree(), org(f"CB{NUL}3", name="Chi bộ 3", parent="DU")],
        members=[
            member("000001", "CB1", full_name=f"A{NUL}{SURROGATE}"),
            member(f"0000{SURROGATE}2", "CB1", full_name="Bình"),
            {**member("000003", "CB2"), f"note{SURROGATE}": "x"},
        ],
        quality_ratings=[quality_rating(f"member:00{NUL}01"), quality_rating(f"org:CB{SURROGATE}")],
    )


BAD_CHARACTER_ERRORS = [
    'organizations[4].code: "CB\\u00003" contains a NUL character (U+0000)',
    'members[0].full_name: "A\\u0000\\ud800" contains a NUL character (U+0000)',
    'members[1].card_no: "0000\\ud8002" contains an invalid character (lone surrogate U+D800)',
    "members[2].note\\ud800: unknown key (expected card_no, full_name, birth_date, gender, organization, "
    "admitted_on, official_on, civil_servant, exempt, suspended, left_on)",
    'quality_ratings[0].subject: "member:00\\u000001" contains a NUL character (U+0000)',
    'quality_ratings[1].subject: "org:CB\\ud800" contains an invalid character (lone surrogate U+D800)',
]


def test_it_rejects_nul_and_lone_surrogates_and_writes_nothing(db, tmp_path):
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bad_character_bundle()), encoding="ascii")  # \u0000 and \ud800 escapes
    before = counts()

    with pytest.raises(BundleError) as caught:
        import_bundle_file(path)

    assert caught.value.errors == BAD_CHARACTER_ERRORS
    assert all(error.isprintable() and error.encode("utf-8") for error in caught.value.errors)
    assert counts() == before


def count_queries(data):
    with CaptureQueriesContext(connection) as captured:
        summary = import_bundle(data)
    return len(captured.captured_queries), summary


def test_it_runs_the_same_number_of_queries_whatever_the_size_of_the_bundle(db):
    # 60 members (and 9 meetings a cell: 54 rows of 17 columns) keep every section inside one SQLite
    # insert batch (999 variables); more rows only add one query per batch and section, never one per row.
    small_bundle, large_bundle = (
        ward_bundle(members=10, prefix="S", in_year=2023),
        ward_bundle(members=60, prefix="L", in_year=2024, meetings_per_cell=9),
    )

    small, small_summary = count_queries(small_bundle)
    large, large_summary = count_queries(large_bundle)

    assert (small_summary.created, large_summary.created) == (94, 526)
    assert small == large
    assert large <= 43  # 40 before issue 7; the HTXSNV cap's check reads organisations, ratings, reasons (3)

    for data in (small_bundle, large_bundle):
        for item in data["members"]:
            item["exempt"] = True  # recorded as a period from admission: one more insert, whatever the size
            item["civil_servant"] = not item["civil_servant"]
        for item in data["meetings"]:
            item["grade"] = "fair"
        for item in data["judgements"]:
            item["verdict"] = "fail"
    small, small_summary = count_queries(small_bundle)
    large, large_summary = count_queries(large_bundle)

    assert (small_summary.updated, large_summary.updated) == (33, 180)
    assert small == large
    assert large <= 40
