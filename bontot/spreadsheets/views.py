"""Excel pages: the templates, the upload with its preview, and the confirmation that imports.

Who: the writers of members and their facts (`MEMBER_WRITERS`: the office of a committee for its subtree, a
cell secretary for their cell); every row must fall in the subtree of those grants. Between the preview and
the confirmation the file waits under MEDIA_ROOT/spreadsheets-pending/<uuid>.xlsx, named by a signed token
that holds the uploader's id and the template (valid for an hour); the confirmation checks the file again.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bontot.core.audit import log_action
from bontot.members.permissions import MEMBER_WRITERS, holds
from bontot.organizations.access import Grant, request_grants
from bontot.organizations.models import Role

from .export import XLSX_TYPE
from .sheets import SHEETS, Sheet, template_workbook
from .upload import check_file, import_checked, max_bytes

SALT = "bontot.spreadsheets.pending"
TOKEN_MAX_AGE = 3600
EXPIRED = "Phiên tải lên đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại."


def _writer(request: HttpRequest) -> tuple[Grant, ...]:
    held = request_grants(request)
    if not (request.user.is_superuser or any(g.role in MEMBER_WRITERS for g in held)):
        raise PermissionDenied("Chỉ văn phòng cấp ủy và bí thư chi bộ được nhập dữ liệu từ Excel.")
    return held


def _sheet(kind: str) -> Sheet:
    try:
        return SHEETS[kind]
    except KeyError:
        raise Http404("Không có mẫu Excel này.") from None


def pending_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "spreadsheets-pending"


def _pending_path(file_id: str) -> Path:
    return pending_dir() / f"{uuid.UUID(hex=file_id).hex}.xlsx"


def _forget_stale() -> None:
    """Delete pending files whose token has expired (uploads previewed and never confirmed)."""
    oldest = time.time() - TOKEN_MAX_AGE
    for stale in pending_dir().glob("*.xlsx"):
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < oldest:
                stale.unlink()


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """List the templates, each with its download and upload."""
    _writer(request)
    return render(
        request, "spreadsheets/index.html", {"sheets": SHEETS.values(), "max_mb": settings.SPREADSHEET_MAX_MB}
    )


@require_GET
def template(request: HttpRequest, kind: str) -> HttpResponse:
    """Download the empty template of `kind` (headers, an example row, a notes sheet)."""
    _writer(request)
    sheet = _sheet(kind)
    response = HttpResponse(template_workbook(sheet), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{sheet.filename}"'
    return response


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    """Upload a filled template: the preview lists every row's errors; a valid file waits for confirmation."""
    held = _writer(request)
    sheet = _sheet(kind)
    context: dict[str, Any] = {"sheet": sheet, "max_mb": settings.SPREADSHEET_MAX_MB}
    if request.method == "POST":
        upload_file = request.FILES.get("tep")
        if upload_file is None:
            context["file_error"] = "Hãy chọn tệp Excel (.xlsx) để tải lên."
            return render(request, "spreadsheets/upload.html", context, status=400)
        # The size is known before anything is read (Django streamed it to disk); a large file stops here.
        checked = check_file(upload_file, upload_file.size or 0, sheet, actor=request.user, held=held)
        context["checked"] = checked
        if checked.ok:
            file_id = uuid.uuid4().hex
            pending_dir().mkdir(parents=True, exist_ok=True)
            _forget_stale()
            with open(_pending_path(file_id), "wb") as handle:
                for chunk in upload_file.chunks():
                    handle.write(chunk)
            context["token"] = signing.dumps({"f": file_id, "u": request.user.pk, "k": sheet.kind}, salt=SALT)
    return render(request, "spreadsheets/upload.html", context)


@require_POST
def confirm(request: HttpRequest, kind: str) -> HttpResponse:
    """Import a previewed file: its token must be the uploader's and fresh; the file is checked again."""
    held = _writer(request)
    sheet = _sheet(kind)
    try:
        data = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=TOKEN_MAX_AGE)
        if data["u"] != request.user.pk or data["k"] != sheet.kind:
            raise signing.BadSignature
        # Claim the file by renaming it (atomic): of two confirmations at once, one imports, the other is told.
        path = _pending_path(data["f"]).rename(_pending_path(data["f"]).with_suffix(".importing"))
        size = path.stat().st_size
    except (signing.BadSignature, KeyError, TypeError, ValueError, OSError):
        messages.error(request, EXPIRED)
        return redirect("spreadsheets:upload", kind=sheet.kind)
    try:
        with open(path, "rb") as handle:
            checked = check_file(handle, size, sheet, actor=request.user, held=held)
            if checked.ok:
                summary = import_checked(checked, actor=request.user)
    finally:
        path.unlink(missing_ok=True)
    if not checked.ok:  # the data changed since the preview (another import, a member moved)
        return render(request, "spreadsheets/upload.html", {"sheet": sheet, "checked": checked,
                                                             "max_mb": settings.SPREADSHEET_MAX_MB})  # fmt: skip
    count = summary[sheet.section]
    log_action(
        "spreadsheet.imported",
        actor=request.user,
        object_type="spreadsheet",
        data={"sheet": sheet.kind, "created": count.created, "updated": count.updated, "unchanged": count.unchanged},
    )
    messages.success(
        request,
        f"Đã nhập {count.total} dòng từ tệp “{sheet.title}”: {count.created} thêm mới, {count.updated} cập nhật, "
        f"{count.unchanged} không thay đổi.",
    )
    for scope_path, warning in summary.scoped_warnings:
        if holds(request.user, scope_path, Role.values, held=held):  # another committee's counts are not theirs
            messages.warning(request, f"Cảnh báo: {warning}")
    return redirect("spreadsheets:index")


__all__ = ["confirm", "index", "max_bytes", "template", "upload"]
