"""Two people acting on the same self-assessment at once (PostgreSQL row locks): exactly one succeeds, the
other gets a clear message, nothing is lost."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bontot.assessments import services_self as svc
from bontot.assessments.models import Assessment, AssessmentRound, AssessmentStatus

from .self_helpers import YEAR, declare, full_answers, register

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
PERSONAS = ("member_a", "secretary_a")


def _race(world, act):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(persona):
        barrier.wait()
        try:
            act(world.users[persona])
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in PERSONAS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.fixture
def ready(world):
    declare()
    register(member=world.members["member_a"])
    draft = svc.start_assessment(YEAR, member=world.members["member_a"], actor=world.users["member_a"])
    return svc.save_answers(draft, answers=full_answers(), summary="", version=0, actor=world.users["member_a"])


def test_two_submissions_at_once_make_one_round(world, ready):
    outcomes = _race(world, lambda actor: svc.submit_assessment(ready, version=ready.version, actor=actor))
    assert outcomes[1] == "ok"
    assert outcomes[0].startswith("Bản tự đánh giá đã được nộp bởi ")
    assert outcomes[0].endswith(", không thể nộp.")
    assert AssessmentRound.objects.filter(assessment=ready).count() == 1
    assessment = Assessment.objects.get(pk=ready.pk)
    assert (assessment.status, assessment.round) == (AssessmentStatus.SUBMITTED, 1)


def test_two_saves_of_the_same_version_keep_the_first(world, ready):
    def save(actor):
        svc.save_answers(ready, answers={}, summary=actor.username, version=ready.version, actor=actor)

    assert _race(world, save) == sorted(["ok", svc.STALE])
    assessment = Assessment.objects.get(pk=ready.pk)
    assert assessment.summary in PERSONAS
    assert assessment.version == ready.version + 1


def test_two_starts_at_once_make_one_draft(world):
    declare()
    register(member=world.members["other_a"])
    register(member=world.members["member_a"])
    member = world.members["member_a"]
    assert _race(world, lambda actor: svc.start_assessment(YEAR, member=member, actor=actor)) == ["ok", "ok"]
    assert Assessment.objects.filter(member=member).count() == 1
