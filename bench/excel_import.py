"""Benchmark: the Excel upload (preview, then confirm) of a 10,000-row workbook against its lower bounds.

Usage (from the project root, after `make setup`):
    .venv/bin/python bench/excel_import.py                                  # SQLite, temporary database
    .venv/bin/python bench/excel_import.py --workdir /tmp/perf-import --reuse
    createdb -h 127.0.0.1 -U postgres bontot_bench_import
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bontot_bench_import .venv/bin/python bench/excel_import.py

The database holds the organisations of `bench/dashboard_subtree.py`'s city (`--wards` wards of `--cells`
cells; no members). The city office uploads, through Django's test client, a members workbook (`dang-vien`)
and a meetings workbook (`sinh-hoat`) of `--rows` new rows each (written by openpyxl as Excel writes them:
shared strings, date cells), new card numbers and dates every round so that each confirmation creates them
all. Timed in interleaved rounds (medians):
(a) preview: POST of the file to `spreadsheets:upload` (read, check every row, the bundle's rules in a
    rolled-back import), the page with the preview;
(b) confirm: POST of the token to `spreadsheets:confirm` (the stored file read and checked again, then imported
    in one transaction; the verdicts' refresh is enqueued as in production, not run);
and the lower bounds, on the same file and rows in the same round:
(c) openpyxl's read-only load of the file, every row's values read (what any reading must do);
(d) a bare `bulk_create` of the same rows (members with their cell; meetings), in one transaction.
Then one more round under tracemalloc gives the peak of Python allocations of (a) and (b).
"""

from __future__ import annotations

import argparse
import datetime
import io
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import interleaved, mb, median, office_clients, open_database, python_peak, setup_django  # noqa: E402
from dashboard_subtree import build_city  # noqa: E402

GENDERS = ("Nam", "Nữ")


def member_rows(round_no: int, rows: int, cells: list[Any]) -> list[list[Any]]:
    """Return `rows` new members (card numbers of this round), in the template's column order."""
    return [
        [
            f"R{round_no:02d}-{n:06d}",
            f"Nguyễn Thị Thử {round_no:02d}{n:06d}",
            datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
            GENDERS[n % 2],
            cells[n % len(cells)].code,
            datetime.date(2000 + n % 20, 1 + n % 12, 1 + n % 28),
            datetime.date(2001 + n % 20, 1 + n % 12, 1 + n % 28),
            "Có" if n % 3 == 0 else "Không",
            None,
        ]
        for n in range(rows)
    ]


