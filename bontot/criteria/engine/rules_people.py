"""Rules on people: rating shares of members and subordinate organisations, discipline, member checks."""

from __future__ import annotations

from dataclasses import dataclass

from .params import Params, ParamSpec, show
from .registry import ALL_MODELS, CELL, GRASSROOTS, MEMBER, RuleOutcome, as_member, as_org, register
from .rules_org import WINDOW_PARAM
from .scales import (
    DISCIPLINE_FORMS,
    FAIL,
    NOT_APPLICABLE,
    NOT_RATED,
    PASS,
    PENDING,
    QUALITY,
    QUALITY_CODES_WITH_NOT_RATED,
    RESIDENCE_VERDICTS,
)
from .snapshot import MemberSnapshot, Period
from .window import Snapshot, window_for
from .wording import fmt_date, fmt_member, fmt_org, join, percent_floor

SHARE_PARAMS = (
    ParamSpec("min_level", "str", required=True, choices=QUALITY.codes),
    ParamSpec("percent", "int", required=True, min_value=1, max_value=100),
)


@dataclass(frozen=True)
class _Rated:
    """One member or organisation counted by a share rule."""

    ref: str
    display: str
    level: str | None  # None: no rating recorded
    final: bool
    excluded_because: str = ""  # set when counted as not rated whatever the rating (exempt, suspended)


def share_passes(good: int, rated: int, percent: int) -> bool:
    """Return whether good/rated reaches percent, comparing integers (5 of 10 reaches 50, 4 of 9 does not)."""
    return good * 100 >= percent * rated


def _share(items: list[_Rated], minimum: str, percent: int, who: str) -> RuleOutcome:
    """Require `percent` % of the rated items at `minimum` or better.

    Not rated (level `not_rated`, or excluded) are out of both numerator and denominator. A missing rating
    makes the verdict pending (naming them) unless even the best ratings for them could not reach the
    share. No one rated: pending. Proposed (not final) ratings are used and the explanation says so.
    """
    missing = [i for i in items if not i.excluded_because and i.level is None]
    not_rated = [i for i in items if i.excluded_because or i.level == NOT_RATED]
    rated = [i for i in items if not i.excluded_because and i.level not in (None, NOT_RATED)]
    good = [i for i in rated if QUALITY.at_least(i.level or "", minimum)]
    below = [i for i in rated if not QUALITY.at_least(i.level or "", minimum)]
    proposed = [i for i in rated if not i.final]
    level_phrase = QUALITY.or_better(minimum)
    measured = f"{len(good)}/{len(rated)}"
    required = f"≥ {percent}%"

    notes = ""
    if not_rated:
        notes += f" Không tính {len(not_rated)} {who} không xếp loại: " + join(
            f"{i.display} — {i.excluded_because}" if i.excluded_because else i.display for i in not_rated
        )
        notes += "."
    if proposed:
        notes += f" Xếp loại của {len(proposed)} {who} theo mức đề xuất, chưa chính thức: "
        notes += join(f"{i.display} — {QUALITY.label(i.level or '')}" for i in proposed) + "."
    below_note = ""
    if below:
        below_note = f" Dưới mức {QUALITY.label(minimum)}: " + join(
            f"{i.display} — {QUALITY.label(i.level or '')}" for i in below
        )
        below_note += "."

    quota = f"yêu cầu {'' if percent == 100 else 'từ '}{percent}%"
    if rated:
        head = (
            f"{len(good)}/{len(rated)} {who} được xếp loại {level_phrase} "
            f"({percent_floor(len(good), len(rated))}%, {quota})"
        )
    else:
        head = f"Chưa có {who} nào được xếp loại" + ("" if missing else " — cần xem xét")
    if missing:
        listing = join(i.display for i in missing)
        if rated and share_passes(len(good), len(rated) + len(missing), percent):
            # Whatever the missing ratings turn out to be (not rated only shrinks the denominator).
            return RuleOutcome(
                PASS,
                measured,
                required,
                f"{head}; đã đạt dù {len(missing)} {who} chưa có xếp loại ({listing})." + notes,
                tuple(i.ref for i in good),
            )
        best_good, best_rated = len(good) + len(missing), len(rated) + len(missing)
        if not share_passes(best_good, best_rated, percent):
            return RuleOutcome(
                FAIL,
                measured,
                required,
                f"{head}; dù {len(missing)} {who} chưa có xếp loại ({listing}) cũng không thể đạt."
                + below_note
                + notes,
                tuple(i.ref for i in below),
            )
        return RuleOutcome(
            PENDING,
            measured,
            required,
            f"{head}; {len(missing)} {who} chưa có xếp loại — cần nhập xếp loại: {listing}." + below_note + notes,
            tuple(i.ref for i in missing),
        )
    if not rated:
        return RuleOutcome(PENDING, measured, required, f"{head}." + notes)
    if share_passes(len(good), len(rated), percent):
        return RuleOutcome(PASS, measured, required, f"{head}." + notes, tuple(i.ref for i in good))
    return RuleOutcome(FAIL, measured, required, f"{head}." + below_note + notes, tuple(i.ref for i in below))


