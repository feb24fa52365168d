"""Django choices for the code lists; the codes and their order come from the engine's scales (decisions.md).

The pure engine (`bontot.criteria.engine.scales`) cannot import Django, so it holds the one list of each
vocabulary's codes and the models build their TextChoices from it. Labels are the models' own (the full
terms forms show; the engine words its sentences differently): `code_choices()` fails at import when a
code has no label or a label names a code the engine does not know.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from bontot.criteria.engine.scales import (
    MEETING_GRADE,
    NOT_APPLICABLE_LEVEL,
    QUALITY,
    QUALITY_CODES_WITH_NOT_RATED,
    RESULT_LEVEL,
)


def code_choices(
    name: str, codes: Iterable[str], labels: Mapping[str, str], *, module: str
) -> type[models.TextChoices]:
    """Build TextChoices with the engine's codes, in its order, each labelled from `labels`."""
    ordered = tuple(codes)
    missing = [code for code in ordered if code not in labels]
    unknown = [code for code in labels if code not in ordered]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"no label for the engine's code(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"a label for code(s) the engine does not have: {', '.join(unknown)}")
        raise ImproperlyConfigured(f"{module}.{name}: {'; '.join(problems)} (bontot/criteria/engine/scales.py)")
    members = [(code.upper(), (code, labels[code])) for code in ordered]
    return models.TextChoices(name, members, module=module, qualname=name)  # type: ignore[call-overload]


QualityLevel = code_choices(
    "QualityLevel",
    QUALITY_CODES_WITH_NOT_RATED,
    {
        "excellent": "Hoàn thành xuất sắc nhiệm vụ",
        "good": "Hoàn thành tốt nhiệm vụ",
        "complete": "Hoàn thành nhiệm vụ",
        "incomplete": "Không hoàn thành nhiệm vụ",
        "not_rated": "Không xếp loại",
    },
    module=__name__,
)

LinkedBodyLevel = code_choices(
    "LinkedBodyLevel",
    (*QUALITY.codes, NOT_APPLICABLE_LEVEL),
    {
        "excellent": "Hoàn thành xuất sắc nhiệm vụ",
        "good": "Hoàn thành tốt nhiệm vụ",
        "complete": "Hoàn thành nhiệm vụ",
        "incomplete": "Không hoàn thành nhiệm vụ",
        "not_applicable": "Không áp dụng",
    },
    module=__name__,
)

MeetingGrade = code_choices(
    "MeetingGrade",
    MEETING_GRADE.codes,
    {"good": "Tốt", "fair": "Khá", "average": "Trung bình", "poor": "Kém"},
    module=__name__,
)

ResultLevel = code_choices(
    "ResultLevel",
    RESULT_LEVEL.codes,
    {"excellent": "Xuất sắc", "good": "Tốt", "average": "Trung bình", "poor": "Kém"},
    module=__name__,
)
