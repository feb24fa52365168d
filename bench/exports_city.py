"""Benchmark: the "Xuất Excel" exports of a city of 140,000 members, time and memory against the bare writer.

Usage (from the project root, after `make setup`):
    .venv/bin/python bench/exports_city.py --workdir /tmp/perf-city           # SQLite (--reuse: the city built)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/exports_city.py --reuse

The city of `bench/statistics_city.py` (the same builder and options: 100 wards of 50 cells, 140,000 members
with their stored verdicts). Through Django's test client, with the whole body read (the file is streamed):
- the members list (`members:list?xuat=xlsx`) of the office of one ward (1,400 members), of the city office
  searching "M001" (10,000 members) and of the whole city (140,000);
- the subtree table (`dashboards:subtree?xuat=xlsx`) of a ward (50 cells and the ward) and of the city (5,100).
Lower bound, each in the same round: the same number of rows and columns written by openpyxl's write-only
workbook from a plain `values_list(...).iterator()` of the same table (members: the same cells; the subtree:
its stored verdicts' columns repeated up to the export's width), into a temporary file.
Medians of interleaved rounds. Memory, each export and bound in a forked child (so that every measure starts
from the same process): the peak of Python allocations (tracemalloc) and the rise of resident memory (sampled).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    forked,
    get_ok,
    interleaved,
    mb,
    median,
    office_clients,
    open_database,
    python_peak,
    rss_peak,
    setup_django,
)
from statistics_city import city_arguments, ensure_city  # noqa: E402


def bare_xlsx(rows: Any, width: int) -> int:
    """Write `rows` (tuples) to a write-only workbook in a temporary file, each padded by repeating its values
    to `width` cells; return the rows written (the lower bound of an export)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    count = 0
    for row in rows:
        sheet.append(list(itertools.islice(itertools.cycle(row), width)))
        count += 1
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    city_arguments(parser, runs=3)
    parser.add_argument("--no-memory", action="store_true", help="time only")
    args = parser.parse_args()
    with open_database(args.workdir, args.reuse, "exports") as reuse:
        run(args, reuse=reuse)


def run(args: argparse.Namespace, *, reuse: bool) -> None:
    setup_django()
    from django.db import connection
    from django.urls import reverse

    from bontot.criteria.models import StoredVerdict
    from bontot.dashboards.presenters import titles
    from bontot.members.models import Member
    from bontot.organizations.models import Organization

    t_build = ensure_city(args, reuse=reuse)
    ward = Organization.objects.filter(kind="grassroots_committee").order_by("code").first()
    assert ward is not None
    _, city = office_clients("TP")
    _, ward_office = office_clients(ward.code)
    members_url = reverse("members:list")
    subtree_url = f"{reverse('dashboards:subtree')}?nam={args.year}&xuat=xlsx"
    member_fields = ("full_name", "card_no", "organization__name", "birth_date", "gender", "admitted_on",
                     "official_on", "left_on")  # fmt: skip
    verdict_fields = ("name", "model", "verdict", "failing", "pending", "warning_count")
    width = 4 + len(titles("kh-63-ku-2023", "cell").criteria)
    current = Member.objects.filter(left_on__isnull=True).order_by("sort_name", "pk")
    cases = {  # name: (client, url, the bound's rows, the bound's width)
        "members, a ward (office of the ward)": (
            ward_office,
            f"{members_url}?xuat=xlsx",
            lambda: current.filter(organization__path__startswith=ward.path),
            8,
        ),
        "members, search “M001” (city office)": (
            city,
            f"{members_url}?q=M001&xuat=xlsx",
            lambda: current.filter(card_no__contains="M001"),
            8,
        ),
        "members, whole city (city office)": (city, f"{members_url}?xuat=xlsx", lambda: current, 8),
        "subtree table, a ward": (
            ward_office,
            subtree_url,
            lambda: StoredVerdict.objects.filter(
                year=args.year, model__in=("cell", "grassroots"), organization_path__startswith=ward.path
            ).order_by("organization_path"),
            width,
        ),
        "subtree table, whole city": (
            city,
            subtree_url,
            lambda: StoredVerdict.objects.filter(year=args.year, model__in=("cell", "grassroots")).order_by(
                "organization_path"
            ),
            width,
        ),
    }
    fields = {name: member_fields if name.startswith("members") else verdict_fields for name in cases}
    rows = {name: rows_of().count() for name, (_, _, rows_of, _) in cases.items()}
    tasks: dict[str, Any] = {}
    for name, (client, url, rows_of, w) in cases.items():
        tasks[f"{name}|export"] = lambda client=client, url=url: get_ok(client, url)
        tasks[f"{name}|bound"] = lambda rows_of=rows_of, w=w, f=fields[name]: bare_xlsx(
            rows_of().values_list(*f).iterator(chunk_size=2000), w
        )
    times = interleaved(tasks, args.runs)
    sizes = {name: get_ok(client, url) for name, (client, url, _, _) in cases.items()}

    memory: dict[str, tuple[int, int]] = {}
    if not args.no_memory:
        for key, task in tasks.items():
            memory[key] = (forked(lambda task=task: python_peak(task)[1]), forked(lambda task=task: rss_peak(task)[1]))

    print(
        f"database: {connection.vendor}; members {Member.objects.count():,}; built in {t_build:.1f} s; "
        f"median of {args.runs} interleaved rounds; memory: Python peak (tracemalloc) / resident rise, MB"
    )
    print(f"  {'export':<40} {'rows':>8} {'file MB':>8} {'export ms':>10} {'bound ms':>9} {'×':>5}  memory MB")
    for name in cases:
        export, bound = median(times[f"{name}|export"]), median(times[f"{name}|bound"])
        mem = ""
        if memory:
            (e_py, e_rss), (b_py, b_rss) = memory[f"{name}|export"], memory[f"{name}|bound"]
            mem = f"export {mb(e_py)} / {mb(e_rss)}, bound {mb(b_py)} / {mb(b_rss)}"
        print(
            f"  {name:<40} {rows[name]:>8,} {sizes[name] / 1024 / 1024:>8.1f} {export:>10.0f} {bound:>9.0f} "
            f"{export / bound:>5.2f}  {mem}"
        )


if __name__ == "__main__":
    main()
