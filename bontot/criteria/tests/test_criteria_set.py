"""Loading and validating criteria set files: every problem reported with its path. No database."""

import copy
from pathlib import Path

import pytest
import yaml

from bontot.criteria.engine.criteria_set import (
    SETS_DIR,
    CriteriaSetError,
    UnknownCriteriaSetError,
    available_criteria_sets,
    get_criteria_set,
    load_criteria_set,
    parse_criteria_set,
)

SHIPPED = SETS_DIR / "kh-63-ku-2023.yaml"


def shipped_data() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def errors_of(data: object) -> tuple[str, ...]:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    with pytest.raises(CriteriaSetError) as caught:
        parse_criteria_set(text, "test.yaml")
    return caught.value.errors


def mutated(change) -> dict:
    data = copy.deepcopy(shipped_data())
    change(data)
    return data


def indicator(data: dict, model: str, criterion: int, index: int) -> dict:
    return data["models"][model][criterion]["indicators"][index]


def test_it_round_trips_the_shipped_data():
    text = yaml.safe_dump(shipped_data(), allow_unicode=True, sort_keys=False)
    assert parse_criteria_set(text, "copy.yaml").code == "kh-63-ku-2023"


def set_param(data: dict, name: str, value: object) -> None:
    indicator(data, "cell", 1, 3)["params"][name] = value  # cell 1.2.a: meeting_count


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            lambda d: set_param(d, "min_count", "mười"),
            'models.cell[1].indicators[3].params.min_count: "mười" is not an integer',
        ),
        (
            lambda d: set_param(d, "min_count", True),
            "models.cell[1].indicators[3].params.min_count: true is not an integer",
        ),
        (
            lambda d: set_param(d, "min_count", 0),
            "models.cell[1].indicators[3].params.min_count: 0 is less than 1",
        ),
        (
            lambda d: set_param(d, "min_grade", "rất tốt"),
            'models.cell[1].indicators[3].params.min_grade: "rất tốt" is not one of good, fair, average, poor',
        ),
        (
            lambda d: set_param(d, "kinds", ["regular", "monthly"]),
            "models.cell[1].indicators[3].params.kinds[1]: "
            '"monthly" is not one of regular, thematic, combined, committee, standing, congress',
        ),
        (
            lambda d: set_param(d, "kinds", "regular"),
            'models.cell[1].indicators[3].params.kinds: "regular" is not a non-empty list of strings',
        ),
        (
            lambda d: set_param(d, "window", "month"),
            'models.cell[1].indicators[3].params.window: "month" is not one of default, year',
        ),
        (
            lambda d: set_param(d, "minimum", 3),
            "models.cell[1].indicators[3].params.minimum: unknown parameter (this rule accepts: "
            "kinds, min_count, min_grade, window, max_per_month, noun)",
        ),
        (
            lambda d: indicator(d, "cell", 1, 3)["params"].pop("min_count"),
            "models.cell[1].indicators[3].params.min_count: required parameter is missing (an integer)",
        ),
        (
            lambda d: indicator(d, "cell", 1, 3).update(rule="meeting_cout"),
            'models.cell[1].indicators[3].rule: unknown rule "meeting_cout" (did you mean "meeting_count"?)',
        ),
        (
            lambda d: d["models"]["cell"][2].pop("title"),
            "models.cell[2].title: required key is missing",
        ),
        (
            lambda d: d["models"]["cell"][2].update(title=""),
            "models.cell[2].title: must not be empty",
        ),
        (
            lambda d: indicator(d, "cell", 0, 5).update(code="1.1.a"),
            'models.cell[0].indicators[5].code: duplicate code "1.1.a" (first at models.cell[0].indicators[4].code)',
        ),
        (
            lambda d: d["models"]["member"][1].update(code="2.1"),
            'models.member[1].code: duplicate code "2.1" (first at models.member[0].code)',
        ),
        (
            lambda d: d["models"]["member"][0].update(code=2.1),
            'models.member[0].code: 2.1 is not a string (quote it: "2.1")',
        ),
        (
            lambda d: indicator(d, "member", 0, 0).update(code="2.1.j0"),
            'models.member[0].indicators[0].code: "2.1.j0" is not a judgement code 2.1.jN',
        ),
        (
            lambda d: indicator(d, "member", 0, 0).update(code="2.2.j1"),
            'models.member[0].indicators[0].code: "2.2.j1" is not a judgement code 2.1.jN',
        ),
        (
            lambda d: indicator(d, "cell", 0, 4).update(code="1.1.aa"),
            'models.cell[0].indicators[4].code: "1.1.aa" is not a rule indicator code 1.1.<letter>',
        ),
        (
            lambda d: indicator(d, "cell", 0, 0).update(judgement=False),
            "models.cell[0].indicators[0].judgement: false must be true (or give a rule instead)",
        ),
        (
            lambda d: indicator(d, "cell", 0, 0).update(rule="meeting_count"),
            "models.cell[0].indicators[0]: give either rule or judgement: true, not both",
        ),
        (
            lambda d: indicator(d, "cell", 0, 0).pop("judgement"),
            "models.cell[0].indicators[0]: needs either a rule or judgement: true",
        ),
        (
            lambda d: indicator(d, "cell", 0, 0).update(params={"x": 1}),
            "models.cell[0].indicators[0].params: judgement indicators take no params",
        ),
        (
            lambda d: indicator(d, "cell", 0, 4).pop("label"),
            "models.cell[0].indicators[4].label: required key is missing (rule indicators need a short label)",
        ),
        (
            lambda d: indicator(d, "cell", 0, 4).update(note="x"),
            "models.cell[0].indicators[4].note: unknown key (allowed: code, text, label, rule, params, judgement)",
        ),
        (
            lambda d: indicator(d, "cell", 0, 4).pop("text"),
            "models.cell[0].indicators[4].text: required key is missing",
        ),
        (
            lambda d: indicator(d, "member", 1, 2).update(rule="member_rating_share"),
            "models.member[1].indicators[2].rule: rule member_rating_share does not apply to model member (only cell)",
        ),
        (
            lambda d: indicator(d, "cell", 3, 5)["params"].update(scope="own"),
            'models.cell[3].indicators[5].params.scope: "own" does not fit model cell (use "members")',
        ),
        (
            lambda d: d["models"]["cell"].pop(),
            "models.cell: has 3 criteria, expected 4",
        ),
        (
            lambda d: d["models"].pop("member"),
            "models.member: required key is missing",
        ),
        (
            lambda d: d["models"].update(party=[]),
            "models.party: unknown key (allowed: cell, grassroots, member)",
        ),
        (
            lambda d: d.update(version=2),
            "version: unknown key (allowed: code, title, source, meeting_score_scale, models)",
        ),
        (
            lambda d: d.pop("source"),
            "source: required key is missing",
        ),
        (
            lambda d: d.update(code="KH 63"),
            'code: "KH 63" must be lowercase letters, digits and dashes',
        ),
        (
            lambda d: d["models"]["cell"][0].update(indicators=[]),
            "models.cell[0].indicators: [] is not a non-empty list",
        ),
        (
            lambda d: d["meeting_score_scale"]["bands"][0].update(grade="excellent"),
            'meeting_score_scale.bands[0].grade: "excellent" is not one of good, fair, average, poor',
        ),
        (
            lambda d: d["meeting_score_scale"]["bands"][0]["full_marks"].append("speed"),
            'meeting_score_scale.bands[0].full_marks[4]: "speed" is not an item code',
        ),
        (
            lambda d: d["meeting_score_scale"]["bands"][0].pop("otherwise"),
            "meeting_score_scale.bands[0].otherwise: required when full_marks is given",
        ),
        (
            lambda d: d["meeting_score_scale"]["bands"][3].update(min_score=10),
            "meeting_score_scale.bands[3].min_score: the last band must start at 0",
        ),
        (
            lambda d: d["meeting_score_scale"]["bands"][2].update(min_score=75),
            "meeting_score_scale.bands[2].min_score: bands must go from the highest score to the lowest",
        ),
    ],
)
def test_it_names_the_path_and_the_problem(change, error):
    assert error in errors_of(mutated(change))


