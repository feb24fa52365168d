"""Two reminder runs at once (cron and a manual run, two task workers): each reminder is created once and
e-mailed once. The runs queue on an advisory lock (PostgreSQL); SQLite serialises writers by itself."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from bontot.criteria.models import EvaluationYear
from bontot.notifications.models import Notification
from bontot.notifications.reminders import send_reminders

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
]


def test_two_runs_at_once_send_each_reminder_once(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    EvaluationYear.objects.create(
        year=2024, registration_deadline=datetime.date(2024, 1, 20), cutoff=datetime.date(2024, 11, 30),
        criteria_set="kh-63-ku-2023",
    )  # fmt: skip
    for username in ("secretary_a", "office", "member_a"):
        user = world.users[username]
        user.email = f"{username}@example.vn"
        user.save()
    barrier = threading.Barrier(2)
    created: list[int] = []

    def run():
        barrier.wait()
        try:
            created.append(send_reminders(datetime.date(2024, 1, 13)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(created) == [0, 6]
    assert Notification.objects.count() == 6
    assert sorted(m.to[0] for m in mail.outbox) == [
        "member_a@example.vn",
        "office@example.vn",
        "secretary_a@example.vn",
    ]
