"""`save_record` / `delete_record` tell the verdict store which years a dated fact counts in."""

import datetime

import pytest

from bontot.core.records import fact_changed, record_years, save_record
from bontot.criteria.models import EvaluationYear, StoredVerdict
from bontot.criteria.verdicts import refresh_verdicts
from bontot.facts.models import Complaint, Discipline, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    rows: list[dict] = []

    def receive(**kwargs):
        rows.append(kwargs)

    fact_changed.connect(receive, weak=False, dispatch_uid="test-records")
    yield rows
    fact_changed.disconnect(dispatch_uid="test-records")


def test_it_reads_the_year_of_a_records_dates():
    assert record_years(Meeting(held_on=datetime.date(2024, 12, 31))) == {2024}
    assert record_years(Discipline(decided_on=datetime.date(2023, 1, 1))) == {2023}
    complaint = Complaint(received_on=datetime.date(2024, 12, 20), resolved_on=datetime.date(2025, 1, 5))
    assert record_years(complaint) == {2024, 2025}
    assert record_years(Meeting()) == set()


def test_it_sends_a_meetings_year_after_commit(world, sent, django_capture_on_commit_callbacks):
    meeting = Meeting(organization=world.a, held_on=datetime.date(2024, 3, 5), kind="regular", grade="good")
    with django_capture_on_commit_callbacks(execute=True):
        save_record(meeting, actor=world.users["secretary_a"])
    assert [(s["organization_ids"], s["years"]) for s in sent] == [({world.a.pk}, {2024})]


def test_it_refreshes_the_verdict_of_a_past_meetings_year(world, django_capture_on_commit_callbacks):
    EvaluationYear.objects.create(
        year=2024, registration_deadline=datetime.date(2024, 1, 20), cutoff=datetime.date(2024, 11, 30)
    )
    refresh_verdicts(2024)
    before = StoredVerdict.objects.get(year=2024, organization=world.a)
    meeting = Meeting(organization=world.a, held_on=datetime.date(2024, 3, 5), kind="regular", grade="good")
    with django_capture_on_commit_callbacks(execute=True):
        save_record(meeting, actor=world.users["secretary_a"])
    after = StoredVerdict.objects.get(year=2024, organization=world.a)
    assert after.computed_at > before.computed_at
    assert after.result != before.result  # the meeting counts in 2024


def test_it_sends_both_years_when_a_correction_moves_a_meeting(world, sent, django_capture_on_commit_callbacks):
    meeting = Meeting.objects.create(
        organization=world.a, held_on=datetime.date(2024, 12, 31), kind="regular", grade="good"
    )
    meeting.held_on = datetime.date(2025, 1, 2)
    with django_capture_on_commit_callbacks(execute=True):
        save_record(meeting, actor=world.users["secretary_a"], changed=["held_on"])
    assert [s["years"] for s in sent] == [{2024, 2025}]
