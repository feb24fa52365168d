"""Access to notifications: a user reaches only their own; any other id answers 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from .models import Notification


def visible_notifications(actor: Any) -> Any:
    """Return the actor's own notifications, newest first."""
    return Notification.objects.filter(user_id=actor.pk).order_by("-created_at", "-pk")


def access_notification(actor: Any, pk: int | str) -> Notification:
    """Return notification `pk` when it is the actor's; Http404 otherwise (missing or someone else's)."""
    notification = visible_notifications(actor).filter(pk=pk).first()
    if notification is None:
        raise Http404("Không tìm thấy thông báo.")
    return notification
