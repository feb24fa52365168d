"""Migration 0005_rating_rules keeps every stored rating: one "không xếp loại" without reason gets a note."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("facts", "0003_tracked_protected"), ("organizations", "0003_tracked_protected")]
AFTER = [("facts", "0005_rating_rules"), ("organizations", "0004_linked_body_reason")]


def test_it_fills_the_missing_reasons_before_adding_the_constraints():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    org = apps.get_model("organizations", "Organization").objects.create(
        code="CB", name="Chi bộ", kind="cell", path="/CB/", valid_from=datetime.date(2000, 1, 1)
    )
    rating = apps.get_model("facts", "QualityRating").objects.create(year=2024, organization=org, level="not_rated")
    body = apps.get_model("organizations", "LinkedBody").objects.create(
        year=2024, organization=org, name="Chính quyền", level="not_applicable"
    )
    kept = apps.get_model("facts", "QualityRating").objects.create(year=2023, organization=org, level="good")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps

    ratings = apps.get_model("facts", "QualityRating").objects
    assert ratings.get(pk=rating.pk).reason.startswith("Chưa ghi lý do")
    assert ratings.get(pk=kept.pk).reason == ""
    assert apps.get_model("organizations", "LinkedBody").objects.get(pk=body.pk).reason.startswith("Chưa ghi lý do")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
