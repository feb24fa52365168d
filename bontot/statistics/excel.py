"""The statistics page's figures as an .xlsx workbook (openpyxl): one sheet a figure, Vietnamese headers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bontot.core.office_files import text_cells

from .figures import Figures
from .selectors import MODEL_LABELS, MODELS

PERCENT = "0.0"


def _sheet(book: Workbook, title: str, heading: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(text_cells(sheet, [heading]))  # texts (organisation names) never become formulas
    sheet["A1"].font = Font(bold=True)
    sheet.append(text_cells(sheet, headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(text_cells(sheet, row))
    for i, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(12, min(60, len(header) + 4))
        if header.startswith("Tỷ lệ"):
            for (cell,) in sheet.iter_rows(min_row=3, min_col=i, max_col=i):
                cell.number_format = PERCENT


def workbook(f: Figures) -> Workbook:
    """Return the workbook of the figures `f` (the same as the page shows)."""
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    day = f.as_of.strftime("%d/%m/%Y") if f.as_of else "—"
    heading = f"{f.scope.name} — năm {f.year} — số liệu tính đến ngày {day}"
    heading += f" — xuất ngày {timezone.localdate().strftime('%d/%m/%Y')}"
    _sheet(
        book,
        "Đăng ký",
        heading,
        ["Mô hình", "Số đối tượng", "Đã đăng ký", "Tỷ lệ đăng ký (%)"],
        ([r.label, r.subjects, r.registered, r.registered_pct] for r in f.by_model),
    )
    _sheet(
        book,
        "Công nhận",
        heading,
        ["Mô hình", "Số đối tượng", "Được công nhận", "Tỷ lệ công nhận (%)", "Đạt theo phần mềm", "Tỷ lệ đạt (%)"],
        ([r.label, r.subjects, r.recognised, r.recognised_pct, r.passed, r.passed_pct] for r in f.by_model),
    )
    _sheet(
        book,
        "Không đạt theo tiêu chí",
        heading,
        ["Mô hình", "Mã tiêu chí", "Tiêu chí", "Số không đạt", "Số đối tượng", "Tỷ lệ không đạt (%)"],
        ([c.label, c.code, c.title, c.failing, c.subjects, c.pct] for c in f.criteria),
    )
    if f.indicators:
        _sheet(
            book,
            f"Chỉ báo {f.drill_code}"[:31],
            f"{heading} — {MODEL_LABELS[f.drill_model]}, tiêu chí {f.drill_code}",
            ["Mã chỉ báo", "Chỉ báo", "Số không đạt", "Số đối tượng", "Tỷ lệ không đạt (%)"],
            ([i.code, i.label, i.failing, i.subjects, i.pct] for i in f.indicators),
        )
    _sheet(
        book,
        "Xếp loại đảng viên",
        heading,
        ["Mức xếp loại", "Chính thức", "Tỷ lệ chính thức (%)", "Đề xuất", "Tỷ lệ đề xuất (%)"],
        ([r.label, r.final, r.final_pct, r.proposed, r.proposed_pct] for r in f.ratings),
    )
    trend_rows = []
    for t in f.trend:
        by_model = {r.model: r for r in t["models"]}
        for m in MODELS:
            if m in by_model:
                r = by_model[m]
                trend_rows.append([t["year"], r.label, r.subjects, r.registered_pct, r.recognised_pct, r.passed_pct])
    _sheet(
        book,
        "Qua các năm",
        f"{f.scope.name} — các năm đánh giá",
        ["Năm", "Mô hình", "Số đối tượng", "Tỷ lệ đăng ký (%)", "Tỷ lệ công nhận (%)", "Tỷ lệ đạt (%)"],
        trend_rows,
    )
    return book
