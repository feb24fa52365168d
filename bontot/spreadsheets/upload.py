"""Read a filled template, check every row, and import it through the bundle importer (all or nothing).

1. File checks before parsing: size (`SPREADSHEET_MAX_MB`), an .xlsx (zip) container openpyxl can open and
   that does not inflate beyond `core.office_files.MAX_INFLATED_BYTES` (a zip bomb),
   the template's headers, at least one data row, at most `SPREADSHEET_MAX_ROWS` rows.
2. Each cell is read into the bundle's value (dates dd/mm/yyyy or date cells, Vietnamese labels → codes);
   organisation codes must be in the uploader's subtree (an unknown and a foreign code get the same message),
   existing card numbers must belong to members of that subtree, natural keys must not repeat in the file.
3. The rows that passed are handed, as one bundle, to `bundle.importer.import_bundle` inside a savepoint
   that is rolled back (the preview), so the bundle's rules run once and live in one place; its errors come
   back on their row and column in Vietnamese. Confirming reads the stored file again and imports for real.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from openpyxl import load_workbook

from bontot.bundle.importer import ImportSummary, import_bundle
from bontot.bundle.schema import FORMAT, BundleError
from bontot.core.office_files import inflated_size_problem
from bontot.members.models import Member
from bontot.members.permissions import MEMBER_WRITERS, OFFICE
from bontot.organizations.access import Grant, visible_members, visible_organizations
from bontot.organizations.models import Organization

from .sheets import BOOL, CHOICE, DATA_SHEET, DATE, INT, NO, TEXT, YES, Column, Sheet

FIRST_DATA_ROW = 2
_DATE_TEXT = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_BUNDLE_ERROR = re.compile(r"(?P<section>[a-z_]+)\[(?P<index>\d+)\](?:\.(?P<key>[a-z_]+))?: (?P<message>.*)", re.DOTALL)
_TRUE = {YES.casefold(), "x", "true", "1", "đúng"}
_FALSE = {NO.casefold(), "false", "0", "sai"}


@dataclass(frozen=True)
class RowError:
    """One problem: the sheet row (1-based, as Excel shows it; 0 for the whole file), column, value, why."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class Checked:
    """The result of checking a file: the rows read, every error, and the import counts of a dry run."""

    sheet: Sheet
    rows: list[dict[str, Any]] = field(default_factory=list)  # {"row": n, "values": {...}} per data row
    errors: list[RowError] = field(default_factory=list)
    summary: ImportSummary | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def counts(self) -> Any:
        """What the import would do with the sheet's section (created / updated / unchanged), when valid."""
        return self.summary[self.sheet.section] if self.summary is not None else None

    def file_error(self, message: str) -> Checked:
        self.errors.append(RowError(0, "", "", message))
        return self


class SpreadsheetError(Exception):
    """A file-level problem (size, format, headers, empty): nothing of the file is read further."""


def max_bytes() -> int:
    return int(settings.SPREADSHEET_MAX_MB) * 1024 * 1024


