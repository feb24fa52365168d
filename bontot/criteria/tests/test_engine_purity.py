"""The engine is pure Python: no Django, nothing from bontot outside the engine. No database."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[1] / "engine"
ALLOWED_THIRD_PARTY = {"yaml"}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Return (line, absolute module name) of every import in a module; relative ones resolved."""
    package = "bontot.criteria.engine"
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.append((node.lineno, f"{base}.{node.module}" if node.module else base))
            else:
                found.append((node.lineno, node.module or ""))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            found.append((node.lineno, "__import__"))
    return found


def forbidden(module: str) -> bool:
    top = module.split(".")[0]
    if module == "__import__":
        return True
    if top == "bontot":
        return not (module == "bontot.criteria.engine" or module.startswith("bontot.criteria.engine."))
    return top not in sys.stdlib_module_names and top not in ALLOWED_THIRD_PARTY and top != "__future__"


@pytest.mark.parametrize("path", sorted(ENGINE.glob("*.py")), ids=lambda p: p.name)
def test_it_imports_only_the_stdlib_yaml_and_the_engine(path):
    bad = [f"{path.name}:{line}: {module}" for line, module in imported_modules(path) if forbidden(module)]
    assert bad == []


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("import django", True),
        ("from django.db import models", True),
        ("from bontot.facts import models", True),
        ("from ..loader import load_year_facts", True),
        ("from . import rules", False),
        ("from .snapshot import Period", False),
        ("import yaml", False),
        ("import datetime", False),
        ("import requests", True),
    ],
)
def test_it_would_catch_a_forbidden_import(tmp_path, source, bad):
    module = tmp_path / "example.py"
    module.write_text(source + "\n", encoding="utf-8")
    assert any(forbidden(name) for _, name in imported_modules(module)) is bad


def test_it_loads_and_evaluates_without_importing_django():
    code = (
        "import sys\n"
        "from bontot.criteria.engine import criteria_set, evaluate\n"
        "criteria_set.get_criteria_set('kh-63-ku-2023')\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'\n"
    )
    root = Path(__file__).resolve().parents[3]
    completed = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
