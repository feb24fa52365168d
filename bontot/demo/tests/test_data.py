"""The demo bundle, checked as plain data: no database."""

import datetime
import re
import unicodedata
from collections import Counter

import pytest

from bontot.bundle.schema import SECTIONS
from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.demo import story
from bontot.demo.data import CRITERIA_SET, build_demo_bundle

# Common Vietnamese family names (written independently of the generator's list).
COMMON_SURNAMES = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Trương", "Đoàn", "Lương", "Mai", "Thái", "Châu", "Cao", "Đinh", "Lâm", "Tô",
}  # fmt: skip
VIETNAMESE_LETTERS = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def bundle():
    return build_demo_bundle()


def test_it_returns_the_same_bundle_every_time(bundle):
    assert build_demo_bundle() == bundle
    assert build_demo_bundle(seed=2024) == bundle


def test_it_depends_on_the_seed(bundle):
    other = build_demo_bundle(seed=7)
    assert [m["full_name"] for m in other["members"]] != [m["full_name"] for m in bundle["members"]]


def test_it_uses_the_bundle_format(bundle):
    assert bundle["format"] == "bontot-bundle/1"
    assert set(bundle) == {"format"} | {section.name for section in SECTIONS}
    for section in SECTIONS:
        fields = {field.name for field in section.fields}
        for row in bundle[section.name]:
            assert set(row) <= fields, (section.name, row)


def test_it_writes_dates_as_iso_strings(bundle):
    date_fields = {
        "valid_from", "valid_to", "birth_date", "admitted_on", "official_on", "left_on",
        "registration_deadline", "cutoff", "registered_on", "held_on", "decided_on", "received_on",
    }  # fmt: skip
    for name in bundle:
        if name == "format":
            continue
        for row in bundle[name]:
            for key in date_fields & set(row):
                value = row[key]
                assert value is None or ISO_DATE.match(value), (name, key, value)
                if value is not None:
                    datetime.date.fromisoformat(value)


def test_it_has_no_two_rows_with_the_same_natural_key(bundle):
    for section in SECTIONS:
        # an optional key part (a complaint's about_member) left out is null
        keys = Counter(tuple(row.get(k) for k in section.key) for row in bundle[section.name])
        assert [k for k, n in keys.items() if n > 1] == [], section.name


def test_it_names_only_organisations_and_members_it_holds(bundle):
    orgs = {o["code"]: o for o in bundle["organizations"]}
    cards = {m["card_no"] for m in bundle["members"]}
    seen: list[str] = []
    for org in bundle["organizations"]:  # parents and successors come first
        assert org["parent"] is None or org["parent"] in seen, org
        assert org["successor"] is None or org["successor"] in seen, org
        seen.append(org["code"])
    for member in bundle["members"]:
        assert orgs[member["organization"]]["kind"] == "cell"
    for name in bundle:
        if name == "format":
            continue
        for row in bundle[name]:
            if "subject" in row:
                kind, ref = row["subject"].split(":", 1)
                assert ref in (cards if kind == "member" else orgs), row
            if name != "members" and "organization" in row:
                assert row["organization"] in orgs, row
            if "member" in row:
                assert row["member"] in cards, row


def test_it_has_at_least_15_cells_of_tam_thang_in_2024(bundle):
    cells = [o for o in bundle["organizations"] if o["parent"] == "DU-TT"]
    assert len(cells) >= 15
    assert {o["kind"] for o in cells} == {"cell"}
    names = " | ".join(o["name"] for o in cells)
    for part in ("thôn Vĩnh Bình", "thôn Thạch Tân", "thôn Mỹ Cang", "Trường THCS", "Trường Tiểu học",
                 "Trạm Y tế", "Quân sự", "Công an", "Đảng – Đoàn thể", "Chính quyền"):  # fmt: skip
        assert part in names
    assert any(o["valid_from"] == "2024-04-15" for o in cells)


def test_it_hands_every_2024_cell_over_to_a_successor_on_1_july_2025(bundle):
    orgs = {o["code"]: o for o in bundle["organizations"]}
    old = [o for o in bundle["organizations"] if o["parent"] in ("DU-TT", "DU-TP", "DU-TTH")]
    for cell in old:
        assert cell["valid_to"] == "2025-06-30"
        successor = orgs[cell["successor"]]
        assert successor["valid_from"] == "2025-07-01"
        assert successor["valid_to"] is None
        assert orgs[successor["parent"]]["parent"] == "TU-DN"
    assert orgs["TT-CB-VB"]["successor"] == "BT-CB-VB"
    assert orgs["DU-TT"]["successor"] == "DU-BT"
    assert orgs["TU-TK"] == {
        "code": "TU-TK",
        "name": "Thành ủy Tam Kỳ",
        "kind": "superior_committee",
        "parent": None,
        "valid_from": "2000-01-01",
        "valid_to": "2025-06-30",
        "successor": "TU-DN",
    }


