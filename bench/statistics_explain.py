"""Print where the statistics page's queries spend their time on a built city: each selector's wall time,
then its query with the database's plan (PostgreSQL: EXPLAIN (ANALYZE, BUFFERS); SQLite: EXPLAIN QUERY PLAN).

Usage (from the project root, on the city of `bench/statistics_city.py`):
    DATABASE_URL=sqlite:////tmp/perf-city/bench.sqlite3 .venv/bin/python bench/statistics_explain.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/statistics_explain.py [--path /TP/P000/]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", default="/TP/", help="the subtree (the city: /TP/)")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--criteria-set", default="kh-63-ku-2023")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bontot.statistics import selectors

    steps = {
        "rates": lambda: selectors.rates(args.path, args.year, args.criteria_set),
        "as_of": lambda: selectors.as_of(args.path, args.year, None),
        "ratings": lambda: selectors.rating_distribution(args.path, args.year, 1),
        "indicators of member 2.3": lambda: selectors.indicator_failures(
            args.path, args.year, "member", "2.3", args.criteria_set, 1
        ),
    }
    with CaptureQueriesContext(connection) as ctx:
        for name, step in steps.items():
            t0 = time.perf_counter()
            step()
            print(f"{name}: {(time.perf_counter() - t0) * 1000:.0f} ms")
    for query in ctx.captured_queries:
        print("----", query["sql"][:1500])
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                print("\n".join(f"    {row[3]}" for row in cursor.fetchall()))
            else:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print("\n".join(f"    {row[0]}" for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
