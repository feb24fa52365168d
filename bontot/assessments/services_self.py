"""Self-assessment transitions: start, save the answers, add or remove evidence, submit.

Each is one atomic function: it locks the assessment row (`select_for_update`), checks the actor's authority
(`authority.may_self_assess`), the status and (for the forms) the version the page showed, validates, saves
with `version += 1`, writes an audit row `assessment.<action>` and sends its notifications after commit.

A subject self-assesses a year only with an accepted registration for it. The judgement indicators to answer
are those (without a rule) of the subject's model in the year's criteria set. Submitting writes the answers as
the subject's own `Judgement` rows (the engine reads them), re-evaluates the subject at once and freezes a
new `AssessmentRound`: the engine's result, the criteria set's code and digest, the facts' as-of date.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bontot.core.audit import log_action
from bontot.criteria.engine.criteria_set import CriteriaSet, Indicator, get_criteria_set
from bontot.criteria.engine.scales import FAIL, PASS
from bontot.criteria.models import EvaluationYear, StoredVerdict
from bontot.criteria.verdicts import refresh_verdicts
from bontot.members.models import Member
from bontot.notifications.services import notify
from bontot.organizations.models import Organization, OrganizationKind

from . import authority
from .evidence import ACCEPTED_LABEL, clean_name, detect_type
from .models import (
    Assessment,
    AssessmentRound,
    AssessmentStatus,
    Evidence,
    Judgement,
    JudgementBy,
    Registration,
    RegistrationStatus,
)

OBJECT_TYPE = "assessments.assessment"
EDITABLE = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)
STALE = "Đã có người khác cập nhật bản này; tải lại trang."
NO_AUTHORITY = "Bạn không có quyền tự đánh giá thay cho đối tượng này."
MAX_EXPLANATION = 5000
VERDICTS = (PASS, FAIL)
# The engine's model of each kind of organisation that is a subject (criteria/loader.SUBJECT_ORG_KINDS).
ORG_MODELS = {
    OrganizationKind.CELL: "cell",
    OrganizationKind.GRASSROOTS_CELL: "cell",
    OrganizationKind.GRASSROOTS_COMMITTEE: "grassroots",
}
VERBS = {
    AssessmentStatus.SUBMITTED: "nộp",
    AssessmentStatus.APPRAISED: "thẩm định",
    AssessmentStatus.RECOGNISED: "công nhận",
}


# -- reading -----------------------------------------------------------------------------------------------


def subject_name(subject: authority.Subject) -> str:
    return subject.full_name if isinstance(subject, Member) else subject.name


def model_of(subject: authority.Subject) -> str | None:
    """Return the engine's model of a subject ("member", "cell", "grassroots"), None for a non-subject."""
    if isinstance(subject, Member):
        return "member"
    return ORG_MODELS.get(subject.kind)  # type: ignore[call-overload]


def criteria_of(year: int) -> CriteriaSet:
    """Return the year's criteria set; refuse a year that is not declared."""
    code = EvaluationYear.objects.filter(year=year).values_list("criteria_set", flat=True).first()
    if code is None:
        raise ValidationError(f"Chưa khai báo năm đánh giá {year}, chưa thể tự đánh giá.")
    return get_criteria_set(code)


def judgement_indicators(criteria: CriteriaSet, model: str) -> tuple[Indicator, ...]:
    """Return the indicators of a model judged by people (self-assessed, then appraised), in order."""
    return tuple(i for i in criteria.indicators(model) if i.rule is None)


def current_verdict(assessment: Assessment) -> StoredVerdict | None:
    """Return the subject's stored engine result for the assessment's year (one query)."""
    rows = StoredVerdict.objects.filter(year=assessment.year)
    if assessment.member_id is not None:
        return rows.filter(member_id=assessment.member_id).first()
    assert assessment.organization_id is not None  # a database constraint: exactly one subject
    return rows.filter(organization_id=assessment.organization_id).first()


