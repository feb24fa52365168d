"""Safe handling of Office Open XML files (.xlsx, .docx): both are zip archives of XML parts.

- `inflated_size_problem(handle)`: refuse a zip bomb before any reader inflates it. openpyxl and python-docx
  inflate each part whole before parsing, so a 5 MB upload may become gigabytes in memory. The archive's
  central directory declares each part's uncompressed size (`ZipInfo.file_size`), and Python's zipfile never
  returns more than the declared size of a part (a part that inflates further fails its CRC), so the sum
  of the declared sizes bounds what the readers can inflate.
- `text_cells(sheet, values)`: the values of one row for `sheet.append`, every text as a string cell. openpyxl
  turns a text beginning with "=" into a formula (and "#N/A" … into an error value), so a name typed by a user
  ("=HYPERLINK(…)") would become a live formula in an exported workbook.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from typing import IO, Any

from openpyxl.cell import WriteOnlyCell

# The most an uploaded .xlsx or .docx may hold uncompressed: ~20× the largest upload (5 MB); a real 5 MB
# workbook of members inflates to about 40 MB.
MAX_INFLATED_BYTES = 100 * 1024 * 1024


def inflated_size_problem(handle: IO[bytes], *, limit: int = MAX_INFLATED_BYTES) -> str | None:
    """Return why the zip archive `handle` is refused (in Vietnamese) when its parts declare more than `limit`
    bytes uncompressed, else None (None too for a file that is not a zip: its reader tells why)."""
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            total = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        handle.seek(0)
    if total > limit:
        return (
            f"Tệp giải nén ra tới {total / 1024 / 1024:.0f} MB, quá giới hạn {limit // 1024 // 1024} MB "
            "(tệp có thể bị hỏng hoặc chứa dữ liệu bất thường); không đọc tệp này."
        )
    return None


def text_cells(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Return `values` ready for `sheet.append` (a write-only or a normal worksheet), each text as a cell of
    type string, never a formula or an error value; other values unchanged."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row
