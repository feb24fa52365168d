"""Two decisions at once (PostgreSQL): naming the same assessment, or using the same number. Exactly one is
issued; the other gets a clear Vietnamese message; nothing is half-written."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bontot.assessments.models import Assessment, AssessmentStatus
from bontot.core.models import AuditLog
from bontot.decisions.models import Decision, DecisionEntry

from .factories import issue, ready

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _race(world, calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(kwargs):
        barrier.wait()
        try:
            issue(world, **kwargs)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(kwargs,)) for kwargs in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_it_recognises_an_assessment_once_when_two_decisions_name_it_at_once(world):
    row = ready(member=world.members["member_a"])
    outcomes = _race(
        world,
        [{"assessments": [row], "number": "15-QĐ/ĐU"}, {"assessments": [row], "number": "16-QĐ/ĐU"}],
    )
    winner = Decision.objects.get()
    assert outcomes == sorted(["ok", f"Đảng viên Nguyễn Văn An đã được công nhận theo {winner}."])
    assert DecisionEntry.objects.count() == 1
    row.refresh_from_db()
    assert (row.status, row.version) == (AssessmentStatus.RECOGNISED, 1)
    assert AuditLog.objects.filter(action="assessments.assessment.recognised").count() == 1


def test_it_issues_a_number_once_when_two_decisions_use_it_at_once(world):
    first = ready(member=world.members["member_a"])
    second = ready(organization=world.a)
    outcomes = _race(world, [{"assessments": [first]}, {"assessments": [second]}])
    assert outcomes.count("ok") == 1
    refused = next(text for text in outcomes if text != "ok")
    assert refused.startswith("Số quyết định 15-QĐ/ĐU đã được Đảng ủy xã Thử Nghiệm dùng cho Quyết định số 15-QĐ/ĐU")
    decision = Decision.objects.get()
    loser = second if decision.entries.filter(assessment=first).exists() else first
    assert Assessment.objects.get(pk=loser.pk).status == AssessmentStatus.APPRAISED
