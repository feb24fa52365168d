"""Two writers acting on the same story at once: exactly one succeeds, the other gets the clear message."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bontot.core.models import AuditLog
from bontot.showcase import services
from bontot.showcase.models import Story, StoryStatus

from .factories import draft, make_writer, published

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _race(action, actors):
    barrier = threading.Barrier(len(actors))
    outcomes: list[str] = []

    def run(actor):
        barrier.wait()
        try:
            action(actor)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_writers_publishing_the_same_draft_publish_it_once(world):
    story = draft(world)
    writers = [make_writer(world), make_writer(world, "reviewer", "SUP")]
    outcomes = _race(
        lambda actor: services.publish_story(Story.objects.get(pk=story.pk), version=0, actor=actor), writers
    )
    assert outcomes == ["ok", "Đã có người khác cập nhật bài này; tải lại trang."]
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED and story.version == 1
    assert AuditLog.objects.filter(action="showcase.story.published", object_id=str(story.pk)).count() == 1


def test_two_writers_withdrawing_without_versions_withdraw_once(world):
    story = published(world)
    writers = [make_writer(world), make_writer(world, "reviewer", "SUP")]
    outcomes = _race(
        lambda actor: services.withdraw_story(
            Story.objects.get(pk=story.pk), version=None, reason=f"Lý do của {actor.username}", actor=actor
        ),
        writers,
    )
    assert outcomes.count("ok") == 1
    refused = next(o for o in outcomes if o != "ok")
    assert refused.startswith(f"Bài “{story.title}” đã được gỡ bởi ") and refused.endswith("không thể gỡ lại.")
    story.refresh_from_db()
    assert story.status == StoryStatus.WITHDRAWN and story.version == 2
    assert AuditLog.objects.filter(action="showcase.story.withdrawn", object_id=str(story.pk)).count() == 1
