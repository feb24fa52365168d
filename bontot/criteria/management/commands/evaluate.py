"""`python manage.py evaluate --year Y [--org CODE] [--as-of DATE] [--format table|json]`."""

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bontot.criteria.engine.criteria_set import CriteriaSetError
from bontot.criteria.loader import ScopeError
from bontot.criteria.selectors import evaluate_year

VERDICT_LABELS = {
    "pass": "Đạt",
    "fail": "Không đạt",
    "pending": "Chưa kết luận",
    "not_applicable": "Không áp dụng",
}
MODEL_LABELS = {"member": "Đảng viên", "cell": "Chi bộ", "grassroots": "Đảng bộ cơ sở"}


def parse_date(value: str) -> datetime.date:
    """Accept dd/mm/yyyy (as users write it) or ISO yyyy-mm-dd."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise CommandError(f'Ngày "{value}" không hợp lệ: hãy viết dd/mm/yyyy hoặc yyyy-mm-dd.')


class Command(BaseCommand):
    help = "Đánh giá tự động các tiêu chí bốn tốt của mọi đảng viên, chi bộ, đảng bộ trong phạm vi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Năm đánh giá")
        parser.add_argument("--org", dest="org", help="Mã tổ chức đảng: chỉ đánh giá tổ chức này và cấp dưới")
        parser.add_argument("--as-of", dest="as_of", help="Tính đến ngày (dd/mm/yyyy); mặc định hôm nay")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_date(options["as_of"]) if options["as_of"] else timezone.localdate()
        try:
            evaluation = evaluate_year(options["year"], as_of=as_of, org_code=options["org"])
        except (ScopeError, CriteriaSetError) as exc:
            raise CommandError(str(exc)) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"Năm {evaluation.year} — bộ tiêu chí {evaluation.criteria_set} — "
            f"tính đến ngày {as_of:%d/%m/%Y} (chốt số liệu {evaluation.cutoff:%d/%m/%Y})"
        )
        for result in evaluation.results:
            self.stdout.write("")
            self.stdout.write(
                f"{MODEL_LABELS[result.model]} {result.name} ({result.subject}): {VERDICT_LABELS[result.verdict]}"
            )
            for criterion in result.criteria:
                self.stdout.write(f"  {criterion.code} {VERDICT_LABELS[criterion.verdict]}")
                for ind in criterion.indicators:
                    self.stdout.write(f"    {ind.code:<8} {VERDICT_LABELS[ind.verdict]:<16} {ind.explanation}")
