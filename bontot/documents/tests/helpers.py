"""Read a PDF back with poppler (pdftotext, pdffonts) and a .docx with python-docx."""

from __future__ import annotations

import io
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import docx


def _pdf_file(pdf: bytes) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=".pdf", delete=False)
    handle.write(pdf)
    handle.close()
    return Path(handle.name)


def pdf_text(pdf: bytes, *, layout: bool = True) -> str:
    """The PDF's text by pdftotext: with `layout` the columns side by side, else in reading order (a table
    cell's wrapped lines stay together)."""
    path = _pdf_file(pdf)
    try:
        args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout
    finally:
        path.unlink()


def pdf_fonts(pdf: bytes) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) per font of `pdffonts`."""
    path = _pdf_file(pdf)
    try:
        out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    finally:
        path.unlink()
    lines = out.splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type [encoding] emb sub uni object ID: emb is the 5th field from the end.
        rows.append((parts[0], parts[-5]))
    return rows


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    x: float
    y: float
    page_width: float
    page_height: float


def pdf_words(pdf: bytes) -> list[Word]:
    """Every word of the PDF with its page (1-based) and top-left corner (pdftotext -bbox)."""
    path = _pdf_file(pdf)
    try:
        out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    finally:
        path.unlink()
    root = ET.fromstring(out)
    words = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        width, height = float(page.get("width", 0)), float(page.get("height", 0))
        for word in page.iter("{http://www.w3.org/1999/xhtml}word"):
            words.append(
                Word(word.text or "", number, float(word.get("xMin", 0)), float(word.get("yMin", 0)), width, height)
            )
    return words


def docx_document(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def docx_text(content: bytes) -> str:
    """All paragraph texts of the body, its tables (recursively) and footers, one per line."""
    document = docx_document(content)
    lines: list[str] = []

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    lines.extend(p.text for p in document.paragraphs)
    cells(document.tables)
    return "\n".join(lines)