def share_params(data: dict, **params: object) -> None:
    indicator(data, "cell", 3, 3)["params"] = {"min_level": "complete", **params}  # cell 1.4.a: member_rating_share


SHARE_PATH = "models.cell[3].indicators[3].params"


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({}, f'{SHARE_PATH}.percent: required parameter is missing (give percent, e.g. 50, or fraction, e.g. "2/3")'),
        ({"percent": 50, "fraction": "1/2"}, f"{SHARE_PATH}.fraction: give either percent or fraction, not both"),
        ({"fraction": "2:3"}, f'{SHARE_PATH}.fraction: "2:3" is not a fraction "p/q" with 0 < p <= q, e.g. "2/3"'),
        ({"fraction": "3/2"}, f'{SHARE_PATH}.fraction: "3/2" is not a fraction "p/q" with 0 < p <= q, e.g. "2/3"'),
        ({"fraction": "0/3"}, f'{SHARE_PATH}.fraction: "0/3" is not a fraction "p/q" with 0 < p <= q, e.g. "2/3"'),
        ({"fraction": 0.67}, f"{SHARE_PATH}.fraction: 0.67 is not a string"),
        ({"percent": 0}, f"{SHARE_PATH}.percent: 0 is less than 1"),
        ({"percent": 100, "strict": True}, f"{SHARE_PATH}.strict: true cannot be met: no share is more than the whole"),
        (
            {"fraction": "3/3", "strict": True},
            f"{SHARE_PATH}.strict: true cannot be met: no share is more than the whole",
        ),
        ({"percent": 50, "strict": "yes"}, f'{SHARE_PATH}.strict: "yes" is not a boolean (true or false)'),
    ],
)
def test_it_takes_exactly_one_of_percent_and_fraction(params, error):
    assert errors_of(mutated(lambda d: share_params(d, **params))) == (error,)


