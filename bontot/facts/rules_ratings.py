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
