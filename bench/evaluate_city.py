"""Benchmark: `evaluate --format json --output FILE` on a generated city, against the raw fetch lower bound.

Usage (from the project root, after `make setup`):
    .venv/bin/python bench/evaluate_city.py                          # 140,000 members, SQLite
    .venv/bin/python bench/evaluate_city.py --members 140000 280000  # with the scaling ratio
    .venv/bin/python bench/evaluate_city.py --workdir /tmp/city --baseline --phases  # keep the database; compare
    .venv/bin/python bench/evaluate_city.py --workdir /tmp/city --reuse --profile    # cProfile loader, engine+write
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bontot_bench .venv/bin/python bench/evaluate_city.py

For each size: build the bundle with ../shared/bench/city_bundle.py (next to the project directory), import
it into a fresh SQLite file (or the given PostgreSQL database, flushed; timed on its own), then measure
(a) the raw fetch: every row of each table the fact loader reads, `SELECT *` through a raw cursor;
(b) `manage.py evaluate --year Y --as-of 31/12/Y --format json --output FILE` in a subprocess, wall time;
(c) that subprocess's peak resident memory (its own rusage from wait4);
(d) the fact loader's query count (in this process).
`--baseline` also runs the pre-streaming way (every result in one dict, one `json.dumps(indent=2)`) on the same
data; `--phases` times load, engine, to_dict, encode and write in one process; `--profile` prints cProfile's
hotspots of the loader and of the engine with the json writer.
It prints a table and the ratios against the targets: evaluate / raw fetch ≤ 8, peak memory ≤ 1.5 GB and,
with two sizes, time(larger) / time(smaller) ≤ 2.2 × (larger / smaller) / 2.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CITY_BUNDLE = ROOT.parent / "shared" / "bench" / "city_bundle.py"
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 8.0
TARGET_RSS_GB = 1.5
TARGET_SCALING = 2.2


def build_bundle(members: int, year: int, out: Path) -> None:
    """Write the generated city bundle of `members` members to `out`."""
    if not CITY_BUNDLE.exists():
        sys.exit(f"missing {CITY_BUNDLE}: the city generator lives in ../shared/bench next to the project")
    subprocess.run(  # noqa: S603 - the shared generator, our own arguments
        [sys.executable, str(CITY_BUNDLE), str(out), "--members", str(members), "--year", str(year)], check=True
    )


def loader_tables() -> list[str]:
    """Return the database tables the fact loader reads."""
    from bontot.assessments.models import Judgement
    from bontot.criteria.models import EvaluationYear
    from bontot.facts.models import (
        AdmissionTarget,
        Complaint,
        Discipline,
        Meeting,
        OrgResult,
        QualityRating,
        ResidenceComment,
        WorkplaceRating,
    )
    from bontot.members.models import Member, Membership, MemberStatus
    from bontot.organizations.models import LinkedBody, Organization

    models = (
        EvaluationYear,
        Organization,
        Member,
        Membership,
        MemberStatus,
        QualityRating,
        WorkplaceRating,
        ResidenceComment,
        Discipline,
        Judgement,
        Meeting,
        Complaint,
        OrgResult,
        LinkedBody,
        AdmissionTarget,
    )
    return [m._meta.db_table for m in models]


def raw_fetch() -> tuple[float, int]:
    """Fetch every row of the loader's tables with a raw cursor; return seconds and rows."""
    from django.db import connection

    rows = 0
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        for table in loader_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - model table names
            while batch := cursor.fetchmany(10_000):
                rows += len(batch)
    return time.perf_counter() - t0, rows


# What `evaluate --format json` did before streaming: every result in one dict, one json.dumps(indent=2).
BASELINE = """
import datetime, json, sys, django
django.setup()
from bontot.criteria.selectors import evaluate_year
year, out = int(sys.argv[1]), sys.argv[2]
doc = evaluate_year(year, as_of=datetime.date(year, 12, 31)).to_dict()
with open(out, "w", encoding="utf-8") as handle:
    handle.write(json.dumps(doc, ensure_ascii=False, indent=2))
"""


# Runs a command and reports its wall time and peak RSS. A child's ru_maxrss starts from its parent's peak
# at fork (Linux keeps the high-water mark across exec), so the command is started from this small process,
# not from the benchmark, which holds a whole imported bundle.
LAUNCHER = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
code = subprocess.call(sys.argv[2:])
took = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as handle:
    json.dump({"seconds": took, "maxrss_kb": peak, "returncode": code}, handle)
