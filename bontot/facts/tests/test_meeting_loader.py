"""The engine counts held meetings only: an announced meeting is not a fact yet."""

import datetime

import pytest

from bontot.criteria.loader import load_year_facts
from bontot.criteria.tests.factories import build_ward
from bontot.facts.models import Meeting, MeetingStatus
from bontot.organizations.models import Organization

D = datetime.date


@pytest.mark.django_db
def test_it_leaves_out_announced_meetings():
    build_ward(cells=1, members_per_cell=1)
    cell = Organization.objects.get(code="CB0")
    before = len(load_year_facts(2024, as_of=D(2024, 12, 15)).organizations[1].meetings)
    Meeting.objects.create(
        organization=cell, held_on=D(2024, 12, 10), kind="thematic", status=MeetingStatus.ANNOUNCED, topic="Nghị quyết"
    )
    Meeting.objects.create(organization=cell, held_on=D(2024, 12, 11), kind="thematic", grade="good")
    meetings = load_year_facts(2024, as_of=D(2024, 12, 15)).organizations[1].meetings
    assert len(meetings) == before + 1
    assert D(2024, 12, 10) not in [m.held_on for m in meetings]
    assert D(2024, 12, 11) in [m.held_on for m in meetings]
