"""Appraisal transitions: the competent level agrees or disagrees per indicator, returns a submitted
self-assessment for revision, or concludes it with a proposal (DOMAIN.md, "Who appraises, who decides").

Each transition is one atomic function: it locks the assessment and its current round, checks the actor's
authority (`authority.may_appraise`), the status and the version the form showed, writes, leaves an audit
row, and sends its notifications after commit. Concluding writes the appraiser's `Judgement` rows (a
judgement indicator's appraised verdict; a rule indicator's override with its written reason) and refreshes
the subject's stored verdict, which the proposal must agree with.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bontot.core.audit import log_action
from bontot.criteria.engine.scales import FAIL, PASS, VERDICT_LABELS
from bontot.criteria.loader import ScopeError
from bontot.criteria.models import StoredVerdict
from bontot.criteria.verdicts import refresh_verdicts
from bontot.members.models import Member
from bontot.notifications.services import notify
from bontot.organizations.models import Role

from . import authority
from .access import assessment_path
from .models import Assessment, AssessmentRound, AssessmentStatus, Judgement, JudgementBy, Proposal

OBJECT_TYPE = "assessments.assessment"
STALE = "Đã có người khác cập nhật bản này; tải lại trang."
RETURN_REASON_REQUIRED = "Phải ghi lý do trả lại để bổ sung, chỉnh sửa."
DISAGREE_NEEDS_COMMENT = "Chỉ báo {code}: không đồng ý thì phải ghi nhận xét."
OVERRIDE_NEEDS_REASON = "Sửa kết quả tính tự động của chỉ báo {code} phải ghi lý do."
# What each later status says about the assessment, for "Bản tự đánh giá đã được … bởi … lúc …".
DONE_WORDS: Mapping[str, str] = {
    AssessmentStatus.RETURNED: "trả lại để bổ sung",
    AssessmentStatus.APPRAISED: "thẩm định",
    AssessmentStatus.RECOGNISED: "công nhận",
}


@dataclass(frozen=True)
class SnapshotIndicator:
    """One indicator of a round's snapshot (the engine's result at submission)."""

    code: str
    source: str  # rule | judgement
    verdict: str
    criterion: str


def snapshot_indicators(snapshot: Mapping[str, Any]) -> Iterator[SnapshotIndicator]:
    """Yield the indicators of an `evaluate` result entry, criterion by criterion."""
    for criterion in snapshot.get("criteria", []):
        for item in criterion.get("indicators", []):
            yield SnapshotIndicator(
                str(item.get("code", "")),
                str(item.get("source", "")),
                str(item.get("verdict", "")),
                str(criterion.get("code", "")),
            )


def _user_name(user: Any) -> str:
    if user is None:
        return "người khác"
    return user.get_full_name() or user.get_username()


def _moved_on(locked: Assessment, current: AssessmentRound | None, doing: str) -> ValidationError:
    """The clear message for a transition refused because the assessment is no longer submitted."""
    status = locked.status
    if status == AssessmentStatus.RETURNED and current is not None and current.returned_at is not None:
        who, when = current.returned_by, current.returned_at
    elif status in (AssessmentStatus.APPRAISED, AssessmentStatus.RECOGNISED) and locked.appraised_at is not None:
        who, when = locked.appraised_by, locked.appraised_at
    else:
        return ValidationError(f"Bản tự đánh giá đang ở trạng thái “{locked.get_status_display()}”, không thể {doing}.")
    moment = timezone.localtime(when).strftime("%H:%M %d/%m/%Y")
    return ValidationError(
        f"Bản tự đánh giá đã được {DONE_WORDS[status]} bởi {_user_name(who)} lúc {moment}, không thể {doing}."
    )


def _competent(subject: authority.Subject) -> str:
    """Name the role that appraises the subject (its holder's organisation is the subject's cell or parent)."""
    found = authority.appraiser_of(subject)
    if found is None:
        return "không có cấp trên"
    where = subject.organization if isinstance(subject, Member) else subject.parent
    if isinstance(subject, Member) and found.role != Role.CELL_SECRETARY:
        where = subject.organization.parent  # a secretary's own assessment: the cell's appraiser
    return f"{Role(found.role).label} — {where.name if where is not None else found.path}"


def _lock(assessment: Assessment, *, actor: Any, version: int, doing: str) -> tuple[Assessment, AssessmentRound]:
    """Lock the assessment and its current round; check authority, status (submitted) and version."""
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("member__organization", "cell", "organization__parent")
        .get(pk=assessment.pk)
    )
    subject = authority.subject_of(locked)
    if isinstance(subject, Member) and authority.is_self(actor, subject):
        raise PermissionDenied(authority.self_appraisal_refusal(subject))
    if not authority.may_appraise(actor, subject):
        raise PermissionDenied(
            f"Chỉ cấp có thẩm quyền mới thẩm định bản tự đánh giá này: {_competent(subject)}; bạn không thể {doing}."
        )
    current = (
        AssessmentRound.objects.select_for_update().filter(assessment=locked, number=locked.round).first()
        if locked.round
        else None
    )
    if locked.status != AssessmentStatus.SUBMITTED:
        raise _moved_on(locked, current, doing)
    if locked.version != version:
        raise ValidationError(STALE)
    if current is None:
        raise ValidationError("Bản tự đánh giá chưa có lần nộp nào để thẩm định.")
    return locked, current


def _clean_opinions(opinions: Mapping[str, Any], codes: set[str]) -> dict[str, dict[str, Any]]:
    """Return the opinions on known indicators as {code: {"agree": bool, "comment": str}}."""
    cleaned: dict[str, dict[str, Any]] = {}
    errors: list[str] = []
    for code, raw in opinions.items():
        if code not in codes:
            errors.append(f"Chỉ báo {code} không có trong bản tự đánh giá.")
            continue
        agree = bool(raw.get("agree", True))
        comment = str(raw.get("comment", "") or "").strip()
        if not agree and not comment:
            errors.append(DISAGREE_NEEDS_COMMENT.format(code=code))
        cleaned[code] = {"agree": agree, "comment": comment}
    if errors:
        raise ValidationError(errors)
    return cleaned


def _audit(action: str, locked: Assessment, actor: Any, data: dict[str, Any]) -> None:
    log_action(
        action,
        actor=actor,
        object_type=OBJECT_TYPE,
        object_id=str(locked.pk),
        organization_path=assessment_path(locked),
        data={"subject": locked.subject, "year": locked.year, "round": locked.round, **data},
    )


def _bump(locked: Assessment, actor: Any, fields: list[str]) -> None:
    locked.version += 1
    locked.stamp(actor)
    locked.full_clean()
    locked.save(update_fields=[*fields, "version"])


def round_url(assessment: Assessment, number: int) -> str:
    return reverse("assessments:appraisal_round", kwargs={"pk": assessment.pk, "number": number})


def save_opinions(
    assessment: Assessment, *, opinions: Mapping[str, Mapping[str, Any]], version: int, actor: Any
) -> Assessment:
    """Record the appraiser's agree/disagree and comment per indicator on the current round (while submitted)."""
    with transaction.atomic():
        locked, current = _lock(assessment, actor=actor, version=version, doing="ghi ý kiến thẩm định")
        codes = {i.code for i in snapshot_indicators(current.snapshot)}
        current.opinions = {**current.opinions, **_clean_opinions(opinions, codes)}
        current.stamp(actor)
        current.save(update_fields=["opinions"])
        _bump(locked, actor, [])
        _audit(
            "assessments.appraisal.opinions",
            locked,
            actor,
            {"from": locked.status, "to": locked.status, "reason": "", "indicators": sorted(opinions)},
        )
    return locked


