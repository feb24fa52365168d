"""Benchmark: the statistics page of a city of 140,000 members against a trivial logged-in page.

Usage (from the project root, after `make setup`):
    .venv/bin/python bench/statistics_city.py                      # 140,000 members, SQLite
    .venv/bin/python bench/statistics_city.py --members 14000        # a smaller city
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/statistics_city.py

Builds the city of `bench/dashboard_subtree.py` (one superior committee, `--wards` wards of `--cells` cells,
a stored verdict for each) and adds `--members` members with a stored verdict each (every other failing 2.3),
an accepted registration for nine in ten, a quality rating for four in five (final for half of them), and
every tenth cell's assessment recognised. Then, like `dashboard_subtree.py`, times in interleaved rounds
(a) a trivial logged-in page, (b) the city office's statistics page, (c) the page drilled into members'
criterion 2.3 (reading the JSON of the members failing it), (d) the list of members failing 2.3, (e) the
Excel export. Prints the medians and the ratios to (a). `--workdir DIR` keeps the SQLite city; `--reuse`.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import medians_ms, office_clients, open_database, setup_django  # noqa: E402
from dashboard_subtree import build_city  # noqa: E402

TARGET_RATIO = 5.0


def add_members(members: int, year: int) -> None:
    """Create the members with their stored verdicts, registrations, ratings; recognise every tenth cell."""
    from bontot.assessments.models import Assessment, Registration
    from bontot.criteria.models import StoredVerdict
    from bontot.dashboards.tests.factories import build_verdict, make_result
    from bontot.facts.models import QualityRating
    from bontot.members.models import Member
    from bontot.organizations.models import Organization

    cells = list(Organization.objects.filter(kind="cell").order_by("code"))
    Assessment.objects.bulk_create(
        Assessment(year=year, organization=cell, status="recognised") for cell in cells[::10]
    )
    template = build_verdict(organization=cells[0], year=year)
    results = [make_result("member:x", "x", "member"), make_result("member:x", "x", "member", failing=["2.3"])]
    levels = ["excellent", "good", "good", "complete"]
    day = datetime.date(year, 1, 10)
    for start in range(0, members, 5000):
        batch = [
            Member(
                card_no=f"M{n:07d}",
                full_name=f"Nguyễn Văn Số{n:07d}",
                sort_name=f"{n:07d}",
                birth_date=datetime.date(1980, 1, 1),
                gender="male",
                organization=cells[n % len(cells)],
                admitted_on=datetime.date(2010, 1, 1),
            )
            for n in range(start, min(members, start + 5000))
        ]
        Member.objects.bulk_create(batch)
        saved = list(Member.objects.filter(card_no__in=[m.card_no for m in batch]).select_related("organization"))
        StoredVerdict.objects.bulk_create(
            StoredVerdict(
                year=year,
                subject=f"member:{m.card_no}",
                member=m,
                model="member",
                name=m.full_name,
                sort_name=m.sort_name,
                organization_path=m.organization.path,
                verdict="fail" if m.pk % 2 else "pass",
                failing="|2.3|" if m.pk % 2 else "|",
                pending="|",
                result=results[m.pk % 2],
                criteria_set=template.criteria_set,
                criteria_set_digest=template.criteria_set_digest,
                as_of=template.as_of,
                computed_at=template.computed_at,
            )
            for m in saved
        )
        Registration.objects.bulk_create(
            Registration(year=year, member=m, registered_on=day, status="accepted") for m in saved if m.pk % 10
        )
        QualityRating.objects.bulk_create(
            QualityRating(year=year, member=m, level=levels[m.pk % 4], final=bool(m.pk % 2)) for m in saved if m.pk % 5
        )


def ensure_city(args: argparse.Namespace, *, reuse: bool) -> float:
    """Build the city of `args` (organisations, members, verdicts, registrations, ratings) unless a built one
    is reused; return the seconds it took. PostgreSQL is analysed (autovacuum would do it soon after)."""
    from django.core.management import call_command
    from django.db import connection

    from bontot.criteria.models import StoredVerdict

    t0 = time.perf_counter()
    if not (reuse and StoredVerdict.objects.exists()):
        if connection.vendor != "sqlite":
            call_command("flush", interactive=False, verbosity=0)
        build_city(0, args.wards, args.cells, args.year)
        add_members(args.members, args.year)
    took = time.perf_counter() - t0
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return took


def city_arguments(parser: argparse.ArgumentParser, runs: int) -> None:
    """Add the city's options (size, runs, year, workdir, reuse) to `parser`."""
    parser.add_argument("--members", type=int, default=140_000)
    parser.add_argument("--wards", type=int, default=100)
    parser.add_argument("--cells", type=int, default=50, help="cells per ward")
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--workdir", type=Path, help="SQLite: keep the database in this folder (else a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="time the city already built (in --workdir)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    city_arguments(parser, runs=10)
    args = parser.parse_args()
    with open_database(args.workdir, args.reuse, "stats") as reuse:
        run(args, reuse=reuse)


def run(args: argparse.Namespace, *, reuse: bool) -> None:
    setup_django()
    from django.db import connection
    from django.urls import reverse

    from bontot.criteria.models import StoredVerdict

    t_build = ensure_city(args, reuse=reuse)
    trivial_client, office_client = office_clients("TP")
    year = f"nam={args.year}"
    timings = medians_ms(
        {
            "trivial (home, no role)": (trivial_client, reverse("dashboards:home"), {}),
            "statistics page": (office_client, f"{reverse('statistics:year')}?{year}", {}),
            "page drilled into members' 2.3": (
                office_client,
                f"{reverse('statistics:year')}?{year}&mo_hinh=member&tieu_chi=2.3",
                {},
            ),
            "list: members failing 2.3": (
                office_client,
                f"{reverse('statistics:list')}?{year}&mo_hinh=member&chi_so=khong-dat&tieu_chi=2.3",
                {},
            ),
            "Excel export": (office_client, f"{reverse('statistics:excel')}?{year}", {}),
        },
        args.runs,
    )
    print(
        f"database: {connection.vendor}; members {args.members:,}; stored verdicts "
        f"{StoredVerdict.objects.count():,}; built in {t_build:.1f} s; median of {args.runs} runs"
    )
    base = timings["trivial (home, no role)"]
    for name, ms in timings.items():
        print(f"  {name:<36} {ms:8.1f} ms   ×{ms / base:6.2f}")


if __name__ == "__main__":
    main()