def check_size(size: int) -> None:
    """Refuse a file over the size limit before reading any of it."""
    if size > max_bytes():
        raise SpreadsheetError(
            f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB); chỉ nhận tệp đến {settings.SPREADSHEET_MAX_MB} MB."
        )


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_rows(handle: IO[bytes], sheet: Sheet) -> list[tuple[int, list[Any]]]:
    """Return the data rows of an uploaded template as (row number, cells in the template's column order).

    Raises SpreadsheetError for a file that is not an .xlsx workbook, lacks a column, or has no data row.
    """
    if not zipfile.is_zipfile(handle):
        raise SpreadsheetError("Tệp không phải là tệp Excel (.xlsx); hãy lưu tệp theo định dạng Excel .xlsx.")
    too_big = inflated_size_problem(handle)  # before openpyxl inflates every part in memory
    if too_big is not None:
        raise SpreadsheetError(too_big)
    handle.seek(0)
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign zip
        raise SpreadsheetError("Tệp không đọc được như một tệp Excel (.xlsx); tệp có thể bị hỏng.") from exc
    try:
        worksheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        rows = worksheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(cell is None for cell in header):
            raise SpreadsheetError("Tệp trống: không có dòng tiêu đề và không có dòng dữ liệu nào.")
        positions = {_show(cell).strip().casefold(): index for index, cell in enumerate(header) if cell is not None}
        missing = [column.header for column in sheet.columns if column.header.casefold() not in positions]
        if missing:
            raise SpreadsheetError(
                f"Thiếu cột {', '.join(f'“{name}”' for name in missing)} ở dòng 1; hãy dùng đúng tệp mẫu "
                f"“{sheet.title}”."
            )
        order = [positions[column.header.casefold()] for column in sheet.columns]
        read: list[tuple[int, list[Any]]] = []
        limit = int(settings.SPREADSHEET_MAX_ROWS)
        for number, raw in enumerate(rows, start=FIRST_DATA_ROW):
            cells = [raw[index] if index < len(raw) else None for index in order]
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue
            if len(read) >= limit:
                raise SpreadsheetError(f"Tệp có hơn {limit} dòng dữ liệu; hãy chia thành nhiều tệp.")
            read.append((number, cells))
    finally:
        book.close()
    if not read:
        raise SpreadsheetError("Tệp không có dòng dữ liệu nào (từ dòng 2 của trang “Dữ liệu”).")
    return read


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return _show(value)
    return str(value).strip()


