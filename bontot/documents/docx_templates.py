"""Build the .docx templates (docx/<kind>.docx) with python-docx: the party-document frame with docxtpl
placeholders for the keys of a `contexts.py` context. The generated files are committed; regenerate them after
changing this module with `python manage.py build_document_templates` (a test checks they are up to date).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from .render import DOCX_DIR

FONT = "Times New Roman"


def _base() -> Document:  # type: ignore[valid-type]
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(0)
    # Page numbers from page 2: the first page has its own (empty) footer.
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_field(footer)
    return doc


def _page_field(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _line(
    container: object,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: int | None = WD_ALIGN_PARAGRAPH.CENTER,
    size: int | None = None,
    first: bool = False,
) -> Paragraph:
    paragraph = container.paragraphs[0] if first else container.add_paragraph()  # type: ignore[attr-defined]
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return paragraph


def _header(doc: Document) -> None:  # type: ignore[valid-type]
    table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    _line(left, "{{ superior }}", first=True)
    _line(left, "{{ issuer }}", bold=True)
    _line(left, "*")
    _line(left, "{{ number }}")
    _line(right, "{{ party }}", bold=True, underline=True, first=True)
    _line(right, "")
    _line(right, "{{ date_line }}", italic=True)
    _line(doc, "")
    _line(doc, "{{ doc_type }}", bold=True)
    _line(doc, "{{ title }}", bold=True)
    _line(doc, "")


def _paragraphs(doc: Document) -> None:  # type: ignore[valid-type]
    _line(doc, "{%p for p in paragraphs %}", align=None)
    paragraph = _line(doc, "{{ p }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Mm(10)
    _line(doc, "{%p endfor %}", align=None)


def _end(doc: Document) -> None:  # type: ignore[valid-type]
    _line(doc, "")
    table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _no_borders(table)
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, size=12, first=True)
    _line(left, "{%p for r in recipients %}", align=None)
    _line(left, "{{ r }}", align=WD_ALIGN_PARAGRAPH.LEFT, size=12)
    _line(left, "{%p endfor %}", align=None)
    _line(right, "{{ signer_line }}", bold=True, first=True)
    _line(right, "{{ signer_title }}", bold=True)
    for _ in range(3):
        _line(right, "")
    _line(right, "{{ signer_name }}", bold=True)


def _table(doc: Document, columns: int, key: str = "table") -> None:  # type: ignore[valid-type]
    """A table of the context (`key`, e.g. "table" or "tables[0]"): its title, subtitle and a bordered
    table with one docxtpl row loop, then its `empty` text."""
    _line(doc, f"{{{{ {key}.title }}}}", bold=True)
    _line(doc, f"{{{{ {key}.subtitle }}}}", italic=True)
    table = doc.add_table(rows=4, cols=columns)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for i in range(columns):
        cell = table.rows[0].cells[i]
        _line(cell, f"{{{{ {key}.columns[{i}] }}}}", bold=True, size=12, first=True)
        _line(table.rows[2].cells[i], f"{{{{ row[{i}] }}}}", size=12, first=True, align=None if i else 1)
    _line(table.rows[1].cells[0], f"{{%tr for row in {key}.rows %}}", first=True, align=None)
    _line(table.rows[3].cells[0], "{%tr endfor %}", first=True, align=None)
    _line(doc, f"{{{{ {key}.empty }}}}", align=None)


def _closing(doc: Document) -> None:  # type: ignore[valid-type]
    _line(doc, "{%p for p in closing %}", align=None)
    _line(doc, "{{ p }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _line(doc, "{%p endfor %}", align=None)


def _page_break(doc: Document) -> None:  # type: ignore[valid-type]
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # type: ignore[attr-defined]


def _articles(doc: Document) -> None:  # type: ignore[valid-type]
    """The decision's body (whole decision only): the issuing body, the grounds, "QUYẾT ĐỊNH", the articles
    ("Điều 1." in bold, then its text)."""
    _line(doc, "{%p if articles %}", align=None)
    _line(doc, "{{ authority }}", bold=True)
    _paragraphs(doc)
    _line(doc, "QUYẾT ĐỊNH", bold=True)
    _line(doc, "{%p for a in articles %}", align=None)
    paragraph = _line(doc, "{{ a.number }}", bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.add_run(" {{ a.text }}")
    _line(doc, "{%p endfor %}", align=None)
    _line(doc, "{%p endif %}", align=None)


def decision() -> Document:  # type: ignore[valid-type]
    doc = _base()
    _header(doc)
    _articles(doc)
    _end(doc)
    _page_break(doc)
    _table(doc, 4)
    return doc


def registration() -> Document:  # type: ignore[valid-type]
    doc = _base()
    _header(doc)
    _paragraphs(doc)
    _table(doc, 6)
    _end(doc)
    return doc


def report() -> Document:  # type: ignore[valid-type]
    """A report of two 4-column tables (the self-assessment report, the appraisal report)."""
    doc = _base()
    _header(doc)
    _paragraphs(doc)
    _table(doc, 4, "tables[0]")
    _line(doc, "")
    _table(doc, 4, "tables[1]")
    _closing(doc)
    _end(doc)
    return doc


def proposal() -> Document:  # type: ignore[valid-type]
    doc = _base()
    _header(doc)
    _paragraphs(doc)
    _table(doc, 5)
    _closing(doc)
    _end(doc)
    return doc


def summary() -> Document:  # type: ignore[valid-type]
    doc = _base()
    _header(doc)
    _paragraphs(doc)
    for i, columns in enumerate((6, 4, 5, 4)):
        _table(doc, columns, f"tables[{i}]")
        _line(doc, "")
    _end(doc)
    return doc


BUILDERS: dict[str, Callable[[], Document]] = {  # type: ignore[valid-type]
    "decision": decision,
    "registration": registration,
    "self_report": report,
    "appraisal_report": report,
    "proposal": proposal,
    "summary": summary,
}


def build(directory: Path = DOCX_DIR) -> list[Path]:
    """Write every template into `directory`; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, builder in BUILDERS.items():
        path = directory / f"{kind}.docx"
        builder().save(str(path))  # type: ignore[attr-defined]
        written.append(path)
    return written
