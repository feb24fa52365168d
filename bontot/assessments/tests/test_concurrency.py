"""Two people registering the same member at once: exactly one succeeds, the other gets a clear message."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bontot.assessments import services
from bontot.assessments.models import Registration

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_it_registers_a_member_once_when_two_register_at_once(world):
    member = world.members["member_a"]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def register(actor):
        barrier.wait()
        try:
            services.register_subject(2024, member=member, actor=actor)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(world.users[p],)) for p in ("member_a", "secretary_a")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "Đối tượng này đã đăng ký xây dựng mô hình năm 2024."]
    assert Registration.objects.filter(member=member).count() == 1
