"""One context builder per document: pure data (strings and lists), read by both the HTML template (PDF) and
the .docx template (Word), so the two files always say the same.

Every context has the party-document frame (Hướng dẫn 36-HD/VPTW): `superior`, `issuer` (upper-case names
valid on the document's date), `number` ("Số: 15-QĐ/ĐU"), `date_line` ("Tam Thăng, ngày 06 tháng 01 năm
2025"), `doc_type` ("QUYẾT ĐỊNH"), `title`, `paragraphs`, a `table` (`title`, `subtitle`, `columns`, `rows`),
`recipients` (ending "- Lưu VP."), the signer block `signer_line` / `signer_title` / `signer_name`, and
`filename` (without extension).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from bontot.decisions.models import Decision, DecisionEntry

from .render import file_stem

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
ARCHIVE = "- Lưu VP."


def date_line(place: str, day: datetime.date) -> str:
    """ "Tam Thăng, ngày 06 tháng 01 năm 2025" (the place and date line under the party's name)."""
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def recipients_ending_archive(lines: Iterable[str]) -> list[str]:
    """The "Nơi nhận:" lines, ending with "- Lưu VP." (added when the list lacks it)."""
    rows = [line.strip() for line in lines if line.strip()]
    if not rows or "lưu vp" not in rows[-1].lower():
        rows.append(ARCHIVE)
    return rows


def decision_context(decision: Decision, entries: Iterable[DecisionEntry], *, whole: bool) -> dict[str, Any]:
    """The recognition decision with its attached list, from the names frozen on the decision at issue.

    `entries` are the lines the reader may see (select `organization` with them); when not `whole` (a member,
    a recognised cell's secretary) the summary is left out, as on the page."""
    issued = decision.issued_on
    paragraphs = [p.strip() for p in decision.summary.splitlines() if p.strip()] if whole else []
    rows = [[str(e.position), e.name, e.organization_name, e.model_label] for e in entries]
    return {
        "kind": "decision",
        "filename": f"quyet-dinh-{file_stem(decision.number)}",
        "party": PARTY,
        "superior": decision.superior_name,
        "issuer": decision.issuer_name,
        "number": f"Số: {decision.number}",
        "date_line": date_line(decision.place, issued),
        "doc_type": "QUYẾT ĐỊNH",
        "title": decision.title,
        "paragraphs": paragraphs,
        "table": {
            "title": ("" if whole else "TRÍCH ")
            + f"DANH SÁCH ĐẢNG VIÊN, TỔ CHỨC ĐẢNG ĐƯỢC CÔNG NHẬN “BỐN TỐT” NĂM {decision.year}",
            "subtitle": f"(Kèm theo Quyết định số {decision.number} ngày {issued:%d/%m/%Y})",
            "columns": ["STT", "Họ và tên / Tổ chức đảng", "Thuộc", "Danh hiệu"],
            "rows": rows,
            "empty": "" if rows or not whole else "Quyết định này không công nhận đối tượng nào.",
        },
        "recipients": recipients_ending_archive(decision.recipient_lines),
        "signer_line": decision.signing_line,
        "signer_title": decision.signer_title.upper(),
        "signer_name": decision.signer_name,
    }
