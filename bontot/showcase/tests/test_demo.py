"""The demo story: published by `tuyengiao` about a member recognised by 15-QĐ/ĐU, read by the demo member."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from bontot.demo.showcase import ensure_demo_story
from bontot.showcase.models import Story, StoryStatus

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_one_story_once(client):
    call_command("seed_demo", stdout=io.StringIO())
    story = ensure_demo_story()
    assert story is not None and story.status == StoryStatus.PUBLISHED
    assert story.entry.decision.number == "15-QĐ/ĐU" and story.photo_type == "image/jpeg"
    assert ensure_demo_story() == story and Story.objects.count() == 1
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="dangvien.vinhbinh"))
    assert story.title in client.get(reverse("showcase:list")).content.decode()
    assert client.get(reverse("showcase:photo", args=[story.pk])).status_code == 200


def test_without_the_demo_it_writes_nothing():
    assert ensure_demo_story() is None
