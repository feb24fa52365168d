"""The text a user reads in an answer, whatever its type: a page, a PDF, a Word or an Excel download."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

from openpyxl import load_workbook

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _content(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def pdf_text(content: bytes) -> str:
    """The PDF's text in reading order (pdftotext), white space collapsed: a name wrapped in a table cell
    reads as one. A file pdftotext cannot read (an uploaded evidence file served as is) reads as its bytes."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        done = subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True)  # noqa: S603, S607
    if done.returncode != 0:
        return content.decode("utf-8", "replace")
    return re.sub(r"\s+", " ", done.stdout)


def docx_text(content: bytes) -> str:
    """Every paragraph of every XML part of a Word file (body, tables, headers, footers, notes, properties),
    one per line: a paragraph's runs joined, so a name split over runs reads whole."""
    lines: list[str] = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            root = ET.fromstring(archive.read(name))  # noqa: S314 - our own answer
            paragraphs = list(root.iter(f"{_W}p"))
            if paragraphs:
                lines += ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in paragraphs]
            else:  # docProps/core.xml and the like
                lines += [text for text in root.itertext() if text.strip()]
    return "\n".join(lines)


def xlsx_text(content: bytes) -> str:
    """Every cell of every sheet of a workbook, one per line."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    try:
        return "\n".join(
            str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
            if value is not None
        )  # fmt: skip
    finally:
        book.close()


def answer_text(response: Any) -> str | None:
    """Return the text of a response by its Content-Type; None for a type holding no text (an image)."""
    kind = response.get("Content-Type", "").split(";")[0].strip()
    if kind == PDF_TYPE:
        return pdf_text(_content(response))
    if kind == DOCX_TYPE:
        return docx_text(_content(response))
    if kind == XLSX_TYPE:
        return xlsx_text(_content(response))
    if kind.startswith("image/"):
        return None
    return _content(response).decode("utf-8", "replace")


__all__ = ["answer_text", "docx_text", "pdf_text", "xlsx_text"]
