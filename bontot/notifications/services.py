"""Sending notifications: in-app rows in bulk, then, after commit, e-mails in Vietnamese.

A message with a `key` is sent at most once per user: rows whose (user, key) already exists are skipped
(read first, and the unique constraint with `ignore_conflicts` covers a concurrent run).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification


@dataclass(frozen=True)
class Message:
    """One notification to one user (a user object: its e-mail address is read from it)."""

    user: Any
    kind: str
    text: str
    url: str = ""
    key: str | None = None
    organization_path: str = ""


def notify(
    users: Iterable[Any],
    *,
    kind: str,
    text: str,
    url: str = "",
    key: str | None = None,
    organization_path: str = "",
    email: bool = True,
) -> list[Notification]:
    """Send one message to each user; return the rows created (none for a user who already has `key`)."""
    messages = [Message(user, kind, text, url, key, organization_path) for user in users]
    return send_messages(messages, email=email)


@transaction.atomic
def send_messages(messages: Sequence[Message], *, email: bool = True) -> list[Notification]:
    """Create the rows of `messages` not sent before (by user and key), in a constant number of queries,
    and e-mail them after commit to the users who have an address."""
    keys = {m.key for m in messages if m.key is not None}
    users = {m.user.pk for m in messages if m.key is not None}
    sent: set[tuple[int, str | None]] = set()
    if keys:
        sent = set(
            Notification.objects.filter(user_id__in=users, dedupe_key__in=keys).values_list("user_id", "dedupe_key")
        )
    now = timezone.now()
    fresh: list[Message] = []
    seen: set[tuple[int, str]] = set()
    for message in messages:
        if message.key is not None:
            pair = (message.user.pk, message.key)
            if pair in sent or pair in seen:
                continue
            seen.add(pair)
        fresh.append(message)
    rows = [
        Notification(
            user=m.user,
            kind=m.kind,
            text=m.text,
            url=m.url,
            organization_path=m.organization_path,
            dedupe_key=m.key,
            created_at=now,
        )
        for m in fresh
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if email:
        outgoing = [m for m in fresh if getattr(m.user, "email", "") and m.user.is_active]
        if outgoing:
            transaction.on_commit(lambda: send_emails(outgoing))
    return rows


def send_emails(messages: Sequence[Message]) -> int:
    """E-mail each message to its user, in Vietnamese, over one connection; return how many were sent."""
    with translation.override("vi"):
        emails = [
            EmailMessage(
                subject=render_to_string("notifications/email_subject.txt", {"message": m}).strip(),
                body=render_to_string(
                    "notifications/email_body.txt",
                    {"message": m, "user": m.user, "base_url": getattr(settings, "SITE_URL", "")},
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[m.user.email],
            )
            for m in messages
        ]
    return get_connection().send_messages(emails) or 0


def mark_read(notification: Notification, *, actor: Any) -> None:
    """Mark one of the actor's notifications as read (already read: unchanged)."""
    if notification.user_id != actor.pk:
        raise ValueError("A user marks only their own notifications.")
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor as read; return how many."""
    return Notification.objects.filter(user_id=actor.pk, read_at__isnull=True).update(read_at=timezone.now())
