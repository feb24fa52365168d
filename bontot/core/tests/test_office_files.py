"""Office files: the uncompressed-size cap at its boundary, and text cells that never become formulas."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook, load_workbook

from bontot.core.office_files import inflated_size_problem, text_cells


def _archive(*sizes: int) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, size in enumerate(sizes):
            archive.writestr(f"part{n}.xml", b" " * size)
    return buffer


def test_it_allows_exactly_the_cap_and_refuses_one_byte_more():
    assert inflated_size_problem(_archive(600, 400), limit=1000) is None
    problem = inflated_size_problem(_archive(600, 401), limit=1000)
    assert problem is not None and problem.startswith("Tệp giải nén ra tới")


def test_it_leaves_a_file_that_is_not_a_zip_to_its_reader_and_rewinds():
    handle = io.BytesIO(b"not a zip")
    assert inflated_size_problem(handle, limit=1) is None
    archive = _archive(10)
    inflated_size_problem(archive, limit=1)
    assert archive.tell() == 0


def test_text_cells_keep_texts_as_strings_in_both_kinds_of_workbook():
    for write_only in (True, False):
        book = Workbook(write_only=write_only)
        sheet = book.create_sheet("Dữ liệu")
        sheet.append(text_cells(sheet, ["=1+2", "#REF!", 4, None, "Tên"]))
        out = io.BytesIO()
        book.save(out)
        row = next(load_workbook(io.BytesIO(out.getvalue()))["Dữ liệu"].iter_rows())
        assert [(cell.value, cell.data_type) for cell in row] == [
            ("=1+2", "s"), ("#REF!", "s"), (4, "n"), (None, "n"), ("Tên", "s")
        ]  # fmt: skip
