"""A member who left reads no more stories of their former cell and committee (security review of issue 8)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bontot.members import services as member_services

from .factories import published

pytestmark = pytest.mark.django_db


def test_a_member_who_left_reads_no_story_of_their_former_committee(client, world):
    story = published(world)
    member_services.record_departure(
        world.members["member_a"], actor=world.users["office"], on=datetime.date(2024, 6, 1), reason="Xin ra khỏi Đảng"
    )
    client.force_login(world.users["member_a"])
    assert client.get(reverse("showcase:detail", args=[story.pk])).status_code == 404
    assert story.title not in client.get(reverse("showcase:list")).content.decode()


def test_a_member_leaving_later_still_reads_until_that_day(client, world):
    story = published(world)
    member = world.members["member_a"]
    member.left_on = timezone.localdate() + datetime.timedelta(days=1)  # recorded ahead, not yet gone
    member.save(update_fields=["left_on"])
    client.force_login(world.users["member_a"])
    assert client.get(reverse("showcase:detail", args=[story.pk])).status_code == 200
