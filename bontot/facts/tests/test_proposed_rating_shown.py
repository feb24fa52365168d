"""A cell's verdict resting on proposed (not final) member ratings says so on the pages showing it."""

from __future__ import annotations

import datetime

from django.urls import reverse

from bontot.core.testing.world import YEAR
from bontot.criteria.models import EvaluationYear, StoredVerdict
from bontot.criteria.verdicts import refresh_verdicts
from bontot.facts.models import QualityRating

SENTENCE = "theo mức đề xuất, chưa chính thức"


def test_the_cell_dashboard_says_its_verdict_rests_on_proposed_ratings(client, world):
    EvaluationYear.objects.create(
        year=YEAR, registration_deadline=datetime.date(YEAR, 1, 20), cutoff=datetime.date(YEAR, 11, 30)
    )
    QualityRating.objects.create(year=YEAR, member=world.members["member_a"], level="good", final=False)
    QualityRating.objects.create(year=YEAR, member=world.members["secretary_a"], level="good", final=True)
    QualityRating.objects.create(year=YEAR, member=world.members["other_a"], level="complete", final=True)
    refresh_verdicts(YEAR)
    assert SENTENCE in str(StoredVerdict.objects.get(year=YEAR, organization=world.a).result)
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("dashboards:organization", kwargs={"pk": world.a.pk, "year": YEAR})).content.decode()
    assert f"Xếp loại của 1 đảng viên {SENTENCE}: Nguyễn Văn An (số thẻ A-001) — Hoàn thành tốt nhiệm vụ." in body


def test_the_sentence_goes_once_every_rating_is_final(client, world):
    EvaluationYear.objects.create(
        year=YEAR, registration_deadline=datetime.date(YEAR, 1, 20), cutoff=datetime.date(YEAR, 11, 30)
    )
    for member in ("member_a", "secretary_a", "other_a"):
        QualityRating.objects.create(year=YEAR, member=world.members[member], level="good", final=True)
    refresh_verdicts(YEAR)
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("dashboards:organization", kwargs={"pk": world.a.pk, "year": YEAR})).content.decode()
    assert SENTENCE not in body