def return_assessment(assessment: Assessment, *, reason: str, version: int, actor: Any) -> Assessment:
    """Return a submitted self-assessment for revision, with the reason; the subject hears of it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": RETURN_REASON_REQUIRED})
    with transaction.atomic():
        locked, current = _lock(assessment, actor=actor, version=version, doing="trả lại")
        now = timezone.now()
        user = actor if getattr(actor, "is_authenticated", False) else None
        current.returned_at, current.returned_by, current.return_reason = now, user, reason
        current.stamp(actor)
        current.full_clean()
        current.save(update_fields=["returned_at", "returned_by", "return_reason"])
        before = locked.status
        locked.status = AssessmentStatus.RETURNED
        _bump(locked, actor, ["status"])
        _audit("assessments.appraisal.returned", locked, actor, {"from": before, "to": locked.status, "reason": reason})
        subject = authority.subject_of(locked)
        text = (
            f"Bản tự đánh giá năm {locked.year} của {locked.subject_name} đã bị trả lại để bổ sung, chỉnh sửa"
            f" (lần nộp {locked.round}). Lý do: {reason}"
        )
        _notify_after_commit(
            authority.subject_users(subject),
            kind="assessment.returned",
            text=text,
            url=round_url(locked, locked.round),
            key=f"assessment_returned:{locked.pk}:{locked.round}",
            organization_path=assessment_path(locked),
        )
    return locked


def _notify_after_commit(users: Any, **message: Any) -> None:
    recipients = list(users)
    if recipients:
        transaction.on_commit(lambda: notify(recipients, **message))


def _judgement_rows(
    locked: Assessment, current: AssessmentRound, opinions: Mapping[str, Mapping[str, Any]]
) -> dict[str, tuple[str, str]]:
    """Return the appraised verdict and note of each judgement indicator: the self verdict when the
    appraiser agrees, the opposite when they disagree (the comment is the note)."""
    rows: dict[str, tuple[str, str]] = {}
    missing: list[str] = []
    for item in snapshot_indicators(current.snapshot):
        if item.source != "judgement":
            continue
        answer = current.answers.get(item.code) or {}
        own = answer.get("verdict") if answer.get("verdict") in (PASS, FAIL) else item.verdict
        if own not in (PASS, FAIL):
            missing.append(item.code)
            continue
        opinion = opinions.get(item.code, {"agree": True, "comment": ""})
        verdict = own if opinion["agree"] else (FAIL if own == PASS else PASS)
        rows[item.code] = (verdict, opinion["comment"])
    if missing:
        raise ValidationError(f"Chưa có tự đánh giá các chỉ báo: {', '.join(missing)}; hãy trả lại để bổ sung.")
    return rows


def _clean_overrides(
    overrides: Mapping[str, Mapping[str, Any]], current: AssessmentRound
) -> dict[str, tuple[str, str]]:
    """Return the rule overrides as {code: (verdict, reason)}; each needs a written reason."""
    rules = {i.code: i for i in snapshot_indicators(current.snapshot) if i.source == "rule"}
    cleaned: dict[str, tuple[str, str]] = {}
    errors: list[str] = []
    for code, raw in overrides.items():
        verdict = str(raw.get("verdict", ""))
        reason = str(raw.get("reason", "") or "").strip()
        if code not in rules:
            errors.append(f"Chỉ báo {code} không phải chỉ báo tính tự động của bản tự đánh giá.")
        elif verdict not in (PASS, FAIL):
            errors.append(f"Chỉ báo {code}: chọn Đạt hoặc Không đạt.")
        elif verdict == rules[code].verdict:
            errors.append(f"Chỉ báo {code}: kết quả sửa trùng với kết quả tính tự động.")
        elif not reason:
            errors.append(OVERRIDE_NEEDS_REASON.format(code=code))
        else:
            cleaned[code] = (verdict, reason)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _write_judgements(
    locked: Assessment, rows: Mapping[str, tuple[str, str]], rule_codes: set[str], actor: Any
) -> None:
    """Write the appraiser's judgements; drop an appraiser's override of a rule indicator not overridden now."""
    subject: dict[str, Any] = (
        {"member": locked.member} if locked.member_id is not None else {"organization": locked.organization}
    )
    existing = {
        j.indicator: j
        for j in Judgement.objects.select_for_update().filter(**subject, year=locked.year, by=JudgementBy.APPRAISER)
    }
    stale = [j.pk for code, j in existing.items() if code in rule_codes and code not in rows]
    if stale:
        Judgement.objects.filter(pk__in=stale).delete()
    for code, (verdict, note) in rows.items():
        row = existing.get(code) or Judgement(**subject, year=locked.year, indicator=code, by=JudgementBy.APPRAISER)
        row.verdict, row.note = verdict, note
        row.stamp(actor)
        row.full_clean()
        row.save()


def _refreshed_verdict(locked: Assessment) -> str:
    """Evaluate the subject again with the appraiser's judgements and return its stored verdict."""
    try:
        if locked.member_id is not None:
            refresh_verdicts(locked.year, member_ids=[locked.member_id])
            found = StoredVerdict.objects.filter(year=locked.year, member_id=locked.member_id)
        else:
            assert locked.organization_id is not None
            refresh_verdicts(locked.year, organization_ids=[locked.organization_id])
            found = StoredVerdict.objects.filter(year=locked.year, organization_id=locked.organization_id)
    except ScopeError:
        raise ValidationError(f"Năm {locked.year} chưa được khai báo để đánh giá, không thể kết luận.") from None
    verdict = found.values_list("verdict", flat=True).first()
    return verdict or ""


