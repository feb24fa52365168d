"""Two appraisers acting on the same assessment at once: exactly one succeeds, the other gets a clear
message, and one audit row is written."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection

from bontot.assessments import services_appraisal as services
from bontot.assessments.models import Assessment
from bontot.core.models import AuditLog

from .matrix_appraisal import submitted

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def race(assessment, actions):
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action):
        barrier.wait()
        try:
            action()
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_it_lets_one_of_a_return_and_a_conclusion_win(world):
    assessment = submitted(world)
    secretary = world.users["secretary_a"]
    superuser = get_user_model().objects.create_superuser(username="admin", password="x")  # noqa: S106
    outcomes = race(
        assessment,
        [
            lambda: services.return_assessment(assessment, reason="Thiếu minh chứng", version=3, actor=secretary),
            lambda: services.conclude_appraisal(
                assessment, proposal="recognise", comment="", opinions={}, overrides={}, version=3, actor=superuser
            ),
        ],
    )
    assert outcomes.count("ok") == 1, outcomes
    (refused,) = [o for o in outcomes if o != "ok"]
    final = Assessment.objects.get(pk=assessment.pk)
    assert final.version == 4
    if final.status == "returned":
        assert refused.startswith("Bản tự đánh giá đã được trả lại để bổ sung bởi secretary_a lúc ")
        assert refused.endswith("không thể kết luận thẩm định.")
    else:
        assert final.status == "appraised"
        assert refused.startswith("Bản tự đánh giá đã được thẩm định bởi admin lúc ")
        assert refused.endswith("không thể trả lại.")
    audits = AuditLog.objects.filter(object_type="assessments.assessment", object_id=str(assessment.pk))
    assert audits.count() == 1


def test_it_lets_one_of_two_conclusions_win(world):
    assessment = submitted(world)
    secretary = world.users["secretary_a"]
    conclude = lambda: services.conclude_appraisal(  # noqa: E731
        assessment, proposal="recognise", comment="", opinions={}, overrides={}, version=3, actor=secretary
    )
    outcomes = race(assessment, [conclude, conclude])
    assert outcomes.count("ok") == 1, outcomes
    (refused,) = [o for o in outcomes if o != "ok"]
    assert refused.startswith("Bản tự đánh giá đã được thẩm định bởi secretary_a lúc ")
    assert Assessment.objects.get(pk=assessment.pk).status == "appraised"
    assert AuditLog.objects.filter(object_type="assessments.assessment", object_id=str(assessment.pk)).count() == 1
