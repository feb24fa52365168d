"""One context builder per document: pure data (strings and lists), read by both the HTML template (PDF) and
the .docx template (Word), so the two files always say the same.

Every context has the party-document frame (Hướng dẫn 36-HD/VPTW): `superior`, `issuer` (upper-case names
valid on the document's date), `number` ("Số: 15-QĐ/ĐU"), `date_line` ("Tam Thăng, ngày 06 tháng 01 năm
2025"), `doc_type` ("QUYẾT ĐỊNH"), `title`, `paragraphs`, a `table` (`title`, `subtitle`, `columns`, `rows`),
`recipients` (ending "- Lưu VP."), the signer block `signer_line` / `signer_title` / `signer_name`,
`filename` (without extension) and `owner_id` (the organisation whose uploaded Word template applies).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from bontot.assessments import authority
from bontot.assessments.access import CELL_KINDS
from bontot.assessments.models import Assessment, AssessmentRound, Registration
from bontot.assessments.services_self import subject_name
from bontot.criteria.engine.criteria_set import UnknownCriteriaSetError, get_criteria_set
from bontot.criteria.engine.scales import VERDICT_LABELS
from bontot.dashboards.presenters import criteria_rows, titles
from bontot.decisions.models import MODEL_LABELS, MODEL_MEMBER, Decision, DecisionEntry, model_of
from bontot.decisions.selectors import Candidate, current_on
from bontot.decisions.services import body_name
from bontot.members.models import Member
from bontot.organizations.models import Organization

from .render import file_stem

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
ARCHIVE = "- Lưu VP."


def date_line(place: str, day: datetime.date) -> str:
    """ "Tam Thăng, ngày 06 tháng 01 năm 2025" (the place and date line under the party's name)."""
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def recipients_ending_archive(lines: Iterable[str]) -> list[str]:
    """The "Nơi nhận:" lines, each starting with "- ", ending with "- Lưu VP." (added when the list lacks it)."""
    rows = [line.strip() for line in lines if line.strip()]
    rows = [row if row.startswith(("-", "+", "–")) else f"- {row}" for row in rows]
    if not rows or "lưu vp" not in rows[-1].lower():
        rows.append(ARCHIVE)
    return rows


def decision_context(
    decision: Decision, entries: Iterable[DecisionEntry], *, whole: bool, criteria_sets: Iterable[str] = ()
) -> dict[str, Any]:
    """The recognition decision with its attached list, from the names frozen on the decision at issue.

    `entries` are the lines the reader may see (select `organization` with them); `criteria_sets` the codes of
    the sets the recognised subjects were assessed against. The whole decision reads, after the title, the
    issuing body ("BAN THƯỜNG VỤ ĐẢNG ỦY XÃ …"), the grounds (`paragraphs`: the ones typed at issue, else
    those our data holds: each set's plan, the office's proposal), "QUYẾT ĐỊNH" and the `articles` (Điều 1
    recognises — or revokes the decision it replaces —, Điều 2 the priority the plan gives, Điều 3 effect and
    execution). When not `whole` (a member, a recognised cell's secretary) only the extract of the list is
    given, as on the page."""
    issued = decision.issued_on
    rows = [[str(e.position), e.name, e.organization_name, e.model_label] for e in entries]
    authority, paragraphs, articles = "", [], []
    if whole:
        authority = f"BAN THƯỜNG VỤ {decision.issuer_name}"
        paragraphs = [p.strip() for p in decision.summary.splitlines() if p.strip()] or grounds(decision, criteria_sets)
        articles = [
            {"number": f"Điều {n}.", "text": text}
            for n, text in enumerate(decision_articles(decision, list(entries)), start=1)
        ]
    return {
        "kind": "decision",
        "owner_id": decision.issuer_id,
        "filename": f"quyet-dinh-{file_stem(decision.number)}",
        "party": PARTY,
        "superior": decision.superior_name,
        "issuer": decision.issuer_name,
        "number": f"Số: {decision.number}",
        "date_line": date_line(decision.place, issued),
        "doc_type": "QUYẾT ĐỊNH",
        "title": decision.title,
        "authority": authority,
        "paragraphs": paragraphs,
        "articles": articles,
        "table": {
            "title": ("" if whole else "TRÍCH ")
            + f"DANH SÁCH ĐẢNG VIÊN, TỔ CHỨC ĐẢNG ĐƯỢC CÔNG NHẬN “BỐN TỐT” NĂM {decision.year}",
            "subtitle": f"(Kèm theo Quyết định số {decision.number} ngày {issued:%d/%m/%Y})",
            "columns": ["STT", "Họ và tên / Tổ chức đảng", "Thuộc", "Danh hiệu"],
            "widths": [8, 36, 32, 24],
            "rows": rows,
            "empty": "" if rows or not whole else "Quyết định này không công nhận đối tượng nào.",
        },
        "recipients": recipients_ending_archive(decision.recipient_lines),
        "signer_line": decision.signing_line,
        "signer_title": decision.signer_title.upper(),
        "signer_name": decision.signer_name,
    }


def short_body(issuer_name: str) -> str:
    """The issuing body named short in running text, from its frozen upper-case name: "ĐẢNG ỦY XÃ TAM THĂNG"
    → "Đảng ủy", "THÀNH ỦY TAM KỲ" → "Thành ủy" (the document's header names it in full)."""
    words = issuer_name.split()
    for i, word in enumerate(words):
        if word in ("ỦY", "UỶ"):
            return " ".join(words[: i + 1]).capitalize()
    return "cấp ủy"


def grounds(decision: Decision, criteria_sets: Iterable[str]) -> list[str]:
    """The grounds our data holds for a decision issued without typed ones: the plan of each criteria set the
    subjects were assessed against, quoted as the set cites it, and — unless it revokes an earlier decision —
    the proposal of the office (the "tờ trình" this app prints). The last one ends with a comma."""
    lines = []
    for code in sorted(set(criteria_sets)):
        try:
            source = get_criteria_set(code).source.strip()
        except UnknownCriteriaSetError:
            continue
        if source:
            lines.append(f"- Căn cứ {source};")
    if decision.revokes_id is None:
        lines.append(f"- Xét đề nghị của Văn phòng {short_body(decision.issuer_name)};")
    if lines:
        lines[-1] = lines[-1][:-1] + ","
    return lines


def _subjects(entries: list[DecisionEntry]) -> str:
    """ "Các đảng viên, tổ chức đảng" / "Các đảng viên" / "Tổ chức đảng" … as the list holds them."""
    members = any(e.member_id is not None for e in entries)
    organisations = any(e.member_id is None for e in entries)
    noun = ", ".join(n for n, present in (("đảng viên", members), ("tổ chức đảng", organisations)) if present)
    return f"Các {noun}" if len(entries) > 1 else noun.capitalize()


def _recognised(entries: list[DecisionEntry], year: int) -> str:
    """ "Công nhận 2 đảng viên đạt “Đảng viên bốn tốt” và 1 tổ chức đảng đạt “Chi bộ bốn tốt” năm 2024"."""
    counts: dict[str, int] = {}
    for e in entries:
        model = model_of(e.member_id, e.organization)
        counts[model] = counts.get(model, 0) + 1
    parts = [
        f"{counts[m]} {'đảng viên' if m == MODEL_MEMBER else 'tổ chức đảng'} đạt “{MODEL_LABELS[m]}”"
        for m in MODEL_LABELS
        if m in counts
    ]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]
    return f"Công nhận {listed} năm {year}"


