"""`manage.py send_reminders [--today dd/mm/yyyy]`: send the day's reminders (for cron; running twice is safe)."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bontot.notifications.kinds import kind_label
from bontot.notifications.reminders import send_due


def _date(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar day
    except ValueError as error:
        raise CommandError(f"Ngày không hợp lệ: {value!r} (cần dạng dd/mm/yyyy).") from error


class Command(BaseCommand):
    help = "Gửi các thông báo nhắc việc đến hạn trong ngày (chạy lại không gửi trùng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="ngày chạy, dạng dd/mm/yyyy (mặc định: hôm nay)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        created = send_due(today)
        self.stdout.write(f"Đã gửi {len(created)} thông báo nhắc việc ngày {today:%d/%m/%Y}.")
        for kind, count in sorted(Counter(n.kind for n in created).items()):
            self.stdout.write(f"  {kind_label(kind)}: {count}")
