"""The pure checks of a bundle: shape, types, values, rules inside an item, duplicates (no database)."""

import datetime

import pytest

from bontot.bundle.schema import Errors, Subject, parse_bundle

from .factories import bundle, meeting, member, org, quality_rating, year


def problems(data):
    errors = Errors()
    parsed = parse_bundle(data, errors)
    return errors.messages(), parsed


def test_it_accepts_a_correct_bundle_and_returns_python_values():
    messages, parsed = problems(
        bundle(
            organizations=[org("CB1")],
            members=[member("001", "CB1")],
            meetings=[meeting("CB1", "2024-03-05")],
            quality_ratings=[quality_rating("member:001")],
        )
    )
    assert messages == []
    cell = parsed.items("organizations")[0].values
    assert cell["valid_from"] == datetime.date(2020, 1, 1)
    assert cell["parent"] is None and cell["valid_to"] is None
    values = parsed.items("meetings")[0].values
    assert values["attendance"] is None and values["score"] is None  # optional keys left out
    rating = parsed.items("quality_ratings")[0].values
    assert rating["subject"] == Subject("member", "001") and rating["reason"] == ""


def test_it_accepts_a_bundle_with_only_the_format():
    assert problems({"format": "bontot-bundle/1"})[0] == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, 'format: required key is missing (expected "bontot-bundle/1")'),
        ({"format": "bontot-bundle/2"}, 'format: "bontot-bundle/2" is not "bontot-bundle/1"'),
        ([], "bundle: expected a JSON object, got list"),
        ({"format": "bontot-bundle/1", "meetings": {}}, "meetings: expected a list, got object"),
        ({"format": "bontot-bundle/1", "meetings": ["x"]}, "meetings[0]: expected an object, got string"),
    ],
)
def test_it_rejects_a_wrong_shape(data, message):
    assert problems(data)[0] == [message]


def test_it_rejects_unknown_keys_at_the_top_and_in_items():
    messages, _ = problems(bundle(colours=[], organizations=[org("CB1", colour="red")]))
    assert messages == [
        "colours: unknown key (expected format, organizations, members, years, registrations, meetings, "
        "quality_ratings, workplace_ratings, org_results, linked_bodies, admission_targets, disciplines, "
        "complaints, residence_comments, judgements, memberships, member_statuses)",
        "organizations[0].colour: unknown key (expected code, name, kind, parent, valid_from, valid_to, successor)",
    ]


def test_it_rejects_missing_required_keys_and_nulls_where_not_allowed():
    item = member("001", "CB1", gender=None)
    del item["exempt"]  # optional since dated statuses (member_statuses)
    del item["civil_servant"]
    messages, _ = problems(bundle(members=[item]))
    assert messages == [
        "members[0].gender: null is not allowed",
        "members[0].civil_servant: required key is missing",
    ]


def test_it_reads_missing_nullable_keys_as_null():
    item = org("CB1")
    for key in ("parent", "valid_to", "successor"):
        del item[key]
    messages, parsed = problems(bundle(organizations=[item]))
    assert messages == []
    assert parsed.items("organizations")[0].values["parent"] is None


@pytest.mark.parametrize(
    ("section", "item", "message"),
    [
        ("meetings", meeting("CB1", "2024-03-05", grade="rất tốt"),
         'meetings[0].grade: "rất tốt" is not one of good, fair, average, poor'),
        ("organizations", org("CB1", kind="chi_bo"),
         'organizations[0].kind: "chi_bo" is not one of superior_committee, grassroots_committee, '
         "sub_committee, grassroots_cell, cell"),
        ("members", member("001", "CB1", exempt="no"),
         'members[0].exempt: "no" is not a boolean (true or false)'),
        ("members", member("001", "CB1", civil_servant=1),
         "members[0].civil_servant: 1 is not a boolean (true or false)"),
        ("meetings", meeting("CB1", "2024-03-05", attendance=True), "meetings[0].attendance: true is not an integer"),
        ("meetings", meeting("CB1", "2024-03-05", attendance="12"), 'meetings[0].attendance: "12" is not an integer'),
        ("meetings", meeting("CB1", "2024-03-05", minutes=90.5), "meetings[0].minutes: 90.5 is not an integer"),
        ("meetings", meeting("CB1", "2024-03-05", expected=-1), "meetings[0].expected: -1 is negative"),
        ("meetings", meeting("CB1", "2024-03-05", score=101), "meetings[0].score: 101 is not between 0 and 100"),
        ("admission_targets", {"year": 2024, "organization": "CB1", "target": -2},
         "admission_targets[0].target: -2 is negative"),
        ("years", year(1929), "years[0].year: 1929 is not between 1930 and 2100"),
        ("years", year(2024, year="2024"), 'years[0].year: "2024" is not an integer'),
        ("members", member("001", "CB1", full_name=42), "members[0].full_name: 42 is not a string"),
        ("members", member("001", "CB1", full_name="  "), 'members[0].full_name: "  " is empty'),
        ("organizations", org("CB1", name="x" * 256),
         f'organizations[0].name: "{"x" * 79}…" is longer than 255 characters'),
        ("organizations", org("CB/1"), "organizations[0].code: \"CB/1\" contains '/'"),
        ("organizations", org(" CB1"), 'organizations[0].code: " CB1" has leading or trailing spaces'),
        ("members", member(1234, "CB1"), "members[0].card_no: 1234 is not a string (a party card number)"),
        ("registrations", {"year": 2024, "subject": "cell:CB1", "registered_on": "2024-01-05"},
         'registrations[0].subject: "cell:CB1" is not a subject (member:<card_no> or org:<code>)'),
        ("registrations", {"year": 2024, "subject": "member:", "registered_on": "2024-01-05"},
         'registrations[0].subject: "member:" is not a subject (member:<card_no> or org:<code>)'),
        ("judgements", {"year": 2024, "subject": "member:1", "indicator": "2.1", "verdict": "pass", "by": "self"},
         'judgements[0].indicator: "2.1" is not an indicator code (e.g. 1.1.j1, 2.3.a)'),
        ("judgements", {"year": 2024, "subject": "member:1", "indicator": "2.1.j1", "verdict": "ok", "by": "self"},
         'judgements[0].verdict: "ok" is not one of pass, fail'),
    ],
)  # fmt: skip
def test_it_rejects_a_value_of_the_wrong_type_or_out_of_range(section, item, message):
    assert problems(bundle(**{section: [item]}))[0] == [message]


