"""Background task of the reminders (django-tasks): a periodic scheduler or cron enqueues it once a day."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from .reminders import send_reminders


@task()
def send_reminders_task(today: str | None = None) -> int:
    """Send the reminders due `today` (ISO date; default the local date); return how many were created."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return send_reminders(day)
