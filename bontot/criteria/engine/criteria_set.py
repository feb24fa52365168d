"""Criteria sets: load a YAML file, validate every part of it, and hand back frozen dataclasses.

A bad file raises `CriteriaSetError` listing every problem found, each as "path.in.file: what is wrong"
(e.g. `models.cell[1].indicators[0].params.min_count: "mười" is not an integer`).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .params import Params, ParamSpec, check_params, show
from .registry import model_checks
from .rules import RULES
from .scales import MEETING_GRADE, MODELS

SETS_DIR = Path(__file__).resolve().parent.parent / "sets"
DIGESTS_FILE = SETS_DIR / "digests.json"  # code → the published digest of every shipped set
CRITERIA_PER_MODEL = 4

_SET_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CRITERION_CODE = re.compile(r"^[0-9]+\.[0-9]+$")
_TOP_KEYS = ("code", "title", "source", "meeting_score_scale", "models")
_CRITERION_KEYS = ("code", "title", "indicators")
_INDICATOR_KEYS = ("code", "text", "label", "rule", "params", "judgement")
# A band's `full_marks` is checked like a list-of-strings rule parameter.
_BAND_SPECS = (ParamSpec("full_marks", "str_list"),)


class CriteriaSetError(Exception):
    """A criteria set file that cannot be used; `errors` lists every problem as "path: what"."""

    def __init__(self, source_name: str, errors: Sequence[str]) -> None:
        self.source_name = source_name
        self.errors = tuple(errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"{source_name}: invalid criteria set ({len(self.errors)} errors)\n{lines}")


class UnknownCriteriaSetError(CriteriaSetError, LookupError):
    """No criteria set file has the requested code."""


@dataclass(frozen=True)
class Indicator:
    """One indicator: computed by `rule` with `params`, or (no rule) judged by people."""

    code: str
    text: str  # the seed's words, quoted
    label: str = ""
    rule: str | None = None
    params: Params = field(default_factory=Params)

    @property
    def source(self) -> str:
        """Return "rule" or "judgement"."""
        return "judgement" if self.rule is None else "rule"


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class ScoreItem:
    code: str
    label: str


@dataclass(frozen=True)
class ScoreBand:
    """Scores from `min_score` get `grade`, or `otherwise` without full marks on every `full_marks` item."""

    grade: str
    min_score: int
    full_marks: tuple[str, ...] = ()
    otherwise: str | None = None


@dataclass(frozen=True)
class MeetingScoreScale:
    """The 100-point meeting sheet: score bands, best first."""

    max_score: int
    items: tuple[ScoreItem, ...]
    bands: tuple[ScoreBand, ...]

    def grade(self, score: int, full_marks: Sequence[str] = ()) -> str:
        """Return the meeting grade for a score and the items that got full marks."""
        if not 0 <= score <= self.max_score:
            raise ValueError(f"score {score} is outside 0..{self.max_score}")
        for band in self.bands:
            if score >= band.min_score:
                if band.full_marks and not set(band.full_marks) <= set(full_marks):
                    return band.otherwise or band.grade
                return band.grade
        raise ValueError(f"no band for score {score}")  # unreachable: validation ends the bands at 0


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    title: str
    source: str
    meeting_score_scale: MeetingScoreScale
    models: Mapping[str, tuple[Criterion, ...]]
    digest: str = ""  # "sha256:<hex>" of the set's content (see `content_digest`)

    def criteria(self, model: str) -> tuple[Criterion, ...]:
        """Return the criteria of a model ("cell", "grassroots" or "member")."""
        try:
            return self.models[model]
        except KeyError:
            raise KeyError(f"criteria set {self.code} has no model {model!r}") from None

    def indicators(self, model: str) -> tuple[Indicator, ...]:
        """Return every indicator of a model, in order."""
        return tuple(indicator for criterion in self.criteria(model) for indicator in criterion.indicators)

    def indicator(self, model: str, code: str) -> Indicator:
        """Return an indicator of a model by its code."""
        for indicator in self.indicators(model):
            if indicator.code == code:
                return indicator
        raise KeyError(f"criteria set {self.code} has no indicator {code!r} in model {model!r}")


class _Loader(yaml.SafeLoader):
    """A safe YAML loader that records duplicate keys instead of keeping the last one silently."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[str] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int | float | bool) and key in seen:
                line = key_node.start_mark.line + 1
                self.duplicates.append(f"line {line}: duplicate key {show(key)}")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _Checker:
    """Collect validation errors while walking the raw data."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def mapping(self, value: object, path: str, required: Sequence[str], allowed: Sequence[str]) -> dict[str, Any]:
        """Return `value` as a dict if it is a mapping; report unknown and missing keys."""
        if not isinstance(value, dict):
            self.error(path, f"{show(value)} is not a mapping")
            return {}
        prefix = f"{path}." if path else ""
        for key in value:
            if key not in allowed:
                self.error(f"{prefix}{key}", f"unknown key (allowed: {', '.join(allowed)})")
        for key in required:
            if key not in value:
                self.error(f"{prefix}{key}", "required key is missing")
        return {str(k): v for k, v in value.items()}

    def text(self, data: dict[str, Any], key: str, path: str) -> str:
        """Return data[key] if it is a non-empty string (missing keys are reported by `mapping`)."""
        if key not in data:
            return ""
        value = data[key]
        full = f"{path}.{key}" if path else key
        if not isinstance(value, str):
            hint = f' (quote it: "{value}")' if isinstance(value, int | float) else ""
            self.error(full, f"{show(value)} is not a string{hint}")
            return ""
        if not value.strip():
            self.error(full, "must not be empty")
        return value

    def integer(self, data: dict[str, Any], key: str, path: str) -> int:
        """Return data[key] if it is an integer, else report it and return 0."""
        value = data.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(f"{path}.{key}", f"{show(value)} is not an integer")
            return 0
        return value

    def items(self, data: dict[str, Any], key: str, path: str) -> list[Any]:
        """Return data[key] if it is a non-empty list."""
        if key not in data:
            return []
        value = data[key]
        if not isinstance(value, list) or not value:
            self.error(f"{path}.{key}", f"{show(value)} is not a non-empty list")
            return []
        return value


def _parse_scale(check: _Checker, raw: object) -> MeetingScoreScale:
    path = "meeting_score_scale"
    data = check.mapping(raw, path, ("max_score", "items", "bands"), ("max_score", "items", "bands"))
    max_score = check.integer(data, "max_score", path) if "max_score" in data else 0
    items: list[ScoreItem] = []
    for index, raw_item in enumerate(check.items(data, "items", path)):
        item_path = f"{path}.items[{index}]"
        item = check.mapping(raw_item, item_path, ("code", "label"), ("code", "label"))
        code = check.text(item, "code", item_path)
        if code and any(i.code == code for i in items):
            check.error(f"{item_path}.code", f"duplicate item {show(code)}")
        items.append(ScoreItem(code, check.text(item, "label", item_path)))
    item_codes = [i.code for i in items]
    bands: list[ScoreBand] = []
    band_keys = ("grade", "min_score", "full_marks", "otherwise")
    for index, raw_band in enumerate(check.items(data, "bands", path)):
        band_path = f"{path}.bands[{index}]"
        band = check.mapping(raw_band, band_path, ("grade", "min_score"), band_keys)
        grade = check.text(band, "grade", band_path)
        if grade and grade not in MEETING_GRADE.codes:
            check.error(f"{band_path}.grade", f"{show(grade)} is not one of {', '.join(MEETING_GRADE.codes)}")
            grade = ""
        min_score = check.integer(band, "min_score", band_path) if "min_score" in band else 0
        if not 0 <= min_score <= max_score:
            check.error(f"{band_path}.min_score", f"{min_score} is outside 0..{max_score}")
        params, errors = check_params(_BAND_SPECS, {k: band[k] for k in ("full_marks",) if k in band}, band_path)
        check.errors.extend(errors)
        full_marks = params.get_opt_strs("full_marks") or ()
        for mark_index, mark in enumerate(full_marks):
            if mark not in item_codes:
                check.error(f"{band_path}.full_marks[{mark_index}]", f"{show(mark)} is not an item code")
        otherwise = check.text(band, "otherwise", band_path) or None
        if full_marks and otherwise is None:
            check.error(f"{band_path}.otherwise", "required when full_marks is given")
        if otherwise and grade:
            if otherwise not in MEETING_GRADE.codes:
                check.error(f"{band_path}.otherwise", f"{show(otherwise)} is not a meeting grade")
            elif MEETING_GRADE.rank(otherwise) <= MEETING_GRADE.rank(grade):
                check.error(f"{band_path}.otherwise", f"{show(otherwise)} is not below {show(grade)}")
        if bands and grade and bands[-1].grade:
            if MEETING_GRADE.rank(grade) <= MEETING_GRADE.rank(bands[-1].grade):
                check.error(f"{band_path}.grade", "bands must go from the best grade to the worst")
            if min_score >= bands[-1].min_score:
                check.error(f"{band_path}.min_score", "bands must go from the highest score to the lowest")
        bands.append(ScoreBand(grade, min_score, full_marks, otherwise))
    if bands and bands[-1].min_score != 0:
        check.error(f"{path}.bands[{len(bands) - 1}].min_score", "the last band must start at 0")
    return MeetingScoreScale(max_score, tuple(items), tuple(bands))


def _parse_indicator(
    check: _Checker, raw: object, path: str, model: str, criterion_code: str | None
) -> Indicator | None:
    """Return one indicator, or None when too broken to keep.

    Its code is checked against `criterion_code` unless that is itself invalid (None).
    """
    data = check.mapping(raw, path, ("code", "text"), _INDICATOR_KEYS)
    if not data:
        return None
    code = check.text(data, "code", path)
    text = check.text(data, "text", path)
    label = check.text(data, "label", path)
    has_rule = "rule" in data
    if "judgement" in data and data["judgement"] is not True:
        check.error(f"{path}.judgement", f"{show(data['judgement'])} must be true (or give a rule instead)")
    is_judgement = data.get("judgement") is True
    if has_rule and is_judgement:
        check.error(path, "give either rule or judgement: true, not both")
        return None
    if not has_rule and not is_judgement:
        if "judgement" not in data:
            check.error(path, "needs either a rule or judgement: true")
        return None
    prefix = re.escape(criterion_code or "")
    if is_judgement:
        if code and criterion_code and not re.fullmatch(rf"{prefix}\.j[1-9][0-9]*", code):
            check.error(f"{path}.code", f"{show(code)} is not a judgement code {criterion_code}.jN")
        if "params" in data:
            check.error(f"{path}.params", "judgement indicators take no params")
        return Indicator(code=code, text=text, label=label)

    if code and criterion_code and not re.fullmatch(rf"{prefix}\.[a-z]", code):
        check.error(f"{path}.code", f"{show(code)} is not a rule indicator code {criterion_code}.<letter>")
    if "label" not in data:
        check.error(f"{path}.label", "required key is missing (rule indicators need a short label)")
    rule_name = check.text(data, "rule", path)
    if not rule_name:
        return None
    rule = RULES.get(rule_name)
    if rule is None:
        close = difflib.get_close_matches(rule_name, list(RULES), n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        check.error(f"{path}.rule", f"unknown rule {show(rule_name)}{hint}")
        return None
    if model not in rule.models:
        check.error(
            f"{path}.rule", f"rule {rule_name} does not apply to model {model} (only {', '.join(sorted(rule.models))})"
        )
    params, errors = check_params(rule.params, data.get("params"), f"{path}.params")
    check.errors.extend(errors)
    if not errors and rule.check is not None:
        for name, message in rule.check(params, model):
            check.error(f"{path}.params.{name}", message)
    return Indicator(code=code, text=text, label=label, rule=rule_name, params=params)


def _parse_model(check: _Checker, raw: object, model: str) -> tuple[Criterion, ...]:
    path = f"models.{model}"
    if not isinstance(raw, list):
        check.error(path, f"{show(raw)} is not a list of criteria")
        return ()
    if len(raw) != CRITERIA_PER_MODEL:
        check.error(path, f"has {len(raw)} criteria, expected {CRITERIA_PER_MODEL}")
    criteria: list[Criterion] = []
    seen: dict[str, str] = {}
    rule_indicators: list[tuple[str, str, Params]] = []  # the valid ones, for the cross-checks
    for index, raw_criterion in enumerate(raw):
        crit_path = f"{path}[{index}]"
        data = check.mapping(raw_criterion, crit_path, _CRITERION_KEYS, _CRITERION_KEYS)
        code = check.text(data, "code", crit_path)
        if code and not _CRITERION_CODE.fullmatch(code):
            check.error(f"{crit_path}.code", f"{show(code)} is not a criterion code like 1.1")
            code = ""
        if code:
            if code in seen:
                check.error(f"{crit_path}.code", f"duplicate code {show(code)} (first at {seen[code]})")
            seen.setdefault(code, f"{crit_path}.code")
        title = check.text(data, "title", crit_path)
        indicators: list[Indicator] = []
        for ind_index, raw_indicator in enumerate(check.items(data, "indicators", crit_path)):
            ind_path = f"{crit_path}.indicators[{ind_index}]"
            errors_before = len(check.errors)
            indicator = _parse_indicator(check, raw_indicator, ind_path, model, code or None)
            if indicator is None:
                continue
            if indicator.rule is not None and len(check.errors) == errors_before:
                rule_indicators.append((ind_path, indicator.rule, indicator.params))
            if indicator.code:
                if indicator.code in seen:
                    check.error(
                        f"{ind_path}.code", f"duplicate code {show(indicator.code)} (first at {seen[indicator.code]})"
                    )
                seen.setdefault(indicator.code, f"{ind_path}.code")
            indicators.append(indicator)
        criteria.append(Criterion(code=code, title=title, indicators=tuple(indicators)))
    for cross_check in model_checks():
        for problem_path, message in cross_check(rule_indicators):
            check.error(problem_path, message)
    return tuple(criteria)


def content_digest(raw: object) -> str:
    """Return "sha256:<hex>" of a criteria set's parsed content, written as canonical JSON.

    Comments, key order and YAML layout do not change the digest; any value does. Every evaluation
    names the set's code and this digest, and the shipped sets' digests are pinned in the repository.
    """
    canonical = json.dumps(raw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_criteria_set(text: str, source_name: str) -> CriteriaSet:
    """Parse and validate a criteria set from YAML text; raise CriteriaSetError listing every problem."""
    loader = _Loader(text)
    try:
        raw = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise CriteriaSetError(source_name, [f"not valid YAML: {exc}"]) from exc
    finally:
        loader.dispose()
    check = _Checker()
    check.errors.extend(loader.duplicates)
    if not isinstance(raw, dict):
        raise CriteriaSetError(source_name, [*check.errors, f"(file): {show(raw)} is not a mapping"])
    data = check.mapping(raw, "", _TOP_KEYS, _TOP_KEYS)
    code = check.text(data, "code", "")
    if code and not _SET_CODE.fullmatch(code):
        check.error("code", f"{show(code)} must be lowercase letters, digits and dashes")
    title = check.text(data, "title", "")
    source = check.text(data, "source", "")
    scale = _parse_scale(check, data["meeting_score_scale"]) if "meeting_score_scale" in data else None
    models: dict[str, tuple[Criterion, ...]] = {}
    if "models" in data:
        raw_models = check.mapping(data["models"], "models", MODELS, MODELS)
        for model in MODELS:
            if model in raw_models:
                models[model] = _parse_model(check, raw_models[model], model)
    if check.errors or scale is None:
        raise CriteriaSetError(source_name, check.errors)
    return CriteriaSet(
        code=code,
        title=title,
        source=source,
        meeting_score_scale=scale,
        models=MappingProxyType(models),
        digest=content_digest(raw),
    )


def load_criteria_set(path: str | Path) -> CriteriaSet:
    """Load and validate a criteria set file; its `code` must match the file name."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CriteriaSetError(str(path), [f"cannot read the file: {exc}"]) from exc
    criteria_set = parse_criteria_set(text, str(path))
    if criteria_set.code != path.stem:
        raise CriteriaSetError(
            str(path), [f"code: {show(criteria_set.code)} does not match the file name {show(path.name)}"]
        )
    return criteria_set


def pinned_digests() -> dict[str, str]:
    """Return the published digest of every shipped set, by code, as pinned in `digests.json`."""
    data = json.loads(DIGESTS_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError(f"{DIGESTS_FILE.name} must map set codes to digests")
    return dict(data)


def available_criteria_sets() -> list[str]:
    """Return the codes of the criteria sets shipped in the sets folder."""
    return sorted(p.stem for p in SETS_DIR.glob("*.yaml"))


@functools.cache
def get_criteria_set(code: str) -> CriteriaSet:
    """Return the shipped criteria set `code` (from `<code>.yaml` in the sets folder), cached."""
    path = SETS_DIR / f"{code}.yaml"
    if not _SET_CODE.fullmatch(code) or not path.is_file():
        known = ", ".join(available_criteria_sets()) or "none"
        raise UnknownCriteriaSetError(code, [f"no criteria set with code {show(code)} (known: {known})"])
    return load_criteria_set(path)
