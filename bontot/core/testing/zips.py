"""Zip files for the upload tests (.xlsx and .docx are zips)."""

from __future__ import annotations

import io
import zipfile


def inflating(content: bytes, part: str, marker: bytes, padding: bytes) -> bytes:
    """`content` with `padding` put before `marker` in its `part`: a small upload that inflates far beyond its
    size when unzipped (padding of one repeated byte compresses ~1000×)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                data = data.replace(marker, padding + marker)
            target.writestr(item.filename, data)
    return buffer.getvalue()