def test_it_puts_members_in_their_current_cell(bundle):
    orgs = {o["code"]: o for o in bundle["organizations"]}
    for member in bundle["members"]:
        cell = orgs[member["organization"]]
        if member["left_on"] is None or member["left_on"] >= "2025-07-01":
            assert cell["valid_to"] is None, member
        else:
            assert cell["valid_to"] >= member["left_on"], member


def test_it_has_at_least_400_members_with_unique_8_digit_card_numbers(bundle):
    cards = [m["card_no"] for m in bundle["members"]]
    assert len(cards) >= 400
    assert len(set(cards)) == len(cards)
    assert all(re.fullmatch(r"\d{8}", card) for card in cards)


def test_it_gives_members_vietnamese_names_family_name_first(bundle):
    names = [m["full_name"] for m in bundle["members"]]
    for member in bundle["members"]:
        name = member["full_name"]
        words = name.split(" ")
        assert unicodedata.normalize("NFC", name) == name
        assert len(words) >= 3, name
        assert words[0] in COMMON_SURNAMES, name
        assert all(word[0].isupper() for word in words), name
        if member["gender"] == "male":
            assert "Thị" not in words[1:-1], name
    with_marks = [n for n in names if any(ch in VIETNAMESE_LETTERS for ch in n.lower())]
    assert len(with_marks) * 10 >= len(names) * 9  # nearly every Vietnamese name carries a diacritic


def test_it_gives_members_believable_dates(bundle):
    for member in bundle["members"]:
        born = datetime.date.fromisoformat(member["birth_date"])
        admitted = datetime.date.fromisoformat(member["admitted_on"])
        assert 1945 <= born.year <= 2003
        assert (admitted.year - 18, admitted.month, admitted.day) >= (born.year, born.month, born.day), member
        if member["official_on"] is not None:
            assert member["official_on"] > member["admitted_on"]
    probationary = [m for m in bundle["members"] if m["official_on"] is None]
    admitted_2024 = [m for m in bundle["members"] if m["admitted_on"].startswith("2024-")]
    assert probationary and len(admitted_2024) >= 10
    assert sum(m["exempt"] for m in bundle["members"]) >= 5
    assert sum(m["suspended"] for m in bundle["members"]) >= 1
    assert sum(m["left_on"] is not None for m in bundle["members"]) >= 2


def test_it_rates_every_2024_member_and_organisation(bundle):
    rated = {r["subject"]: r for r in bundle["quality_ratings"] if r["year"] == 2024}
    for member in bundle["members"]:
        if member["admitted_on"] <= "2024-12-31":
            rating = rated[f"member:{member['card_no']}"]
            if member["exempt"] or member["suspended"]:
                assert rating["level"] == "not_rated" and rating["reason"]
    old = [o for o in bundle["organizations"] if o["parent"] in ("DU-TT", "DU-TP", "DU-TTH", "TU-TK")]
    assert all(f"org:{o['code']}" in rated for o in old if o["kind"] != "superior_committee")
    assert any(not r["final"] for r in rated.values())


def test_it_registers_some_subjects_late(bundle):
    late = [r for r in bundle["registrations"] if r["year"] == 2024 and r["registered_on"] > "2024-01-20"]
    on_time = [r for r in bundle["registrations"] if r["year"] == 2024 and r["registered_on"] <= "2024-01-20"]
    assert late and len(on_time) > 5 * len(late)


def test_it_judges_only_judgement_indicators_of_the_criteria_set(bundle):
    criteria = get_criteria_set(CRITERIA_SET)
    kinds = {o["code"]: o["kind"] for o in bundle["organizations"]}
    model_of = {"cell": "cell", "grassroots_committee": "grassroots"}
    judged: dict[str, set[str]] = {"member": set(), "cell": set(), "grassroots": set()}
    for row in bundle["judgements"]:
        kind, ref = row["subject"].split(":", 1)
        model = "member" if kind == "member" else model_of[kinds[ref]]
        assert criteria.indicator(model, row["indicator"]).source == "judgement"
        judged[model].add(row["indicator"])
    for model, codes in judged.items():
        assert codes == {i.code for i in criteria.indicators(model) if i.source == "judgement"}
    verdicts = Counter((row["by"], row["verdict"]) for row in bundle["judgements"])
    assert verdicts[("self", "fail")] and verdicts[("appraiser", "fail")]


def test_its_story_table_names_real_indicators_and_flags():
    criteria = get_criteria_set(CRITERIA_SET)
    for model, table in (("cell", story.CELL_FLAG_INDICATORS), ("grassroots", story.COMMITTEE_FLAG_INDICATORS)):
        rules = [i.code for i in criteria.indicators(model) if i.source == "rule"]
        assert sorted(table.values()) == sorted(rules)  # one flag per rule indicator, each used once
    for committee in story.COMMITTEES:
        assert set(committee.fails) <= set(story.COMMITTEE_FLAG_INDICATORS)
        for plan in committee.cells:
            assert set(plan.fails) <= set(story.CELL_FLAG_INDICATORS), plan.key