"""


def run_evaluate(year: int, out: Path, *, baseline: bool = False) -> tuple[float, int]:
    """Run `evaluate` (or the pre-streaming baseline) in a subprocess; return wall seconds and peak RSS bytes."""
    cmd = [sys.executable, str(ROOT / "manage.py"), "evaluate", "--year", str(year), "--as-of", f"31/12/{year}"]
    cmd += ["--format", "json", "--output", str(out)]
    if baseline:
        cmd = [sys.executable, "-c", BASELINE, str(year), str(out)]
    report = out.with_name(out.name + ".run.json")
    subprocess.run([sys.executable, "-c", LAUNCHER, str(report), *cmd], cwd=ROOT, check=True)  # noqa: S603
    figures = json.loads(report.read_text())
    report.unlink()
    if figures["returncode"]:
        sys.exit(f"evaluate failed with exit code {figures['returncode']}")
    return figures["seconds"], figures["maxrss_kb"] * 1024  # kilobytes on Linux


def check_json(out: Path) -> int:
    """Check the streamed document line by line (header, one result a line, closing); return the results."""
    count = 0
    with open(out, encoding="utf-8") as handle:
        head = next(handle)
        assert head.endswith(',"results":[\n'), head[-40:]
        json.loads(head[: -len('"results":[\n')].rstrip(",") + "}")
        for line in handle:
            if line == "]}\n":
                break
            json.loads(line.rstrip("\n").removesuffix(","))
            count += 1
        assert next(handle, None) is None
    return count


def loader_queries(year: int) -> tuple[float, int, int]:
    """Load the year's facts in this process; return seconds, query count and subjects."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bontot.criteria.loader import load_year_facts

    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        facts = load_year_facts(year, as_of=datetime.date(year, 12, 31))
    return time.perf_counter() - t0, len(ctx.captured_queries), len(facts.organizations) + len(facts.members)


def phases(year: int, out: Path) -> dict[str, float]:
    """Time `evaluate --format json`'s phases in this process: load, engine, to_dict, encode, write."""
    import datetime

    from bontot.criteria.management.commands.evaluate import _encode
    from bontot.criteria.selectors import stream_year

    clock = time.perf_counter
    took = dict.fromkeys(("load", "engine", "to_dict", "encode", "write"), 0.0)
    t0 = clock()
    stream = stream_year(year, as_of=datetime.date(year, 12, 31))
    took["load"] = clock() - t0
    with open(out, "w", encoding="utf-8") as handle:
        results = iter(stream)
        while True:
            t0 = clock()
            result = next(results, None)
            t1 = clock()
            if result is None:
                break
            doc = result.to_dict()
            t2 = clock()
            text = _encode(doc)
            t3 = clock()
            handle.write(text + ",\n")
            t4 = clock()
            took["engine"] += t1 - t0
            took["to_dict"] += t2 - t1
            took["encode"] += t3 - t2
            took["write"] += t4 - t3
    return took


def profile(year: int, out: Path, top: int) -> None:
    """Print cProfile's hotspots of the loader, then of the engine and the json writer."""
    import datetime

    from bontot.criteria.management.commands.evaluate import write_json
    from bontot.criteria.selectors import stream_year

    as_of = datetime.date(year, 12, 31)
    prof = cProfile.Profile()
    stream = prof.runcall(stream_year, year, as_of=as_of)
    _print_profile("loader (stream_year: load_year_facts and snapshots)", prof, top)
    prof = cProfile.Profile()
    with open(out, "w", encoding="utf-8") as handle:
        prof.runcall(write_json, handle.write, stream, iter(stream))
    _print_profile("engine + json writer (iterate the stream, encode, write)", prof, top)


def _print_profile(title: str, prof: cProfile.Profile, top: int) -> None:
    for order in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(order).print_stats(top)
        lines = buf.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if "function calls" in line)
        print(f"\n### {title} — by {order}")
        print("\n".join(lines[start:]).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, nargs="+", default=[140_000])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--workdir", help="keep bundles, databases and outputs here (default: a temp dir)")
    parser.add_argument("--reuse", action="store_true", help="reuse a database already in --workdir (SQLite)")
    parser.add_argument("--profile", action="store_true", help="then profile loader and engine+write")
    parser.add_argument("--baseline", action="store_true", help="also time the pre-streaming way (one dict, indent=2)")
    parser.add_argument("--top", type=int, default=25, help="profile lines to print")
    parser.add_argument("--phases", action="store_true", help="then time load, engine, to_dict, encode, write")
    args = parser.parse_args()

    work = Path(args.workdir or tempfile.mkdtemp(prefix="bontot-city-"))
    work.mkdir(parents=True, exist_ok=True)
    sqlite = "DATABASE_URL" not in os.environ
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "false"  # no query log in the evaluate subprocess
    rows_out: list[dict[str, Any]] = []
    try:
        for members in args.members:
            db = work / f"city-{members}.sqlite3"
            if sqlite:
                os.environ["DATABASE_URL"] = f"sqlite:///{db}"
            fresh = not (sqlite and args.reuse and db.exists())
            rows_out.append(measure(members, args, work, db=db if sqlite else None, fresh=fresh))
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    report(rows_out)


