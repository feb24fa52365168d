"""The rating grid shows the order of the plan: recognised subjects first for HTXSNV, undecided ones warned
about when rated final, held ones with the hold."""

from __future__ import annotations

import datetime

from django.urls import reverse

from bontot.assessments.holds import HOLD_LABEL
from bontot.assessments.models import Assessment
from bontot.core.testing.world import YEAR
from bontot.facts.grid_marks import RECOGNISED_BADGE, UNDECIDED_WARNING
from bontot.facts.models import Complaint, QualityRating


def _url(world, name="facts:member_ratings", org=None):
    return reverse(name, args=[(org or world.a).pk, YEAR])


def _row_html(body, pk):
    start = body.index(f'id="row-r{pk}"')
    return body[start : body.index("</fieldset>", start)]


def test_it_marks_a_recognised_member_as_priority_for_htxsnv(client, world):
    Assessment.objects.create(year=YEAR, member=world.members["member_a"], status="recognised", proposal="recognise")
    Assessment.objects.create(year=YEAR - 1, member=world.members["other_a"], status="recognised", proposal="recognise")
    client.force_login(world.users["secretary_a"])
    body = client.get(_url(world)).content.decode()
    assert RECOGNISED_BADGE in _row_html(body, world.members["member_a"].pk)
    assert RECOGNISED_BADGE not in _row_html(body, world.members["other_a"].pk)  # recognised another year
    assert body.count(RECOGNISED_BADGE) == 1


def test_it_warns_when_a_final_rating_comes_before_the_decision(client, world):
    member, other = world.members["member_a"], world.members["other_a"]
    Assessment.objects.create(year=YEAR, member=member, status="appraised", proposal="recognise")
    Assessment.objects.create(year=YEAR, member=other, status="submitted")
    QualityRating.objects.create(year=YEAR, member=other, level="good", final=False)
    client.force_login(world.users["office"])
    data = {f"r{member.pk}-level": "good", f"r{member.pk}-state": "final", f"r{member.pk}-reason": ""}
    data |= {f"r{other.pk}-level": "good", f"r{other.pk}-state": "proposed", f"r{other.pk}-reason": ""}
    response = client.post(_url(world), data, follow=True)
    body = response.content.decode()
    assert f"{UNDECIDED_WARNING}: Nguyễn Văn An." in body  # a warning after the save, not a refusal
    assert QualityRating.objects.get(member=member).final
    assert UNDECIDED_WARNING in _row_html(body, member.pk)
    assert UNDECIDED_WARNING not in _row_html(body, other.pk)  # proposed: nothing to warn about yet


def test_it_shows_the_hold_of_an_open_complaint(client, world):
    member = world.members["member_a"]
    Complaint.objects.create(
        organization=world.a, received_on=datetime.date(YEAR, 3, 5), kind="complaint", concerns="assessment",
        about_member=member, year=YEAR,
    )  # fmt: skip
    client.force_login(world.users["secretary_a"])
    body = client.get(_url(world)).content.decode()
    assert f"{HOLD_LABEL}, nhận ngày 05/03/{YEAR}" in _row_html(body, member.pk)
    assert HOLD_LABEL not in _row_html(body, world.members["other_a"].pk)


def test_the_committee_grid_marks_organisations(client, world):
    Assessment.objects.create(year=YEAR, organization=world.a, status="recognised", proposal="recognise")
    Complaint.objects.create(
        organization=world.b, received_on=datetime.date(YEAR, 3, 5), kind="complaint", concerns="rating", year=YEAR
    )
    client.force_login(world.users["standing"])
    body = client.get(_url(world, "facts:org_ratings", world.du)).content.decode()
    assert RECOGNISED_BADGE in _row_html(body, world.a.pk)
    assert HOLD_LABEL in _row_html(body, world.b.pk) and HOLD_LABEL not in _row_html(body, world.a.pk)
