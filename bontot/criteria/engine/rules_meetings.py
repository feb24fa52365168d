"""Rules on meetings: how many, of what grade, and whether any month went without one.

Which meeting kinds a rule counts is a parameter: a combined session (`combined`) counts as a regular
and as a thematic meeting because the criteria set lists it in both rules' `kinds`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .params import Params, ParamSpec, show
from .registry import ORG_MODELS, RuleOutcome, as_org, register, register_model_check
from .rules_org import WINDOW_PARAM
from .scales import FAIL, MEETING_GRADE, MEETING_KINDS, NOT_APPLICABLE, PASS, PENDING, meeting_kind_label, meeting_noun
from .snapshot import Meeting, Period
from .window import Snapshot, Window, iter_months, window_for
from .wording import MISSING_DATA, STILL_OPEN, fmt_date, fmt_month, join, sentence

KINDS_CHOICES = tuple(MEETING_KINDS)
NOUN_PARAM = ParamSpec("noun", "str", doc="how explanations name the counted meetings; default from kinds")


def meeting_ref(meeting: Meeting) -> str:
    """Return the evidence reference of a meeting."""
    return f"meeting:{meeting.held_on.isoformat()}:{meeting.kind}"


def describe(meeting: Meeting, model: str) -> str:
    """Return "dd/mm/yyyy (kind, grade)" for a meeting of an organisation of `model`."""
    grade = MEETING_GRADE.label(meeting.grade) if meeting.grade else "chưa xếp loại"
    return f"{fmt_date(meeting.held_on)} ({meeting_kind_label(meeting.kind, model)}, {grade})"


def _describe_all(meetings: list[Meeting], model: str) -> str:
    return join(describe(m, model) for m in meetings)


def _noun(params: Params, kinds: tuple[str, ...] | None, model: str) -> str:
    noun = params.get_opt_str("noun")
    if noun:
        return noun
    return meeting_noun(kinds[0], model) if kinds else "kỳ sinh hoạt"


def _held(meetings: tuple[Meeting, ...], kinds: tuple[str, ...] | None, window: Window) -> list[Meeting]:
    found = [m for m in meetings if (kinds is None or m.kind in kinds) and window.contains(m.held_on)]
    return sorted(found, key=lambda m: m.held_on)


def best_case(window: Window, counted: list[Meeting], ungraded: list[Meeting], max_per_month: int) -> int:
    """Return the most meetings that can count in the window, at most `max_per_month` a month.

    A month that still has a day in the window after `as_of` (see `Window.open_months`) may still hold
    `max_per_month`. A month that is over, or whose remaining days lie outside the window, holds what it
    counts plus its meetings not graded yet, never more than `max_per_month`.
    """
    still_open = set(window.open_months())
    total = 0
    for month in iter_months(window.start, window.end):
        if month in still_open:
            total += max_per_month
        else:
            held = sum(1 for m in (*counted, *ungraded) if (m.held_on.year, m.held_on.month) == month)
            total += min(max_per_month, held)
    return total


def cap_per_month(meetings: list[Meeting], max_per_month: int) -> tuple[list[Meeting], list[Meeting]]:
    """Split date-ordered meetings into those that count (the first `max_per_month` of a month) and the rest."""
    kept: list[Meeting] = []
    extra: list[Meeting] = []
    per_month: dict[tuple[int, int], int] = {}
    for m in meetings:
        key = (m.held_on.year, m.held_on.month)
        if per_month.get(key, 0) < max_per_month:
            per_month[key] = per_month.get(key, 0) + 1
            kept.append(m)
        else:
            extra.append(m)
    return kept, extra


@register(
    "meeting_count",
    models=ORG_MODELS,
    params=(
        ParamSpec("kinds", "str_list", required=True, choices=KINDS_CHOICES),
        ParamSpec("min_count", "int", required=True, min_value=1),
        ParamSpec("min_grade", "str", choices=MEETING_GRADE.codes, doc="default: any grade, even none"),
        WINDOW_PARAM,
        ParamSpec("max_per_month", "int", min_value=1, doc="default: no cap, reachable while open"),
        NOUN_PARAM,
    ),
)
def meeting_count(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require at least `min_count` meetings of `kinds` graded `min_grade` or better inside the window.

    Reached: pass. Not reached: `pending` while the best case still reaches it, else `fail`. The best case
    counts every meeting not graded yet as reaching `min_grade`; with `max_per_month` it is `best_case`,
    without it it is unlimited while the window is open. The explanation says what is still possible.
    """
    org = as_org(snapshot)
    model = org.model
    kinds = params.get_strs("kinds")
    min_count = params.get_int("min_count")
    min_grade = params.get_opt_str("min_grade")
    cap = params.get_opt_int("max_per_month")
    noun = _noun(params, kinds, model)
    window = window_for(org, period, params.get_str("window"))
    held = _held(org.meetings, kinds, window)
    counted, below, ungraded = held, [], []
    grade_phrase = ""
    if min_grade is not None:
        graded = [m for m in held if m.grade is not None]
        counted = [m for m in graded if MEETING_GRADE.at_least(m.grade or "", min_grade)]
        below = [m for m in graded if not MEETING_GRADE.at_least(m.grade or "", min_grade)]
        ungraded = [m for m in held if m.grade is None]
        grade_phrase = f" đạt {MEETING_GRADE.or_better(min_grade)}"
    over_cap: list[Meeting] = []
    if cap is not None:
        counted, over_cap = cap_per_month(counted, cap)
    count = len(counted)
    evidence = tuple(meeting_ref(m) for m in counted)
    if count >= min_count:
        return RuleOutcome(
            PASS, count, min_count, f"{count} {noun}{grade_phrase} (yêu cầu ít nhất {min_count}).", evidence
        )

    if cap is not None:
        best: int | None = best_case(window, counted, ungraded, cap)
    else:
        best = None if window.is_open else count + len(ungraded)
    reachable = best is None or best >= min_count
    head = f"{count}/{min_count} {noun}{grade_phrase}{window.suffix()} — còn thiếu {min_count - count}."
    notes = ""
    if below and min_grade is not None:
        notes += f" Không tính (xếp loại dưới mức {MEETING_GRADE.label(min_grade)}): {_describe_all(below, model)}."
    if over_cap:
        notes += f" Không tính (quá {cap} kỳ trong một tháng): {_describe_all(over_cap, model)}."
    if ungraded:
        listing = _describe_all(ungraded, model)
        if reachable:
            notes += f" {MISSING_DATA}: {len(ungraded)} kỳ chưa xếp loại (cần nhập xếp loại): {listing}."
        else:
            notes += f" Chưa xếp loại: {listing}."

    possible = f"tối đa {best} kỳ"
    if ungraded and min_grade is not None:
        possible += f" (kể cả {len(ungraded)} kỳ chưa xếp loại nếu đạt {MEETING_GRADE.or_better(min_grade)})"
    per_month = f"với tối đa {cap} kỳ mỗi tháng, " if cap is not None else ""
    if reachable:
        if window.is_open:
            tail = f" {STILL_OPEN}: {window.time_left()}"
            tail += f"; {per_month}còn có thể đạt {possible}." if best is not None else "."
        else:
            tail = " " + sentence(f"{per_month}còn có thể đạt {possible}.")
        return RuleOutcome(PENDING, count, min_count, head + tail + notes, evidence)
    if window.is_open:
        tail = f" Từ nay đến {fmt_date(window.end)}, {per_month}chỉ có thể đạt {possible}: không thể đạt."
    elif ungraded:
        tail = " " + sentence(f"{per_month}chỉ có thể đạt {possible}: không thể đạt.")
    else:
        tail = ""
    return RuleOutcome(FAIL, count, min_count, head + tail + notes, evidence)


