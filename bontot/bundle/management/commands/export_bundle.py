"""`python manage.py export_bundle [-o FILE] [--year Y]`: write the database as an interchange bundle."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bontot.bundle.exporter import export_bundle
from bontot.bundle.schema import YEAR_MAX, YEAR_MIN


class Command(BaseCommand):
    help = "Xuất toàn bộ dữ liệu thành gói dữ liệu trao đổi (bontot-bundle/1), JSON UTF-8."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", metavar="FILE", help="ghi vào tệp này (mặc định: stdout)")
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            metavar="Y",
            help="chỉ xuất số liệu của năm này (lặp lại được); tổ chức và đảng viên luôn xuất đủ",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"]
        for year in years or ():
            if not YEAR_MIN <= year <= YEAR_MAX:
                raise CommandError(f"Năm {year} không hợp lệ (từ {YEAR_MIN} đến {YEAR_MAX}).")
        text = json.dumps(export_bundle(years=years), ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            return
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is not None:
            # Write UTF-8 bytes whatever the console's encoding (a Windows console may not be UTF-8).
            self.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            self.stdout.write(text, ending="")