def _priority(entries: list[DecisionEntry], year: int, where: str) -> str:
    # The plan (Kế hoạch 63-KH/ĐU, II.3.1 and II.3.2), as bontot/facts/grid_marks.py marks it on the rating grid.
    return f"{_subjects(entries)} {where} được ưu tiên lựa chọn để xếp loại “Hoàn thành xuất sắc nhiệm vụ” năm {year}."


def decision_articles(decision: Decision, entries: list[DecisionEntry]) -> list[str]:
    """The texts of Điều 1, 2 and 3 of a whole decision, from its own data (`entries`: all its lines).

    A decision recognises (Điều 1), gives those recognised the plan's priority for the “Hoàn thành xuất sắc
    nhiệm vụ” rating (Điều 2) and takes effect on signature (Điều 3, the bodies that carry it out, which the
    default "Nơi nhận" line "- Như Điều 3;" points at). A revoking decision revokes the one it replaces
    (Điều 1, with the reason) and recognises its corrected list — or says that nobody remains recognised —
    (Điều 2)."""
    year = decision.year
    old = decision.revokes
    articles = []
    if old is not None:
        old_title = old.title[:1].lower() + old.title[1:]
        reason = decision.revoke_reason.strip().rstrip(".")
        articles.append(
            f"Thu hồi Quyết định số {old.number} ngày {old.issued_on:%d/%m/%Y} {old_title}. Lý do: {reason}."
        )
        if entries:
            articles.append(
                f"{_recognised(entries, year)} (có danh sách kèm theo, thay cho danh sách kèm theo Quyết định số "
                f"{old.number}). " + _priority(entries, year, "có tên trong danh sách kèm theo")
            )
        else:
            articles.append(
                f"Đảng viên, tổ chức đảng có tên trong danh sách kèm theo Quyết định số {old.number} không còn "
                f"được công nhận “bốn tốt” năm {year}."
            )
    else:
        articles.append(f"{_recognised(entries, year)} (có danh sách kèm theo).")
        articles.append(_priority(entries, year, "có tên tại Điều 1"))
    members = any(e.member_id is not None for e in entries)
    articles.append(
        f"Quyết định có hiệu lực kể từ ngày ký. Văn phòng {short_body(decision.issuer_name)}, các tổ chức đảng có "
        "liên quan"
        + (" và các đồng chí có tên trong danh sách kèm theo" if members else "")
        + " chịu trách nhiệm thi hành Quyết định này."
    )
    return articles


