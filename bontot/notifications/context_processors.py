"""The bell of the navbar: the unread count, read lazily (one query, only on a page that shows the bell)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from .models import Notification


class Bell:
    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def unread(self) -> int:
        if not self.user.is_authenticated:
            return 0
        return Notification.objects.filter(user_id=self.user.pk, read_at__isnull=True).count()


def bell(request: HttpRequest) -> dict[str, Any]:
    """Give every template `bell`; its `unread` count queries the database only when a template reads it."""
    return {"bell": Bell(request.user) if hasattr(request, "user") else None}