@register("member_rating_share", models=CELL, params=SHARE_PARAMS)
def member_rating_share(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require `percent` % of the cell's rated members rated `min_level` or better (see `_share`).

    Members exempt from work and meetings or suspended count as not rated, whatever their rating.
    """
    org = as_org(snapshot)
    items = []
    for member in org.members:
        excluded = ""
        if member.exempt:
            excluded = "được miễn công tác và sinh hoạt đảng"
        elif member.suspended:
            excluded = "đang bị đình chỉ sinh hoạt"
        elif member.rating is not None and member.rating.level == NOT_RATED and member.rating.reason:
            excluded = f"không xếp loại ({member.rating.reason})"
        items.append(
            _Rated(
                ref=f"member:{member.card_no}",
                display=fmt_member(member.card_no, member.full_name),
                level=member.rating.level if member.rating else None,
                final=member.rating.final if member.rating else True,
                excluded_because=excluded,
            )
        )
    return _share(items, params.get_str("min_level"), params.get_int("percent"), "đảng viên")


@register("subordinate_rating_share", models=GRASSROOTS, params=SHARE_PARAMS)
def subordinate_rating_share(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require `percent` % of the directly subordinate rated organisations at `min_level` or better."""
    org = as_org(snapshot)
    items = [
        _Rated(
            ref=f"org:{sub.code}",
            display=fmt_org(sub.code, sub.name),
            level=sub.rating.level if sub.rating else None,
            final=sub.rating.final if sub.rating else True,
            excluded_because=(
                f"không xếp loại ({sub.rating.reason})"
                if sub.rating is not None and sub.rating.level == NOT_RATED and sub.rating.reason
                else ""
            ),
        )
        for sub in org.subordinates
    ]
    return _share(items, params.get_str("min_level"), params.get_int("percent"), "tổ chức đảng trực thuộc")


_SCOPE_MODEL = {"members": "cell", "subtree": "grassroots", "own": "member"}
_SCOPE_WHO = {
    "members": "đảng viên của chi bộ",
    "subtree": "đảng viên trong đảng bộ",
    "own": "đảng viên",
}


def _check_scope(params: Params, model: str) -> list[tuple[str, str]]:
    scope = params.get_str("scope")
    if _SCOPE_MODEL[scope] != model:
        fitting = next(s for s, m in _SCOPE_MODEL.items() if m == model)
        return [("scope", f"{show(scope)} does not fit model {model} (use {show(fitting)})")]
    return []


@register(
    "no_discipline",
    models=ALL_MODELS,
    params=(
        ParamSpec(
            "scope",
            "str",
            required=True,
            choices=tuple(_SCOPE_MODEL),
            doc="members: a cell's members; subtree: a grassroots organisation's whole subtree; own: a member",
        ),
        WINDOW_PARAM,
    ),
    check=_check_scope,
)
def no_discipline(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require no disciplinary decision inside the window (the snapshot already holds the scope's ones)."""
    window = window_for(snapshot, period, params.get_str("window"))
    found = sorted(
        (d for d in snapshot.disciplines if window.contains(d.decided_on)),
        key=lambda d: d.decided_on,
    )
    own = isinstance(snapshot, MemberSnapshot)
    who = _SCOPE_WHO[params.get_str("scope")]
    if not found:
        subject = "Không bị kỷ luật" if own else f"Không có {who} bị kỷ luật"
        return RuleOutcome(PASS, 0, 0, f"{subject} trong năm {period.year}{window.suffix()}.")
    listing = join(
        ("" if own else f"{fmt_member(d.card_no, d.full_name)}: ")
        + f"{DISCIPLINE_FORMS.get(d.form, d.form)} ngày {fmt_date(d.decided_on)}"
        for d in found
    )
    subject = "Bị kỷ luật" if own else f"Có {len(found)} lượt {who} bị kỷ luật"
    return RuleOutcome(
        FAIL,
        len(found),
        0,
        f"{subject} trong năm {period.year}: {listing}.",
        tuple(f"discipline:{d.card_no}:{d.decided_on.isoformat()}" for d in found),
    )


@register(
    "workplace_rating",
    models=MEMBER,
    params=(ParamSpec("min_level", "str", required=True, choices=QUALITY.codes),),
)
def workplace_rating(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require a civil servant's workplace rating at `min_level` or better; not a civil servant: n/a.

    A civil servant with no workplace rating is pending; one not rated at the workplace fails.
    """
    member = as_member(snapshot)
    minimum = params.get_str("min_level")
    required = QUALITY.or_better(minimum)
    if not member.civil_servant:
        return RuleOutcome(
            NOT_APPLICABLE, None, required, "Không phải cán bộ, công chức, viên chức — không xét tiêu chí này."
        )
    level = member.workplace_rating
    if level is None:
        return RuleOutcome(
            PENDING,
            None,
            required,
            f"Chưa có kết quả xếp loại năm {period.year} ở cơ quan, đơn vị — cần nhập để xét.",
        )
    if level not in QUALITY_CODES_WITH_NOT_RATED:
        raise ValueError(f"unknown workplace rating {level!r}")
    if level == NOT_RATED:
        return RuleOutcome(
            FAIL,
            "Không xếp loại",
            required,
            f"Không được xếp loại năm {period.year} ở cơ quan, đơn vị (yêu cầu {required}).",
        )
    measured = QUALITY.label(level)
    if QUALITY.at_least(level, minimum):
        return RuleOutcome(PASS, measured, required, f"Xếp loại năm {period.year} ở cơ quan, đơn vị: {measured}.")
    return RuleOutcome(
        FAIL,
        measured,
        required,
        f"Xếp loại năm {period.year} ở cơ quan, đơn vị: {measured} (yêu cầu {required}).",
    )


@register(
    "residence_comment",
    models=MEMBER,
    params=(
        ParamSpec("accepted", "str_list", required=True, choices=tuple(RESIDENCE_VERDICTS)),
        ParamSpec(
            "working_members_only",
            "bool",
            default=False,
            doc="Quy định 213 concerns members who work at an agency (civil servants); others live in their cell.",
        ),
    ),
)
def residence_comment(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require the residence cell's yearly comment to be one of `accepted`; missing is pending.

    With `working_members_only`, a member who is not a civil servant is not applicable: their official
    cell is where they live, so no residence cell comments on them.
    """
    member = as_member(snapshot)
    accepted = params.get_strs("accepted")
    required = " hoặc ".join(RESIDENCE_VERDICTS[v] for v in accepted)
    if params.get_bool("working_members_only") and not member.civil_servant:
        return RuleOutcome(
            NOT_APPLICABLE,
            None,
            required,
            "Không phải đảng viên đang công tác ở cơ quan, đơn vị — không xét nhận xét nơi cư trú (Quy định 213).",
        )
    comment = member.residence_comment
    if comment is None:
        return RuleOutcome(
            PENDING,
            None,
            required,
            f"Chưa có nhận xét năm {period.year} của chi ủy, chi bộ nơi cư trú — cần nhập để xét.",
        )
    if comment not in RESIDENCE_VERDICTS:
        raise ValueError(f"unknown residence comment {comment!r}")
    measured = RESIDENCE_VERDICTS[comment]
    text = f"Nhận xét năm {period.year} của chi ủy, chi bộ nơi cư trú: {measured}"
    if comment in accepted:
        return RuleOutcome(PASS, measured, required, f"{text}.")
    return RuleOutcome(FAIL, measured, required, f"{text} (yêu cầu {required}).")