def registration_refusal(year: int, subject: authority.Subject) -> str | None:
    """Return why the subject may not self-assess `year` for lack of an accepted registration, else None."""
    rows = Registration.objects.filter(year=year)
    rows = rows.filter(member=subject) if isinstance(subject, Member) else rows.filter(organization=subject)
    registration = rows.first()
    name = subject_name(subject)
    if registration is None:
        return f"{name} chưa đăng ký xây dựng mô hình năm {year}, chưa thể tự đánh giá."
    if registration.status == RegistrationStatus.PENDING:
        return f"Đăng ký muộn của {name} chưa được cấp trên chấp nhận, chưa thể tự đánh giá."
    if registration.status == RegistrationStatus.REFUSED:
        return (
            f"Đăng ký của {name} năm {year} không được chấp nhận (lý do: {registration.decision_reason}), "
            "không thể tự đánh giá."
        )
    return None


def _user_name(user: Any) -> str:
    if user is None:
        return "người khác"
    return f"{user.last_name} {user.first_name}".strip() or str(user.username)


def _moved_on(assessment: Assessment, doing: str) -> ValidationError:
    """The message for an assessment no longer open to the subject: who moved it on, and when."""
    verb = VERBS.get(assessment.status, "chuyển bước")  # type: ignore[call-overload]
    who: Any = None
    when: datetime.datetime | None = None
    if assessment.status == AssessmentStatus.SUBMITTED:
        last = assessment.rounds.select_related("submitted_by").order_by("-number").first()
        if last is not None:
            who, when = last.submitted_by, last.submitted_at
    elif assessment.status in (AssessmentStatus.APPRAISED, AssessmentStatus.RECOGNISED):
        who, when = assessment.appraised_by, assessment.appraised_at
    if when is None:
        return ValidationError(f"Bản tự đánh giá đã được {verb}, không thể {doing}.")
    local = timezone.localtime(when)
    return ValidationError(
        f"Bản tự đánh giá đã được {verb} bởi {_user_name(who)} lúc {local:%H:%M} ngày {local:%d/%m/%Y}, "
        f"không thể {doing}."
    )


def _lock(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("member__organization", "cell", "organization__parent", "appraised_by")
        .get(pk=assessment.pk)
    )


def _check_open(locked: Assessment, actor: Any, doing: str, version: int | None = None) -> authority.Subject:
    subject = authority.subject_of(locked)
    if not authority.may_self_assess(actor, subject):
        raise PermissionDenied(NO_AUTHORITY)
    if locked.status not in EDITABLE:
        raise _moved_on(locked, doing)
    if version is not None and locked.version != version:
        raise ValidationError(STALE)
    return subject


def _audit(action: str, assessment: Assessment, actor: Any, data: dict[str, Any]) -> None:
    log_action(
        f"assessment.{action}",
        actor=actor,
        object_type=OBJECT_TYPE,
        object_id=str(assessment.pk),
        organization_path=authority.subject_path(authority.subject_of(assessment)),
        data={"subject": assessment.subject, "year": assessment.year, **data},
    )


def _bump(assessment: Assessment, actor: Any, fields: list[str]) -> None:
    assessment.version += 1
    assessment.stamp(actor)
    assessment.full_clean()
    assessment.save(update_fields=[*fields, "version"])


# -- start -------------------------------------------------------------------------------------------------


