"""Rules on people: rating shares of members and subordinate organisations, discipline, member checks."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .params import Params, ParamSpec, show
from .ratio import RATIO_PARAMS, Ratio, check_ratio, ratio_from
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
from .snapshot import MemberSnapshot, Period, Rating
from .window import Snapshot, window_for
from .wording import MISSING_DATA, fmt_date, fmt_member, fmt_org, fmt_span, join, percent_floor

SHARE_PARAMS = (ParamSpec("min_level", "str", required=True, choices=QUALITY.codes), *RATIO_PARAMS)


class _Rated(NamedTuple):
    """One member or organisation counted by a share rule (a named tuple: a city builds 300,000 of them)."""

    ref: str
    display: str
    level: str | None  # None: no rating recorded
    final: bool
    reason: str = ""  # the rating's reason (why not rated)


def share_passes(good: int, rated: int, ratio: Ratio) -> bool:
    """Return whether good/rated reaches the ratio, comparing integers (5 of 10 reaches 50%, 4 of 9 does not)."""
    return ratio.reached(good, rated)


def _share(items: list[_Rated], minimum: str, ratio: Ratio, who: str) -> RuleOutcome:
    """Require `ratio` of the rated items at `minimum` or better.

    Only the year's rating `not_rated` leaves an item out of both numerator and denominator. A missing
    rating makes the verdict pending (naming them) unless the share is certain whatever the missing
    ratings turn out to be. No one rated: pending. Proposed (not final) ratings are used and the
    explanation says so.
    """
    missing = [i for i in items if i.level is None]
    not_rated = [i for i in items if i.level == NOT_RATED]
    rated = [i for i in items if i.level not in (None, NOT_RATED)]
    good = [i for i in rated if QUALITY.at_least(i.level or "", minimum)]
    below = [i for i in rated if not QUALITY.at_least(i.level or "", minimum)]
    proposed = [i for i in rated if not i.final]
    level_phrase = QUALITY.or_better(minimum)
    measured = f"{len(good)}/{len(rated)}"
    required = ratio.short()

    notes = ""
    if not_rated:
        notes += f" Không tính {len(not_rated)} {who} không xếp loại: " + join(
            f"{i.display} — {i.reason}" if i.reason else i.display for i in not_rated
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

    if rated:
        shown = f"{percent_floor(len(good), len(rated))}%, " if ratio.percent else ""
        head = f"{len(good)}/{len(rated)} {who} được xếp loại {level_phrase} ({shown}yêu cầu {ratio.phrase()})"
    else:
        head = f"Chưa có {who} nào được xếp loại" + ("" if missing else " — cần xem xét")
    if missing:
        listing = join(i.display for i in missing)
        if share_passes(len(good), len(rated) + len(missing), ratio):
            # Whatever the missing ratings turn out to be (not rated only shrinks the denominator).
            return RuleOutcome(
                PASS,
                measured,
                required,
                f"{head}; đã đạt dù {len(missing)} {who} chưa có xếp loại ({listing})." + notes,
                tuple(i.ref for i in good),
            )
        best_good, best_rated = len(good) + len(missing), len(rated) + len(missing)
        if not share_passes(best_good, best_rated, ratio):
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
            f"{head}. {MISSING_DATA}: {len(missing)} {who} chưa có xếp loại — cần nhập xếp loại: {listing}."
            + below_note
            + notes,
            tuple(i.ref for i in missing),
        )
    if not rated:
        return RuleOutcome(PENDING, measured, required, f"{head}." + notes)
    if share_passes(len(good), len(rated), ratio):
        return RuleOutcome(PASS, measured, required, f"{head}." + notes, tuple(i.ref for i in good))
    return RuleOutcome(FAIL, measured, required, f"{head}." + below_note + notes, tuple(i.ref for i in below))


def _rated(ref: str, display: str, rating: Rating | None) -> _Rated:
    if rating is None:
        return _Rated(ref, display, None, True)
    return _Rated(ref, display, rating.level, rating.final, rating.reason)


@register("member_rating_share", models=CELL, params=SHARE_PARAMS, check=check_ratio)
def member_rating_share(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require a share (`percent` or `fraction`) of the cell's rated members at `min_level` or better.

    The year's rating record alone decides who is rated: exempt or suspended members are left out only
    through a `not_rated` rating of that year (see `_share`).
    """
    org = as_org(snapshot)
    items = [
        _rated(f"member:{member.card_no}", fmt_member(member.card_no, member.full_name), member.rating)
        for member in org.members
    ]
    return _share(items, params.get_str("min_level"), ratio_from(params), "đảng viên")