def document_day(organization: Organization, today: datetime.date) -> datetime.date:
    """The date a document of `organization` carries: today, or its last day when it has closed since."""
    if organization.valid_to is not None and organization.valid_to < today:
        return organization.valid_to
    return today


def frame(organization: Organization, day: datetime.date) -> dict[str, Any]:
    """The header and signer block of a document issued by `organization` on `day`: its and its superior's
    names valid on that day, the signer's line ("T/M CHI BỘ" for a cell, "T/M BAN THƯỜNG VỤ" for a
    committee) and title ("BÍ THƯ"); the signer's name is left for the signer to write."""
    superior = superior_body = ""
    if organization.parent is not None:
        superior_name = current_on(organization.parent, day).name
        superior, superior_body = body_name(superior_name), body_of(superior_name)
    cell = organization.kind in CELL_KINDS
    return {
        "owner_id": organization.pk,
        "party": PARTY,
        "superior": superior,
        "issuer": body_name(organization.name),
        "number": "",
        "date_line": date_line(place_of(organization), day),
        "recipients": recipients_ending_archive([f"- {superior_body} (để báo cáo);"] if superior_body else []),
        "signer_line": "T/M CHI BỘ" if cell else "T/M BAN THƯỜNG VỤ",
        "signer_title": "BÍ THƯ",
        "signer_name": "",
    }


def body_of(organization_name: str) -> str:
    """The signing body of an organisation in running text: "Đảng bộ xã X" → "Đảng ủy xã X" (`body_name`
    without the capitals)."""
    prefix = "Đảng bộ "
    return "Đảng ủy " + organization_name[len(prefix) :] if organization_name.startswith(prefix) else organization_name


def place_of(organization: Organization) -> str:
    """The place of the date line: the commune or ward in the organisation's or its parent's name ("Đảng bộ
    xã Tam Thăng" → "Tam Thăng"), else the organisation's own name."""
    for org in (organization, organization.parent):
        if org is None:
            continue
        words = org.name.split()
        for marker in ("xã", "phường", "thị trấn"):
            parts = marker.split()
            for i in range(len(words) - len(parts)):
                if [w.lower() for w in words[i : i + len(parts)]] == parts:
                    return " ".join(words[i + len(parts) :])
    return organization.name


