"""Every page of every matrix runs the same number of queries with 10 cells in the committee as with 200.

The URL matrices (core/tests/test_url_matrix.py) list every page; here each GET page that a persona may open
is loaded once with 10 extra cells (each with two members and a meeting) under the persona's committee, then
again with 200, and the two query counts must be equal (issue 6: pinned at two sizes).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bontot.core.testing.world import World, extra_cells
from bontot.facts.models import Meeting
from bontot.members.models import Member

from .test_url_matrix import MATRIX

PERSONAS = ("office", "secretary_a", "member_a")
# Each GET page with each persona that opens it (200 in its matrix).
PAGES = sorted(
    (name, persona)
    for name, case in MATRIX.items()
    if case.data is None
    for persona in PERSONAS
    if case.status(persona) == 200
)


def add_cells(world: World, count: int, start: int) -> None:
    cells = extra_cells(world, count, start)
    members = [
        Member(
            card_no=f"X{cell.pk}-{n}",
            full_name=f"Đỗ Văn Thêm {cell.pk} {n}",
            birth_date=datetime.date(1980, 1, 1),
            gender="male",
            organization=cell,
            admitted_on=datetime.date(2010, 1, 1),
        )  # fmt: skip
        for cell in cells
        for n in (1, 2)
    ]
    Member.objects.bulk_create(members)
    Meeting.objects.bulk_create(
        Meeting(organization=cell, held_on=datetime.date(2024, 3, 5), kind="regular", grade="good") for cell in cells
    )


def count_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries.captured_queries)


@pytest.mark.parametrize(("name", "persona"), PAGES)
def test_it_runs_the_same_queries_with_10_and_200_cells(client, world, name, persona):
    case = MATRIX[name]
    client.force_login(world.users[persona])
    url = reverse(name, kwargs=case.kwargs(world)) + (f"?{case.query}" if case.query else "")
    client.get(url)  # warm caches (content types, the criteria set) once
    add_cells(world, 10, 0)
    status_small, small = count_queries(client, url)
    add_cells(world, 190, 10)
    status_large, large = count_queries(client, url)
    assert status_small == status_large == 200
    assert small == large, f"{name} as {persona}: {small} queries with 10 cells, {large} with 200"