@register("subordinate_rating_share", models=GRASSROOTS, params=SHARE_PARAMS, check=check_ratio)
def subordinate_rating_share(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require a share (`percent` or `fraction`) of the directly subordinate organisations at `min_level`."""
    org = as_org(snapshot)
    items = [_rated(f"org:{sub.code}", fmt_org(sub.code, sub.name), sub.rating) for sub in org.subordinates]
    return _share(items, params.get_str("min_level"), ratio_from(params), "tổ chức đảng trực thuộc")


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
    # An organisation's window starts at its valid_from; a member's on 1 January.
    memo_key=lambda s: s.disciplines if isinstance(s, MemberSnapshot) else (s.valid_from, s.disciplines),
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
    memo_key=lambda s: (as_member(s).civil_servant, as_member(s).workplace_rating),
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
            f"{MISSING_DATA}: chưa có kết quả xếp loại năm {period.year} ở cơ quan, đơn vị — cần nhập để xét.",
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


def _year_so_far(period: Period) -> tuple[date, date]:
    """Return the days of the year up to `as_of`: the span a dated status must overlap to count."""
    return period.year_start, min(period.year_end, period.as_of)


@register(
    "residence_comment",
    models=MEMBER,
    params=(
        ParamSpec("accepted", "str_list", required=True, choices=tuple(RESIDENCE_VERDICTS)),
        ParamSpec(
            "only_with_residence_cell",
            "bool",
            default=False,
            doc=(
                "Quy định 213 concerns members who work at an agency, enterprise or unit and live elsewhere, "
                "civil servants or not: only a member with a residence cell during the year is judged"
            ),
        ),
    ),
    memo_key=lambda s: (as_member(s).residence_cells, as_member(s).residence_comment),
)
def residence_comment(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require the residence cell's yearly comment to be one of `accepted`; missing is pending.

    With `only_with_residence_cell`, a member with no residence cell in the year up to `as_of` (a member of
    a residential cell lives where their cell is) is not applicable, civil servant or not.
    """
    member = as_member(snapshot)
    accepted = params.get_strs("accepted")
    required = " hoặc ".join(RESIDENCE_VERDICTS[v] for v in accepted)
    first, last = _year_so_far(period)
    cells = [span for span in member.residence_cells if span.overlaps(first, last)]
    if params.get_bool("only_with_residence_cell") and not cells:
        return RuleOutcome(
            NOT_APPLICABLE,
            None,
            required,
            f"Không có chi bộ nơi cư trú trong năm {period.year} (đảng viên sinh hoạt ở chi bộ nơi mình cư trú) "
            "— không xét nhận xét nơi cư trú (Quy định 213).",
        )
    where = f" ({join(span.label for span in cells if span.label)})" if any(span.label for span in cells) else ""
    comment = member.residence_comment
    if comment is None:
        return RuleOutcome(
            PENDING,
            None,
            required,
            f"{MISSING_DATA}: chưa có nhận xét năm {period.year} của chi ủy, chi bộ nơi cư trú{where} "
            "— cần nhập để xét.",
        )
    if comment not in RESIDENCE_VERDICTS:
        raise ValueError(f"unknown residence comment {comment!r}")
    measured = RESIDENCE_VERDICTS[comment]
    text = f"Nhận xét năm {period.year} của chi ủy, chi bộ nơi cư trú{where}: {measured}"
    if comment in accepted:
        return RuleOutcome(PASS, measured, required, f"{text}.")
    return RuleOutcome(FAIL, measured, required, f"{text} (yêu cầu {required}).")


@register(
    "no_suspension",
    models=MEMBER,
    params=(WINDOW_PARAM,),
    # The evidence names the card only when there is a suspension.
    memo_key=lambda s: (as_member(s).suspensions, as_member(s).card_no if as_member(s).suspensions else ""),
)
def no_suspension(snapshot: Snapshot, params: Params, period: Period) -> RuleOutcome:
    """Require no suspension from party activity overlapping the window up to `as_of`.

    A member suspended from party activity during the year is not eligible (shared/DOMAIN.md); the
    explanation names each period. Exemptions from work and meetings do not count here.
    """
    member = as_member(snapshot)
    window = window_for(member, period, params.get_str("window"))
    found = sorted(
        (span for span in member.suspensions if span.overlaps(window.start, window.last_counted)),
        key=lambda span: span.start,
    )
    if not found:
        return RuleOutcome(PASS, 0, 0, f"Không bị đình chỉ sinh hoạt đảng trong năm {period.year}{window.suffix()}.")
    listing = join(fmt_span(span.start, span.end) + (f" ({span.label})" if span.label else "") for span in found)
    return RuleOutcome(
        FAIL,
        len(found),
        0,
        f"Bị đình chỉ sinh hoạt đảng trong năm {period.year}: {listing}.",
        tuple(f"suspension:{member.card_no}:{span.start.isoformat()}" for span in found),
    )
