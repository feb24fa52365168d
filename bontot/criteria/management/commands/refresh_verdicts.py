"""`python manage.py refresh_verdicts --year Y [--org CODE] [--as-of DATE]`: store the year's verdicts.

For cron (every night, so that the warnings' "còn N tháng" follow the calendar) or after an import.
Progress goes to stderr; the last line on stdout says how many verdicts were written.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bontot.criteria.engine.criteria_set import CriteriaSetError
from bontot.criteria.loader import ScopeError
from bontot.criteria.management.commands.evaluate import PROGRESS_SECONDS, number, parse_date, seconds
from bontot.criteria.verdicts import refresh_verdicts
from bontot.organizations.models import Organization


class Command(BaseCommand):
    help = "Tính lại và lưu kết quả đánh giá tự động (kết luận, cảnh báo sớm) của một năm, cho cả năm hoặc một tổ chức."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Năm đánh giá")
        parser.add_argument(
            "--org", help="Mã tổ chức đảng: tổ chức này và cấp dưới, đảng viên của chúng và các cấp ủy cấp trên"
        )
        parser.add_argument("--as-of", dest="as_of", help="Tính đến ngày (dd/mm/yyyy); mặc định hôm nay")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_date(options["as_of"]) if options["as_of"] else None
        org_ids = None
        if options["org"]:
            path = Organization.objects.filter(code=options["org"]).values_list("path", flat=True).first()
            if path is None:
                raise CommandError(f"Không có tổ chức đảng mã {options['org']}.")
            org_ids = list(Organization.objects.filter(path__startswith=path).values_list("id", flat=True))
        started = last = time.monotonic()

        def progress(done: int, total: int) -> None:
            nonlocal last
            if done == total or time.monotonic() - last >= PROGRESS_SECONDS:
                last = time.monotonic()
                self.stderr.write(f"Đã lưu {number(done)}/{number(total)} kết quả…", style_func=str)

        self.stderr.write(f"Đang tính lại kết quả năm {options['year']}…", style_func=str)
        try:
            written = refresh_verdicts(
                options["year"],
                organization_ids=org_ids,
                member_ids=None if org_ids is None else [],
                as_of=as_of,
                progress=progress,
            )
        except (ScopeError, CriteriaSetError) as exc:
            raise CommandError(str(exc)) from exc
        took = seconds(time.monotonic() - started)
        self.stdout.write(f"Đã lưu {number(written)} kết quả đánh giá năm {options['year']} trong {took}.")
