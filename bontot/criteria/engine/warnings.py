"""Early warnings: from a subject's facts and result, say what can still be done before the cut-off.

`early_warnings(criteria_set, snapshot, period, result)` reads the indicators of the subject's model in
the criteria set (their rule and parameters) next to the subject's result for them, and returns warnings
in Vietnamese with numbers: "Còn 2 tháng, cần thêm 3 kỳ sinh hoạt thường kỳ đạt Khá trở lên", "Tháng
07/2026 chưa có kỳ sinh hoạt thường kỳ", "1 đảng viên bị kỷ luật: chi bộ không thể đạt tiêu chí 1.4 năm
nay". Each warning has a severity:
- `danger`: the criterion can no longer be met this year (a fact that cannot be undone, or a count that
  cannot be reached before the indicator's window closes, one regular meeting a month at most);
- `warning`: it can still be met if something is done in time (meetings to hold, a target to reach, a
  letter to resolve);
- `info`: data are missing (a rating, a result, a target not entered yet).

A warning is about time left, so it is given only while the indicator's window is still open on
`as_of` (the cut-off date for meetings, 31 December for yearly facts); data missing are reported until the
end of the year. From 31 December on a year has no warnings: its results say why each criterion failed.
Judged indicators (self-assessment, appraisal) raise no warning: their results already say who must act.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from .criteria_set import CriteriaSet, Indicator
from .evaluate import IndicatorResult, SubjectResult
from .params import Params
from .rules_meetings import best_case, cap_per_month
from .scales import (
    COMPLAINT_FLAGS,
    COMPLAINT_KINDS,
    DISCIPLINE_FORMS,
    FAIL,
    MEETING_GRADE,
    PASS,
    PENDING,
    meeting_noun,
)
from .snapshot import Meeting, MemberSnapshot, OrganizationSnapshot, Period
from .window import Snapshot, Window, month_last, window_for
from .wording import MISSING_DATA, fmt_date, fmt_month, join, sentence

Severity = Literal["info", "warning", "danger"]
INFO: Severity = "info"
WARNING: Severity = "warning"
DANGER: Severity = "danger"
SEVERITY_ORDER: dict[str, int] = {DANGER: 0, WARNING: 1, INFO: 2}
SEVERITY_LABELS: dict[str, str] = {DANGER: "Không thể đạt", WARNING: "Cần làm", INFO: "Thiếu dữ liệu"}

# How a sentence names the subject that cannot meet a criterion any more.
_WHO = {"cell": "chi bộ", "grassroots": "đảng bộ", "member": "đảng viên"}


@dataclass(frozen=True)
class EarlyWarning:
    code: str  # what kind of warning: "meetings.short", "meetings.impossible", "discipline", …
    criterion: str  # e.g. "1.2"
    indicator: str  # e.g. "1.2.a"
    severity: Severity
    text: str

    def to_dict(self) -> dict[str, str]:
        """Return the JSON shape stored with a verdict: code, criterion, indicator, severity, text."""
        return {
            "code": self.code,
            "criterion": self.criterion,
            "indicator": self.indicator,
            "severity": self.severity,
            "text": self.text,
        }


@dataclass(frozen=True)
class _Context:
    """One indicator of one subject being looked at."""

    snapshot: Snapshot
    period: Period
    criterion: str
    indicator: Indicator
    result: IndicatorResult

    @property
    def params(self) -> Params:
        return self.indicator.params

    @property
    def model(self) -> str:
        return self.snapshot.model

    def window(self) -> Window:
        return window_for(self.snapshot, self.period, self.params.get_str("window"))

    def warn(self, code: str, severity: Severity, text: str) -> EarlyWarning:
        return EarlyWarning(code, self.criterion, self.indicator.code, severity, text)

    def cannot(self) -> str:
        """Return "chi bộ không thể đạt tiêu chí 1.4 năm nay"."""
        who = "" if self.model == "member" else f"{_WHO[self.model]} "
        return f"{who}không thể đạt tiêu chí {self.criterion} năm nay"


Check = Callable[[_Context], Iterator[EarlyWarning]]


def time_left(window: Window) -> str:
    """Return "Còn N tháng" (calendar months that still have a day before the window's end), or "Còn N ngày".

    The month of `as_of` counts while it has a day left after `as_of` in the window: on 15/10 with a
    cut-off of 30/11 two months are left (October and November); on 31/10 one month is left, said in days.
    """
    months = len(window.open_months())
    if months >= 2:
        return f"Còn {months} tháng"
    return f"Còn {window.days_left()} ngày"


def _noun(ctx: _Context, kinds: tuple[str, ...] | None) -> str:
    noun = ctx.params.get_opt_str("noun")
    if noun:
        return noun
    return meeting_noun(kinds[0], ctx.model) if kinds else "kỳ sinh hoạt"


def _held(meetings: tuple[Meeting, ...], kinds: tuple[str, ...] | None, window: Window) -> list[Meeting]:
    return sorted(
        (m for m in meetings if (kinds is None or m.kind in kinds) and window.contains(m.held_on)),
        key=lambda m: m.held_on,
    )


def _meeting_count(ctx: _Context) -> Iterator[EarlyWarning]:
    """Meetings still needed before the cut-off; impossible when the months left cannot hold them."""
    window = ctx.window()
    if ctx.result.verdict == PASS or not window.is_open or not isinstance(ctx.snapshot, OrganizationSnapshot):
        return
    kinds = ctx.params.get_strs("kinds")
    min_count = ctx.params.get_int("min_count")
    min_grade = ctx.params.get_opt_str("min_grade")
    cap = ctx.params.get_opt_int("max_per_month")
    held = _held(ctx.snapshot.meetings, kinds, window)
    counted, ungraded = held, []
    grade_phrase = ""
    if min_grade is not None:
        counted = [m for m in held if m.grade is not None and MEETING_GRADE.at_least(m.grade, min_grade)]
        ungraded = [m for m in held if m.grade is None]
        grade_phrase = f" đạt {MEETING_GRADE.or_better(min_grade)}"
    if cap is not None:
        counted, _ = cap_per_month(counted, cap)
    missing = min_count - len(counted)
    if missing <= 0:
        return
    what = f"{_noun(ctx, kinds)}{grade_phrase}"
    left = time_left(window)
    until = f"đến {fmt_date(window.end)}"
    if cap is None:
        yield ctx.warn("meetings.short", WARNING, f"Còn thiếu {missing} {what} ({left[0].lower()}{left[1:]}, {until}).")
        return
    best = best_case(window, counted, ungraded, cap)
    ungraded_note = ""
    if ungraded:
        ungraded_note = f" (kể cả {len(ungraded)} kỳ chưa xếp loại nếu đạt {MEETING_GRADE.or_better(min_grade or '')})"
    if best < min_count:
        more = best - len(counted)
        yield ctx.warn(
            "meetings.impossible",
            DANGER,
            f"{left} ({until}), cần thêm {missing} {what} nhưng mỗi tháng tối đa {cap} kỳ nên chỉ có thể "
            f"thêm {more}{ungraded_note}: {ctx.cannot()}.",
        )
        return
    tight = " — tháng nào cũng phải có" if best == min_count else ""
    yield ctx.warn("meetings.short", WARNING, f"{left} ({until}), cần thêm {missing} {what}{tight}.")


def _no_month_without_meeting(ctx: _Context) -> Iterator[EarlyWarning]:
    """Past months without a meeting (cannot be undone), and this month while it has none yet."""
    window = ctx.window()
    if not window.is_open or not isinstance(ctx.snapshot, OrganizationSnapshot):
        return
    kinds = ctx.params.get_strs("kinds")
    noun = _noun(ctx, kinds)
    with_meeting = {(m.held_on.year, m.held_on.month) for m in _held(ctx.snapshot.meetings, kinds, window)}
    skipped = [month for month in window.judged_months() if month not in with_meeting]
    if skipped:
        months = ", ".join(map(fmt_month, skipped))
        yield ctx.warn(
            "meetings.month_skipped",
            DANGER,
            f"{sentence(months)} không có {noun}: {ctx.cannot()}.",
        )
    today = (window.as_of.year, window.as_of.month)
    if today in window.whole_months() and today not in window.judged_months() and today not in with_meeting:
        last = month_last(*today)
        days = (last - window.as_of).days
        yield ctx.warn(
            "meetings.month_missing",
            WARNING,
            f"{sentence(fmt_month(today))} chưa có {noun} (còn {days} ngày, đến {fmt_date(last)}).",
        )


def _no_meeting_with_grade(ctx: _Context) -> Iterator[EarlyWarning]:
    """A meeting graded Kém (cannot be undone); meetings not graded yet."""
    window = ctx.window()
    if not window.is_open or not isinstance(ctx.snapshot, OrganizationSnapshot):
        return
    grade = ctx.params.get_str("grade")
    kinds = ctx.params.get_opt_strs("kinds")
    held = _held(ctx.snapshot.meetings, kinds, window)
    bad = [m for m in held if m.grade == grade]
    if bad:
        days = join(fmt_date(m.held_on) for m in bad)
        yield ctx.warn(
            "meetings.poor",
            DANGER,
            f"{len(bad)} {_noun(ctx, kinds)} xếp loại {MEETING_GRADE.label(grade)} ({days}): {ctx.cannot()}.",
        )
    ungraded = [m for m in held if m.grade is None]
    if ungraded:
        days = join(fmt_date(m.held_on) for m in ungraded)
        yield ctx.warn(
            "meetings.ungraded", INFO, f"{len(ungraded)} kỳ sinh hoạt chưa xếp loại — cần nhập xếp loại ({days})."
        )


def _no_discipline(ctx: _Context) -> Iterator[EarlyWarning]:
    """A disciplinary decision in the year: the criterion is lost for the year."""
    window = ctx.window()
    if ctx.result.verdict != FAIL or not window.is_open:
        return
    found = [d for d in ctx.snapshot.disciplines if window.contains(d.decided_on)]
    if not found:
        return
    if isinstance(ctx.snapshot, MemberSnapshot):
        what = join(f"{DISCIPLINE_FORMS.get(d.form, d.form)} ngày {fmt_date(d.decided_on)}" for d in found)
        yield ctx.warn("discipline", DANGER, f"Bị kỷ luật ({what}): {ctx.cannot()}.")
        return
    people = len({d.card_no for d in found})
    yield ctx.warn("discipline", DANGER, f"{people} đảng viên bị kỷ luật: {ctx.cannot()}.")


def _admissions_target(ctx: _Context) -> Iterator[EarlyWarning]:
    """No target entered, or admissions still short of the target."""
    window = ctx.window()
    if ctx.result.verdict == PASS or not window.is_open or not isinstance(ctx.snapshot, OrganizationSnapshot):
        return
    target = ctx.snapshot.admission_target
    if target is None:
        yield ctx.warn(
            "admissions.no_target",
            INFO,
            f"Chưa có chỉ tiêu kết nạp đảng viên năm {ctx.period.year} — cần nhập chỉ tiêu được giao.",
        )
        return
    count = ctx.result.measured if isinstance(ctx.result.measured, int) else 0
    if count < target:
        yield ctx.warn(
            "admissions.short",
            WARNING,
            f"Đã kết nạp {count}/{target} đảng viên theo chỉ tiêu, còn thiếu {target - count} "
            f"({time_left(window).lower()}, đến {fmt_date(window.end)}).",
        )


def _no_complaint(ctx: _Context) -> Iterator[EarlyWarning]:
    """An internal letter (cannot be undone); a mass or over-level case still to resolve."""
    window = ctx.window()
    if ctx.result.verdict != FAIL or not window.is_open:
        return
    count = ctx.result.measured if isinstance(ctx.result.measured, int) else 0
    flag = ctx.params.get_str("flag")
    kinds = ctx.params.get_opt_strs("kinds") or tuple(COMPLAINT_KINDS)
    what = f"đơn thư {', '.join(COMPLAINT_KINDS[k] for k in kinds)} {COMPLAINT_FLAGS[flag]}"
    if flag == "internal":
        yield ctx.warn("complaints.internal", DANGER, f"{count} {what}: {ctx.cannot()}.")
        return
    yield ctx.warn(
        "complaints.unresolved", WARNING, f"{count} {what} — cần giải quyết trước ngày {fmt_date(window.end)}."
    )


def _rating_share(ctx: _Context) -> Iterator[EarlyWarning]:
    """Ratings not entered yet; a share that cannot be reached with the ratings entered."""
    snapshot = ctx.snapshot
    if not isinstance(snapshot, OrganizationSnapshot):
        return
    if ctx.indicator.rule == "member_rating_share":
        who, ratings = "đảng viên", [m.rating for m in snapshot.members]
    else:
        who, ratings = "tổ chức đảng trực thuộc", [s.rating for s in snapshot.subordinates]
    missing = sum(1 for r in ratings if r is None)
    if missing and ctx.result.verdict == PENDING:
        yield ctx.warn(
            "ratings.missing",
            INFO,
            f"{missing}/{len(ratings)} {who} chưa có xếp loại chất lượng năm {ctx.period.year} — cần nhập xếp loại.",
        )
    if ctx.result.verdict == FAIL:
        yield ctx.warn(
            "ratings.share",
            DANGER,
            f"{ctx.result.measured} {who} được xếp loại đạt mức yêu cầu ({ctx.result.required}): "
            f"{ctx.cannot()} nếu xếp loại không thay đổi.",
        )


def _generic(ctx: _Context) -> Iterator[EarlyWarning]:
    """Any other rule: data missing (info), or failed (danger), in the rule's own words."""
    if ctx.result.verdict == PENDING and ctx.result.explanation.startswith(MISSING_DATA):
        yield ctx.warn("data.missing", INFO, ctx.result.explanation)
    elif ctx.result.verdict == FAIL:
        yield ctx.warn("criterion.failed", DANGER, f"{ctx.result.explanation.rstrip('.')}: {ctx.cannot()}.")


CHECKS: dict[str, Check] = {
    "meeting_count": _meeting_count,
    "no_month_without_meeting": _no_month_without_meeting,
    "no_meeting_with_grade": _no_meeting_with_grade,
    "no_discipline": _no_discipline,
    "admissions_target": _admissions_target,
    "no_complaint": _no_complaint,
    "member_rating_share": _rating_share,
    "subordinate_rating_share": _rating_share,
}


def early_warnings(
    criteria_set: CriteriaSet, snapshot: Snapshot, period: Period, result: SubjectResult
) -> tuple[EarlyWarning, ...]:
    """Return what a subject can still do (or can no longer do) this year, most severe first.

    `result` is the subject's result for `period` under `criteria_set`. A year over on `as_of` (its last
    day, 31 December, or later) has no warnings.
    """
    if period.as_of >= period.year_end or period.as_of < period.year_start:
        return ()
    results = {ind.code: ind for criterion in result.criteria for ind in criterion.indicators}
    found: list[EarlyWarning] = []
    for criterion in criteria_set.criteria(snapshot.model):
        for indicator in criterion.indicators:
            indicator_result = results.get(indicator.code)
            if indicator.rule is None or indicator_result is None:
                continue
            ctx = _Context(snapshot, period, criterion.code, indicator, indicator_result)
            found.extend(CHECKS.get(indicator.rule, _generic)(ctx))
    # Two indicators may say the same thing (1.4.a and 1.4.b: ratings missing): keep the first.
    unique: dict[tuple[str, str, str], EarlyWarning] = {}
    for warning in found:
        unique.setdefault((warning.code, warning.criterion, warning.text), warning)
    return tuple(sorted(unique.values(), key=lambda w: SEVERITY_ORDER[w.severity]))


def warnings_dicts(warnings: tuple[EarlyWarning, ...]) -> list[dict[str, Any]]:
    """Return the warnings as stored (JSON)."""
    return [w.to_dict() for w in warnings]