@pytest.mark.parametrize(
    "params",
    [{"percent": 50}, {"percent": 50, "strict": True}, {"fraction": "2/3"}, {"fraction": "2/3", "strict": True}],
)
def test_it_accepts_every_form_of_a_share(params):
    text = yaml.safe_dump(mutated(lambda d: share_params(d, **params)), allow_unicode=True, sort_keys=False)
    assert parse_criteria_set(text, "share.yaml").indicator("cell", "1.4.a").params.values["percent"] == params.get(
        "percent"
    )


def test_it_requires_every_counted_meeting_to_be_judged_over_as_wide_a_window():
    def narrow(data: dict) -> None:
        indicator(data, "grassroots", 1, 5)["params"]["window"] = "default"  # grassroots 1.2.c

    assert errors_of(mutated(narrow)) == (
        'models.grassroots[1].indicators[5].params.window: "default" is narrower than the window "year" in which '
        'models.grassroots[1].indicators[4] counts "congress" meetings: every meeting counted must be judged too',
    )


def test_it_requires_every_counted_meeting_kind_to_be_judged():
    def only_regular(data: dict) -> None:
        indicator(data, "cell", 1, 4)["params"]["kinds"] = ["regular", "combined"]  # cell 1.2.b

    assert errors_of(mutated(only_regular)) == (
        'models.cell[1].indicators[6].params.kinds: "thematic" meetings are counted but no no_meeting_with_grade '
        "indicator judges them",
    )


