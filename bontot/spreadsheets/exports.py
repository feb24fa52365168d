"""The Excel exports of the list pages: each takes the queryset its page built (same scoping, same filters) and
writes every row of it, read with `.iterator()` (a fixed number of queries whatever the list's length).

The pages call these when asked `?…&xuat=xlsx` (`export.wants_xlsx`), right after building their list.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse

from .export import xlsx_response

CHUNK = 2000


def members_xlsx(members: QuerySet[Any]) -> FileResponse:
    """The members list (members.views.member_list), in its order, all pages."""
    headers = ["Họ và tên", "Số thẻ đảng viên", "Chi bộ", "Ngày sinh", "Giới tính", "Ngày vào Đảng",
               "Ngày chính thức", "Ngày ra khỏi Đảng bộ"]  # fmt: skip

    def rows() -> Iterator[Sequence[Any]]:
        for m in members.select_related("organization").order_by("sort_name", "pk").iterator(chunk_size=CHUNK):
            yield [m.full_name, m.card_no, m.organization.name, m.birth_date, m.get_gender_display(),
                   m.admitted_on, m.official_on, m.left_on]  # fmt: skip

    return xlsx_response("Danh sách đảng viên", headers, rows())


def subtree_xlsx(verdicts: QuerySet[Any], columns: Sequence[tuple[str, str]], year: int) -> FileResponse:
    """The subtree table (dashboards.views.subtree): every filtered row, criteria verdicts as their labels."""
    from bontot.dashboards.presenters import subtree_row
    from bontot.dashboards.views import LIST_FIELDS

    codes = [code for code, _ in columns]
    headers = ["Tên", "Mô hình", "Kết luận", *(f"{code}. {title}" for code, title in columns), "Cảnh báo"]

    def rows() -> Iterator[Sequence[Any]]:
        for verdict in verdicts.only(*LIST_FIELDS).iterator(chunk_size=CHUNK):
            row = subtree_row(verdict, codes, year)
            yield [row.name, row.model, row.verdict.label, *(mark.label for mark in row.criteria), row.warning_count]

    return xlsx_response(f"Kết quả năm {year}", headers, rows())


def assessments_xlsx(assessments: QuerySet[Any], year: int) -> FileResponse:
    """The assessments list (assessments.views_appraisal.appraisal_list): all pages of its filtered rows."""
    headers = ["Đối tượng", "Thuộc", "Năm", "Lần nộp", "Trạng thái", "Đề xuất của cấp thẩm định"]

    def rows() -> Iterator[Sequence[Any]]:
        for a in assessments.iterator(chunk_size=CHUNK):
            if a.member_id is not None:
                within = a.cell.name if a.cell_id is not None else ""
            else:
                within = a.organization.parent.name if a.organization.parent_id is not None else ""
            yield [a.subject_name, within, a.year, a.round, a.get_status_display(), a.get_proposal_display()]

    return xlsx_response(f"Bản tự đánh giá năm {year}", headers, rows())


def decisions_xlsx(decisions: QuerySet[Any], year: int, *, staff: bool) -> FileResponse:
    """The decisions list (decisions.views.decision_list); the number of subjects only for staff, as on the page."""
    headers = ["Số", "Ngày ban hành", "Cấp ủy ban hành", *(["Số đối tượng"] if staff else []), "Trích yếu",
               "Người ký", "Chức vụ người ký", "Hiệu lực"]  # fmt: skip

    def rows() -> Iterator[Sequence[Any]]:
        for d in decisions.iterator(chunk_size=CHUNK):
            force = "Đã bị thu hồi" if getattr(d, "revoked_by", None) is not None else "Còn hiệu lực"
            yield [d.number, d.issued_on, d.issuer_name, *([d.entry_count] if staff else []), d.title,
                   d.signer_name, d.signer_title, force]  # fmt: skip

    return xlsx_response(f"Quyết định công nhận năm {year}", headers, rows())


def organizations_xlsx(organizations: QuerySet[Any], paths: Sequence[str] | None) -> FileResponse:
    """The organisations list (organizations.views.organization_list): every filtered row; the parent named
    only inside the viewer's subtrees (`paths`, None for a superuser), as on the page."""
    headers = ["Tên", "Mã", "Loại", "Tổ chức cấp trên", "Hiệu lực từ", "Hiệu lực đến"]

    def rows() -> Iterator[Sequence[Any]]:
        for org in organizations.iterator(chunk_size=CHUNK):
            parent = org.parent
            shown = parent is not None and (paths is None or any(parent.path.startswith(p) for p in paths))
            yield [org.name, org.code, org.get_kind_display(), parent.name if shown else "", org.valid_from,
                   org.valid_to]  # fmt: skip

    return xlsx_response("Danh sách tổ chức đảng", headers, rows())


def complaints_xlsx(organization: Any, complaints: QuerySet[Any]) -> FileResponse:
    """An organisation's complaint and denunciation letters (facts.views_people.complaint_list)."""
    headers = ["Ngày nhận", "Loại đơn", "Trong nội bộ", "Phức tạp, đông người hoặc vượt cấp", "Nội dung liên quan",
               "Đảng viên bị khiếu nại", "Năm đánh giá liên quan", "Ngày giải quyết xong"]  # fmt: skip

    def rows() -> Iterator[Sequence[Any]]:
        for c in complaints.iterator(chunk_size=CHUNK):
            yield [c.received_on, c.get_kind_display(), "Có" if c.internal else "Không",
                   "Có" if c.mass_or_over_level else "Không", c.get_concerns_display(),
                   c.about_member.full_name if c.about_member_id else "", c.year, c.resolved_on]  # fmt: skip

    return xlsx_response(f"Đơn thư — {organization.name}", headers, rows())


def missing_cells_xlsx(cells: QuerySet[Any], year: int) -> FileResponse:
    """Who has not registered, by cell (assessments.views.registration_missing): the page's annotated cells."""
    headers = ["Chi bộ", "Mã", "Chi bộ đã đăng ký", "Số đảng viên chưa đăng ký"]

    def rows() -> Iterator[Sequence[Any]]:
        for cell in cells.iterator(chunk_size=CHUNK):
            yield [cell.name, cell.code, "Có" if cell.registered else "Chưa", cell.missing]

    return xlsx_response(f"Chưa đăng ký năm {year}", headers, rows())


def missing_members_xlsx(cell: Any, members: QuerySet[Any], year: int) -> FileResponse:
    """A cell's members without an accepted registration (registration_missing with `?chi_bo=`)."""
    headers = ["Họ và tên", "Số thẻ đảng viên", "Chi bộ"]

    def rows() -> Iterator[Sequence[Any]]:
        for m in members.iterator(chunk_size=CHUNK):
            yield [m.full_name, m.card_no, cell.name]

    return xlsx_response(f"Chưa đăng ký năm {year} — {cell.name}", headers, rows())