@pytest.mark.parametrize("value", ["2024-02-31", "2024-2-3", "05/09/2023", "2024-02-30T00:00", 20240101, ""])
def test_it_rejects_a_date_that_is_not_a_real_iso_date(value):
    messages, _ = problems(bundle(meetings=[meeting("CB1", "2024-03-05"), meeting("CB1", value)]))
    shown = f'"{value}"' if isinstance(value, str) else str(value)
    assert messages == [f"meetings[1].held_on: {shown} is not a valid date (YYYY-MM-DD)"]


def test_it_rejects_a_date_out_of_range():
    messages, _ = problems(bundle(members=[member("001", "CB1", birth_date="1899-12-31")]))
    assert messages == ['members[0].birth_date: "1899-12-31" is not between 1900-01-01 and 2100-12-31']


def test_it_checks_the_rules_that_tie_keys_of_an_item_together():
    messages, _ = problems(
        bundle(
            organizations=[
                org("A", valid_from="2021-01-01", valid_to="2020-12-31"),
                org("B", valid_from="2021-01-01", valid_to="2021-01-01"),
                org("C", successor="C"),
            ],
            members=[
                member("001", "A", birth_date="2010-03-02", admitted_on="2010-03-02"),
                member("002", "A", official_on="2009-01-01", left_on="2010-03-01"),
            ],
            years=[year(2024, cutoff="2025-11-30", registration_deadline="2022-12-31")],
            meetings=[
                meeting("A", "2024-01-05", attendance=11, expected=10),
                meeting("A", "2024-02-05", attendance=10, expected=10),
            ],
        )
    )
    assert messages == [
        'organizations[0].valid_to: "2020-12-31" is before valid_from "2021-01-01"',
        'organizations[2].successor: "C" is the organization itself',
        'members[0].admitted_on: "2010-03-02" is not after birth_date "2010-03-02"',
        'members[1].official_on: "2009-01-01" is before admitted_on "2010-03-02"',
        'members[1].left_on: "2010-03-01" is before admitted_on "2010-03-02"',
        'years[0].registration_deadline: "2022-12-31" is not in 2023 or 2024',
        'years[0].cutoff: "2025-11-30" is not in 2024',
        "meetings[0].attendance: 11 is more than expected (10)",
    ]


def test_it_accepts_optional_values_given_as_null_and_not_applicable_levels():
    messages, parsed = problems(
        bundle(
            quality_ratings=[quality_rating("org:CB1", level="complete", reason=None)],
            linked_bodies=[
                {"year": 2024, "organization": "CB1", "name": "Chính quyền", "level": "not_applicable",
                 "reason": "Thôn"},
            ],
            judgements=[
                {"year": 2024, "subject": "org:CB1", "indicator": "1.1.j1", "verdict": "pass", "by": "self"},
                {"year": 2024, "subject": "member:1", "indicator": "2.3.a", "verdict": "fail", "by": "appraiser",
                 "note": "Vi phạm"},
            ],
        )
    )  # fmt: skip
    assert messages == []
    assert parsed.items("quality_ratings")[0].values["reason"] == ""
    assert parsed.items("judgements")[0].values["note"] == ""


def test_it_rejects_the_same_natural_key_twice():
    messages, _ = problems(
        bundle(
            organizations=[org("CB1"), org("CB2"), org("CB1", name="Khác")],
            meetings=[
                meeting("CB1", "2024-03-05"),
                meeting("CB1", "2024-03-05", kind="thematic"),
                meeting("CB1", "2024-03-05", grade="fair"),
            ],
            quality_ratings=[quality_rating("member:001"), quality_rating("org:001"), quality_rating("member:001")],
        )
    )
    assert messages == [
        "organizations[2]: duplicate of organizations[0] (same code: CB1)",
        "meetings[2]: duplicate of meetings[0] (same organization, held_on, kind: CB1, 2024-03-05, regular)",
        "quality_ratings[2]: duplicate of quality_ratings[0] (same year, subject: 2024, member:001)",
    ]