def test_it_does_not_ask_for_a_grade_rule_when_a_model_has_none():
    def without(data: dict) -> None:
        del data["models"]["grassroots"][1]["indicators"][5]

    text = yaml.safe_dump(mutated(without), allow_unicode=True, sort_keys=False)
    assert len(parse_criteria_set(text, "none.yaml").criteria("grassroots")[1].indicators) == 5


def test_it_collects_every_error_not_just_the_first():
    def change(data: dict) -> None:
        set_param(data, "min_count", "mười")
        data["models"]["cell"][2].pop("title")
        indicator(data, "grassroots", 0, 4)["rule"] = "nope"

    errors = errors_of(mutated(change))
    assert len(errors) == 3
    assert errors[0].startswith("models.cell[1].indicators[3].params.min_count")
    assert errors[1].startswith("models.cell[2].title")
    assert errors[2].startswith("models.grassroots[0].indicators[4].rule")


def test_it_does_not_cascade_from_a_bad_criterion_code():
    errors = errors_of(mutated(lambda d: d["models"]["cell"][0].update(code="1")))
    assert errors == ('models.cell[0].code: "1" is not a criterion code like 1.1',)


def test_it_rejects_a_model_that_is_not_a_list():
    errors = errors_of(mutated(lambda d: d["models"].update(member={"2.1": "x"})))
    assert errors == ('models.member: {"2.1": "x"} is not a list of criteria',)


def test_it_puts_the_source_and_every_error_in_the_message():
    error = CriteriaSetError("sets/x.yaml", ["a: one", "b: two"])
    assert str(error) == "sets/x.yaml: invalid criteria set (2 errors)\n  a: one\n  b: two"


def test_it_reports_duplicate_yaml_keys_with_their_line():
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "code: kh-63-ku-2023\n", "code: kh-63-ku-2023\ncode: kh-63-ku-2023\n", 1
    )
    with pytest.raises(CriteriaSetError) as caught:
        parse_criteria_set(text, "dup.yaml")
    assert caught.value.errors == ('line 13: duplicate key "code"',)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("code: [unclosed", "not valid YAML"),
        ("- a\n- b\n", '(file): ["a", "b"] is not a mapping'),
        ("", "(file): null is not a mapping"),
    ],
)
def test_it_rejects_a_file_that_is_not_a_mapping(text, error):
    with pytest.raises(CriteriaSetError) as caught:
        parse_criteria_set(text, "bad.yaml")
    assert caught.value.errors[0].startswith(error)


def test_it_requires_the_code_to_match_the_file_name(tmp_path: Path):
    path = tmp_path / "kh-64.yaml"
    path.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CriteriaSetError) as caught:
        load_criteria_set(path)
    assert caught.value.errors == ('code: "kh-63-ku-2023" does not match the file name "kh-64.yaml"',)


def test_it_reports_a_missing_file(tmp_path: Path):
    with pytest.raises(CriteriaSetError, match="cannot read the file"):
        load_criteria_set(tmp_path / "none.yaml")


@pytest.mark.parametrize("code", ["kh-99", "../sets/kh-63-ku-2023", "KH-63-KU-2023", ""])
def test_it_finds_only_shipped_sets_by_code(code):
    with pytest.raises(UnknownCriteriaSetError) as caught:
        get_criteria_set(code)
    assert "known: kh-63-ku-2023" in caught.value.errors[0]
    assert isinstance(caught.value, LookupError)


def test_it_caches_a_shipped_set():
    assert get_criteria_set("kh-63-ku-2023") is get_criteria_set("kh-63-ku-2023")
    assert "kh-63-ku-2023" in available_criteria_sets()


def test_it_looks_up_indicators_by_model_and_code():
    criteria_set = get_criteria_set("kh-63-ku-2023")
    assert criteria_set.indicator("cell", "1.2.a").rule == "meeting_count"
    assert criteria_set.indicator("member", "2.1.j1").source == "judgement"
    with pytest.raises(KeyError):
        criteria_set.indicator("member", "1.2.a")
    with pytest.raises(KeyError):
        criteria_set.criteria("district")
