import datetime
from typing import Any

from django import template

from bontot.accounts.services import vietnamese_name

register = template.Library()


@register.filter
def minutes(value: datetime.timedelta | None) -> int:
    """Return a duration in whole minutes, rounded up (15 for a 15-minute lockout)."""
    if not value:
        return 0
    return -int(-value.total_seconds() // 60)


@register.filter
def vi_name(user: Any) -> str:
    """Return a user's name in Vietnamese order (family, middle, given), or their username when they have none."""
    return vietnamese_name(user) or getattr(user, "username", "")
