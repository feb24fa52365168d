"""Two deciders making HTXSNV final at once, each within the cap alone but over it together: one is refused."""

import threading

import pytest
from django.db import connection

from bontot.core.testing.world import YEAR
from bontot.facts.excellent_cap import CapExceededError
from bontot.facts.models import QualityRating
from bontot.facts.services_ratings import GridRow, save_quality_ratings

from .factories import rate_members

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_it_counts_two_concurrent_final_htxsnv_one_after_the_other(world):
    rate_members(world.b, YEAR, good=8, excellent=1)  # +1 HTXSNV: 2 of 10 (at the cap); +2: 3 of 11 (over)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def rate(persona, member):
        barrier.wait()
        try:
            row = GridRow(QualityRating(year=YEAR, member=member, level="excellent", final=True), ["level", "final"])
            save_quality_ratings(world.a, [row], actor=world.users[persona])
            outcomes.append("ok")
        except CapExceededError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=rate, args=("office", world.members["member_a"])),
        threading.Thread(target=rate, args=("standing", world.members["other_a"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "ok"
    assert sorted(outcomes)[0].startswith("Chưa lưu: số đảng viên xếp loại “Hoàn thành xuất sắc nhiệm vụ” vượt tỷ lệ")
    assert QualityRating.objects.filter(year=YEAR, level="excellent").count() == 2