def start_assessment(
    year: int, *, member: Member | None = None, organization: Organization | None = None, actor: Any
) -> Assessment:
    """Return the subject's assessment of `year`, creating the draft when there is none.

    Refused without the authority to self-assess the subject, for a non-subject, a year not declared, or
    without an accepted registration for the year (none, late and not yet accepted, refused)."""
    if (member is None) == (organization is None):
        raise ValueError("start exactly one subject's assessment")
    with transaction.atomic():
        # Lock the subject so that two people starting at once create one draft.
        subject: authority.Subject
        if member is not None:
            locked = Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)
            # The draft is filed under the member's cell of `year` (`Assessment.set_cell`): authority over it
            # is checked there, not in their current cell.
            subject = authority.member_in_year(locked, year)
            existing = Assessment.objects.filter(year=year, member=subject)
        else:
            assert organization is not None
            subject = (
                Organization.objects.select_for_update(of=("self",)).select_related("parent").get(pk=organization.pk)
            )
            existing = Assessment.objects.filter(year=year, organization=subject)
        if not authority.may_self_assess(actor, subject):
            raise PermissionDenied(NO_AUTHORITY)
        found = existing.first()
        if found is not None:
            return found
        if model_of(subject) is None:
            raise ValidationError(f"{subject_name(subject)} không thuộc đối tượng xây dựng mô hình “bốn tốt”.")
        if isinstance(subject, Member) and subject.left_on is not None and subject.left_on <= timezone.localdate():
            raise ValidationError("Đảng viên đã ra khỏi đảng bộ, không thể tự đánh giá.")
        criteria_of(year)
        refusal = registration_refusal(year, subject)
        if refusal is not None:
            raise ValidationError(refusal)
        assessment = Assessment(
            year=year,
            member=subject if isinstance(subject, Member) else None,
            organization=subject if isinstance(subject, Organization) else None,
        )
        assessment.stamp(actor)
        assessment.full_clean()
        assessment.save()
        _audit("started", assessment, actor, {"from": "", "to": assessment.status})
        if not StoredVerdict.objects.filter(year=year, subject=assessment.subject).exists():
            _refresh(assessment)  # the form pre-fills rule indicators from the stored result
    return assessment


def _refresh(assessment: Assessment) -> None:
    if assessment.member_id is not None:
        refresh_verdicts(assessment.year, member_ids=[assessment.member_id])
    else:
        assert assessment.organization_id is not None
        refresh_verdicts(assessment.year, organization_ids=[assessment.organization_id])


# -- answers -----------------------------------------------------------------------------------------------


def clean_answers(answers: Mapping[str, Any], codes: Mapping[str, Indicator]) -> dict[str, dict[str, str]]:
    """Return the answers to keep (a draft may be partial); refuse unknown indicators and verdicts."""
    errors: dict[str, str] = {}
    kept: dict[str, dict[str, str]] = {}
    for code, answer in answers.items():
        if code not in codes:
            errors[str(code)] = f"Chỉ báo {code} không phải chỉ báo tự đánh giá của đối tượng này."
            continue
        answer = answer if isinstance(answer, Mapping) else {}
        verdict = str(answer.get("verdict") or "")
        explanation = str(answer.get("explanation") or "").strip()
        if verdict and verdict not in VERDICTS:
            errors[code] = f"Chỉ báo {code}: chỉ chọn Đạt hoặc Không đạt."
        elif len(explanation) > MAX_EXPLANATION:
            errors[code] = f"Chỉ báo {code}: giải trình dài quá {MAX_EXPLANATION} ký tự."
        elif verdict or explanation:
            kept[code] = {"verdict": verdict, "explanation": explanation}
    if errors:
        raise ValidationError(errors)
    return kept


def missing_answers(answers: Mapping[str, Any], indicators: tuple[Indicator, ...]) -> dict[str, str]:
    """Return, by indicator, what a submission still lacks: a verdict, or its written explanation."""
    missing: dict[str, str] = {}
    for indicator in indicators:
        answer = answers.get(indicator.code) or {}
        if answer.get("verdict") not in VERDICTS:
            missing[indicator.code] = f"Chỉ báo {indicator.code}: chưa chọn Đạt hoặc Không đạt."
        elif not str(answer.get("explanation") or "").strip():
            missing[indicator.code] = f"Chỉ báo {indicator.code}: phải ghi giải trình (căn cứ tự đánh giá)."
    return missing


