"""Evidence files: what is accepted (by content, never by name), and the name kept for a download.

Accepted: PDF (`%PDF-`), PNG and JPEG images (their signatures), Word .docx (a ZIP archive holding
`word/document.xml`) and Word .doc (an OLE2 compound file, `D0 CF 11 E0 A1 B1 1A E1`). The name a user gave
is kept only for display and for the download's file name, sanitised, with the extension of the detected
type; on disk a file is stored under a random name.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

PDF, PNG, JPEG, DOCX, DOC = "pdf", "png", "jpeg", "docx", "doc"


@dataclass(frozen=True)
class FileType:
    code: str
    content_type: str
    extensions: tuple[str, ...]  # the first is the one added to a name lacking a matching one
    label: str


TYPES = {
    PDF: FileType(PDF, "application/pdf", (".pdf",), "PDF"),
    PNG: FileType(PNG, "image/png", (".png",), "ảnh PNG"),
    JPEG: FileType(JPEG, "image/jpeg", (".jpg", ".jpeg"), "ảnh JPEG"),
    DOCX: FileType(
        DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "Word (.docx)"
    ),
    DOC: FileType(DOC, "application/msword", (".doc",), "Word (.doc)"),
}
ACCEPTED_LABEL = "PDF, ảnh (PNG, JPEG), Word (.docx, .doc)"
ACCEPT_ATTRIBUTE = ".pdf,.png,.jpg,.jpeg,.docx,.doc,application/pdf,image/png,image/jpeg"

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURE = b"PK\x03\x04"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
MAX_NAME = 150


def detect_type(stream: IO[bytes]) -> FileType | None:
    """Return the accepted type of a file by its content, or None; the stream is left at its start."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return TYPES[PDF]
        if head.startswith(_PNG_SIGNATURE):
            return TYPES[PNG]
        if head.startswith(_JPEG_SIGNATURE):
            return TYPES[JPEG]
        if head.startswith(_OLE2_SIGNATURE):
            return TYPES[DOC]
        if head.startswith(_ZIP_SIGNATURE) and _is_docx(stream):
            return TYPES[DOCX]
        return None
    finally:
        stream.seek(0)


def _is_docx(stream: IO[bytes]) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def clean_name(name: str, kind: FileType) -> str:
    """Return the user's file name without folders or unsafe characters, ending with the type's extension."""
    base = unicodedata.normalize("NFC", re.split(r"[\\/]", name or "")[-1])
    base = " ".join(_UNSAFE.sub("", base).split()).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    if f".{ext.lower()}" not in kind.extensions:
        stem = base
        ext = kind.extensions[0][1:]
    stem = stem[:MAX_NAME].strip(" .") or "minh-chung"
    return f"{stem}.{ext.lower()}"
