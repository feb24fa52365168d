"""An office uploads its own Word template for a kind of document; placeholders are checked at upload."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from bontot.core.audit import log_action
from bontot.organizations.models import Organization

from .models import DocumentKind, DocumentTemplate

MAX_BYTES = 5 * 1024 * 1024

# The placeholders every document offers ({{ name }}), described in Vietnamese on the upload page.
COMMON = {
    "party": "“ĐẢNG CỘNG SẢN VIỆT NAM”",
    "superior": "tên cấp ủy cấp trên (chữ in hoa, theo tên ngày ký văn bản)",
    "issuer": "tên cấp ủy, tổ chức đảng ban hành (chữ in hoa)",
    "number": "số văn bản, ví dụ “Số: 15-QĐ/ĐU” (để trống nếu không có số)",
    "date_line": "địa danh, ngày tháng năm, ví dụ “Tam Thăng, ngày 06 tháng 01 năm 2025”",
    "doc_type": "tên loại văn bản, ví dụ “QUYẾT ĐỊNH”",
    "title": "trích yếu nội dung",
    "paragraphs": "danh sách các đoạn nội dung: {%p for p in paragraphs %}{{ p }}{%p endfor %}",
    "recipients": "danh sách “Nơi nhận”, dòng cuối “- Lưu VP.”: {%p for r in recipients %}{{ r }}{%p endfor %}",
    "signer_line": "thể thức ký, ví dụ “T/M BAN THƯỜNG VỤ”, “K/T BÍ THƯ”",
    "signer_title": "chức vụ người ký, ví dụ “BÍ THƯ”",
    "signer_name": "họ và tên người ký (để trống nếu ký tay)",
}
TABLE = {
    "table": "bảng: table.title, table.subtitle, table.columns[0]…, dòng: {%tr for row in table.rows %} "
    "{{ row[0] }} … {%tr endfor %}, table.empty (câu khi bảng trống)",
}
TABLES = {
    "tables": "các bảng: tables[0], tables[1]…, mỗi bảng như “table”",
}
ARTICLES = {
    "authority": "tên cơ quan quyết định trước phần căn cứ, ví dụ “BAN THƯỜNG VỤ ĐẢNG ỦY XÃ TAM THĂNG” "
    "(để trống ở bản trích danh sách)",
    "articles": "các điều của quyết định: {%p for a in articles %}{{ a.number }} {{ a.text }}{%p endfor %} "
    "(a.number là “Điều 1.”, “Điều 2.”…; danh sách rỗng ở bản trích danh sách); “paragraphs” là các căn cứ",
}
CLOSING = {"closing": "các đoạn kết: {%p for p in closing %}{{ p }}{%p endfor %}"}
PLACEHOLDERS: dict[str, dict[str, str]] = {
    DocumentKind.DECISION: COMMON | TABLE | ARTICLES,
    DocumentKind.REGISTRATION: COMMON | TABLE,
    DocumentKind.SELF_REPORT: COMMON | TABLES | CLOSING,
    DocumentKind.APPRAISAL_REPORT: COMMON | TABLES | CLOSING,
    DocumentKind.PROPOSAL: COMMON | TABLE | CLOSING,
    DocumentKind.SUMMARY: COMMON | TABLES | CLOSING,
}


def check_template(kind: str, content: bytes) -> None:
    """Refuse a file that is not a Word template docxtpl can read, or that uses a placeholder the document
    does not offer (named in the message)."""
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    try:
        names = DocxTemplate(io.BytesIO(content)).get_undeclared_template_variables()
    except Exception as error:  # a broken zip, a Jinja syntax error: the office reads why
        raise ValidationError({"file": f"Không đọc được tệp mẫu Word (.docx): {error}"}) from None
    unknown = sorted(set(names) - set(PLACEHOLDERS[kind]))
    if unknown:
        listed = ", ".join("{{ " + name + " }}" for name in unknown)
        raise ValidationError({"file": f"Mẫu có biến không được hỗ trợ: {listed}."})


def upload_template(organization: Organization, kind: str, upload: UploadedFile, *, actor: Any) -> DocumentTemplate:
    """Store (or replace) the organisation's Word template of `kind` after checking it; audit the upload."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Chọn loại văn bản."})
    name = upload.name or ""
    if not name.lower().endswith(".docx"):
        raise ValidationError({"file": "Chỉ nhận tệp Word (.docx)."})
    if (upload.size or 0) > MAX_BYTES:
        raise ValidationError({"file": "Tệp mẫu không được lớn hơn 5 MB."})
    content = upload.read()
    check_template(kind, content)
    try:
        return _store(organization, kind, upload, name, actor)
    except IntegrityError:  # two first uploads at once: the other one won
        raise ValidationError({"file": "Đã có người khác cập nhật mẫu này; tải lại trang."}) from None


def _store(organization: Organization, kind: str, upload: UploadedFile, name: str, actor: Any) -> DocumentTemplate:
    with transaction.atomic():
        row = DocumentTemplate.objects.select_for_update().filter(organization=organization, kind=kind).first()
        previous = row.original_name if row else ""
        if row is None:
            row = DocumentTemplate(organization=organization, kind=kind)
        upload.seek(0)
        row.file.save(f"{kind}.docx", upload, save=False)
        row.original_name = name[:255]
        row.stamp(actor)
        row.full_clean()
        row.save()
        log_action(
            "documents.template.uploaded",
            actor=actor,
            object_type="documents.documenttemplate",
            object_id=str(row.pk),
            organization_path=organization.path,
            data={"from": previous, "to": row.original_name, "kind": kind},
        )
    return row