def registration_context(
    organization: Organization, year: int, registrations: Iterable[Registration], *, today: datetime.date
) -> dict[str, Any]:
    """A cell's (or committee's) list of the year's registrations to build the model (any status), one row per
    subject: its name, the title registered, the date and the status."""
    day = document_day(organization, today)
    rows = []
    for position, r in enumerate(registrations, start=1):
        if r.member is not None:
            name, org_name = r.member.full_name, r.member.organization.name
        else:
            assert r.organization is not None
            name = org_name = r.organization.name
        label = MODEL_LABELS[model_of(r.member_id, r.organization)]
        status = r.get_status_display() + (" (đăng ký muộn)" if r.late and r.status != "pending" else "")
        rows.append([str(position), name, org_name, label, f"{r.registered_on:%d/%m/%Y}", status])
    return frame(organization, day) | {
        "kind": "registration",
        "filename": f"dang-ky-{year}-{file_stem(organization.code or str(organization.pk))}",
        "doc_type": "DANH SÁCH",
        "title": f"Đăng ký xây dựng mô hình “bốn tốt” năm {year}",
        "paragraphs": [f"{organization.name} đăng ký xây dựng mô hình “bốn tốt” năm {year} như sau:"],
        "table": {
            "title": "",
            "subtitle": "",
            "columns": ["STT", "Họ và tên / Tổ chức đảng", "Thuộc", "Đăng ký danh hiệu", "Ngày đăng ký", "Tình trạng"],
            "widths": [7, 26, 22, 16, 13, 16],
            "rows": rows,
            "empty": "" if rows else f"Chưa có đối tượng nào đăng ký năm {year}.",
        },
    }


def _person(user: Any) -> str:
    """A user's name in Vietnamese order ("Nguyễn Văn An"), "" without one."""
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def _answer_rows(frozen: AssessmentRound, texts: dict[str, str]) -> list[list[str]]:
    return [
        [
            code,
            texts.get(code, ""),
            VERDICT_LABELS.get(str((answer or {}).get("verdict", "")), str((answer or {}).get("verdict", ""))),
            str((answer or {}).get("explanation", "")),
        ]
        for code, answer in sorted((frozen.answers or {}).items())
    ]


