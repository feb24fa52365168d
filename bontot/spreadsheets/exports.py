"""The Excel exports of the list pages: each takes the queryset its page built (same scoping, same filters) and
writes every row of it, read with `.iterator()` (a fixed number of queries whatever the list's length).

The pages call these when asked `?…&xuat=xlsx` (`export.wants_xlsx`), right after building their list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
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


def assessments_xlsx(assessments: QuerySet[Any], year: int, *, title: str = "") -> FileResponse:
    """The assessments list (assessments.views_appraisal.appraisal_list, and the appraisal queue with its own
    `title`): all pages of its filtered rows."""
    headers = ["Đối tượng", "Thuộc", "Năm", "Lần nộp", "Trạng thái", "Đề xuất của cấp thẩm định"]

    def rows() -> Iterator[Sequence[Any]]:
        for a in assessments.iterator(chunk_size=CHUNK):
            if a.member_id is not None:
                within = a.cell.name if a.cell_id is not None else ""
            else:
                within = a.organization.parent.name if a.organization.parent_id is not None else ""
            yield [a.subject_name, within, a.year, a.round, a.get_status_display(), a.get_proposal_display()]

    return xlsx_response(title or f"Bản tự đánh giá năm {year}", headers, rows())


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


def _role_line(assignment: Any) -> str:
    """A role as the users list writes it: "Văn phòng Đảng ủy — Đảng ủy xã X (đến 30/06/2025)"."""
    line = f"{assignment.get_role_display()} — {assignment.organization.name}"
    valid_to = assignment.organization.valid_to
    return f"{line} (đến {valid_to:%d/%m/%Y})" if valid_to else line


def users_xlsx(rows: Iterable[Mapping[str, Any]]) -> FileResponse:
    """The users list (accounts.views.user_list), every page: the rows its `_user_rows` builds for the page
    (roles in force on organisations the actor sees, a linked member only when the actor sees its cell)."""
    from bontot.accounts.services import vietnamese_name

    headers = ["Họ và tên", "Tên đăng nhập", "Vai trò hiện nay", "Đảng viên", "Trạng thái"]

    def cells() -> Iterator[Sequence[Any]]:
        for row in rows:
            user, member = row["user"], row["member"]
            yield [vietnamese_name(user) or user.username, user.username,
                   "; ".join(_role_line(a) for a in row["roles"]) or "không có",
                   member.full_name if member is not None else "",
                   "Đang dùng" if user.is_active else "Đã khóa"]  # fmt: skip

    return xlsx_response("Danh sách người dùng", headers, cells())


def notifications_xlsx(notifications: QuerySet[Any]) -> FileResponse:
    """The user's own notifications (notifications.views.notification_list), newest first, every page."""
    from bontot.notifications.kinds import kind_label

    headers = ["Thời điểm", "Loại", "Nội dung", "Trạng thái"]

    def rows() -> Iterator[Sequence[Any]]:
        for n in notifications.iterator(chunk_size=CHUNK):
            yield [n.created_at, kind_label(n.kind), n.text, "Đã đọc" if n.read_at else "Chưa đọc"]

    return xlsx_response("Thông báo", headers, rows())


def stories_xlsx(stories: QuerySet[Any], *, manage: bool) -> FileResponse:
    """The showcase's stories, every page: the readers' list (showcase.views.story_list) or, with `manage`,
    the propaganda board's (story_manage) with each story's state and whether its decision still stands."""
    from django.utils import timezone

    headers = ["Tiêu đề", "Đối tượng", "Thuộc", "Danh hiệu", "Năm", "Quyết định số", "Ngày quyết định", "Đăng cho",
               "Ngày đăng", "Nội dung"]  # fmt: skip
    if manage:
        headers += ["Trạng thái", "Quyết định công nhận", "Ngày gỡ", "Lý do gỡ"]

    def day(moment: Any) -> Any:
        return timezone.localdate(moment) if moment else None

    def rows() -> Iterator[Sequence[Any]]:
        for s in stories.iterator(chunk_size=CHUNK):
            entry, decision = s.entry, s.entry.decision
            row = [s.title, entry.name, entry.organization_name, entry.model_label, decision.year, decision.number,
                   decision.issued_on, s.organization.name, day(s.published_at), s.body]  # fmt: skip
            if manage:
                force = "Còn hiệu lực" if s.force else "Đã bị thu hồi"
                row += [s.get_status_display(), force, day(s.withdrawn_at), s.withdraw_reason]
            yield row

    return xlsx_response("Bài viết gương điển hình" if manage else "Gương điển hình", headers, rows())


def decision_entries_xlsx(decision: Any, lines: Iterable[tuple[Any, Any]]) -> FileResponse:
    """A decision's attached list (decisions.views.decision_detail) as that viewer reads it (staff the whole
    list, a recognised member or cell only their own line), each line with its hold as on the page."""
    headers = ["STT", "Họ và tên / Tổ chức đảng", "Thuộc", "Danh hiệu", "Tạm dừng xét công nhận"]

    def rows() -> Iterator[Sequence[Any]]:
        for entry, hold in lines:
            yield [entry.position, entry.name, entry.organization_name, entry.model_label, hold.label if hold else ""]

    return xlsx_response(f"Danh sách kèm theo Quyết định số {decision.number}", headers, rows())


