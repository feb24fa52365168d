"""The frozen snapshot of a submission and what changed since: never silently."""

import datetime

import pytest
from django.urls import reverse

from bontot.assessments import services_self as svc
from bontot.assessments.models import AssessmentRound
from bontot.criteria.models import StoredVerdict
from bontot.criteria.verdicts import refresh_verdicts
from bontot.facts.models import Discipline

from .self_helpers import YEAR, declare, full_answers, register


@pytest.fixture
def submitted(world):
    declare()
    member = world.members["member_a"]
    register(member=member)
    draft = svc.start_assessment(YEAR, member=member, actor=world.users["member_a"])
    saved = svc.save_answers(draft, answers=full_answers(), summary="", version=0, actor=world.users["member_a"])
    return svc.submit_assessment(saved, version=saved.version, actor=world.users["member_a"])


def _indicator(result, code):
    return next(i for c in result["criteria"] for i in c["indicators"] if i["code"] == code)


def test_nothing_changed_right_after_submission(submitted):
    frozen = AssessmentRound.objects.get(assessment=submitted)
    current = StoredVerdict.objects.get(year=YEAR, member=submitted.member)
    assert svc.snapshot_changes(frozen, current.result) == []


def test_a_later_discipline_shows_as_a_change_and_the_snapshot_stays(world, submitted, client):
    frozen = AssessmentRound.objects.get(assessment=submitted)
    before = _indicator(frozen.snapshot, "2.3.a")
    Discipline.objects.create(member=submitted.member, decided_on=datetime.date(YEAR, 6, 1), form="reprimand")
    refresh_verdicts(YEAR, member_ids=[submitted.member_id])
    current = StoredVerdict.objects.get(year=YEAR, member=submitted.member).result
    after = _indicator(current, "2.3.a")
    assert before["verdict"] == "pass" and after["verdict"] == "fail"
    changes = svc.snapshot_changes(frozen, current)
    assert svc.Change("2.3", "2.3.a", "verdict", "pass", "fail") in changes
    assert any(c.indicator == "2.3.a" and c.field == "explanation" for c in changes)
    assert any(c.criterion == "2.3" and c.indicator == "" for c in changes)  # the criterion's verdict
    frozen.refresh_from_db()
    assert _indicator(frozen.snapshot, "2.3.a") == before  # the round keeps what was submitted
    client.force_login(world.users["secretary_a"])
    for url in (
        reverse("assessments:self_detail", kwargs={"pk": submitted.pk}),
        reverse("assessments:self_round", kwargs={"pk": submitted.pk, "number": 1}),
    ):
        page = client.get(url).content.decode()
        assert "Số liệu đã thay đổi sau khi nộp" in page
        assert "2.3.a" in page


def test_the_pages_say_nothing_changed_when_nothing_did(world, submitted, client):
    client.force_login(world.users["member_a"])
    page = client.get(reverse("assessments:self_detail", kwargs={"pk": submitted.pk})).content.decode()
    assert "Số liệu đã thay đổi sau khi nộp" not in page
    assert "Lần 1" in page


def test_an_item_on_one_side_only_is_a_change():
    frozen = AssessmentRound(
        snapshot={"verdict": "pass", "criteria": [{"code": "2.1", "verdict": "pass", "indicators": []}]}
    )
    current = {
        "verdict": "pending",
        "criteria": [{"code": "2.1", "verdict": "pass", "indicators": [{"code": "2.1.x", "verdict": "pending"}]}],
    }
    changes = svc.snapshot_changes(frozen, current)
    assert changes[0] == svc.Change("", "", "verdict", "pass", "pending")
    assert svc.Change("2.1", "2.1.x", "verdict", None, "pending") in changes
    assert svc.snapshot_changes(frozen, None) == []