@register(
    "no_meeting_with_grade",
    models=ORG_MODELS,
    params=(
        ParamSpec("grade", "str", required=True, choices=MEETING_GRADE.codes),
        ParamSpec("kinds", "str_list", choices=KINDS_CHOICES, doc="default: every kind"),
        WINDOW_PARAM,
        NOUN_PARAM,
    ),
)
def no_meeting_with_grade(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require no meeting inside the window graded `grade`; an ungraded meeting leaves it pending.

    Give it a window at least as wide as every window meetings are counted in (the set loader checks
    this), so that every meeting a rule counts is also judged for its grade.
    """
    org = as_org(snapshot)
    model = org.model
    grade = params.get_str("grade")
    kinds = params.get_opt_strs("kinds")
    noun = _noun(params, kinds, model)
    window = window_for(org, period, params.get_str("window"))
    held = _held(org.meetings, kinds, window)
    label = MEETING_GRADE.label(grade)
    bad = [m for m in held if m.grade == grade]
    if bad:
        return RuleOutcome(
            FAIL,
            len(bad),
            0,
            f"Có {len(bad)} {noun} xếp loại {label}: {_describe_all(bad, model)}.",
            tuple(meeting_ref(m) for m in bad),
        )
    ungraded = [m for m in held if m.grade is None]
    checked = f"(đã xét {len(held) - len(ungraded)} kỳ)"
    if ungraded:
        return RuleOutcome(
            PENDING,
            0,
            0,
            f"{MISSING_DATA}: {len(ungraded)} kỳ chưa xếp loại (cần nhập xếp loại): {_describe_all(ungraded, model)}. "
            f"Chưa có {noun} xếp loại {label} {checked}{window.suffix()}.",
            tuple(meeting_ref(m) for m in ungraded),
        )
    return RuleOutcome(PASS, 0, 0, f"Không có {noun} xếp loại {label} {checked}{window.suffix()}.")


@register(
    "no_month_without_meeting",
    models=ORG_MODELS,
    params=(
        ParamSpec("kinds", "str_list", required=True, choices=KINDS_CHOICES),
        WINDOW_PARAM,
        NOUN_PARAM,
    ),
)
def no_month_without_meeting(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require a meeting of `kinds` in every calendar month lying wholly inside the window.

    Only months wholly inside the window count (a cell founded on 15/03 is judged from April; with a
    cut-off of 25/11 November is not judged). A month is judged once it is over on `as_of`. Any skipped
    month: fail. None skipped: pass, "tính đến ngày …" while whole months remain to be judged.
    No whole month in the window at all: not applicable.
    """
    org = as_org(snapshot)
    kinds = params.get_strs("kinds")
    noun = _noun(params, kinds, org.model)
    window = window_for(org, period, params.get_str("window"))
    whole = window.whole_months()
    if not whole:
        return RuleOutcome(
            NOT_APPLICABLE,
            0,
            0,
            f"Không có tháng trọn vẹn nào từ {fmt_date(window.start)} đến {fmt_date(window.end)}.",
        )
    judged = window.judged_months()
    with_meeting = {(m.held_on.year, m.held_on.month) for m in _held(org.meetings, kinds, window)}
    skipped = [month for month in judged if month not in with_meeting]
    if skipped:
        return RuleOutcome(
            FAIL,
            len(skipped),
            0,
            f"Có {len(skipped)} tháng không có {noun}: {join(map(fmt_month, skipped))}.",
            tuple(f"month:{y}-{m:02d}" for y, m in skipped),
        )
    suffix = f" tính đến ngày {fmt_date(window.as_of)}" if len(judged) < len(whole) else ""
    if not judged:
        return RuleOutcome(PASS, 0, 0, f"Chưa có tháng trọn vẹn nào kết thúc để xét{suffix}.")
    span = f"{len(judged)} tháng, {fmt_month(judged[0])} – {fmt_month(judged[-1])}"
    return RuleOutcome(PASS, 0, 0, f"Tháng nào cũng có {noun} ({span}){suffix}.")


# Rules that count meetings, and the rule that judges their grades.
_COUNTING_RULES = ("meeting_count", "no_month_without_meeting")
_JUDGING_RULE = "no_meeting_with_grade"
_WINDOW_WIDTH = {"default": 0, "year": 1}  # a year window covers the default one (1 January .. cut-off)


@register_model_check
def check_meetings_judged(indicators: Sequence[tuple[str, str, Params]]) -> list[tuple[str, str]]:
    """Return problems where a model counts meetings that its grade rule does not judge.

    When a model has a `no_meeting_with_grade` indicator, every meeting kind a rule counts must be judged
    by one of them over a window at least as wide as the one it is counted in: a meeting that counts is
    also judged for its quality (a full-party meeting counted up to 31 December is judged up to then too).
    """
    judges = [(path, params) for path, rule, params in indicators if rule == _JUDGING_RULE]
    if not judges:
        return []
    problems: list[tuple[str, str]] = []
    for path, rule, params in indicators:
        if rule not in _COUNTING_RULES:
            continue
        window = params.get_str("window")
        for kind in params.get_strs("kinds"):
            covering = [(p, ps) for p, ps in judges if kind in (ps.get_opt_strs("kinds") or KINDS_CHOICES)]
            if not covering:
                problem = f"{show(kind)} meetings are counted but no {_JUDGING_RULE} indicator judges them"
                problems.append((f"{path}.params.kinds", problem))
            elif all(_WINDOW_WIDTH[ps.get_str("window")] < _WINDOW_WIDTH[window] for _, ps in covering):
                judge_path, judge = covering[0]
                problem = (
                    f"{show(judge.get_str('window'))} is narrower than the window {show(window)} in which "
                    f"{path} counts {show(kind)} meetings: every meeting counted must be judged too"
                )
                problems.append((f"{judge_path}.params.window", problem))
    return list(dict.fromkeys(problems))
