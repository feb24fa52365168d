"""Render one document context to PDF (WeasyPrint, an HTML template) and to Word (docxtpl, a .docx template).

Both outputs read the same context (`contexts.py`), so the PDF and the Word file say the same. The PDF uses
only the bundled Liberation Serif 2 fonts (`@font-face` with file URLs), never a system font; the Word file
names Times New Roman, which Word has and LibreOffice replaces by the metric-compatible Liberation Serif.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.template.loader import render_to_string
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

logger = logging.getLogger(__name__)

FONTS_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
DOCX_DIR = Path(__file__).resolve().parent / "docx"
# The bundled Liberation Serif 2 under a family name no system font has (Debian may carry the older 1.07
# "Liberation Serif", which lacks ơ, ư, ạ …): no text falls back to a system font by name.
FONT_FAMILY = "Liberation Serif Bundled"
FONT_FACES = (
    ("LiberationSerif-Regular.ttf", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
)
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


def margins() -> Margins:
    """The page margins in mm from `DOCUMENT_MARGINS_MM` ("top,bottom,left,right", default "20,20,30,15")."""
    raw = str(getattr(settings, "DOCUMENT_MARGINS_MM", "20,20,30,15"))
    try:
        values = [float(part) for part in raw.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or any(v < 0 or v > 80 for v in values):
        raise ImproperlyConfigured(f"DOCUMENT_MARGINS_MM phải là 4 số mm (trên,dưới,trái,phải), không phải {raw!r}.")
    return Margins(*values)


def font_faces_css() -> str:
    """The `@font-face` rules loading the bundled fonts by file URL."""
    rules = []
    for filename, weight, style in FONT_FACES:
        url = (FONTS_DIR / filename).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{url}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render `template_name` (extending documents/base.html) with `context` to PDF bytes."""
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    m = margins()
    html = render_to_string(
        template_name,
        {
            "doc": context,
            "font_faces": font_faces_css(),
            "font_family": FONT_FAMILY,
            "page_margin": f"{m.top}mm {m.right}mm {m.bottom}mm {m.left}mm",
        },
    )
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(FONTS_DIR)).write_pdf(font_config=fonts)


def sandbox(*, strict: bool = False) -> SandboxedEnvironment:
    """Return the Jinja environment every Word template renders in (ours and the offices' uploads alike);
    `strict` (the trial render at upload) fails on any undefined or unsafe value, even one printing nothing.

    docxtpl's default is a plain `jinja2.Environment`, in which attribute access from a placeholder reaches
    Python internals (`title.__class__.__mro__…`, `cycler.__init__.__globals__.os`): an uploaded template could
    run code. The sandbox refuses underscore attributes and unsafe callables (SecurityError); autoescape keeps
    a value's `<` or `&` from breaking the document's XML.
    """
    if strict:
        return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    return SandboxedEnvironment(autoescape=True)


def render_docx(kind: str, context: dict[str, Any]) -> bytes:
    """Render the Word template of document `kind` with `context` to bytes, A4 with the margins of the
    setting: the template the office of `context["owner_id"]` uploaded, else the built-in docx/<kind>.docx."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    from .models import DocumentTemplate

    # The organisation's own template when its office uploaded one (always one query).
    own = DocumentTemplate.objects.filter(organization_id=context.get("owner_id") or 0, kind=kind).first()
    template = None
    if own is not None:
        with own.file.open("rb") as handle:
            template = DocxTemplate(io.BytesIO(handle.read()))
        try:
            template.render(context, jinja_env=sandbox())
        except Exception:  # noqa: BLE001 — any failure of the office's own template (one stored before the
            # upload checks tightened, a sandbox refusal): the reader still gets the document, in our layout
            logger.warning(
                "Word template of organisation %s (%s) failed; the built-in one used", own.organization_id, kind
            )
            template = None
    if template is None:
        template = DocxTemplate(str(DOCX_DIR / f"{kind}.docx"))
        template.render(context, jinja_env=sandbox())
    m = margins()
    for section in template.docx.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(m.top), Mm(m.bottom)
        section.left_margin, section.right_margin = Mm(m.left), Mm(m.right)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def file_stem(text: str) -> str:
    """An ASCII file name part from a document number ("15-QĐ/ĐU" → "15-QD-DU")."""
    table = str.maketrans({"Đ": "D", "đ": "d"})
    plain = unicodedata.normalize("NFKD", text.translate(table)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-") or "van-ban"


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
