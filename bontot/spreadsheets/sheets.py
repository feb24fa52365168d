"""The Excel templates: which columns each sheet has, what each column means, and the template workbooks.

A sheet is one section of the interchange bundle (docs/bundle.md) with Vietnamese headers: `members`,
`meetings`, `quality_ratings`. Each column names the bundle key it fills; choices are written with their
Vietnamese labels (the codes are read too). Dates are dd/mm/yyyy (a date cell or text).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from bontot.core.choices import MeetingGrade, QualityLevel
from bontot.facts.models import MeetingKind
from bontot.members.models import Gender

TEXT, DATE, CHOICE, BOOL, INT = "text", "date", "choice", "bool", "int"
DATA_SHEET = "Dữ liệu"
NOTES_SHEET = "Hướng dẫn"
YES, NO = "Có", "Không"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, the bundle key it fills and how its cells are read."""

    header: str
    key: str  # the bundle key; "card" / "code" for the two halves of a rating's subject
    kind: str
    note: str
    example: object
    required: bool = True
    choices: dict[str, str] = field(default_factory=dict)  # Vietnamese label → code
    max_length: int | None = None


@dataclass(frozen=True)
class Sheet:
    """A template: its name in URLs, its title, the bundle section it fills and its columns."""

    kind: str
    title: str
    section: str
    columns: tuple[Column, ...]
    note: str

    @property
    def filename(self) -> str:
        return f"mau-{self.kind}.xlsx"


def _choices(choices: type) -> dict[str, str]:
    return {str(label): str(code) for code, label in choices.choices}  # type: ignore[attr-defined]


def _choice_note(text: str, choices: dict[str, str]) -> str:
    return f"{text} Ghi một trong: {'; '.join(choices)}."


_GENDERS = _choices(Gender)
_KINDS = _choices(MeetingKind)
_GRADES = _choices(MeetingGrade)
_LEVELS = _choices(QualityLevel)
_DATE_NOTE = "Ngày theo dạng dd/mm/yyyy (ô ngày hoặc chữ, ví dụ 05/03/2010)."

MEMBERS = Sheet(
    "dang-vien",
    "Danh sách đảng viên",
    "members",
    (
        Column(
            "Số thẻ đảng viên",
            "card_no",
            TEXT,
            "Số thẻ đảng viên, tối đa 30 ký tự; không trùng.",
            "79.012345",
            max_length=30,
        ),
        Column("Họ và tên", "full_name", TEXT, "Họ và tên đầy đủ, có dấu.", "Nguyễn Văn An", max_length=255),
        Column("Ngày sinh", "birth_date", DATE, _DATE_NOTE, datetime.date(1980, 5, 17)),
        Column("Giới tính", "gender", CHOICE, _choice_note("Giới tính.", _GENDERS), "Nam", choices=_GENDERS),
        Column(
            "Mã chi bộ",
            "organization",
            TEXT,
            "Mã của chi bộ sinh hoạt chính thức (trong phạm vi của người tải lên).",
            "CB-ANHOA",
            max_length=50,
        ),
        Column("Ngày vào Đảng", "admitted_on", DATE, _DATE_NOTE + " Sau ngày sinh.", datetime.date(2010, 3, 2)),
        Column(
            "Ngày chính thức",
            "official_on",
            DATE,
            _DATE_NOTE + " Để trống khi còn dự bị.",
            datetime.date(2011, 3, 2),
            required=False,
        ),
        Column("Công chức, viên chức", "civil_servant", BOOL, f"Ghi “{YES}” hoặc “{NO}”.", YES),
        Column(
            "Ngày ra khỏi Đảng bộ",
            "left_on",
            DATE,
            _DATE_NOTE + " Để trống khi đang sinh hoạt; ô trống giữ ngày đã ghi. Chỉ ghi cho đảng viên mới nhập; "
            "đảng viên đã có ra khỏi Đảng bộ được ghi trên trang đảng viên.",
            None,
            required=False,
        ),
    ),  # fmt: skip
    "Mỗi dòng là một đảng viên; đảng viên đã có (cùng số thẻ) được cập nhật theo đúng dòng này (ô để trống nghĩa "
    "là không có, trừ “Ngày ra khỏi Đảng bộ”: ô trống giữ ngày đã ghi). “Mã chi bộ” và “Ngày ra khỏi Đảng bộ” của "
    "đảng viên đã có không đổi được từ tệp: chuyển sinh hoạt và ra khỏi Đảng bộ được ghi trên trang đảng viên.",
)

