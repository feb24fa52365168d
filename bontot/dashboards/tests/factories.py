"""Stored verdicts for dashboard tests, shaped as `refresh_verdicts` stores them.

`result` is the subject's object of the `evaluate` JSON output, built from the shipped criteria set so that
every criterion and indicator code is real; a few indicators carry the engine's own wording.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bontot.core.text import vi_sort_name
from bontot.criteria.engine.criteria_set import get_criteria_set
from bontot.criteria.models import EvaluationYear, StoredVerdict
from bontot.members.models import Member
from bontot.organizations.models import Organization

CRITERIA_SET = "kh-63-ku-2023"
YEAR = 2024
AS_OF = datetime.date(2024, 11, 30)
COMPUTED_AT = datetime.datetime(2024, 12, 2, 8, 30, tzinfo=datetime.UTC)  # 15:30 in Hà Nội

# (code, verdict) → (measured, required, explanation): the engine's wording for the indicators tests read.
WORDING: Mapping[tuple[str, str], tuple[Any, Any, str]] = {
    ("1.2.a", "fail"): (7, 10, "7 kỳ sinh hoạt thường kỳ đạt Khá trở lên (yêu cầu ít nhất 10)."),
    ("1.2.a", "pass"): (11, 10, "11 kỳ sinh hoạt thường kỳ đạt Khá trở lên (yêu cầu ít nhất 10)."),
    ("1.2.d", "pass"): (2, 2, "2/2 kỳ sinh hoạt chuyên đề."),
    ("1.4.c", "fail"): (
        1,
        0,
        "Có 1 lượt đảng viên của chi bộ bị kỷ luật trong năm 2024: Khiển trách ngày 01/05/2024.",
    ),
    ("2.3.a", "fail"): (1, 0, "Bị kỷ luật trong năm 2024: Khiển trách ngày 01/05/2024."),
    ("2.3.a", "pass"): (0, 0, "Không bị kỷ luật trong năm 2024."),
    ("2.2.a", "pending"): (
        None,
        "Hoàn thành xuất sắc nhiệm vụ",
        "Chưa đủ dữ liệu: chưa có xếp loại năm 2024 ở cơ quan, đơn vị — cần nhập để xét.",
    ),
}


def make_year(year: int = YEAR) -> EvaluationYear:
    evaluation_year, _ = EvaluationYear.objects.get_or_create(
        year=year,
        defaults={
            "criteria_set": CRITERIA_SET,
            "registration_deadline": datetime.date(year, 1, 20),
            "cutoff": datetime.date(year, 11, 30),
        },
    )
    return evaluation_year


def warning(criterion: str, severity: str, text: str, code: str = "", indicator: str = "") -> dict[str, str]:
    """Return an early warning as `refresh_verdicts` stores it."""
    return {
        "code": code or "meetings.short",
        "criterion": criterion,
        "indicator": indicator or f"{criterion}.a",
        "severity": severity,
        "text": text,
    }


def _indicator(code: str, source: str, verdict: str) -> dict[str, Any]:
    if (code, verdict) in WORDING:
        measured, required, explanation = WORDING[(code, verdict)]
    elif source == "judgement":
        measured, required = ("Đạt", "Đạt") if verdict == "pass" else (None, "Đạt")
        explanation = "Thẩm định: Đạt." if verdict == "pass" else "Chưa đủ dữ liệu: chưa có tự đánh giá/thẩm định."
    else:
        measured, required = (0, 0) if verdict == "pass" else (None, None)
        explanation = {
            "pass": f"Chỉ tiêu {code} đạt.",
            "fail": f"Chỉ tiêu {code} không đạt.",
            "pending": f"Chưa đủ dữ liệu để xét chỉ tiêu {code}.",
        }[verdict]
    return {
        "code": code,
        "source": source,
        "verdict": verdict,
        "measured": measured,
        "required": required,
        "explanation": explanation,
        "evidence": [],
    }


def make_result(
    subject: str, name: str, model: str, *, failing: Iterable[str] = (), pending: Iterable[str] = ()
) -> dict[str, Any]:
    """Return an `evaluate` result: in a failing criterion its first computed indicator fails (the rest
    pass); in a pending one its judged indicators wait for an assessment; every other indicator passes."""
    failing, pending = set(failing), set(pending)
    criteria = []
    for criterion in get_criteria_set(CRITERIA_SET).criteria(model):
        indicators = []
        failed = False
        for ind in criterion.indicators:
            verdict = "pass"
            if criterion.code in failing and ind.source == "rule" and not failed:
                verdict, failed = "fail", True
            elif criterion.code in pending and ind.source == "judgement":
                verdict = "pending"
            indicators.append(_indicator(ind.code, ind.source, verdict))
        verdict = "fail" if criterion.code in failing else "pending" if criterion.code in pending else "pass"
        criteria.append(
            {"code": criterion.code, "title": criterion.title, "verdict": verdict, "indicators": indicators}
        )
    overall = "fail" if failing else "pending" if pending else "pass"
    return {"subject": subject, "name": name, "model": model, "verdict": overall, "criteria": criteria}


def _codes(codes: Iterable[str]) -> str:
    return "|" + "".join(f"{code}|" for code in sorted(codes))


def build_verdict(
    *,
    organization: Organization | None = None,
    member: Member | None = None,
    year: int = YEAR,
    failing: Sequence[str] = (),
    pending: Sequence[str] = (),
    warnings: Sequence[Mapping[str, str]] = (),
) -> StoredVerdict:
    """Return an unsaved stored verdict of one organisation or member (for `bulk_create`)."""
    if member is not None:
        subject, name, model, path = f"member:{member.card_no}", member.full_name, "member", member.organization.path
    else:
        assert organization is not None
        subject, name, path = f"org:{organization.code}", organization.name, organization.path
        model = "grassroots" if organization.kind == "grassroots_committee" else "cell"
    result = make_result(subject, name, model, failing=failing, pending=pending)
    return StoredVerdict(
        year=year,
        subject=subject,
        member=member,
        organization=organization,
        model=model,
        name=name,
        sort_name=vi_sort_name(name),
        organization_path=path,
        verdict=result["verdict"],
        failing=_codes(failing),
        pending=_codes(set(pending) - set(failing)),
        warnings=list(warnings),
        warning_count=len(warnings),
        result=result,
        criteria_set=CRITERIA_SET,
        criteria_set_digest=get_criteria_set(CRITERIA_SET).digest,
        as_of=AS_OF,
        computed_at=COMPUTED_AT,
    )


def make_verdict(**kwargs: Any) -> StoredVerdict:
    verdict = build_verdict(**kwargs)
    verdict.save()
    return verdict


def make_cells(parent: Organization, count: int, *, year: int = YEAR, prefix: str = "X") -> list[Organization]:
    """Create `count` cells under `parent`, each with a stored verdict (every third fails criterion 1.2)."""
    Organization.objects.bulk_create(
        Organization(
            code=f"{prefix}{i:04d}",
            name=f"Chi bộ thôn Số {i:04d}",
            kind="cell",
            parent=parent,
            valid_from=datetime.date(2000, 1, 1),
            path=f"{parent.path}{prefix}{i:04d}/",
            depth=parent.depth + 1,
        )
        for i in range(count)
    )
    cells = list(Organization.objects.filter(parent=parent, code__startswith=prefix).order_by("code"))
    StoredVerdict.objects.bulk_create(
        build_verdict(
            organization=cell,
            year=year,
            failing=("1.2",) if i % 3 == 0 else (),
            warnings=[warning("1.2", "warning", "Tháng 7 chưa có kỳ sinh hoạt thường kỳ.")] if i % 2 else [],
        )
        for i, cell in enumerate(cells)
    )
    return cells


def make_members(cell: Organization, count: int, *, year: int = YEAR, prefix: str = "M") -> list[Member]:
    """Create `count` members of `cell`, each with a stored verdict."""
    members = [
        Member.objects.create(
            card_no=f"{prefix}{i:05d}",
            full_name=f"Nguyễn Văn Số{i:03d}",
            birth_date=datetime.date(1980, 1, 1),
            gender="male",
            organization=cell,
            admitted_on=datetime.date(2010, 1, 1),
            official_on=datetime.date(2011, 1, 1),
        )
        for i in range(count)
    ]
    StoredVerdict.objects.bulk_create(
        build_verdict(member=m, year=year, failing=("2.3",) if i % 2 else ()) for i, m in enumerate(members)
    )
    return members


def seed_world(w: Any, year: int = YEAR) -> dict[str, StoredVerdict]:
    """Give the persona world (bontot/core/testing/world.py) its year and a stored verdict for every subject.

    Idempotent: the URL matrix calls it once per persona.
    """
    make_year(year)
    if StoredVerdict.objects.filter(year=year).exists():
        return {v.subject: v for v in StoredVerdict.objects.filter(year=year)}
    sinh_hoat = "Còn 2 tháng, cần thêm 3 kỳ sinh hoạt đạt Khá trở lên."
    specs: list[dict[str, Any]] = [
        {"organization": w.orgs["DU"], "pending": ["1.1"]},
        {"organization": w.orgs["DU2"], "pending": ["1.1"]},
        {
            "organization": w.orgs["A"],
            "failing": ["1.2"],
            "warnings": [
                warning("1.2", "warning", sinh_hoat),
                warning("1.2", "info", "Tháng 7 chưa có kỳ sinh hoạt thường kỳ."),
            ],
        },
        {
            "organization": w.orgs["B"],
            "failing": ["1.4"],
            "warnings": [warning("1.4", "danger", "1 đảng viên bị kỷ luật: chi bộ Bình Phú không thể đạt 1.4.")],
        },
        {"organization": w.orgs["C"], "warnings": [warning("1.2", "info", "Cẩm Lý: tháng 11 chưa sinh hoạt.")]},
        {"member": w.members["member_a"], "pending": ["2.2"]},
        {"member": w.members["secretary_a"]},
        {"member": w.members["other_a"], "failing": ["2.3"]},
        {"member": w.members["member_b"]},
        {"member": w.members["member_c"], "failing": ["2.3"]},
    ]
    StoredVerdict.objects.bulk_create(build_verdict(year=year, **spec) for spec in specs)
    return {v.subject: v for v in StoredVerdict.objects.filter(year=year)}