def save_answers(
    assessment: Assessment, *, answers: Mapping[str, Any], summary: str, version: int, actor: Any
) -> Assessment:
    """Save the working copy of the self-assessment (a draft, or a returned one being corrected)."""
    with transaction.atomic():
        locked = _lock(assessment)
        subject = _check_open(locked, actor, "sửa", version)
        model = model_of(subject)
        assert model is not None  # a started assessment's subject is a subject
        codes = {i.code: i for i in judgement_indicators(criteria_of(locked.year), model)}
        kept = clean_answers(answers, codes)
        before = locked.status
        locked.answers = kept
        locked.summary = summary.strip()
        _bump(locked, actor, ["answers", "summary"])
        _audit("saved", locked, actor, {"from": before, "to": locked.status, "answered": len(kept)})
    return locked


# -- submit ------------------------------------------------------------------------------------------------


def submit_assessment(assessment: Assessment, *, version: int, actor: Any) -> Assessment:
    """Submit the self-assessment: every judgement indicator answered with a written explanation.

    Writes the answers as the subject's self `Judgement` rows, re-evaluates the subject, freezes round
    `round + 1` (the engine's result, criteria set, digest, as-of date), and tells the appraisers."""
    with transaction.atomic():
        locked = _lock(assessment)
        subject = _check_open(locked, actor, "nộp", version)
        refusal = registration_refusal(locked.year, subject)
        if refusal is not None:
            raise ValidationError(refusal)
        model = model_of(subject)
        assert model is not None
        indicators = judgement_indicators(criteria_of(locked.year), model)
        missing = missing_answers(locked.answers, indicators)
        if missing:
            raise ValidationError(missing)
        for indicator in indicators:
            answer = locked.answers[indicator.code]
            Judgement.objects.update_or_create(
                year=locked.year,
                member=locked.member,
                organization=locked.organization,
                indicator=indicator.code,
                by=JudgementBy.SELF,
                defaults={"verdict": answer["verdict"], "note": answer["explanation"]},
            )
        _refresh(locked)
        stored = current_verdict(locked)
        if stored is None:
            raise ValidationError("Chưa tính được kết quả của phần mềm cho đối tượng này, chưa thể nộp.")
        now = timezone.now()
        frozen = AssessmentRound(
            assessment=locked,
            number=locked.round + 1,
            submitted_at=now,
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
            snapshot=stored.result,
            criteria_set=stored.criteria_set,
            criteria_set_digest=stored.criteria_set_digest,
            as_of=stored.as_of,
            answers=dict(locked.answers),
            summary=locked.summary,
        )
        frozen.stamp(actor)
        frozen.full_clean()
        frozen.save()
        before = locked.status
        locked.status = AssessmentStatus.SUBMITTED
        locked.round = frozen.number
        _bump(locked, actor, ["status", "round"])
        _audit(
            "submitted",
            locked,
            actor,
            {"from": before, "to": locked.status, "round": frozen.number, "repr": f"Lần nộp {frozen.number}"},
        )
        appraisers = list(authority.users_holding(authority.appraiser_of(subject)))
        text = (
            f"Bản tự đánh giá năm {locked.year} của {subject_name(subject)} đã nộp (lần {frozen.number}), "
            "chờ thẩm định."
        )
        url = reverse("assessments:self_detail", kwargs={"pk": locked.pk})
        path = authority.subject_path(subject)
        key = f"assessment_submitted:{locked.pk}:{frozen.number}"
        transaction.on_commit(
            lambda: notify(appraisers, kind="assessment.submitted", text=text, url=url, key=key, organization_path=path)
        )
    return locked


# -- evidence ----------------------------------------------------------------------------------------------


