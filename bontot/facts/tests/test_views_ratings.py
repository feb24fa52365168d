"""The yearly facts pages: every URL posted by every persona, grids saved whole, query counts pinned."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bontot.core.testing.world import PERSONAS

from .matrix_ratings import POST_MATRIX


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(POST_MATRIX))
def test_it_answers_each_persona_posting(client, world, name, persona):
    case = POST_MATRIX[name]
    if persona != "anonymous":
        client.force_login(world.users[persona])
    assert case.data is not None
    response = client.post(reverse(name, kwargs=case.kwargs(world)), case.data(world))
    expected = case.status(persona)
    assert response.status_code == expected, f"{name} as {persona}: {response.status_code}, expected {expected}"
    if expected == 302 and persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    elif expected == 302:
        assert not response["Location"].startswith(reverse("accounts:login"))
