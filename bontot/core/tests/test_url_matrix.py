"""Every URL × every persona gets the status its app's matrix says; no URL name is left out of a matrix."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import bontot
from bontot.core.testing.answers import answer_text
from bontot.core.testing.matrix import Case
from bontot.core.testing.world import PERSONAS

# URL names served by libraries, checked elsewhere: the admin (superusers only, test_admin_access.py).
EXCLUDED_NAMESPACES = ("admin",)


def _matrices() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for app in pkgutil.iter_modules(bontot.__path__):
        try:
            tests = importlib.import_module(f"bontot.{app.name}.tests")
        except ModuleNotFoundError:
            continue
        for module_info in pkgutil.iter_modules(tests.__path__):
            if not module_info.name.startswith("matrix"):
                continue
            module = importlib.import_module(f"bontot.{app.name}.tests.{module_info.name}")
            for name, case in module.MATRIX.items():
                assert name not in cases, f"{name} is in two matrices"
                cases[name] = case
    return cases


MATRIX = _matrices()


def _url_names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            names |= _url_names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_it_lists_every_url_in_a_matrix():
    missing = sorted(_url_names(get_resolver()) - set(MATRIX))
    assert not missing, f"URL names without a persona matrix: {missing}"


def test_it_lists_no_url_that_does_not_exist():
    unknown = sorted(set(MATRIX) - _url_names(get_resolver()))
    assert not unknown, f"matrix entries for URL names that do not exist: {unknown}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_answers_each_persona(client, world, name, persona):
    case = MATRIX[name]
    if persona != "anonymous":
        client.force_login(world.users[persona])
    url = reverse(name, kwargs=case.kwargs(world)) + (f"?{case.query}" if case.query else "")
    headers = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
    if case.data is not None:
        response = client.post(url, case.data(world), **headers)
    else:
        response = client.get(url, **headers)
    expected = case.status(persona)
    assert response.status_code == expected, f"{name} as {persona}: {response.status_code}, expected {expected}"
    if expected == 302 and persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    # Every answer is read as its user reads it: a page, a PDF, a Word or an Excel download alike.
    body = answer_text(response) if response.status_code == 200 else None
    if body is not None:
        for text in case.absent(world):
            assert text not in body, f"{name} as {persona} shows {text!r}"