def organization_members_xlsx(organization: Any, year: int, verdicts: QuerySet[Any]) -> FileResponse:
    """The members' table of an organisation's page (dashboards.views.organization), every page; to staff."""
    from bontot.criteria.engine.scales import VERDICT_LABELS
    from bontot.dashboards.presenters import split_codes

    headers = ["Họ và tên", "Kết luận", "Tiêu chí không đạt", "Cảnh báo"]

    def rows() -> Iterator[Sequence[Any]]:
        for v in verdicts.iterator(chunk_size=CHUNK):
            yield [v.name, VERDICT_LABELS.get(v.verdict, v.verdict), ", ".join(split_codes(v.failing)), v.warning_count]

    return xlsx_response(f"Đảng viên năm {year} — {organization.name}", headers, rows())


# -- facts: meetings, yearly ratings and tables; assessments: registrations, self-assessments ------------------


def _batches(queryset: QuerySet[Any]) -> Iterator[list[Any]]:
    """Yield the rows of `queryset` in lists of CHUNK (a page's lookups run once per batch, not per row)."""
    batch: list[Any] = []
    for row in queryset.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def organization_choice_xlsx(title: str, organizations: QuerySet[Any]) -> FileResponse:
    """A page's list of organisations to open (the meeting logs one reads, facts.views_meetings.meetings_index;
    the yearly facts one reads, facts.views_ratings.ratings_home), all pages."""
    headers = ["Tổ chức đảng", "Mã", "Loại"]

    def rows() -> Iterator[Sequence[Any]]:
        for org in organizations.iterator(chunk_size=CHUNK):
            yield [org.name, org.code, org.get_kind_display()]

    return xlsx_response(title, headers, rows())


def meeting_log_xlsx(organization: Any, year: int, months: Sequence[Any], *, today: Any, is_cell: bool) -> FileResponse:
    """An organisation's meetings of a year month by month (facts.views_meetings.meeting_log): one row per
    meeting, and one for each month without any, flagged as on the page."""
    headers = ["Tháng", "Ngày sinh hoạt", "Loại", "Trạng thái", "Xếp loại", "Điểm chấm", "Số dự", "Số triệu tập",
               "Nội dung, chủ đề", "Ghi chú"]  # fmt: skip
    missing = "Chưa có kỳ sinh hoạt thường kỳ" if is_cell else "Chưa có kỳ họp cấp ủy"

    def rows() -> Iterator[Sequence[Any]]:
        for month in months:
            note = missing if month.missing else ""
            if not month.meetings:
                yield [month.label, None, "", "", "", None, None, None, "", note or ("Chưa đến" if month.ahead else "")]
            for m in month.meetings:
                late = not m.is_held and m.held_on < today
                yield [month.label, m.held_on, m.get_kind_display(), m.get_status_display(),
                       m.get_grade_display() if m.is_held else "", m.score, m.attendance, m.expected, m.topic,
                       "; ".join(text for text in (note, "Chưa ghi nhận kết quả" if late else "") if text)]  # fmt: skip

    return xlsx_response(f"Sổ sinh hoạt năm {year} — {organization.name}", headers, rows())


def upcoming_meetings_xlsx(meetings: Sequence[Any]) -> FileResponse:
    """The announced meetings ahead in the user's own cells (facts.views_meetings.upcoming_meetings)."""
    headers = ["Ngày sinh hoạt", "Loại", "Chi bộ", "Nội dung", "Tài liệu cần đọc trước"]
    rows = ([m.held_on, m.get_kind_display(), m.organization.name, m.topic, m.documents] for m in meetings)
    return xlsx_response("Kỳ sinh hoạt sắp tới", headers, rows)


def rating_grid_xlsx(
    title: str, organization: Any, year: int, model: Any, subjects: QuerySet[Any], *, members: bool
) -> FileResponse:
    """A yearly grid read-only (facts.views_ratings: member, organisation and workplace ratings, residence
    comments): one row per subject of the page, with what is recorded for it (blank when nothing is)."""
    key = "member_id" if members else "organization_id"
    quality = model._meta.model_name == "qualityrating"
    value = "verdict" if model._meta.model_name == "residencecomment" else "level"
    value_header = "Nhận xét" if value == "verdict" else "Mức xếp loại"
    who = ["Họ và tên", "Số thẻ đảng viên"] if members else ["Tổ chức đảng"]
    headers = [*who, value_header, *(["Trạng thái", "Lý do (nếu không xếp loại)"] if quality else [])]

    def rows() -> Iterator[Sequence[Any]]:
        records = model._default_manager.filter(**{f"{key}__in": subjects.values("pk")}, year=year)
        stored = {getattr(r, key): r for r in records}
        for subject in subjects.iterator(chunk_size=CHUNK):
            record = stored.get(subject.pk)
            shown = [subject.full_name, subject.card_no] if members else [subject.name]
            mark = getattr(record, f"get_{value}_display")() if record is not None else ""
            extra = []
            if quality:
                state = "" if record is None else ("Chính thức" if record.final else "Đề xuất")
                extra = [state, record.reason if record is not None else ""]
            yield [*shown, mark, *extra]

    return xlsx_response(f"{title} năm {year} — {organization.name}", headers, rows())


