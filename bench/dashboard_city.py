"""Benchmark: the verdict store on a generated city (`refresh_verdicts` for a year, and for one fact change).

Usage (from the project root, after `make setup`):
    .venv/bin/python bench/dashboard_city.py                              # 140,000 members, SQLite, temp dir
    .venv/bin/python bench/dashboard_city.py --workdir /tmp/city          # keep the database
    .venv/bin/python bench/dashboard_city.py --workdir /tmp/city --reuse  # reuse it (no build, no import)

Steps: `build_city()` builds the bundle with ../shared/bench/city_bundle.py, imports it into a fresh SQLite file
(the helpers of bench/evaluate_city.py); then it measures
(a) the raw fetch lower bound: every row the fact loader reads, `SELECT *` through a raw cursor;
(b) `manage.py evaluate --year Y --as-of 31/12/Y --format json --output FILE` (wall time, peak RSS);
(c) `manage.py refresh_verdicts --year Y --as-of 31/12/Y` (wall time, peak RSS), in a subprocess started
    from a small launcher, and the rows it stored;
(d) in this process, the inline refresh of one fact change: one cell (`organization_ids=[cell]`: the cell,
    its members and its ward committee) and one member (the member, their cell, the ward).
It prints a table with refresh / raw fetch and refresh / evaluate.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate_city import LAUNCHER, ROOT, build_bundle, raw_fetch, run_evaluate  # noqa: E402


def build_city(work: Path, *, members: int = 140_000, year: int = 2024, reuse: bool = False) -> dict[str, Any]:
    """Set Django up on `work`/city-<members>.sqlite3 holding the generated city (built unless reused).

    Returns figures: members, rows and import seconds (when built), database path. Reusable by other benches:
    call it first, then use the ORM or run commands in subprocesses with the same DATABASE_URL.
    """
    import django

    db = work / f"city-{members}.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "false"  # no query log in this process or in subprocesses
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    fresh = not (reuse and db.exists())
    if fresh:
        db.unlink(missing_ok=True)
    django.setup()
    from django.core.management import call_command

    from bontot.bundle.importer import import_bundle

    figures: dict[str, Any] = {"members": members, "db": db}
    if fresh:
        bundle_file = work / f"city-{members}.json"
        t0 = time.perf_counter()
        build_bundle(members, year, bundle_file)
        figures["build_s"] = time.perf_counter() - t0
        call_command("migrate", verbosity=0)
        bundle = json.loads(bundle_file.read_text(encoding="utf-8"))
        figures["rows"] = sum(len(v) for v in bundle.values() if isinstance(v, list))
        t0 = time.perf_counter()
        import_bundle(bundle)
        figures["import_s"] = time.perf_counter() - t0
        del bundle
        bundle_file.unlink()
    return figures


def run_command(args: list[str], report: Path) -> tuple[float, int]:
    """Run a manage.py command from the small launcher; return wall seconds and peak RSS bytes."""
    import subprocess

    cmd = [sys.executable, str(ROOT / "manage.py"), *args]
    subprocess.run([sys.executable, "-c", LAUNCHER, str(report), *cmd], cwd=ROOT, check=True)  # noqa: S603
    figures = json.loads(report.read_text())
    report.unlink()
    if figures["returncode"]:
        sys.exit(f"{args[0]} failed with exit code {figures['returncode']}")
    return figures["seconds"], figures["maxrss_kb"] * 1024


def inline_refresh(year: int) -> dict[str, Any]:
    """Time the refresh of one fact change of a cell, and of a member, in this process (with query counts)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bontot.criteria.verdicts import refresh_verdicts
    from bontot.members.models import Member
    from bontot.organizations.models import Organization

    as_of = datetime.date(year, 12, 31)
    cell = Organization.objects.filter(kind="cell").order_by("path")[10]
    member = Member.objects.filter(organization=cell).order_by("pk").first()
    assert member is not None
    out: dict[str, Any] = {}
    for name, kwargs in (("cell", {"organization_ids": [cell.pk]}), ("member", {"member_ids": [member.pk]})):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            written = refresh_verdicts(year, as_of=as_of, **kwargs)
            took = time.perf_counter() - t0
        out[name] = {"seconds": took, "written": written, "queries": len(ctx.captured_queries)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=140_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--workdir", help="keep the database here (default: a temp dir, removed)")
    parser.add_argument("--reuse", action="store_true", help="reuse the database already in --workdir")
    args = parser.parse_args()

    work = Path(args.workdir or tempfile.mkdtemp(prefix="bontot-dashboard-city-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        figures = build_city(work, members=args.members, year=args.year, reuse=args.reuse)
        from django.db import connection

        from bontot.criteria.models import StoredVerdict

        print(f"[{args.members:,} members] ready; measuring", file=sys.stderr, flush=True)
        figures["fetch_s"], figures["fetched_rows"] = raw_fetch()
        connection.close()
        out = work / "evaluate.json"
        figures["evaluate_s"], figures["evaluate_rss"] = run_evaluate(args.year, out)
        out.unlink()
        as_of = f"31/12/{args.year}"
        refresh = ["refresh_verdicts", "--year", str(args.year), "--as-of", as_of]
        figures["refresh_s"], figures["refresh_rss"] = run_command(refresh, work / "refresh.run.json")
        figures["stored"] = StoredVerdict.objects.filter(year=args.year).count()
        # Again over existing rows: every row is an update now.
        figures["again_s"], figures["again_rss"] = run_command(refresh, work / "refresh.run.json")
        figures["inline"] = inline_refresh(args.year)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    report(figures)


def report(f: dict[str, Any]) -> None:
    """Print the figures as a Markdown table, with the ratios."""
    imported = f"{f['import_s']:.1f}" if "import_s" in f else "(reused)"
    print(
        "\n| members | stored verdicts | import s | raw fetch s | evaluate s (RSS GB) "
        "| refresh_verdicts s (RSS GB) | again s | refresh / raw fetch | refresh / evaluate |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {f['members']:,} | {f['stored']:,} | {imported} | {f['fetch_s']:.2f} "
        f"| {f['evaluate_s']:.1f} ({f['evaluate_rss'] / 1e9:.2f}) "
        f"| {f['refresh_s']:.1f} ({f['refresh_rss'] / 1e9:.2f}) | {f['again_s']:.1f} "
        f"| {f['refresh_s'] / f['fetch_s']:.1f} | {f['refresh_s'] / f['evaluate_s']:.2f} |"
    )
    for name, r in f["inline"].items():
        print(f"\none {name} changed: {r['seconds']:.2f} s, {r['written']} verdicts, {r['queries']} queries")


if __name__ == "__main__":
    main()