def meeting_rows(round_no: int, rows: int, cells: list[Any], year: int) -> list[list[Any]]:
    """Return `rows` new meetings: each cell's `rows / cells` meetings on days of this round (never twice)."""
    per_cell = -(-rows // len(cells))
    start = datetime.date(year, 1, 1) + datetime.timedelta(days=round_no * per_cell)
    return [
        [
            cells[n % len(cells)].code,
            start + datetime.timedelta(days=n // len(cells)),
            "Sinh hoạt thường kỳ",
            ("Tốt", "Khá", "Trung bình")[n % 3],
            18,
            20,
            90,
            None,
            f"Kỳ họp thử {n}",
        ]
        for n in range(rows)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--sheets", nargs="+", default=["dang-vien", "sinh-hoat"], choices=["dang-vien", "sinh-hoat"])
    parser.add_argument("--wards", type=int, default=20)
    parser.add_argument("--cells", type=int, default=50, help="cells per ward")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--workdir", type=Path, help="SQLite: keep the database in this folder (else a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="reuse the organisations already built (in --workdir)")
    args = parser.parse_args()
    with open_database(args.workdir, args.reuse, "import") as reuse:
        run(args, reuse=reuse)


def run(args: argparse.Namespace, *, reuse: bool) -> None:  # noqa: C901 - one benchmark, told top to bottom
    setup_django()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import override_settings
    from django.urls import reverse
    from openpyxl import load_workbook

    from bontot.facts.models import Meeting
    from bontot.members.models import Member
    from bontot.organizations.models import Organization
    from bontot.spreadsheets.sheets import SHEETS
    from bontot.spreadsheets.tests.files import excel_file

    if not (reuse and Organization.objects.exists()):
        if connection.vendor != "sqlite":
            call_command("flush", interactive=False, verbosity=0)
        build_city(0, args.wards, args.cells, args.year)
    first_round = Member.objects.filter(card_no__startswith="R").count() // args.rows + 1  # a reused database
    cells = list(Organization.objects.filter(kind="cell").order_by("code"))
    _, office = office_clients("TP")
    # As in production: the import enqueues the year's refresh of the verdicts, a task run elsewhere.
    tasks = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
    tasks.enable()
    settings.SPREADSHEET_MAX_ROWS = max(int(settings.SPREADSHEET_MAX_ROWS), args.rows)

    class Round:
        """The file, token and rows of the round being timed, for one sheet."""

        def __init__(self, kind: str) -> None:
            self.kind, self.sheet = kind, SHEETS[kind]
            self.content = b""
            self.rows: list[list[Any]] = []
            self.token = ""

        def prepare(self, round_no: int) -> None:
            n = first_round + round_no
            if self.kind == "dang-vien":
                self.rows = member_rows(n, args.rows, cells)
            else:
                self.rows = meeting_rows(n, args.rows, cells, args.year)
            self.content = excel_file(self.sheet, self.rows)

        def preview(self) -> None:
            upload = SimpleUploadedFile("du-lieu.xlsx", self.content, content_type="application/octet-stream")
            response = office.post(reverse("spreadsheets:upload", kwargs={"kind": self.kind}), {"tep": upload})
            found = re.search(rb'name="token" value="([^"]+)"', response.content)
            assert response.status_code == 200 and found, response.content.decode()[-3000:]
            self.token = found[1].decode()

        def confirm(self) -> None:
            url = reverse("spreadsheets:confirm", kwargs={"kind": self.kind})
            response = office.post(url, {"token": self.token})
            assert response.status_code == 302, response.content.decode()[-3000:]

        def read_bound(self) -> None:
            book = load_workbook(io.BytesIO(self.content), read_only=True, data_only=True)
            count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
            book.close()
            assert count == len(self.rows) + 1

        def write_bound(self) -> None:
            by_code = {cell.code: cell for cell in cells}
            with transaction.atomic():
                if self.kind == "dang-vien":
                    Member.objects.bulk_create(
                        (
                            Member(
                                card_no=f"B{row[0]}",
                                full_name=row[1],
                                sort_name=row[1],
                                birth_date=row[2],
                                gender="female" if row[3] == "Nữ" else "male",
                                organization=by_code[row[4]],
                                admitted_on=row[5],
                                official_on=row[6],
                                civil_servant=row[7] == "Có",
                            )
                            for row in self.rows
                        ),
                        batch_size=500,
                    )
                else:
                    Meeting.objects.bulk_create(
                        (
                            Meeting(
                                organization=by_code[row[0]],
                                held_on=row[1] + datetime.timedelta(days=200),
                                kind="regular",
                                grade="good",
                                attendance=row[4],
                                expected=row[5],
                                minutes=row[6],
                                topic=row[8],
                            )
                            for row in self.rows
                        ),
                        batch_size=500,
                    )

    rounds = {kind: Round(kind) for kind in args.sheets}
    steps: dict[str, Any] = {}
    for kind, r in rounds.items():
        steps[f"{kind}: prepare"] = lambda r=r: r.prepare(next(counter))
        steps[f"{kind}: (a) preview"] = r.preview
        steps[f"{kind}: (b) confirm"] = r.confirm
        steps[f"{kind}: (c) openpyxl read"] = r.read_bound
        steps[f"{kind}: (d) bulk_create"] = r.write_bound
    counter = iter(range(10_000))
    times = interleaved(steps, args.runs)

    peaks: dict[str, int] = {}
    for kind, r in rounds.items():
        r.prepare(next(counter))
        peaks[f"{kind}: (c) openpyxl read"] = python_peak(r.read_bound)[1]
        peaks[f"{kind}: (a) preview"] = python_peak(r.preview)[1]
        peaks[f"{kind}: (b) confirm"] = python_peak(r.confirm)[1]
        peaks[f"{kind}: (d) bulk_create"] = python_peak(r.write_bound)[1]
    tasks.disable()

    print(
        f"database: {connection.vendor}; {args.rows:,} rows a file; file sizes "
        + ", ".join(f"{kind} {len(r.content) / 1024:.0f} KB" for kind, r in rounds.items())
        + f"; median of {args.runs} interleaved rounds; Python peak (tracemalloc) in one more round"
    )
    for kind in rounds:
        ms = {name.split(": ", 1)[1]: median(values) for name, values in times.items() if name.startswith(kind)}
        for name, value in ms.items():
            if name == "prepare":
                continue
            peak = peaks.get(f"{kind}: {name}")
            print(f"  {kind:<10} {name:<20} {value:9.0f} ms   peak {mb(peak) if peak is not None else '—':>7} MB")
        read, write = ms["(c) openpyxl read"], ms["(d) bulk_create"]
        print(
            f"  {kind:<10} preview / read ×{ms['(a) preview'] / read:.1f};  confirm / (read + bulk_create) "
            f"×{ms['(b) confirm'] / (read + write):.1f};  rows a second: preview "
            f"{args.rows / ms['(a) preview'] * 1000:,.0f}, confirm {args.rows / ms['(b) confirm'] * 1000:,.0f}"
        )


if __name__ == "__main__":
    main()
