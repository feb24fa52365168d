"""An office uploads its own Word template for a kind of document; placeholders are checked at upload."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from jinja2.exceptions import SecurityError

from bontot.core.audit import log_action
from bontot.core.office_files import inflated_size_problem
from bontot.organizations.models import Organization

from .models import DocumentKind, DocumentTemplate
from .render import sandbox

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


# The core properties docxtpl renders as templates (DocxTemplate.render_properties).
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _sources(template: Any) -> list[str]:
    """Return the Jinja source of every part docxtpl renders: the body, headers, footers, footnotes and the
    core properties (title, subject …), as docxtpl patches them before rendering."""
    template.init_docx()
    sources = [template.patch_xml(template.get_xml())]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        sources += [template.patch_xml(template.get_part_xml(part)) for _, part in template.get_headers_footers(uri)]
    for part in template.docx.part.package.parts:
        if part.content_type == _FOOTNOTES_TYPE:
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            sources.append(template.patch_xml(blob))
    properties = template.docx.core_properties
    sources += [getattr(properties, name) or "" for name in _RENDERED_PROPERTIES]
    return sources


def sample_context(kind: str) -> dict[str, Any]:
    """Return a context holding every placeholder of `kind` (sample values), for the trial render at upload."""
    table = {
        "title": "Tiêu đề bảng",
        "subtitle": "Phụ đề bảng",
        "columns": [f"Cột {n}" for n in range(1, 9)],
        "rows": [[f"Ô {row}.{n}" for n in range(1, 9)] for row in (1, 2)],
        "empty": "",
    }
    values: dict[str, Any] = {name: f"Mẫu {name}" for name in COMMON}
    values |= {"paragraphs": ["Đoạn 1.", "Đoạn 2."], "recipients": ["- Như trên,", "- Lưu VP."]}
    values |= {"table": table, "tables": [table] * 6, "closing": ["Đoạn kết."]}
    values |= {
        "authority": "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ MẪU",
        "articles": [{"number": f"Điều {n}.", "text": f"Nội dung điều {n}."} for n in (1, 2, 3)],
    }
    return {name: values[name] for name in PLACEHOLDERS[kind]}


def _why(error: Exception) -> str:
    return str(error).rstrip(".") or type(error).__name__


def check_template(kind: str, content: bytes) -> None:
    """Refuse a file that is not a Word template docxtpl can read, that inflates beyond the cap, that uses a
    placeholder the document does not offer in any part docxtpl renders (named in the message), or that
    fails a trial render with sample values in the sandbox (the error named)."""
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]
    from jinja2 import meta

    too_big = inflated_size_problem(io.BytesIO(content))
    if too_big is not None:
        raise ValidationError({"file": too_big})
    env = sandbox()
    try:
        template = DocxTemplate(io.BytesIO(content))
        names = set().union(*(meta.find_undeclared_variables(env.parse(source)) for source in _sources(template)))
    except Exception as error:  # a broken zip, a Jinja syntax error: the office reads why
        raise ValidationError({"file": f"Không đọc được tệp mẫu Word (.docx): {error}"}) from None
    unknown = sorted(names - set(PLACEHOLDERS[kind]))
    if unknown:
        listed = ", ".join("{{ " + name + " }}" for name in unknown)
        raise ValidationError({"file": f"Mẫu có biến không được hỗ trợ: {listed}."})
    try:
        DocxTemplate(io.BytesIO(content)).render(sample_context(kind), jinja_env=sandbox(strict=True))
    except SecurityError as error:
        raise ValidationError(
            {"file": f"Mẫu có biểu thức không được phép (truy cập vào bên trong chương trình): {_why(error)}."}
        ) from None
    except Exception as error:  # an undefined attribute, a filter misused …: the download would fail the same way
        raise ValidationError({"file": f"Mẫu lỗi khi thử điền dữ liệu mẫu: {_why(error)}."}) from None


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
        try:
            row.full_clean()
        except ValidationError as error:
            # The other first upload committed between our (empty) lock and this check: the model's unique
            # check sees it before the database constraint would; answer as the constraint does.
            codes = {e.code for errors in getattr(error, "error_dict", {}).values() for e in errors}
            if row.pk is None and codes & {"unique", "unique_together"}:
                raise IntegrityError("document_template_unique") from error
            raise
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