def measure(members: int, args: argparse.Namespace, work: Path, *, db: Path | None, fresh: bool) -> dict[str, Any]:
    """Build, import and measure one size; return its figures."""
    import django
    from django.db import connection

    if not getattr(measure, "ready", False):
        django.setup()
        measure.ready = True  # type: ignore[attr-defined]
    connection.close()  # the next query opens this size's database
    if db is not None:
        connection.settings_dict["NAME"] = str(db)
    from django.core.management import call_command

    from bontot.bundle.importer import import_bundle

    figures: dict[str, Any] = {"members": members, "database": connection.vendor}
    if fresh:
        bundle_file = work / f"city-{members}.json"
        t0 = time.perf_counter()
        build_bundle(members, args.year, bundle_file)
        figures["build_s"] = time.perf_counter() - t0
        call_command("migrate", verbosity=0)
        if connection.vendor != "sqlite":
            call_command("flush", interactive=False, verbosity=0)
        bundle = json.loads(bundle_file.read_text(encoding="utf-8"))
        figures["rows"] = sum(len(v) for v in bundle.values() if isinstance(v, list))
        t0 = time.perf_counter()
        import_bundle(bundle)
        figures["import_s"] = time.perf_counter() - t0
        del bundle
    print(f"[{members:,} members] imported; measuring", file=sys.stderr, flush=True)
    figures["fetch_s"], figures["fetched_rows"] = raw_fetch()
    figures["load_s"], figures["queries"], figures["subjects"] = loader_queries(args.year)
    connection.close()
    out = work / f"evaluate-{members}.json"
    figures["evaluate_s"], figures["rss"] = run_evaluate(args.year, out)
    figures["output_mb"] = out.stat().st_size / 1e6
    assert check_json(out) == figures["subjects"]
    if args.baseline:
        figures["baseline_s"], figures["baseline_rss"] = run_evaluate(args.year, out, baseline=True)
        figures["baseline_mb"] = out.stat().st_size / 1e6
    if args.phases:
        figures["phases"] = phases(args.year, out)
    if args.profile:
        profile(args.year, out, args.top)
    if not args.workdir:
        out.unlink()
    return figures


def report(rows: list[dict[str, Any]]) -> None:
    """Print the measurements and the ratios against the targets."""
    print(
        "\n| database | members | subjects | rows | import s | raw fetch s (rows) | loader s (queries) "
        "| evaluate s | evaluate / fetch | peak RSS GB | output MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ratio = r["evaluate_s"] / r["fetch_s"]
        n_rows = f"{r['rows']:,}" if "rows" in r else "—"
        imported = f"{r['import_s']:.1f}" if "import_s" in r else "(reused)"
        print(
            f"| {r['database']} | {r['members']:,} | {r['subjects']:,} | {n_rows} | {imported} "
            f"| {r['fetch_s']:.2f} ({r['fetched_rows']:,}) "
            f"| {r['load_s']:.2f} ({r['queries']}) | {r['evaluate_s']:.1f} "
            f"| {ratio:.1f} {'✓' if ratio <= TARGET_RATIO else '✗'} "
            f"| {r['rss'] / 1e9:.2f} {'✓' if r['rss'] / 1e9 <= TARGET_RSS_GB else '✗'} | {r['output_mb']:.0f} |"
        )
    for r in rows:
        if "baseline_s" in r:
            print(
                f"\nbefore streaming ({r['members']:,} members): {r['baseline_s']:.1f} s, "
                f"peak RSS {r['baseline_rss'] / 1e9:.2f} GB, output {r['baseline_mb']:.0f} MB"
            )
    for r in rows:
        if "phases" in r:
            parts = ", ".join(f"{name} {value:.1f} s" for name, value in r["phases"].items())
            print(f"\nphases in one process ({r['members']:,} members): {parts}")
    print(f"\ntargets: evaluate / raw fetch ≤ {TARGET_RATIO}, peak RSS ≤ {TARGET_RSS_GB} GB", end="")
    if len(rows) >= 2:
        small, large = min(rows, key=lambda r: r["members"]), max(rows, key=lambda r: r["members"])
        size = large["members"] / small["members"]
        scaling = large["evaluate_s"] / small["evaluate_s"]
        allowed = TARGET_SCALING * size / 2
        mark = "✓" if scaling <= allowed else "✗"
        print(f", time ×{size:.1f} size ≤ {allowed:.1f}: measured {scaling:.2f} {mark}", end="")
    print()


if __name__ == "__main__":
    main()