def conclude_appraisal(
    assessment: Assessment,
    *,
    proposal: str,
    comment: str,
    opinions: Mapping[str, Mapping[str, Any]],
    overrides: Mapping[str, Mapping[str, Any]],
    version: int,
    actor: Any,
) -> Assessment:
    """Conclude the appraisal of a submitted self-assessment with a proposal (recognise / not recognise).

    Writes the appraiser's judgements (judgement indicators; rule overrides with their reason), refreshes
    the subject's stored verdict and refuses to propose recognition unless that verdict is Đạt."""
    if proposal not in Proposal.values:
        raise ValidationError({"proposal": "Chọn đề nghị công nhận hoặc không đề nghị công nhận."})
    comment = (comment or "").strip()
    with transaction.atomic():
        locked, current = _lock(assessment, actor=actor, version=version, doing="kết luận thẩm định")
        codes = {i.code for i in snapshot_indicators(current.snapshot)}
        merged = {**current.opinions, **_clean_opinions(opinions, codes)}
        cleaned_overrides = _clean_overrides(overrides, current)
        rows = _judgement_rows(locked, current, merged)
        rule_codes = {i.code for i in snapshot_indicators(current.snapshot) if i.source == "rule"}
        _write_judgements(locked, {**rows, **cleaned_overrides}, rule_codes, actor)
        verdict = _refreshed_verdict(locked)
        if proposal == Proposal.RECOGNISE and verdict != PASS:
            label = VERDICT_LABELS.get(verdict, verdict or "chưa có")
            raise ValidationError(
                {"proposal": f"Không thể đề nghị công nhận: kết quả sau thẩm định là “{label}”, chưa Đạt."}
            )
        current.opinions = merged
        current.stamp(actor)
        current.save(update_fields=["opinions"])
        before = locked.status
        user = actor if getattr(actor, "is_authenticated", False) else None
        locked.status = AssessmentStatus.APPRAISED
        locked.proposal = proposal
        locked.appraisal_comment = comment
        locked.appraised_by, locked.appraised_at = user, timezone.now()
        _bump(locked, actor, ["status", "proposal", "appraisal_comment", "appraised_by", "appraised_at"])
        _audit(
            "assessments.appraisal.concluded",
            locked,
            actor,
            {
                "from": before,
                "to": locked.status,
                "reason": comment,
                "proposal": proposal,
                "verdict": verdict,
                "overrides": {code: {"verdict": v, "reason": r} for code, (v, r) in cleaned_overrides.items()},
            },
        )
        _notify_concluded(locked)
    return locked


def _notify_concluded(locked: Assessment) -> None:
    subject = authority.subject_of(locked)
    label = Proposal(locked.proposal).label
    path = assessment_path(locked)
    url = round_url(locked, locked.round)
    _notify_after_commit(
        authority.subject_users(subject),
        kind="assessment.appraised",
        text=f"Bản tự đánh giá năm {locked.year} của {locked.subject_name} đã thẩm định: {label}.",
        url=url,
        key=f"assessment_appraised:{locked.pk}",
        organization_path=path,
    )
    if locked.proposal == Proposal.RECOGNISE:
        kind = "đảng viên" if isinstance(subject, Member) else "tổ chức đảng"
        _notify_after_commit(
            authority.users_holding(authority.decider_of(subject)),
            kind="assessment.pending_decision",
            text=f"Việc cần làm: xét công nhận {kind} {locked.subject_name} năm {locked.year} (đã thẩm định, {label}).",
            url=url,
            key=f"pending_decision:{locked.pk}",
            organization_path=path,
        )
