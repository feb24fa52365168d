"""`python manage.py import_bundle FILE.json`: load an interchange bundle, all or nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bontot.bundle.importer import BundleError, ImportSummary, import_bundle_file, section_labels


class Command(BaseCommand):
    help = (
        "Nhập gói dữ liệu trao đổi (bontot-bundle/1) từ tệp JSON: kiểm tra toàn bộ, rồi ghi tất cả hoặc không ghi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp JSON của gói dữ liệu (UTF-8)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = import_bundle_file(options["file"])
        except BundleError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(
                f"Gói dữ liệu có {len(exc.errors)} lỗi; không có dữ liệu nào được ghi vào cơ sở dữ liệu."
            ) from exc
        self.stdout.write(format_summary(summary))
        for warning in summary.warnings:
            self.stderr.write(f"Cảnh báo: {warning}")


def format_summary(summary: ImportSummary) -> str:
    """Return the import summary in Vietnamese, one line per section that had items."""
    lines = [
        f"Đã nhập gói dữ liệu: {summary.created} thêm mới, {summary.updated} cập nhật, "
        f"{summary.unchanged} không thay đổi."
    ]
    labels = section_labels()
    for name, count in summary.sections.items():
        if count.total:
            lines.append(
                f"- {labels[name].capitalize()}: {count.created} thêm mới, {count.updated} cập nhật, "
                f"{count.unchanged} không thay đổi"
            )
    return "\n".join(lines)
