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
from .snapshot import Complaint, Period
from .window import WINDOW_KINDS, Snapshot, window_for
from .wording import fmt_date, fmt_member, join

WINDOW_PARAM = ParamSpec(
    "window",
    "str",
    default="default",
    choices=WINDOW_KINDS,
    doc="default: 1 January (or valid_from) to the cut-off date; year: to 31 December",
)


def remaining(window_end: date, months: int) -> str:
    """Return "còn N tháng (đến dd/mm/yyyy)"."""
    return f"còn {months} tháng (đến {fmt_date(window_end)})"


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
            f"Chưa có kết quả năm {period.year} về {area_label} — cần nhập kết quả để xét.",
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
            f"Chưa nhập xếp loại chất lượng năm {period.year} của cấp ủy, chính quyền, MTTQ và các "
            "đoàn thể cùng cấp — cần nhập để xét.",
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

    No target recorded is pending; below target is pending while the window is open, else fail.
    """
    org = as_org(snapshot)
    window = window_for(org, period, params.get_str("window"))
    admitted = [a for a in org.admissions if window.contains(a.admitted_on)]
    count = len(admitted)
    evidence = tuple(f"member:{a.card_no}" for a in admitted)
    target = org.admission_target
    if target is None:
        return RuleOutcome(
            PENDING,
            count,
            None,
            f"Chưa có chỉ tiêu kết nạp đảng viên năm {period.year} — cần nhập chỉ tiêu được giao.",
            evidence,
        )
    names = f" Đã kết nạp: {join(fmt_member(a.card_no, a.full_name) for a in admitted)}." if admitted else ""
    if count >= target:
        return RuleOutcome(PASS, count, target, f"Kết nạp {count} đảng viên, chỉ tiêu {target}.{names}", evidence)
    shortfall = target - count
    head = f"Kết nạp {count}/{target} đảng viên theo chỉ tiêu{window.suffix()} — còn thiếu {shortfall}"
    if window.is_open:
        tail = remaining(window.end, len(window.open_months()))
        return RuleOutcome(PENDING, count, target, f"{head}, {tail}.{names}", evidence)
    return RuleOutcome(FAIL, count, target, f"{head}.{names}", evidence)


def _flagged(complaint: Complaint, flag: str) -> bool:
    if flag == "internal":
        return complaint.internal
    return complaint.mass_or_over_level_unresolved


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

    With `include_earlier`, a letter received in an earlier year that still carries the flag counts too:
    an unresolved case left over ("vụ việc tồn đọng") is not cleared by the new year.
    """
    org = as_org(snapshot)
    flag = params.get_str("flag")
    kinds = params.get_opt_strs("kinds") or tuple(COMPLAINT_KINDS)
    window = window_for(org, period, params.get_str("window"))
    earlier = params.get_bool("include_earlier")

    def counted(day: date) -> bool:
        return window.contains(day) or (earlier and day < window.start)

    found = [c for c in org.complaints if c.kind in kinds and _flagged(c, flag) and counted(c.received_on)]
    what = f"đơn thư {', '.join(COMPLAINT_KINDS[k] for k in kinds)} {COMPLAINT_FLAGS[flag]}"
    if not found:
        return RuleOutcome(PASS, 0, 0, f"Không có {what}{window.suffix()}.")
    listing = join(f"{COMPLAINT_KINDS[c.kind]} nhận ngày {fmt_date(c.received_on)}" for c in found)
    return RuleOutcome(
        FAIL,
        len(found),
        0,
        f"Có {len(found)} {what}: {listing}.",
        tuple(f"complaint:{c.received_on.isoformat()}:{c.kind}" for c in found),
    )