def fact_table_xlsx(title: str, organization: Any, year: int, records: QuerySet[Any]) -> FileResponse:
    """An organisation's results per area or its linked bodies of a year (facts.views_ratings._table)."""
    results = records.model._meta.model_name == "orgresult"
    headers = ["Lĩnh vực", "Tiêu chí", "Cấp độ"] if results else ["Tên tổ chức", "Xếp loại", "Lý do"]

    def rows() -> Iterator[Sequence[Any]]:
        for r in records.iterator(chunk_size=CHUNK):
            yield [r.get_area_display(), r.name, r.get_level_display()] if results else [
                r.name, r.get_level_display(), r.reason]  # fmt: skip

    return xlsx_response(f"{title} năm {year} — {organization.name}", headers, rows())


def _registration_cells(r: Any) -> list[Any]:
    if r is None:
        return ["Chưa đăng ký", "", None, ""]
    return [r.get_status_display(), "Có" if r.late else "", r.registered_on, r.decision_reason]


def registration_cell_xlsx(cell: Any, members: QuerySet[Any], year: int) -> FileResponse:
    """A cell's registrations (assessments.views.registration_cell): the cell first, then every member."""
    from bontot.assessments.selectors import registrations_by_subject

    headers = ["Đối tượng", "Số thẻ", "Đăng ký", "Đăng ký muộn", "Ngày đăng ký", "Lý do không chấp nhận"]

    def rows() -> Iterator[Sequence[Any]]:
        _, by_org = registrations_by_subject(year, organization_ids=[cell.pk])
        yield [cell.name, "", *_registration_cells(by_org.get(cell.pk))]
        for batch in _batches(members):
            by_member, _ = registrations_by_subject(year, member_ids=[m.pk for m in batch])
            for m in batch:
                yield [m.full_name, m.card_no, *_registration_cells(by_member.get(m.pk))]

    return xlsx_response(f"Đăng ký năm {year} — {cell.name}", headers, rows())


def pending_registrations_xlsx(registrations: Sequence[Any]) -> FileResponse:
    """The late registrations the actor decides (assessments.views.registration_pending)."""
    headers = ["Đối tượng", "Chi bộ", "Năm", "Ngày đăng ký"]
    rows = (
        [r.subject_name, r.member.organization.name if r.member_id else "", r.year, r.registered_on]
        for r in registrations
    )
    return xlsx_response("Đăng ký muộn chờ quyết định", headers, rows)


def _registered(r: Any) -> str:
    return r.get_status_display() if r is not None else "Chưa đăng ký"


def _self_cells(a: Any, hold: Any) -> list[Any]:
    status = a.get_status_display() if a is not None else "Chưa tự đánh giá"
    return [status, a.round if a is not None and a.round else None, hold.label if hold is not None else ""]


def self_cell_xlsx(cell: Any, members: QuerySet[Any], year: int) -> FileResponse:
    """A cell's self-assessments of the year (assessments.views_self.self_cell): the cell, then every member."""
    from bontot.assessments.holds import holds_for
    from bontot.assessments.models import Assessment
    from bontot.assessments.selectors import registrations_by_subject

    headers = ["Họ và tên", "Đăng ký", "Tự đánh giá", "Lần nộp", "Tạm dừng"]

    def rows() -> Iterator[Sequence[Any]]:
        _, by_org = registrations_by_subject(year, organization_ids=[cell.pk])
        own = Assessment.objects.filter(year=year, organization=cell).first()
        hold = holds_for(year, organization_ids=[cell.pk]).get(("org", cell.pk))
        yield [cell.name, _registered(by_org.get(cell.pk)), *_self_cells(own, hold)]
        for batch in _batches(members):
            ids = [m.pk for m in batch]
            found = {a.member_id: a for a in Assessment.objects.filter(year=year, member_id__in=ids)}
            registrations, _ = registrations_by_subject(year, member_ids=ids)
            holds = holds_for(year, member_ids=ids)
            for m in batch:
                hold = holds.get(("member", m.pk))
                yield [m.full_name, _registered(registrations.get(m.pk)), *_self_cells(found.get(m.pk), hold)]

    return xlsx_response(f"Tự đánh giá năm {year} — {cell.name}", headers, rows())


def self_orgs_xlsx(own: Sequence[tuple[Any, Any, Any]], year: int) -> FileResponse:
    """The organisations the user self-assesses (assessments.views_self.self_orgs), with their state."""
    headers = ["Tổ chức", "Trạng thái", "Lần nộp", "Tạm dừng"]
    rows = ([org.name, *_self_cells(a, hold)] for org, a, hold in own)
    return xlsx_response(f"Tự đánh giá của tổ chức năm {year}", headers, rows)
