"""Database constraints shared by models of dated periods."""

from django.db import models

DATES_IN_ORDER_MESSAGE = "Ngày kết thúc không được trước ngày bắt đầu."


def dates_in_order(name: str) -> models.CheckConstraint:
    """Return the constraint that a period's `end`, when set, is not before its `start`."""
    return models.CheckConstraint(
        condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
        name=name,
        violation_error_message=DATES_IN_ORDER_MESSAGE,
    )
