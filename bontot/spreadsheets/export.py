"""Export any list to .xlsx without holding it in memory: a write-only workbook spooled to a temporary file.

`xlsx_response(title, headers, rows)` consumes `rows` (an iterable, e.g. built on `queryset.iterator()`)
one row at a time into openpyxl's write-only workbook (it keeps rows in its own temporary files), saves it to
a SpooledTemporaryFile (in memory up to 1 MB, on disk beyond) and returns it as a FileResponse, which streams
the file in blocks.
"""

from __future__ import annotations

import datetime
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bontot.core.office_files import text_cells

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_PARAM, EXPORT_VALUE = "xuat", "xlsx"  # `?…&xuat=xlsx`: the page's own filters, as a workbook
_SPOOL_BYTES = 1024 * 1024
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 (and so .xlsx) cannot hold


def wants_xlsx(request: HttpRequest) -> bool:
    """Return whether a list page is asked for its Excel export (the "Xuất Excel" link)."""
    return request.GET.get(EXPORT_PARAM) == EXPORT_VALUE


def export_query(query: str) -> str:
    """Return the page's query string with the export parameter added (and any page number dropped)."""
    kept = "&".join(part for part in query.split("&") if part and not part.startswith(("page=", f"{EXPORT_PARAM}=")))
    return f"{kept}&{EXPORT_PARAM}={EXPORT_VALUE}" if kept else f"{EXPORT_PARAM}={EXPORT_VALUE}"


def slug_filename(title: str) -> str:
    """Return an ASCII file name for `title` ("Danh sách đảng viên" → "danh-sach-dang-vien.xlsx")."""
    plain = unicodedata.normalize("NFKD", title.replace("đ", "d").replace("Đ", "D"))
    plain = plain.encode("ascii", "ignore").decode().lower()
    return (re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "danh-sach") + ".xlsx"


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones: the local time
    if value is None or isinstance(value, (int, float, datetime.date)):
        return value
    return _ILLEGAL.sub("", str(value))


def write_xlsx(handle: Any, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write a one-sheet workbook (bold header row, dates dd/mm/yyyy, moments dd/mm/yyyy hh:mm in local time)
    into the binary file `handle`."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=re.sub(r"[\\/*?:\[\]]", " ", title)[:31])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            value = _cell_value(value)
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY HH:MM" if isinstance(value, datetime.datetime) else "DD/MM/YYYY"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(text_cells(sheet, cells))  # a name beginning with "=" stays text
    book.save(handle)


def xlsx_response(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> FileResponse:
    """Return the rows as an .xlsx download named after `title`, built without holding the list in memory."""
    spooled = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
    write_xlsx(spooled, title, headers, rows)
    spooled.seek(0)
    return FileResponse(spooled, as_attachment=True, filename=slug_filename(title), content_type=XLSX_TYPE)
