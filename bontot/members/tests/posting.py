"""Run the POST half of a URL × persona matrix (the GET half is in `MATRIX`, run by core's test_url_matrix)."""

from __future__ import annotations

from django.urls import reverse

from bontot.core.testing.matrix import Case


def check_case(client, world, name: str, case: Case, persona: str) -> None:
    """Call `name` as `persona` the way `case` says and assert the status (and the login redirect)."""
    if persona != "anonymous":
        client.force_login(world.users[persona])
    url = reverse(name, kwargs=case.kwargs(world)) + (f"?{case.query}" if case.query else "")
    assert case.data is not None
    response = client.post(url, case.data(world))
    expected = case.status(persona)
    assert response.status_code == expected, f"POST {name} as {persona}: {response.status_code}, expected {expected}"
    if expected == 302 and persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
