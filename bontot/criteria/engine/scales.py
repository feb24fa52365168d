"""Ordered scales and code labels shared by every criteria set.

The codes are the bundle's codes (shared/DESIGN.md); the labels are what users read. They live here,
not in the criteria set file, because they are the vocabulary of the facts themselves: every set,
the fact loader and the parameter checks agree on them. The models' choices are built from these codes
(`bontot.core.choices.code_choices`): a new code needs a model label and a migration.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Verdict = Literal["pass", "fail", "pending", "not_applicable"]
PASS: Verdict = "pass"  # noqa: S105 - a verdict code, not a secret
FAIL: Verdict = "fail"
PENDING: Verdict = "pending"
NOT_APPLICABLE: Verdict = "not_applicable"
VERDICTS: tuple[Verdict, ...] = (PASS, FAIL, PENDING, NOT_APPLICABLE)
VERDICT_LABELS: Mapping[str, str] = MappingProxyType(
    {PASS: "Đạt", FAIL: "Không đạt", PENDING: "Chưa kết luận", NOT_APPLICABLE: "Không áp dụng"}
)


@dataclass(frozen=True)
class Level:
    """One step of an ordered scale."""

    code: str
    label: str
    short: str = ""


@dataclass(frozen=True)
class Scale:
    """An ordered scale, best level first."""

    name: str
    levels: tuple[Level, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(level.code for level in self.levels)

    @functools.cached_property
    def _ranks(self) -> Mapping[str, int]:
        return {level.code: index for index, level in enumerate(self.levels)}

    def rank(self, code: str) -> int:
        """Return the position of `code`, 0 for the best level."""
        try:
            return self._ranks[code]
        except KeyError:
            raise ValueError(f"{code!r} is not a level of the {self.name} scale") from None

    def at_least(self, code: str, minimum: str) -> bool:
        """Return whether `code` is `minimum` or better."""
        return self.rank(code) <= self.rank(minimum)

    def label(self, code: str) -> str:
        """Return the Vietnamese label of `code`."""
        return self.levels[self.rank(code)].label

    def or_better(self, minimum: str) -> str:
        """Return the phrase "<label> trở lên" for a minimum level."""
        if self.rank(minimum) == 0:
            return self.label(minimum)
        return f"{self.label(minimum)} trở lên"


QUALITY = Scale(
    "quality",
    (
        Level("excellent", "Hoàn thành xuất sắc nhiệm vụ", "HTXSNV"),
        Level("good", "Hoàn thành tốt nhiệm vụ", "HTTNV"),
        Level("complete", "Hoàn thành nhiệm vụ", "HTNV"),
        Level("incomplete", "Không hoàn thành nhiệm vụ", "KHTNV"),
    ),
)
NOT_RATED = "not_rated"
NOT_RATED_LABEL = "Không xếp loại"
QUALITY_CODES_WITH_NOT_RATED: tuple[str, ...] = (*QUALITY.codes, NOT_RATED)

MEETING_GRADE = Scale(
    "meeting grade",
    (Level("good", "Tốt"), Level("fair", "Khá"), Level("average", "Trung bình"), Level("poor", "Kém")),
)

RESULT_LEVEL = Scale(
    "result level",
    (Level("excellent", "Xuất sắc"), Level("good", "Tốt"), Level("average", "Trung bình"), Level("poor", "Kém")),
)

NOT_APPLICABLE_LEVEL = "not_applicable"


def quality_label(code: str) -> str:
    """Return the label of a quality level, `not_rated` and `not_applicable` included."""
    if code == NOT_RATED:
        return NOT_RATED_LABEL
    if code == NOT_APPLICABLE_LEVEL:
        return "Không áp dụng"
    return QUALITY.label(code)


MODELS: tuple[str, ...] = ("cell", "grassroots", "member")
MODEL_TITLES: Mapping[str, str] = MappingProxyType(
    {"cell": "Chi bộ bốn tốt", "grassroots": "Đảng bộ cơ sở bốn tốt", "member": "Đảng viên bốn tốt"}
)

# Meeting kinds (the bundle's codes) as a meeting is named in a list: "20/03/2024 (chi ủy, Tốt)". A
# committee meeting is the cell's committee (chi ủy) or the grassroots committee (đảng ủy); a full-party
# meeting (`congress`) is a "hội nghị", never called "đại hội" (shared/DOMAIN.md, docs/decisions.md §8).
MEETING_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "regular": "thường kỳ",
        "thematic": "chuyên đề",
        "combined": "thường kỳ kết hợp chuyên đề",
        "committee": "cấp ủy",
        "standing": "ban thường vụ",
        "congress": "hội nghị đảng bộ",
    }
)
_MEETING_KINDS_BY_MODEL: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "cell": MappingProxyType({"committee": "chi ủy", "congress": "hội nghị chi bộ"}),
        "grassroots": MappingProxyType({"committee": "đảng ủy", "congress": "hội nghị đảng bộ"}),
    }
)
# How a rule names the meetings it counts, from the first kind of its `kinds` parameter ("{kind}": the
# kind's label for the model).
_MEETING_NOUNS: Mapping[str, str] = MappingProxyType(
    {
        "regular": "kỳ sinh hoạt thường kỳ",
        "thematic": "kỳ sinh hoạt chuyên đề",
        "combined": "kỳ sinh hoạt thường kỳ kết hợp chuyên đề",
        "committee": "kỳ sinh hoạt {kind}",
        "standing": "kỳ họp ban thường vụ",
        "congress": "{kind}",
    }
)


def meeting_kind_label(kind: str, model: str) -> str:
    """Return how a meeting of `kind` held by an organisation of `model` is named ("chi ủy", "đảng ủy")."""
    return _MEETING_KINDS_BY_MODEL.get(model, {}).get(kind, MEETING_KINDS[kind])


def meeting_noun(kind: str, model: str) -> str:
    """Return how a rule counting meetings of `kind` of a `model` names them ("kỳ sinh hoạt chi ủy")."""
    return _MEETING_NOUNS[kind].format(kind=meeting_kind_label(kind, model))


ORG_RESULT_AREAS: Mapping[str, str] = MappingProxyType(
    {
        "party_building": "công tác xây dựng Đảng, xây dựng hệ thống chính trị",
        "political_task": (
            "lãnh đạo thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng - an ninh, nhiệm vụ chính trị"
        ),
        "other": "các tiêu chí khác",
    }
)

COMPLAINT_KINDS: Mapping[str, str] = MappingProxyType({"complaint": "khiếu nại", "denunciation": "tố cáo"})
COMPLAINT_FLAGS: Mapping[str, str] = MappingProxyType(
    {
        "internal": "trong nội bộ",
        # a prolonged, mass or over-level case not yet resolved on the reference day
        "mass_or_over_level_unresolved": "phức tạp, đông người, vượt cấp chưa được giải quyết",
    }
)

DISCIPLINE_FORMS: Mapping[str, str] = MappingProxyType(
    {"reprimand": "Khiển trách", "warning": "Cảnh cáo", "dismissal": "Cách chức", "expulsion": "Khai trừ"}
)

RESIDENCE_VERDICTS: Mapping[str, str] = MappingProxyType(
    {"positive": "tốt", "negative": "chưa tốt", "excused": "được miễn nhận xét"}
)