def read_cell(column: Column, value: Any) -> tuple[Any, str | None]:
    """Return (the bundle value, None) or (None, why in Vietnamese) for one cell; empty cells give None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ("Ô bắt buộc đang để trống." if column.required else None)
    if column.kind == TEXT:
        text = _as_text(value)
        if column.max_length and len(text) > column.max_length:
            return None, f"Dài hơn {column.max_length} ký tự."
        return text, None
    if column.kind == DATE:
        if isinstance(value, datetime.datetime):
            return value.date().isoformat(), None
        if isinstance(value, datetime.date):
            return value.isoformat(), None
        match = _DATE_TEXT.fullmatch(str(value).strip())
        if not match:
            return None, "Không đúng dạng ngày dd/mm/yyyy."
        day, month, year = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day).isoformat(), None
        except ValueError:
            return None, "Không phải ngày có thật (dd/mm/yyyy)."
    if column.kind == CHOICE:
        wanted = _as_text(value).casefold()
        for label, code in column.choices.items():
            if wanted in (label.casefold(), code):
                return code, None
        return None, f"Không phải một trong: {'; '.join(column.choices)}."
    if column.kind == BOOL:
        if isinstance(value, bool):
            return value, None
        text = _as_text(value).casefold()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE, None
        return None, f"Ghi “{YES}” hoặc “{NO}”."
    if column.kind == INT:
        if isinstance(value, bool):
            return None, "Không phải số nguyên."
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        else:
            return None, "Không phải số nguyên."
        if number < 0:
            return None, "Không được là số âm."
        return number, None
    raise ValueError(f"unknown column kind {column.kind!r}")  # a mistake in sheets.py


@dataclass(frozen=True)
class Scope:
    """What the uploader may write: organisation codes of their subtree (writer roles), and which existing
    card numbers are members of it. Grants only: the uploader's own member record counts as anyone else's."""

    codes: frozenset[str]
    cards: frozenset[str]
    foreign_cards: frozenset[str]
    # The organisations whose rating the uploader decides: those whose PARENT is under an office grant (an
    # organisation is rated on its parent's grid, facts.access_ratings), never the office's own committee.
    rated_codes: frozenset[str] = frozenset()
    # Members under an office grant: their final ratings, their departure and their cell are decided there
    # (a cell secretary proposes ratings; departures and transfers are office-only, members.views).
    office_cards: frozenset[str] = frozenset()
    # Existing members named in the file: card number → (current organisation code, date of leaving).
    current: dict[str, tuple[str, datetime.date | None]] = field(default_factory=dict)

    @classmethod
    def of(cls, actor: Any, held: tuple[Grant, ...] | None, cards: Iterable[str]) -> Scope:
        codes = frozenset(visible_organizations(actor, roles=MEMBER_WRITERS, held=held).values_list("code", flat=True))
        wanted = sorted(set(cards))
        mine = frozenset(
            visible_members(actor, roles=MEMBER_WRITERS, held=held, own=False)
            .filter(card_no__in=wanted)
            .values_list("card_no", flat=True)
        )
        current = {
            card: (code, left_on)
            for card, code, left_on in Member.objects.filter(card_no__in=wanted).values_list(
                "card_no", "organization__code", "left_on"
            )
        }
        offices = visible_organizations(actor, roles=OFFICE, held=held)
        rated_codes = frozenset(Organization.objects.filter(parent__in=offices).values_list("code", flat=True))
        office_cards = frozenset(
            visible_members(actor, roles=OFFICE, held=held, own=False)
            .filter(card_no__in=wanted)
            .values_list("card_no", flat=True)
        )
        return cls(codes, mine, frozenset(current) - mine, rated_codes, office_cards, current)


def _translate(message: str) -> str:
    """Return a bundle error message (English, docs/bundle.md) in Vietnamese; unknown shapes keep the detail."""
    patterns: list[tuple[str, str]] = [
        (r'"(.*)" is before (\w+) "(.*)"', "Ngày {0} trước {1} ({2})."),
        (r'"(.*)" is not after (\w+) "(.*)"', "Ngày {0} phải sau {1} ({2})."),
        (r"(\d+) is more than expected \((\d+)\)", "Số dự ({0}) lớn hơn số triệu tập ({1})."),
        (r'"(\w+)" does not fit score (\d+) \(expected (.*)\)', "Xếp loại không khớp với điểm {1}."),
        (r'"(.*)" is in the future.*', "Ngày họp {0} sau ngày hôm nay: chỉ nhập kỳ sinh hoạt đã họp."),
        (r'required when level is "not_rated"', "Cần ghi lý do khi “Không xếp loại”."),
        (r"unknown organization (.*)", "Không có tổ chức đảng mã {0}."),
        (r"unknown member (.*)", "Không có đảng viên số thẻ {0}."),
        (r'"(.*)" is a (\w+), not a .*', "Mã {0} không phải là chi bộ."),
        (r"duplicate of [a-z_]+\[(\d+)\].*", "Trùng với một dòng khác của tệp."),
        (r".* is longer than (\d+) characters", "Dài hơn {0} ký tự."),
        (r".* is not between (.*) and (.*)", "Ngoài khoảng cho phép ({0} – {1})."),
        (r".*contains.*character.*", "Có ký tự không hợp lệ."),
    ]
    for pattern, text in patterns:
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            return text.format(*match.groups())
    return f"Không hợp lệ theo quy tắc của gói dữ liệu ({message})."


_LABELS = {
    "birth_date": "ngày sinh",
    "admitted_on": "ngày vào Đảng",
    "official_on": "ngày chính thức",
    "left_on": "ngày ra khỏi Đảng bộ",
}


class _DryRunError(Exception):
    def __init__(self, summary: ImportSummary) -> None:
        self.summary = summary


def check_rows(
    sheet: Sheet, rows: list[tuple[int, list[Any]]], *, actor: Any, held: tuple[Grant, ...] | None
) -> Checked:
    """Check every row (cells, scope, duplicates, then the bundle's own rules in a rolled-back import)."""
    checked = Checked(sheet)
    columns = {column.key: column for column in sheet.columns}
    card_keys = [key for key in ("card_no", "card") if key in columns]
    cards = [_as_text(cells[list(columns).index(key)]) for _, cells in rows for key in card_keys if cells]
    scope = Scope.of(actor, held, [card for card in cards if card])
    keys_seen: dict[tuple[Any, ...], int] = {}
    good: list[tuple[int, dict[str, Any], list[Any]]] = []
    for number, cells in rows:
        values: dict[str, Any] = {}
        problems: list[RowError] = []
        for column, cell in zip(sheet.columns, cells, strict=True):
            value, why = read_cell(column, cell)
            if why is None:
                why = _scope_problem(sheet, column, value, scope)
            if why is not None:
                problems.append(RowError(number, column.header, _show(cell), why))
            else:
                values[column.key] = value
        if sheet.section == "quality_ratings" and not problems:
            problems += _subject_problems(number, values, columns, scope)
        if sheet.section == "members" and not problems:
            problems += _member_change_problems(number, values, columns, scope)
        if not problems:
            key = _natural_key(sheet, values)
            if key in keys_seen:
                first = columns[_key_column(sheet)]
                problems.append(
                    RowError(number, first.header, _show(cells[sheet.columns.index(first)]),
                             f"Trùng với dòng {keys_seen[key]}.")
                )  # fmt: skip
            else:
                keys_seen[key] = number
        checked.rows.append({"row": number, "values": values, "cells": [_show(cell) for cell in cells]})
        if problems:
            checked.errors += problems
        else:
            good.append((number, values, cells))
    if good:
        _check_with_bundle(checked, good, actor)
    checked.errors.sort(key=lambda error: (error.row, [c.header for c in sheet.columns].index(error.column)
                                           if error.column in [c.header for c in sheet.columns] else 99))  # fmt: skip
    return checked


def _scope_problem(sheet: Sheet, column: Column, value: Any, scope: Scope) -> str | None:
    if value is None:
        return None
    if column.key in ("organization", "code") and value not in scope.codes:
        return f"Mã “{value}” không phải là tổ chức đảng trong phạm vi của bạn."
    if column.key == "card_no" and value in scope.foreign_cards:
        return f"Số thẻ “{value}” là của một đảng viên ngoài phạm vi của bạn; không thể nhập."
    if column.key == "card" and value not in scope.cards:
        return f"Không có đảng viên số thẻ “{value}” trong phạm vi của bạn."
    return None


def _subject_problems(number: int, values: dict[str, Any], columns: dict[str, Column], scope: Scope) -> list[RowError]:
    card, code = values.get("card"), values.get("code")
    if (card is None) == (code is None):
        why = "Ghi số thẻ đảng viên hoặc mã tổ chức (chỉ một trong hai)."
        return [RowError(number, columns["card"].header, _show(card or ""), why)]
    if code is not None and code not in scope.rated_codes:
        why = (
            "Xếp loại tổ chức đảng do văn phòng cấp ủy cấp trên của tổ chức đó nhập (trong phạm vi của mình); "
            "bí thư chi bộ và văn phòng của chính tổ chức đó không nhập được."
        )
        return [RowError(number, columns["code"].header, code, why)]
    if values.get("final") and card is not None and card not in scope.office_cards:
        why = "Bí thư chi bộ chỉ nhập xếp loại dự kiến (“Chính thức”: “Không”); cấp ủy quyết định kết quả chính thức."
        return [RowError(number, columns["final"].header, YES, why)]
    return []


def _member_change_problems(
    number: int, values: dict[str, Any], columns: dict[str, Column], scope: Scope
) -> list[RowError]:
    """Keep an existing member's departure and cell as recorded (the sheet's one rule on both).

    A departure and a transfer go through the member's page, for everyone (members.services
    `record_departure`, `transfer_member`: memberships, the member role and the audit), which a sheet row,
    written straight through the bundle, would skip: a row may restate them, not change them. An empty
    "left_on" cell keeps a recorded departure: `values` gets the recorded date. A new member's row may carry
    both (a member entered with their history).
    """
    current = scope.current.get(values["card_no"])
    if current is None:  # a new member
        return []
    code, left_on = current
    if values.get("left_on") is None and left_on is not None:
        values["left_on"] = left_on.isoformat()
    problems = []
    if values.get("left_on") != (left_on.isoformat() if left_on else None):
        why = (
            "Ngày ra khỏi Đảng bộ của đảng viên đã có được ghi trên trang đảng viên (“Ra khỏi Đảng”, do văn phòng "
            "cấp ủy), để đóng sinh hoạt và vai trò của đảng viên; không đổi được ngày này từ tệp Excel."
        )
        column = columns["left_on"]
        shown = _show(datetime.date.fromisoformat(values["left_on"])) if values.get("left_on") else ""
        problems.append(RowError(number, column.header, shown, why))
    if values["organization"] != code:
        why = (
            f"Đảng viên đang sinh hoạt ở “{code}”; chuyển sinh hoạt trên trang đảng viên (“Chuyển sinh hoạt”, do "
            "văn phòng cấp ủy), không đổi từ tệp Excel."
        )
        problems.append(RowError(number, columns["organization"].header, values["organization"], why))
    return problems


def _key_column(sheet: Sheet) -> str:
    return {"members": "card_no", "meetings": "held_on", "quality_ratings": "year"}[sheet.section]


def _natural_key(sheet: Sheet, values: dict[str, Any]) -> tuple[Any, ...]:
    if sheet.section == "members":
        return (values["card_no"],)
    if sheet.section == "meetings":
        return (values["organization"], values["held_on"], values["kind"])
    return (values["year"], values.get("card"), values.get("code"))


def to_bundle_item(sheet: Sheet, values: dict[str, Any]) -> dict[str, Any]:
    """Return a row's values as an item of the bundle section (optional empty keys left out)."""
    item = {key: value for key, value in values.items() if value is not None and key not in ("card", "code")}
    if sheet.section == "quality_ratings":
        item["subject"] = f"member:{values['card']}" if values.get("card") else f"org:{values['code']}"
    return item


def _bundle(sheet: Sheet, good: list[tuple[int, dict[str, Any], list[Any]]]) -> dict[str, Any]:
    return {"format": FORMAT, sheet.section: [to_bundle_item(sheet, values) for _, values, _ in good]}


def _check_with_bundle(checked: Checked, good: list[tuple[int, dict[str, Any], list[Any]]], actor: Any) -> None:
    """Run the bundle importer on the good rows in a savepoint rolled back; map its errors to rows."""
    sheet = checked.sheet
    try:
        with transaction.atomic():
            raise _DryRunError(import_bundle(_bundle(sheet, good), actor=actor))
    except _DryRunError as dry_run:
        checked.summary = dry_run.summary
        return
    except BundleError as error:
        messages = error.errors
    by_key = {column.key: column for column in sheet.columns}
    by_key["subject"] = by_key.get("card") or sheet.columns[0]
    for message in messages:
        match = _BUNDLE_ERROR.fullmatch(message)
        if not match or match["section"] != sheet.section:
            checked.errors.append(RowError(0, "", "", _translate(message)))
            continue
        number, values, cells = good[int(match["index"])]
        column = by_key.get(match["key"] or "", sheet.columns[0])
        value = _show(cells[sheet.columns.index(column)])
        text = _translate(match["message"])
        for key, label in _LABELS.items():
            text = text.replace(f" {key} ", f" {label} ")
        checked.errors.append(RowError(number, column.header, value, text))


def check_file(handle: IO[bytes], size: int, sheet: Sheet, *, actor: Any, held: tuple[Grant, ...] | None) -> Checked:
    """Check an uploaded file end to end; file-level problems come back as one error on row 0."""
    try:
        check_size(size)
        rows = read_rows(handle, sheet)
    except SpreadsheetError as error:
        return Checked(sheet).file_error(str(error))
    return check_rows(sheet, rows, actor=actor, held=held)


def import_checked(checked: Checked, *, actor: Any) -> ImportSummary:
    """Import the rows of a file checked without errors, as one bundle (all or nothing)."""
    if not checked.ok:
        raise BundleError([error.message for error in checked.errors] or ["empty"])
    good = [(row["row"], row["values"], row["cells"]) for row in checked.rows]
    return import_bundle(_bundle(checked.sheet, good), actor=actor)
