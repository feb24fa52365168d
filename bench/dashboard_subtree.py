"""Benchmark: the office's subtree table for a city of 140,000 members against a trivial logged-in page.

Usage (from the project root, after `make setup`):
    .venv/bin/python bench/dashboard_subtree.py                      # 140,000 members, SQLite
    .venv/bin/python bench/dashboard_subtree.py --members 14000        # a smaller city
    createdb -h 127.0.0.1 -U postgres bontot_bench_dash
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bontot_bench_dash .venv/bin/python bench/dashboard_subtree.py

Builds a city (one superior committee, `--wards` grassroots committees of `--cells` cells each, the members
spread over the cells) with a stored verdict for every cell, committee and member, shaped as the dashboards'
test factories make them (the real criteria set; every third cell failing 1.2, every other with a warning).
Then, through Django's test client in one process, times `--runs` rounds of requests, one of each page in
turn after a warm-up round, so that a busy machine slows them alike: (a) a trivial logged-in page (the home
page of a user without a role), (b) the city office's subtree table, first page, (c) its HTMX partial filtered
to cells failing 1.2 sorted by warnings, (d) the table's last page. Prints the medians and the ratios to (a)
against the target ≤ 5 (issue 6). `--workdir DIR` keeps the SQLite city; `--reuse` times it again.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import medians_ms, office_clients, open_database, setup_django  # noqa: E402

TARGET_RATIO = 5.0


def build_city(members: int, wards: int, cells_per_ward: int, year: int) -> tuple[int, int]:
    """Create the organisations and the stored verdicts; return (organisations, verdict rows)."""
    from bontot.criteria.models import StoredVerdict
    from bontot.dashboards.tests.factories import build_verdict, make_year
    from bontot.organizations.models import Organization

    make_year(year)
    since = datetime.date(2000, 1, 1)
    root = Organization.objects.create(
        code="TP", name="Thành ủy Đà Nẵng", kind="superior_committee", valid_from=since, path="/TP/", depth=0
    )
    Organization.objects.bulk_create(
        Organization(
            code=f"P{w:03d}",
            name=f"Đảng ủy phường Số {w:03d}",
            kind="grassroots_committee",
            parent=root,
            valid_from=since,
            path=f"/TP/P{w:03d}/",
            depth=1,
        )
        for w in range(wards)
    )
    ward_rows = list(Organization.objects.filter(parent=root).order_by("code"))
    Organization.objects.bulk_create(
        (
            Organization(
                code=f"{ward.code}C{c:03d}",
                name=f"Chi bộ khu phố {c:03d} {ward.code}",
                kind="cell",
                parent=ward,
                valid_from=since,
                path=f"{ward.path}{ward.code}C{c:03d}/",
                depth=2,
            )
            for ward in ward_rows
            for c in range(cells_per_ward)
        ),
        batch_size=2000,
    )
    cells = list(Organization.objects.filter(kind="cell").order_by("code"))
    from bontot.dashboards.tests.factories import warning

    StoredVerdict.objects.bulk_create(
        (
            build_verdict(
                organization=org,
                year=year,
                failing=("1.2",) if i % 3 == 0 else (),
                pending=("1.1",) if i % 5 == 0 else (),
                warnings=[warning("1.2", "warning", "Còn 2 tháng, cần thêm 3 kỳ sinh hoạt đạt Khá trở lên.")]
                if i % 2
                else [],
            )
            for i, org in enumerate([*ward_rows, *cells])
        ),
        batch_size=2000,
    )
    # Members' verdicts: the same row shapes as a member's, one per member, on their cell's path.
    template = build_verdict(organization=cells[0], year=year)  # for the shared columns
    from bontot.dashboards.tests.factories import make_result

    results = [make_result("member:x", "x", "member"), make_result("member:x", "x", "member", failing=["2.3"])]
    batch: list[StoredVerdict] = []
    for n in range(members):
        cell = cells[n % len(cells)]
        batch.append(
            StoredVerdict(
                year=year,
                subject=f"member:{n:07d}",
                model="member",
                name=f"Nguyễn Văn Số{n:07d}",
                sort_name=f"{n:07d}",
                organization_path=cell.path,
                verdict="fail" if n % 2 else "pass",
                failing="|2.3|" if n % 2 else "|",
                pending="|",
                result=results[n % 2],
                criteria_set=template.criteria_set,
                criteria_set_digest=template.criteria_set_digest,
                as_of=template.as_of,
                computed_at=template.computed_at,
            )
        )
        if len(batch) == 5000:
            StoredVerdict.objects.bulk_create(batch)
            batch = []
    StoredVerdict.objects.bulk_create(batch)
    return 1 + len(ward_rows) + len(cells), StoredVerdict.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=140_000)
    parser.add_argument("--wards", type=int, default=100)
    parser.add_argument("--cells", type=int, default=50, help="cells per ward")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--analyze", action="store_true", help="SQLite: run ANALYZE after the load")
    parser.add_argument("--workdir", type=Path, help="SQLite: keep the database in this folder (else a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="time the city already built (in --workdir)")
    args = parser.parse_args()

    with open_database(args.workdir, args.reuse, "dash") as reuse:
        run(args, reuse=reuse)


def run(args: argparse.Namespace, *, reuse: bool) -> None:
    """Build the city (unless reused) and time the pages."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from bontot.criteria.models import StoredVerdict
    from bontot.organizations.models import Organization

    t0 = time.perf_counter()
    if reuse and StoredVerdict.objects.exists():
        organizations, rows = Organization.objects.count(), StoredVerdict.objects.count()
    else:
        if connection.vendor != "sqlite":
            call_command("flush", interactive=False, verbosity=0)
        organizations, rows = build_city(args.members, args.wards, args.cells, args.year)
    t_build = time.perf_counter() - t0
    if connection.vendor != "sqlite" or args.analyze:
        # PostgreSQL's autovacuum analyses a table this size soon after the load; SQLite never does unless
        # told (Django does not), and its statistics keep no per-value counts: with them it estimates that
        # `model IN ('cell', 'grassroots')` matches two thirds of the rows and scans the table instead.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    trivial_client, office_client = office_clients("TP")

    subtree = reverse("dashboards:subtree")
    partial = reverse("dashboards:subtree_table")
    last_page = -(-organizations // 50)  # the superior committee has no verdict: one row fewer at most
    timings = medians_ms(
        {
            "trivial (home, no role)": (trivial_client, reverse("dashboards:home"), {}),
            "subtree table, page 1": (office_client, f"{subtree}?nam={args.year}", {}),
            "partial: failing 1.2, by warnings": (
                office_client,
                f"{partial}?nam={args.year}&tieu_chi=1.2&sap_xep=canh-bao",
                {"HTTP_HX_REQUEST": "true"},
            ),
            "subtree table, last page": (office_client, f"{subtree}?nam={args.year}&page={last_page}", {}),
        },
        args.runs,
    )
    print(
        f"database: {connection.vendor}; members {args.members:,}; organisations {organizations:,}; "
        f"stored verdicts {rows:,}; built in {t_build:.1f} s; median of {args.runs} runs"
    )
    base = timings["trivial (home, no role)"]
    worst = 0.0
    for name, ms in timings.items():
        ratio = ms / base
        worst = max(worst, ratio)
        print(f"  {name:<36} {ms:8.1f} ms   ×{ratio:5.2f}")
    verdict = "OK" if worst <= TARGET_RATIO else "OVER TARGET"
    print(f"worst ratio ×{worst:.2f} (target ≤ {TARGET_RATIO:.0f}): {verdict}")


if __name__ == "__main__":
    main()