def test_it_lists_every_error_in_bundle_order():
    messages, _ = problems(
        bundle(
            meetings=[meeting("CB1", "2024-02-31", grade="rất tốt")],
            organizations=[org("CB1", kind="x"), org("CB2", valid_from="2024-13-01")],
        )
    )
    assert messages == [
        'organizations[0].kind: "x" is not one of superior_committee, grassroots_committee, sub_committee, '
        "grassroots_cell, cell",
        'organizations[1].valid_from: "2024-13-01" is not a valid date (YYYY-MM-DD)',
        'meetings[0].held_on: "2024-02-31" is not a valid date (YYYY-MM-DD)',
        'meetings[0].grade: "rất tốt" is not one of good, fair, average, poor',
    ]


NUL, SURROGATE = "\u0000", "\ud800"


@pytest.mark.parametrize(
    ("section", "item", "message"),
    [
        ("members", member("001", "CB1", full_name=f"A{NUL}{SURROGATE}"),
         'members[0].full_name: "A\\u0000\\ud800" contains a NUL character (U+0000)'),
        ("members", member("001", "CB1", full_name=f"A{SURROGATE}"),
         'members[0].full_name: "A\\ud800" contains an invalid character (lone surrogate U+D800)'),
        ("organizations", org(f"CB{NUL}1", name="Chi bộ 1"),
         'organizations[0].code: "CB\\u00001" contains a NUL character (U+0000)'),
        ("organizations", org("CB\udfff", name="Chi bộ 1"),
         'organizations[0].code: "CB\\udfff" contains an invalid character (lone surrogate U+DFFF)'),
        ("members", member(f"00{NUL}1", "CB1", full_name="An"),
         'members[0].card_no: "00\\u00001" contains a NUL character (U+0000)'),
        ("members", member(f"00{SURROGATE}", "CB1", full_name="An"),
         'members[0].card_no: "00\\ud800" contains an invalid character (lone surrogate U+D800)'),
        ("members", member("001", f"CB1{SURROGATE}"),
         'members[0].organization: "CB1\\ud800" contains an invalid character (lone surrogate U+D800)'),
        ("quality_ratings", quality_rating(f"member:0{NUL}1"),
         'quality_ratings[0].subject: "member:0\\u00001" contains a NUL character (U+0000)'),
        ("quality_ratings", quality_rating(f"org:CB{SURROGATE}"),
         'quality_ratings[0].subject: "org:CB\\ud800" contains an invalid character (lone surrogate U+D800)'),
        ("quality_ratings", quality_rating("org:CB1", reason=f"x{NUL}"),
         'quality_ratings[0].reason: "x\\u0000" contains a NUL character (U+0000)'),
        ("judgements", {"year": 2024, "subject": "member:1", "indicator": f"2.1.j{NUL}", "verdict": "pass",
                        "by": "self"},
         'judgements[0].indicator: "2.1.j\\u0000" contains a NUL character (U+0000)'),
        ("years", year(2024, criteria_set=f"kh{SURROGATE}"),
         'years[0].criteria_set: "kh\\ud800" contains an invalid character (lone surrogate U+D800)'),
    ],
)  # fmt: skip
def test_it_rejects_nul_and_lone_surrogates_in_every_text_value(section, item, message):
    assert problems(bundle(**{section: [item]}))[0] == [message]


def test_it_rejects_control_characters_but_tabs_and_line_breaks_in_free_text():
    messages, parsed = problems(
        bundle(
            organizations=[org("CB\t1"), org("CB2", name="Chi bộ\x1b[31m"), org("CB3", name="Chi bộ\x85")],
            quality_ratings=[quality_rating("org:CB2", reason="Dòng một\r\n\tdòng hai")],
        )
    )
    assert messages == [
        'organizations[0].code: "CB\\t1" contains a control character (U+0009)',
        'organizations[1].name: "Chi bộ\\u001b[31m" contains a control character (U+001B)',
        'organizations[2].name: "Chi bộ\\u0085" contains a control character (U+0085)',
    ]
    assert parsed.items("quality_ratings")[0].values["reason"] == "Dòng một\r\n\tdòng hai"


def test_it_shows_a_deeply_nested_value_shortened():
    deep: list = []
    inner = deep
    for _ in range(100_000):
        inner.append([])
        inner = inner[0]
    messages, _ = problems({"format": deep, "members": [member("001", "CB1", full_name={"x": deep})], "x": 1})
    assert messages == [
        f'format: {"[" * 79}… is not "bontot-bundle/1"',
        "x: unknown key (expected format, organizations, members, years, registrations, meetings, "
        "quality_ratings, workplace_ratings, org_results, linked_bodies, admission_targets, disciplines, "
        "complaints, residence_comments, judgements, memberships, member_statuses)",
        f'members[0].full_name: {{"x": {"[" * 73}… is not a string',
    ]
