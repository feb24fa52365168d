from typing import Any

from django.core.management.base import BaseCommand

from bontot.documents.docx_templates import build


class Command(BaseCommand):
    help = "Tạo lại các mẫu văn bản Word (bontot/documents/docx/*.docx) từ docx_templates.py."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in build():
            self.stdout.write(f"Đã ghi {path}")
