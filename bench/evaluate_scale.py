"""Benchmark: import and evaluate a year at several sizes (copies of the demo ward).

Usage (from the project root, after `make setup`):
    .venv/bin/python bench/evaluate_scale.py --copies 1 13 60
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bontot_bench .venv/bin/python bench/evaluate_scale.py --copies 13

Each size starts from an empty database (a fresh SQLite file, or the given PostgreSQL database flushed),
imports `copies` copies of the demo bundle with prefixed codes, then times `evaluate 2024` for everything:
the fact loader (its query count too) and the pure engine separately. Results go to stdout as a table.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REFERENCES = {
    "organizations": ("code", "parent", "successor"),
    "members": ("card_no", "organization"),
    "registrations": ("subject",),
    "meetings": ("organization",),
    "quality_ratings": ("subject",),
    "workplace_ratings": ("member",),
    "org_results": ("organization",),
    "linked_bodies": ("organization",),
    "admission_targets": ("organization",),
    "disciplines": ("member",),
    "complaints": ("organization",),
    "residence_comments": ("member",),
    "judgements": ("subject",),
}


def prefixed(value: str | None, prefix: str) -> str | None:
    if value is None:
        return None
    for kind in ("member:", "org:"):
        if value.startswith(kind):
            return kind + prefix + value[len(kind) :]
    return prefix + value


def replicate(bundle: dict[str, Any], copies: int) -> dict[str, Any]:
    """Return `copies` disjoint copies of a bundle in one bundle (codes and card numbers prefixed)."""
    out: dict[str, Any] = {"format": bundle["format"], "years": bundle["years"]}
    for section, keys in REFERENCES.items():
        items = []
        for i in range(copies):
            prefix = f"K{i:03d}-"
            for item in bundle.get(section, []):
                new = copy.copy(item)
                for key in keys:
                    new[key] = prefixed(new.get(key), prefix)
                items.append(new)
        out[section] = items
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 13])
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bontot-bench-")
    sqlite = "DATABASE_URL" not in os.environ
    if sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bontot.bundle.importer import import_bundle
    from bontot.criteria.engine.criteria_set import get_criteria_set
    from bontot.criteria.engine.evaluate import evaluate_subject
    from bontot.criteria.loader import load_year_facts
    from bontot.demo.data import build_demo_bundle

    demo = build_demo_bundle()
    as_of = datetime.date(args.year, 12, 31)
    print(f"database: {connection.vendor}; year {args.year}, as of {as_of:%d/%m/%Y}")
    header = "copies  members  orgs  rows      import_s  load_s  queries  engine_s  subjects  per_subject_ms"
    print(header)
    for copies in args.copies:
        if sqlite:
            connection.close()
            db = Path(tmp) / "bench.sqlite3"
            if db.exists():
                db.unlink()
        call_command("migrate", verbosity=0)
        if not sqlite:
            call_command("flush", interactive=False, verbosity=0)
        bundle = replicate(demo, copies)
        rows = sum(len(v) for k, v in bundle.items() if isinstance(v, list))
        t0 = time.perf_counter()
        import_bundle(bundle)
        t_import = time.perf_counter() - t0

        connection.queries_log.clear()
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            facts = load_year_facts(args.year, as_of=as_of)
        t_load = time.perf_counter() - t0
        criteria = get_criteria_set(facts.year.criteria_set)
        subjects = (*facts.organizations, *facts.members)
        t0 = time.perf_counter()
        for subject in subjects:
            evaluate_subject(criteria, subject, facts.period)
        t_engine = time.perf_counter() - t0
        per = 1000 * (t_load + t_engine) / max(1, len(subjects))
        print(
            f"{copies:>6}  {len(bundle['members']):>7}  {len(bundle['organizations']):>4}  {rows:>8}  "
            f"{t_import:>8.1f}  {t_load:>6.2f}  {len(ctx.captured_queries):>7}  {t_engine:>8.2f}  "
            f"{len(subjects):>8}  {per:>14.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
