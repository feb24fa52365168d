"""URL × persona matrices (shared/ACCESS.md): each app lists every URL name it serves with the status each
persona gets; `bontot/core/tests/test_url_matrix.py` runs them all and fails on a URL name no matrix lists.

An app's matrices live in `<app>/tests/matrix*.py`, each as `MATRIX: dict[str, Case]`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .world import PERSONAS, World


@dataclass(frozen=True)
class Case:
    """How to call one URL name and what each persona gets.

    `kwargs(world)` gives the URL's arguments; `data(world)` the POST body (POST when given, else GET);
    `expect` maps persona → status, `default` covers personas not listed (anonymous defaults to 302 to
    the login page). `absent(world)` names text that must not appear in a 200 answer (a sibling's name).
    """

    expect: Mapping[str, int]
    default: int = 404
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    data: Callable[[World], dict[str, Any]] | None = None
    query: str = ""
    absent: Callable[[World], list[str]] = field(default=lambda w: [])
    htmx: bool = False

    def status(self, persona: str) -> int:
        if persona in self.expect:
            return self.expect[persona]
        if persona == "anonymous":
            return 302
        return self.default


def expect(default: int = 404, **statuses: int) -> dict[str, int]:
    """Return a persona → status map: `default` for every persona but anonymous (302) unless named."""
    unknown = set(statuses) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown persona(s): {sorted(unknown)}")
    return {p: statuses.get(p, 302 if p == "anonymous" else default) for p in PERSONAS}
