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
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dashboard_subtree import build_city, medians_ms  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=140_000)
    parser.add_argument("--wards", type=int, default=100)
    parser.add_argument("--cells", type=int, default=50, help="cells per ward")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--workdir", type=Path, help="SQLite: keep the database in this folder (else a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="time the city already built (in --workdir)")
    args = parser.parse_args()

    sqlite = "DATABASE_URL" not in os.environ
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bontot-bench-stats-") if sqlite else ".")
    if sqlite:
        workdir.mkdir(parents=True, exist_ok=True)
    reuse = args.reuse and (not sqlite or (workdir / "bench.sqlite3").exists())
    if sqlite:
        if not reuse:
            (workdir / "bench.sqlite3").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    try:
        run(args, sqlite=sqlite, reuse=reuse)
    finally:
        if sqlite and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace, *, sqlite: bool, reuse: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bontot.criteria.models import StoredVerdict
    from bontot.organizations.models import Organization, RoleAssignment

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    if not (reuse and StoredVerdict.objects.exists()):
        if not sqlite:
            call_command("flush", interactive=False, verbosity=0)
        build_city(0, args.wards, args.cells, args.year)
        add_members(args.members, args.year)
    t_build = time.perf_counter() - t0
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    users = get_user_model().objects
    office = users.filter(username="vanphong-tp").first() or users.create_user("vanphong-tp")
    nobody = users.filter(username="khong-vai-tro").first() or users.create_user("khong-vai-tro")
    RoleAssignment.objects.get_or_create(
        user=office, organization=Organization.objects.get(code="TP"), role="office", start=datetime.date(2000, 1, 1)
    )
    trivial_client, office_client = Client(), Client()
    trivial_client.force_login(nobody)
    office_client.force_login(office)
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
