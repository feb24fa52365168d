"""Rules on meetings: how many, of what grade, and whether any month went without one.

Which meeting kinds a rule counts is a parameter: a combined session (`combined`) counts as a regular
and as a thematic meeting because the criteria set lists it in both rules' `kinds`.
"""

from __future__ import annotations

from .params import Params, ParamSpec
from .registry import ORG_MODELS, RuleOutcome, as_org, register
from .rules_org import WINDOW_PARAM, remaining
from .scales import FAIL, MEETING_GRADE, MEETING_KINDS, MEETING_NOUNS, NOT_APPLICABLE, PASS, PENDING
from .snapshot import Meeting, Period
from .window import Snapshot, Window, window_for
from .wording import fmt_date, fmt_month, join

KINDS_CHOICES = tuple(MEETING_KINDS)
NOUN_PARAM = ParamSpec("noun", "str", doc="how explanations name the counted meetings; default from kinds")


def meeting_ref(meeting: Meeting) -> str:
    """Return the evidence reference of a meeting."""
    return f"meeting:{meeting.held_on.isoformat()}:{meeting.kind}"


def describe(meeting: Meeting) -> str:
    """Return "dd/mm/yyyy (kind, grade)" for a meeting."""
    grade = MEETING_GRADE.label(meeting.grade) if meeting.grade else "chưa xếp loại"
    return f"{fmt_date(meeting.held_on)} ({MEETING_KINDS[meeting.kind]}, {grade})"


def _noun(params: Params, kinds: tuple[str, ...] | None) -> str:
    noun = params.get_opt_str("noun")
    if noun:
        return noun
    return MEETING_NOUNS[kinds[0]] if kinds else "kỳ sinh hoạt"


def _held(meetings: tuple[Meeting, ...], kinds: tuple[str, ...] | None, window: Window) -> list[Meeting]:
    found = [m for m in meetings if (kinds is None or m.kind in kinds) and window.contains(m.held_on)]
    return sorted(found, key=lambda m: m.held_on)


def open_capacity(window: Window, counted: list[Meeting], max_per_month: int) -> int:
    """Return how many more meetings can still count inside the window, at most `max_per_month` a month.

    Every month with a day in the window after `as_of` is open (see `Window.open_months`): a later month
    offers `max_per_month` meetings; the as-of month, when it has days left, offers `max_per_month`
    minus the meetings already counted in it, never below 0. Counting keeps at most `max_per_month`
    meetings a month too (`cap_per_month`), so a `fail` is final.
    """
    capacity = 0
    for year, month in window.open_months():
        used = sum(1 for m in counted if (m.held_on.year, m.held_on.month) == (year, month))
        capacity += max(0, max_per_month - used)
    return capacity


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

    Reached: pass. Not reached: `fail` once it can no longer be reached, else `pending` saying what is
    still needed. It can still be reached while the shortfall is at most the meetings not graded yet
    plus what the rest of the window can hold: unlimited while the window is open when `max_per_month`
    is not set, else `open_capacity` (0 once the window has closed).
    """
    org = as_org(snapshot)
    kinds = params.get_strs("kinds")
    min_count = params.get_int("min_count")
    min_grade = params.get_opt_str("min_grade")
    cap = params.get_opt_int("max_per_month")
    noun = _noun(params, kinds)
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

    shortfall = min_count - count
    head = f"{count}/{min_count} {noun}{grade_phrase}{window.suffix()} — còn thiếu {shortfall}"
    notes = ""
    if below:
        notes += f" Không tính (xếp loại thấp hơn): {join(map(describe, below))}."
    if over_cap:
        notes += f" Không tính (quá {cap} kỳ trong một tháng): {join(map(describe, over_cap))}."
    if ungraded:
        notes += f" Chưa xếp loại (cần nhập xếp loại): {join(map(describe, ungraded))}."
    if not window.is_open:
        if shortfall <= len(ungraded):
            return RuleOutcome(PENDING, count, min_count, f"{head}.{notes}", evidence)
        return RuleOutcome(FAIL, count, min_count, f"{head}.{notes}", evidence)
    tail = remaining(window.end, len(window.open_months()))
    if cap is None:
        return RuleOutcome(PENDING, count, min_count, f"{head}, {tail}.{notes}", evidence)
    capacity = open_capacity(window, counted, cap)
    if shortfall <= len(ungraded) + capacity:
        return RuleOutcome(
            PENDING,
            count,
            min_count,
            f"{head}, {tail}, tối đa {cap} kỳ mỗi tháng: còn có thể tổ chức {capacity} kỳ.{notes}",
            evidence,
        )
    return RuleOutcome(
        FAIL,
        count,
        min_count,
        f"{head}, nhưng từ nay đến {fmt_date(window.end)} chỉ còn có thể tổ chức tối đa {capacity} kỳ "
        f"({cap} kỳ mỗi tháng): không thể đạt.{notes}",
        evidence,
    )


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
    """Require no meeting inside the window graded `grade`; an ungraded meeting leaves it pending."""
    org = as_org(snapshot)
    grade = params.get_str("grade")
    kinds = params.get_opt_strs("kinds")
    noun = _noun(params, kinds)
    window = window_for(org, period, params.get_str("window"))
    held = _held(org.meetings, kinds, window)
    label = MEETING_GRADE.label(grade)
    bad = [m for m in held if m.grade == grade]
    if bad:
        return RuleOutcome(
            FAIL,
            len(bad),
            0,
            f"Có {len(bad)} {noun} xếp loại {label}: {join(map(describe, bad))}.",
            tuple(meeting_ref(m) for m in bad),
        )
    ungraded = [m for m in held if m.grade is None]
    if ungraded:
        return RuleOutcome(
            PENDING,
            0,
            0,
            f"Chưa có {noun} xếp loại {label}{window.suffix()}, nhưng {len(ungraded)} kỳ chưa được xếp loại "
            f"(cần nhập xếp loại): {join(map(describe, ungraded))}.",
            tuple(meeting_ref(m) for m in ungraded),
        )
    return RuleOutcome(PASS, 0, 0, f"Không có {noun} xếp loại {label} ({len(held)} kỳ){window.suffix()}.")


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
    noun = _noun(params, kinds)
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
