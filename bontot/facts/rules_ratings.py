"""Pure rules of a valid rating record, shared by the models' `clean()` and the bundle schema.

No Django here: the bundle checker and the models call the same functions, so a rule lives once
(the database constraints in the models restate it for rows written around `clean()`).
"""

from __future__ import annotations

NOT_RATED = "not_rated"
NOT_APPLICABLE = "not_applicable"


def _blank(reason: str | None) -> bool:
    return reason is None or not reason.strip()


def rating_lacks_reason(level: str | None, reason: str | None) -> bool:
    """Return whether a quality rating is "không xếp loại" without the reason it needs."""
    return level == NOT_RATED and _blank(reason)


def linked_body_lacks_reason(level: str | None, reason: str | None) -> bool:
    """Return whether a linked body is marked "không áp dụng" without the reason it needs."""
    return level == NOT_APPLICABLE and _blank(reason)


# -- the HTXSNV cap (DOMAIN.md "Annual quality rating": at most 20 % of those rated HTTNV and above) --------

EXCELLENT = "excellent"
GOOD = "good"
BASE_GOOD_AND_ABOVE = "good_and_above"  # the denominator counts HTTNV and HTXSNV
BASE_GOOD = "good"  # the denominator counts HTTNV alone
CAP_BASES = (BASE_GOOD_AND_ABOVE, BASE_GOOD)


def cap_base(levels: list[str] | tuple[str, ...], base: str) -> int:
    """Return the cap's denominator: how many of `levels` are HTTNV (and HTXSNV, by default)."""
    counted = {GOOD} if base == BASE_GOOD else {GOOD, EXCELLENT}
    return sum(1 for level in levels if level in counted)


def excellent_cap(denominator: int, percent: int) -> int:
    """Return the most HTXSNV allowed: floor(percent × denominator / 100), in integers.

    "At most 20 %" holds for n HTXSNV when 100 × n ≤ 20 × denominator, i.e. n ≤ floor(20 × denominator / 100):
    exactly 20 % passes (2 of 10, 1 of 5), one more fails (3 of 10, 1 of 4).
    """
    return percent * denominator // 100


def over_cap(excellent: int, denominator: int, percent: int) -> bool:
    """Return whether `excellent` HTXSNV ratings exceed the cap of `denominator` at `percent`."""
    return excellent > excellent_cap(denominator, percent)
