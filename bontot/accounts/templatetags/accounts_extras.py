import datetime

from django import template

register = template.Library()


@register.filter
def minutes(value: datetime.timedelta | None) -> int:
    """Return a duration in whole minutes, rounded up (15 for a 15-minute lockout)."""
    if not value:
        return 0
    return -int(-value.total_seconds() // 60)
