"""Rules on an organisation's yearly results: result levels, linked bodies, admissions, complaints."""

from __future__ import annotations

from datetime import date

from .params import Params, ParamSpec
from .registry import ORG_MODELS, RuleOutcome, as_org, register
from .scales import (
    COMPLAINT_FLAGS,
    COMPLAINT_KINDS,
    FAIL,
    NOT_APPLICABLE,
    NOT_APPLICABLE_LEVEL,
    NOT_RATED,
    ORG_RESULT_AREAS,
    PASS,
    PENDING,
    QUALITY,
    RESULT_LEVEL,
    quality_label,
)
from .snapshot import Admission, Complaint, Period
from .window import WINDOW_KINDS, Snapshot, window_for
from .wording import MISSING_DATA, STILL_OPEN, fmt_date, fmt_member, join

WINDOW_PARAM = ParamSpec(
    "window",
    "str",
    default="default",
    choices=WINDOW_KINDS,
    doc="default: 1 January (or valid_from) to the cut-off date; year: to 31 December",
)


@register(
    "org_result_level",
    models=ORG_MODELS,
    params=(
        ParamSpec("area", "str", required=True, choices=tuple(ORG_RESULT_AREAS)),
        ParamSpec("min_level", "str", required=True, choices=RESULT_LEVEL.codes),
    ),
)
def org_result_level(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require every annual result of an area at `min_level` or better; none recorded is pending."""
    org = as_org(snapshot)
    area = params.get_str("area")
    minimum = params.get_str("min_level")
    area_label = ORG_RESULT_AREAS[area]
    required = RESULT_LEVEL.or_better(minimum)
    results = [r for r in org.org_results if r.area == area]
    if not results:
        return RuleOutcome(
            PENDING,
            None,
            required,
            f"{MISSING_DATA}: chưa có kết quả năm {period.year} về {area_label} — cần nhập kết quả để xét.",
        )
    worst = max(results, key=lambda r: RESULT_LEVEL.rank(r.level))
    measured = RESULT_LEVEL.label(worst.level)
    below = [r for r in results if not RESULT_LEVEL.at_least(r.level, minimum)]
    if below:
        return RuleOutcome(
            FAIL,
            measured,
            required,
            f"Kết quả {area_label} chưa đạt {required}: "
            + join(f"{r.name}: {RESULT_LEVEL.label(r.level)}" for r in below)
            + ".",
            tuple(f"org_result:{r.area}:{r.name}" for r in below),
        )
    listing = join(f"{r.name}: {RESULT_LEVEL.label(r.level)}" for r in results)
    return RuleOutcome(PASS, measured, required, f"Kết quả {area_label} đạt {required} ({listing}).")


@register(
    "linked_bodies_level",
    models=ORG_MODELS,
    params=(ParamSpec("min_level", "str", required=True, choices=QUALITY.codes),),
)
def linked_bodies_level(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require every linked body at the same level rated `min_level` or better.

    Bodies marked not applicable (or not rated) are left out and listed with their reason; none
    recorded at all is pending; all left out is not applicable.
    """
    org = as_org(snapshot)
    minimum = params.get_str("min_level")
    required = QUALITY.or_better(minimum)
    if not org.linked_bodies:
        return RuleOutcome(
            PENDING,
            None,
            required,
            f"{MISSING_DATA}: chưa nhập xếp loại chất lượng năm {period.year} của cấp ủy, chính quyền, MTTQ "
            "và các đoàn thể cùng cấp — cần nhập để xét.",
        )
    skipped = [b for b in org.linked_bodies if b.level in (NOT_APPLICABLE_LEVEL, NOT_RATED)]
    rated = [b for b in org.linked_bodies if b not in skipped]
    note = ""
    if skipped:
        note = " Không xét: " + join(
            f"{b.name} ({quality_label(b.level)}{', ' + b.reason if b.reason else ''})" for b in skipped
        )
        note += "."
    if not rated:
        return RuleOutcome(NOT_APPLICABLE, None, required, "Không có tổ chức cùng cấp nào phải xét." + note)
    below = [b for b in rated if not QUALITY.at_least(b.level, minimum)]
    measured = f"{len(rated) - len(below)}/{len(rated)}"
    if below:
        return RuleOutcome(
            FAIL,
            measured,
            required,
            f"{len(below)}/{len(rated)} tổ chức cùng cấp xếp loại dưới mức {QUALITY.label(minimum)}: "
            + join(f"{b.name}: {QUALITY.label(b.level)}" for b in below)
            + "."
            + note,
            tuple(f"linked_body:{b.name}" for b in below),
        )
    return RuleOutcome(
        PASS,
        measured,
        required,
        f"{len(rated)}/{len(rated)} tổ chức cùng cấp được xếp loại {required}." + note,
    )


@register("admissions_target", models=ORG_MODELS, params=(WINDOW_PARAM,))
def admissions_target(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require at least the year's admission target of new members admitted inside the window.

    The target is yearly ("theo chỉ tiêu được giao hằng năm"), so the shipped set counts the calendar
    year (`window: year`). No target recorded is pending; below target is pending while the window is
    open, saying the days left, else fail. Admissions of the year left out of the window (before the
    organisation's `valid_from`, or after a window ending before 31 December) are named with why.
    """
    org = as_org(snapshot)
    window = window_for(org, period, params.get_str("window"))
    of_year = sorted(
        (a for a in org.admissions if period.year_start <= a.admitted_on <= min(period.year_end, period.as_of)),
        key=lambda a: a.admitted_on,
    )
    admitted = [a for a in of_year if window.contains(a.admitted_on)]
    before = [a for a in of_year if a.admitted_on < window.start]
    after = [a for a in of_year if a.admitted_on > window.end]
    count = len(admitted)
    evidence = tuple(f"member:{a.card_no}" for a in admitted)

    def listing(items: list[Admission]) -> str:
        return join(f"{fmt_member(a.card_no, a.full_name)} ngày {fmt_date(a.admitted_on)}" for a in items)

    if admitted:
        names = f" Đã kết nạp: {listing(admitted)}."
    else:
        names = f" Không có đảng viên nào được kết nạp từ {fmt_date(window.start)} đến {fmt_date(window.last_counted)}."
    if before:
        names += f" Không tính (kết nạp trước ngày {fmt_date(window.start)}, khi {org.name} chưa thành lập): "
        names += f"{listing(before)}."
    if after:
        names += f" Không tính (kết nạp sau ngày {fmt_date(window.end)}): {listing(after)}."
    target = org.admission_target
    if target is None:
        return RuleOutcome(
            PENDING,
            count,
            None,
            f"{MISSING_DATA}: chưa có chỉ tiêu kết nạp đảng viên năm {period.year} — cần nhập chỉ tiêu được giao."
            + names,
            evidence,
        )
    if count >= target:
        return RuleOutcome(PASS, count, target, f"Kết nạp {count} đảng viên, chỉ tiêu {target}.{names}", evidence)
    head = f"Kết nạp {count}/{target} đảng viên theo chỉ tiêu{window.suffix()} — còn thiếu {target - count}."
    if window.is_open:
        tail = f" {STILL_OPEN}: {window.days_left_text()}."
        return RuleOutcome(PENDING, count, target, f"{head}{tail}{names}", evidence)
    return RuleOutcome(FAIL, count, target, f"{head}{names}", evidence)


def _flagged(complaint: Complaint, flag: str, reference_day: date) -> bool:
    """Return whether a complaint carries `flag` on the reference day."""
    if flag == "internal":
        return complaint.internal
    return complaint.mass_or_over_level and complaint.unresolved_on(reference_day)


@register(
    "no_complaint",
    models=ORG_MODELS,
    params=(
        ParamSpec("flag", "str", required=True, choices=tuple(COMPLAINT_FLAGS)),
        ParamSpec("kinds", "str_list", choices=tuple(COMPLAINT_KINDS), doc="default: every kind"),
        WINDOW_PARAM,
        ParamSpec(
            "include_earlier",
            "bool",
            default=False,
            doc="also count letters received before the window (a backlog still unresolved)",
        ),
    ),
)
def no_complaint(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require no complaint or denunciation carrying `flag` received inside the window.

    `internal`: a letter from inside the organisation. `mass_or_over_level_unresolved`: a prolonged, mass
    or over-level case not yet resolved on the reference day, the window's last counted day (its end, or
    `as_of` when earlier); one received and resolved before that day does not count. With
    `include_earlier`, a letter received before the window counts too: an unresolved case left over
    ("vụ việc tồn đọng") is not cleared by the new year.
    """
    org = as_org(snapshot)
    flag = params.get_str("flag")
    kinds = params.get_opt_strs("kinds") or tuple(COMPLAINT_KINDS)
    window = window_for(org, period, params.get_str("window"))
    earlier = params.get_bool("include_earlier")
    reference_day = window.last_counted
    timed = flag != "internal"

    def received(complaint: Complaint) -> bool:
        day = complaint.received_on
        return complaint.kind in kinds and day <= window.last_counted and (earlier or window.start <= day)

    def resolution(complaint: Complaint) -> str:
        if complaint.resolved_on is not None and complaint.resolved_on <= period.as_of:
            return f"giải quyết ngày {fmt_date(complaint.resolved_on)}"
        return "chưa giải quyết"

    found = sorted(
        (c for c in org.complaints if received(c) and _flagged(c, flag, reference_day)), key=lambda c: c.received_on
    )
    what = f"đơn thư {', '.join(COMPLAINT_KINDS[k] for k in kinds)} {COMPLAINT_FLAGS[flag]}"
    on_day = f" tại ngày {fmt_date(reference_day)}" if timed else window.suffix()
    if not found:
        note = ""
        if timed:
            settled = [c for c in org.complaints if received(c) and c.mass_or_over_level]
            if settled:
                note = " Đã giải quyết trước ngày đó: " + join(
                    f"{COMPLAINT_KINDS[c.kind]} nhận ngày {fmt_date(c.received_on)}, {resolution(c)}"
                    for c in sorted(settled, key=lambda c: c.received_on)
                )
                note += "."
        return RuleOutcome(PASS, 0, 0, f"Không có {what}{on_day}.{note}")
    listing = join(
        f"{COMPLAINT_KINDS[c.kind]} nhận ngày {fmt_date(c.received_on)}" + (f", {resolution(c)}" if timed else "")
        for c in found
    )
    return RuleOutcome(
        FAIL,
        len(found),
        0,
        f"Có {len(found)} {what}{on_day if timed else ''}: {listing}.",
        tuple(f"complaint:{c.received_on.isoformat()}:{c.kind}" for c in found),
    )