def add_evidence(assessment: Assessment, *, file: UploadedFile, indicator: str, actor: Any) -> Evidence:
    """Attach an evidence file (PDF, PNG/JPEG, Word; checked by content) to the round being prepared."""
    name = file.name or "tệp"
    limit = settings.EVIDENCE_MAX_MB * 1024 * 1024
    if file.size is None or file.size > limit:
        raise ValidationError(f"Tệp “{name}” lớn quá {settings.EVIDENCE_MAX_MB} MB, không nhận.")
    if file.size == 0:
        raise ValidationError(f"Tệp “{name}” rỗng, không nhận.")
    kind = detect_type(file)
    if kind is None:
        raise ValidationError(f"Tệp “{name}” không phải {ACCEPTED_LABEL} (kiểm tra theo nội dung tệp), không nhận.")
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    with transaction.atomic():
        locked = _lock(assessment)
        subject = _check_open(locked, actor, "thêm tệp minh chứng")
        if indicator:
            model = model_of(subject)
            assert model is not None
            codes = {i.code for i in criteria_of(locked.year).indicators(model)}
            if indicator not in codes:
                raise ValidationError(f"Chỉ báo {indicator} không có trong bộ tiêu chí của đối tượng này.")
        evidence = Evidence(
            assessment=locked,
            round=locked.round + 1,
            indicator=indicator,
            original_name=clean_name(name, kind),
            content_type=kind.content_type,
            size=file.size,
            sha256=digest.hexdigest(),
        )
        evidence.stamp(actor)
        evidence.file.save(f"{uuid.uuid4().hex}{kind.extensions[0]}", file, save=False)
        stored_name = evidence.file.name
        storage = evidence.file.storage
        try:  # a refused row must not leave its file behind
            evidence.full_clean()
            evidence.save()
            _audit(
                "evidence_added",
                locked,
                actor,
                {"repr": evidence.original_name, "indicator": indicator, "round": evidence.round},
            )
        except Exception:
            storage.delete(stored_name)
            raise
    return evidence


def remove_evidence(evidence: Evidence, *, actor: Any) -> None:
    """Remove a file of the round being prepared (files of submitted rounds are kept)."""
    with transaction.atomic():
        locked = _lock(evidence.assessment)
        _check_open(locked, actor, "gỡ tệp minh chứng")
        row = Evidence.objects.select_for_update().filter(pk=evidence.pk, assessment=locked).first()
        if row is None:
            raise ValidationError("Tệp minh chứng đã được gỡ.")
        if row.round <= locked.round:
            raise ValidationError(f"Tệp “{row.original_name}” thuộc lần nộp {row.round}, không gỡ được.")
        name, storage = row.file.name, row.file.storage
        _audit("evidence_removed", locked, actor, {"repr": row.original_name, "indicator": row.indicator})
        row.delete()
        transaction.on_commit(lambda: storage.delete(name))


# -- what changed since a submission -----------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between a frozen snapshot and the current result."""

    criterion: str  # "" for the subject's overall verdict
    indicator: str  # "" for a criterion's (or the subject's) verdict
    field: str  # verdict | measured | explanation
    before: Any
    after: Any

    @property
    def field_label(self) -> str:
        return {"verdict": "Kết quả", "measured": "Số liệu", "explanation": "Giải thích"}.get(self.field, self.field)


def _indicators(result: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    found: dict[tuple[str, str], Mapping[str, Any]] = {}
    for criterion in result.get("criteria") or []:
        found[(criterion.get("code", ""), "")] = criterion
        for indicator in criterion.get("indicators") or []:
            found[(criterion.get("code", ""), indicator.get("code", ""))] = indicator
    return found


def snapshot_changes(round: AssessmentRound, current_result: Mapping[str, Any] | None) -> list[Change]:
    """Return what differs between the round's frozen result and the subject's current one.

    Per criterion its verdict; per indicator its verdict, measured value and explanation; the subject's
    overall verdict first. An item present on one side only shows with None on the other."""
    if current_result is None:
        return []
    before, after = round.snapshot or {}, current_result
    changes: list[Change] = []
    if before.get("verdict") != after.get("verdict"):
        changes.append(Change("", "", "verdict", before.get("verdict"), after.get("verdict")))
    old, new = _indicators(before), _indicators(after)
    for key in [*old, *(k for k in new if k not in old)]:
        was, now = old.get(key) or {}, new.get(key) or {}
        fields = ("verdict",) if not key[1] else ("verdict", "measured", "explanation")
        for name in fields:
            if was.get(name) != now.get(name):
                changes.append(Change(key[0], key[1], name, was.get(name), now.get(name)))
    return changes