def round_context(
    assessment: Assessment,
    frozen: AssessmentRound,
    *,
    issuer: Organization,
    appraisal: bool,
    today: datetime.date,
    overrides: dict[str, tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """The self-assessment report of one submitted round (`appraisal=False`): the engine's result frozen at
    submission, the self answers and the general self-review; or the appraisal report of that round: each
    indicator's result with the appraiser's corrections (overrides with their reasons), the opinions on the
    self answers, the appraiser's comment and proposal. `issuer` is the organisation whose document it is:
    the subject's home for the self-assessment, the appraising organisation for the appraisal. `overrides`:
    the appraiser's corrections of rule indicators, {code: (verdict, reason)}."""
    subject = authority.subject_of(assessment)
    name = subject_name(subject)
    member = isinstance(subject, Member)
    model = str((frozen.snapshot or {}).get("model", ""))
    if appraisal:
        stamp = frozen.returned_at or (assessment.appraised_at if assessment.round == frozen.number else None)
    else:
        stamp = frozen.submitted_at
    day = document_day(issuer, timezone.localdate(stamp) if stamp else today)
    criteria = criteria_rows(frozen.snapshot or {}, frozen.criteria_set)
    texts = {i.code: i.label for c in criteria for i in c.indicators}
    result_rows = []
    for c in criteria:
        result_rows.append([c.code, c.title, c.verdict_label, ""])
        for i in c.indicators:
            # As the result page words it: "Thực tế: 12; yêu cầu: 10" (a bare "Đạt / Đạt" read as two verdicts).
            note = "; ".join(
                part
                for part in (i.measured and f"Thực tế: {i.measured}", i.required and f"yêu cầu: {i.required}")
                if part
            )
            note = note[:1].upper() + note[1:]
            if appraisal and i.source == "rule" and i.code in (overrides or {}):
                verdict_, reason = (overrides or {})[i.code]
                label = VERDICT_LABELS.get(verdict_, verdict_)
                note = f"Cấp thẩm định sửa: {i.verdict_label} → {label}. Lý do: {reason}"
            result_rows.append([i.code, i.label, i.verdict_label, note])
    verdict = VERDICT_LABELS.get(str((frozen.snapshot or {}).get("verdict", "")), "")
    paragraphs = [
        f"{'Đảng viên' if member else 'Tổ chức đảng'}: {name}"
        + (f" ({subject.organization.name})" if isinstance(subject, Member) else "")
        + ".",
        f"Lần nộp {frozen.number}, ngày {timezone.localdate(frozen.submitted_at):%d/%m/%Y}; số liệu tính đến ngày "
        f"{frozen.as_of:%d/%m/%Y}; bộ tiêu chí {frozen.criteria_set}.",
        f"Kết quả của phần mềm khi nộp: {verdict}.",
    ]
    result_table = {
        "title": "KẾT QUẢ THEO TỪNG TIÊU CHÍ, CHỈ BÁO",
        "subtitle": "",
        "columns": ["Mã", "Tiêu chí / chỉ báo", "Kết quả", "Số liệu / ghi chú"],
        "widths": [10, 48, 14, 28],
        "rows": result_rows,
        "empty": "Không có kết quả.",
    }
    frame_ = frame(issuer, day)
    if not appraisal:
        answers = {
            "title": "TỰ ĐÁNH GIÁ CÁC CHỈ BÁO ĐỊNH TÍNH",
            "subtitle": "",
            "columns": ["Mã", "Chỉ báo", "Tự đánh giá", "Giải trình"],
            "widths": [10, 40, 14, 36],
            "rows": _answer_rows(frozen, texts),
            "empty": "Không có chỉ báo tự đánh giá.",
        }
        closing = [f"Tự nhận xét chung: {frozen.summary.strip()}"] if frozen.summary.strip() else []
        if member:
            frame_ |= {"signer_line": "", "signer_title": "NGƯỜI TỰ ĐÁNH GIÁ", "signer_name": name}
        return frame_ | {
            "kind": "self_report",
            "filename": f"tu-danh-gia-{assessment.year}-{assessment.pk}-lan-{frozen.number}",
            "doc_type": "BẢN TỰ ĐÁNH GIÁ" if member else "BÁO CÁO",
            "title": f"Tự đánh giá theo mô hình “{MODEL_LABELS.get(model, 'bốn tốt')}” năm {assessment.year}",
            "paragraphs": paragraphs,
            "tables": [result_table, answers],
            "closing": closing,
        }
    opinions = []
    for code, opinion in sorted((frozen.opinions or {}).items()):
        agree = "Đồng ý" if (opinion or {}).get("agree") else "Không đồng ý"
        opinions.append([code, texts.get(code, ""), agree, str((opinion or {}).get("comment", ""))])
    closing = []
    if frozen.returned_at:
        closing.append(f"Trả lại ngày {timezone.localdate(frozen.returned_at):%d/%m/%Y}. Lý do: {frozen.return_reason}")
    elif assessment.round == frozen.number and assessment.proposal:
        if assessment.appraisal_comment.strip():
            closing.append(f"Nhận xét của cấp thẩm định: {assessment.appraisal_comment.strip()}")
        closing.append(f"Đề xuất: {assessment.get_proposal_display()}.")
        if assessment.appraised_at:
            closing.append(
                f"Thẩm định ngày {timezone.localdate(assessment.appraised_at):%d/%m/%Y}"
                + (f", người thẩm định: {_person(assessment.appraised_by)}." if assessment.appraised_by else ".")
            )
    else:
        closing.append("Lần nộp này chưa được thẩm định xong.")
    return frame_ | {
        "kind": "appraisal_report",
        "filename": f"tham-dinh-{assessment.year}-{assessment.pk}-lan-{frozen.number}",
        "doc_type": "BÁO CÁO",
        "title": f"Kết quả thẩm định tự đánh giá “{MODEL_LABELS.get(model, 'bốn tốt')}” năm {assessment.year}: {name}",
        "paragraphs": paragraphs,
        "tables": [
            result_table,
            {
                "title": "Ý KIẾN THẨM ĐỊNH TỪNG CHỈ BÁO",
                "subtitle": "",
                "columns": ["Mã", "Chỉ báo", "Ý kiến", "Nhận xét"],
                "widths": [10, 40, 14, 36],
                "rows": opinions,
                "empty": "Không có ý kiến từng chỉ báo.",
            },
        ],
        "closing": closing,
    }


def proposal_context(
    issuer: Organization, year: int, rows: Iterable[Candidate], *, today: datetime.date
) -> dict[str, Any]:
    """The office's proposal (tờ trình) to the standing committee of `issuer`: the year's appraised subjects
    proposed for recognition that it decides, as the issue page lists them, each with what stands in the way
    (a late registration not accepted, a complaint hold)."""
    day = document_day(issuer, today)
    body = body_of(issuer.name)
    table_rows = []
    for position, c in enumerate(rows, start=1):
        notes = [c.hold_label] if c.hold_label else []
        if not c.registered:
            notes.append("Chưa có đăng ký được chấp nhận")
        table_rows.append([str(position), c.name, c.organization_name, c.model_label, "; ".join(notes)])
    count = len(table_rows)
    # The office (Văn phòng, a body of the committee) issues it: the committee heads the left column, the
    # office's head signs in person (no "T/M": that is for collective bodies), the number is written by hand.
    return frame(issuer, day) | {
        "superior": body_name(issuer.name),
        "issuer": "VĂN PHÒNG",
        "number": "Số:" + "\u00a0" * 8 + "-TTr/VPĐU",  # no-break spaces: room for the number
        "kind": "proposal",
        "filename": f"to-trinh-{year}-{file_stem(issuer.code)}",
        "doc_type": "TỜ TRÌNH",
        "title": f"Về việc đề nghị công nhận đảng viên, tổ chức đảng đạt “bốn tốt” năm {year}",
        "paragraphs": [
            f"Kính gửi: Ban Thường vụ {body}.",
            f"Qua thẩm định kết quả tự đánh giá năm {year}, Văn phòng {body} đề nghị Ban Thường vụ xem xét, "
            f"công nhận {count} đảng viên, tổ chức đảng đạt “bốn tốt” năm {year} (danh sách kèm theo).",
        ],
        "table": {
            "title": f"DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN “BỐN TỐT” NĂM {year}",
            "subtitle": "",
            "columns": ["STT", "Họ và tên / Tổ chức đảng", "Thuộc", "Danh hiệu đề nghị", "Ghi chú"],
            "widths": [7, 28, 22, 16, 27],
            "rows": table_rows,
            "empty": "" if table_rows else f"Chưa có đối tượng nào được đề nghị công nhận năm {year}.",
        },
        "closing": ["Kính trình Ban Thường vụ xem xét, quyết định."],
        "recipients": recipients_ending_archive([f"- Ban Thường vụ {body} (để quyết định);"]),
        "signer_line": "",
        "signer_title": "CHÁNH VĂN PHÒNG",
    }


def percent(part: int, whole: int) -> str:
    """ "66,7%" (Vietnamese decimal comma), "" when there is nothing to divide by."""
    if not whole:
        return ""
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%"


@dataclass(frozen=True)
class VerdictRow:
    """The fields of a StoredVerdict the summary reads."""

    name: str
    model: str
    verdict: str
    failing: str
    criteria_set: str


def summary_context(
    organization: Organization,
    year: int,
    verdicts: Iterable[VerdictRow],
    recognised: Iterable[DecisionEntry],
    *,
    today: datetime.date,
) -> dict[str, Any]:
    """The year's summary report of a committee to the level above: per model the subjects evaluated, those
    who pass (Đạt), fail and are pending with percentages; per criterion how many fail it; the subjects
    recognised by the year's decisions still in force; and the organisations that fail with the criteria
    they fail (members are counted, not named)."""
    day = document_day(organization, today)
    rows = list(verdicts)
    by_model: dict[str, list[VerdictRow]] = {}
    for r in rows:
        by_model.setdefault(r.model, []).append(r)
    models = [m for m in MODEL_LABELS if m in by_model]
    model_rows: list[list[str]] = []
    criterion_rows: list[list[str]] = []
    failing_orgs: list[list[str]] = []
    for model in models:
        group = by_model[model]
        total = len(group)
        passed = sum(r.verdict == "pass" for r in group)
        failed = sum(r.verdict == "fail" for r in group)
        pending = total - passed - failed
        model_rows.append(
            [MODEL_LABELS[model], str(total), str(passed), percent(passed, total), str(failed), str(pending)]
        )
        names = titles(group[0].criteria_set, model).criteria
        counts: dict[str, int] = {}
        for r in group:
            for code in r.failing.strip("|").split("|"):
                if code:
                    counts[code] = counts.get(code, 0) + 1
        for code in sorted(counts):
            title = names.get(code, "")
            criterion_rows.append(
                [
                    MODEL_LABELS[model],
                    f"{code}. {title}" if title else code,
                    str(counts[code]),
                    percent(counts[code], total),
                ]
            )
        if model != "member":
            for r in group:
                if r.verdict == "fail":
                    codes = [c for c in r.failing.strip("|").split("|") if c]
                    reasons = "; ".join(f"{c}. {names.get(c, '')}".rstrip(". ") for c in codes)
                    failing_orgs.append([str(len(failing_orgs) + 1), r.name, MODEL_LABELS[model], reasons])
    entries = [
        [
            str(i),
            e.name,
            e.organization_name,
            e.model_label,
            f"{e.decision.number} ngày {e.decision.issued_on:%d/%m/%Y}",
        ]
        for i, e in enumerate(recognised, start=1)
    ]
    superior_body = ""
    if organization.parent is not None:
        superior_body = body_of(current_on(organization.parent, day).name)
    body = body_of(organization.name)
    return frame(organization, day) | {
        "kind": "summary",
        "filename": f"bao-cao-{year}-{file_stem(organization.code)}",
        "doc_type": "BÁO CÁO",
        "title": f"Kết quả đánh giá, công nhận “bốn tốt” năm {year}",
        "paragraphs": [
            *([f"Kính gửi: Ban Thường vụ {superior_body}."] if superior_body else []),
            f"Ban Thường vụ {body} báo cáo kết quả đánh giá theo mô hình “bốn tốt” năm {year} "
            f"({len(rows)} đối tượng được đánh giá, {len(entries)} đối tượng được công nhận) như sau:",
        ],
        "tables": [
            {
                "title": "1. KẾT QUẢ THEO TỪNG MÔ HÌNH",
                "subtitle": "",
                "columns": ["Mô hình", "Số đối tượng", "Đạt", "Tỷ lệ đạt", "Không đạt", "Chưa kết luận"],
                "widths": [30, 14, 12, 14, 14, 16],
                "rows": model_rows,
                "empty": f"Chưa có kết quả đánh giá năm {year}.",
            },
            {
                "title": "2. SỐ ĐỐI TƯỢNG KHÔNG ĐẠT THEO TIÊU CHÍ",
                "subtitle": "",
                "columns": ["Mô hình", "Tiêu chí", "Số không đạt", "Tỷ lệ"],
                "widths": [24, 48, 14, 14],
                "rows": criterion_rows,
                "empty": "Không có tiêu chí nào có đối tượng không đạt.",
            },
            {
                "title": "3. DANH SÁCH ĐƯỢC CÔNG NHẬN",
                "subtitle": "",
                "columns": ["STT", "Họ và tên / Tổ chức đảng", "Thuộc", "Danh hiệu", "Quyết định"],
                "widths": [7, 28, 23, 18, 24],
                "rows": entries,
                "empty": f"Chưa có quyết định công nhận năm {year}.",
            },
            {
                "title": "4. TỔ CHỨC ĐẢNG KHÔNG ĐẠT VÀ LÝ DO",
                "subtitle": "",
                "columns": ["STT", "Tổ chức đảng", "Mô hình", "Tiêu chí không đạt"],
                "widths": [7, 33, 20, 40],
                "rows": failing_orgs,
                "empty": "Không có tổ chức đảng nào không đạt.",
            },
        ],
        "closing": [],
        "recipients": recipients_ending_archive(
            [f"- Ban Thường vụ {superior_body} (để báo cáo);"] if superior_body else []
        ),
    }