MEETINGS = Sheet(
    "sinh-hoat",
    "Kỳ sinh hoạt chi bộ đã họp",
    "meetings",
    (
        Column("Mã chi bộ", "organization", TEXT, "Mã của chi bộ hoặc tổ chức đảng đã họp.", "CB-ANHOA", max_length=50),
        Column("Ngày họp", "held_on", DATE, _DATE_NOTE + " Không sau ngày nhập.", datetime.date(2024, 3, 5)),
        Column(
            "Loại sinh hoạt",
            "kind",
            CHOICE,
            _choice_note("Loại kỳ sinh hoạt.", _KINDS),
            "Sinh hoạt thường kỳ",
            choices=_KINDS,
        ),
        Column(
            "Xếp loại",
            "grade",
            CHOICE,
            _choice_note("Xếp loại chất lượng kỳ sinh hoạt.", _GRADES),
            "Tốt",
            choices=_GRADES,
        ),
        Column(
            "Số dự",
            "attendance",
            INT,
            "Số đảng viên dự họp (số nguyên, không lớn hơn số triệu tập).",
            18,
            required=False,
        ),
        Column("Số triệu tập", "expected", INT, "Số đảng viên phải dự (số nguyên).", 20, required=False),
        Column("Thời lượng (phút)", "minutes", INT, "Thời lượng buổi họp, tính bằng phút.", 120, required=False),
        Column(
            "Điểm",
            "score",
            INT,
            "Điểm chấm 0–100; phải khớp xếp loại (từ 90: Tốt hoặc Khá; 70–89: Khá; 50–69: Trung bình; dưới 50: Kém).",
            92,
            required=False,
        ),
        Column(
            "Nội dung",
            "topic",
            TEXT,
            "Nội dung chính, tối đa 255 ký tự.",
            "Sơ kết quý I",
            required=False,
            max_length=255,
        ),
    ),  # fmt: skip
    "Mỗi dòng là một kỳ sinh hoạt đã họp; cùng chi bộ, ngày và loại thì cập nhật kỳ đã có theo đúng dòng này.",
)

RATINGS = Sheet(
    "xep-loai",
    "Xếp loại chất lượng",
    "quality_ratings",
    (
        Column("Năm", "year", INT, "Năm đánh giá, xếp loại (ví dụ 2024).", 2024),
        Column(
            "Số thẻ đảng viên",
            "card",
            TEXT,
            "Xếp loại một đảng viên: ghi số thẻ và để trống cột “Mã tổ chức”.",
            "79.012345",
            required=False,
            max_length=30,
        ),
        Column(
            "Mã tổ chức",
            "code",
            TEXT,
            "Xếp loại một tổ chức đảng: ghi mã và để trống cột “Số thẻ đảng viên”.",
            None,
            required=False,
            max_length=50,
        ),
        Column(
            "Mức xếp loại",
            "level",
            CHOICE,
            _choice_note("Mức xếp loại chất lượng.", _LEVELS),
            "Hoàn thành tốt nhiệm vụ",
            choices=_LEVELS,
        ),
        Column(
            "Chính thức", "final", BOOL, f"“{YES}”: kết quả đã được cấp có thẩm quyền quyết định; “{NO}”: dự kiến.", YES
        ),
        Column(
            "Lý do",
            "reason",
            TEXT,
            "Bắt buộc khi “Không xếp loại”; tối đa 500 ký tự.",
            None,
            required=False,
            max_length=500,
        ),
    ),  # fmt: skip
    "Mỗi dòng là kết quả xếp loại của một đảng viên hoặc một tổ chức đảng trong một năm. Bí thư chi bộ nhập xếp "
    "loại dự kiến của đảng viên; văn phòng cấp ủy nhập kết quả chính thức và xếp loại tổ chức đảng.",
)

SHEETS: dict[str, Sheet] = {sheet.kind: sheet for sheet in (MEMBERS, MEETINGS, RATINGS)}

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
DATE_FORMAT = "DD/MM/YYYY"


def template_workbook(sheet: Sheet) -> bytes:
    """Return the template of `sheet` as .xlsx bytes: the data sheet (headers and one example row) and a
    notes sheet explaining each column in Vietnamese."""
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    data.append([column.header for column in sheet.columns])
    data.append([column.example for column in sheet.columns])
    for index, column in enumerate(sheet.columns, start=1):
        header = data.cell(row=1, column=index)
        header.font, header.fill = _HEADER_FONT, _HEADER_FILL
        data.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 4)
        if column.kind == DATE:
            for row in range(2, 502):
                data.cell(row=row, column=index).number_format = DATE_FORMAT
    data.freeze_panes = "A2"
    notes = book.create_sheet(NOTES_SHEET)
    notes.append([sheet.title])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append([sheet.note])
    notes.append(["Ghi dữ liệu vào trang “Dữ liệu” từ dòng 2 (xóa dòng ví dụ); không đổi tên các cột."])
    notes.append([])
    notes.append(["Cột", "Bắt buộc", "Cách ghi"])
    for cell in notes[5]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for column in sheet.columns:
        notes.append([column.header, YES if column.required else NO, column.note])
    notes.column_dimensions["A"].width = 26
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
