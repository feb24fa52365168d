from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from bontot.core.choices import code_choices
from bontot.core.models import Tracked
from bontot.core.subjects import SubjectModel, exactly_one_subject, unique_per_subject
from bontot.criteria.engine.scales import FAIL, PASS


class RegistrationStatus(models.TextChoices):
    ACCEPTED = "accepted", "Đã chấp nhận"
    PENDING = "pending", "Đăng ký muộn — chờ cấp trên quyết định"
    REFUSED = "refused", "Không chấp nhận"


REASON_REQUIRED = "Phải ghi lý do không chấp nhận đăng ký."
PENDING_IS_LATE = "Chỉ đăng ký muộn mới chờ cấp trên quyết định."


class Registration(SubjectModel):
    """A subject's registration to build the model in a year (before the deadline, or flagged late).

    On or before the year's deadline a registration is accepted; after it, it is late and waits (pending)
    for the level above to accept it or refuse it with a reason. Bundle rows are accepted."""

    year = models.PositiveSmallIntegerField("năm")
    registered_on = models.DateField("ngày đăng ký")
    status = models.CharField(
        "trạng thái", max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.ACCEPTED
    )
    late = models.BooleanField("đăng ký muộn", default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đăng ký",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người quyết định",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    decision_reason = models.TextField("lý do", blank=True)

    class Meta:
        verbose_name = "đăng ký xây dựng mô hình"
        verbose_name_plural = "đăng ký xây dựng mô hình"
        ordering = ["year", "registered_on"]
        constraints = [
            exactly_one_subject("registration_one_subject"),
            *unique_per_subject(["year"], "registration_unique"),
            models.CheckConstraint(
                condition=~models.Q(status=RegistrationStatus.REFUSED) | ~models.Q(decision_reason=""),
                name="registration_refused_has_reason",
                violation_error_message=REASON_REQUIRED,
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RegistrationStatus.PENDING) | models.Q(late=True),
                name="registration_pending_is_late",
                violation_error_message=PENDING_IS_LATE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.registered_on:%d/%m/%Y}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.status == RegistrationStatus.REFUSED and not self.decision_reason.strip():
            errors["decision_reason"] = REASON_REQUIRED
        if self.status == RegistrationStatus.PENDING and not self.late:
            errors["status"] = PENDING_IS_LATE
        if errors:
            raise ValidationError(errors)


JudgementVerdict = code_choices("JudgementVerdict", (PASS, FAIL), {"pass": "Đạt", "fail": "Không đạt"}, module=__name__)


class JudgementBy(models.TextChoices):
    SELF = "self", "Tự đánh giá"
    APPRAISER = "appraiser", "Thẩm định"


class Judgement(SubjectModel):
    """A verdict on one judgement indicator, by the subject itself or by the appraiser."""

    year = models.PositiveSmallIntegerField("năm")
    indicator = models.CharField("mã chỉ báo", max_length=20)
    verdict = models.CharField("kết quả", max_length=10, choices=JudgementVerdict.choices)
    by = models.CharField("người đánh giá", max_length=10, choices=JudgementBy.choices)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "đánh giá chỉ báo định tính"
        verbose_name_plural = "đánh giá chỉ báo định tính"
        ordering = ["year", "indicator"]
        constraints = [
            exactly_one_subject("judgement_one_subject"),
            *unique_per_subject(["year", "indicator", "by"], "judgement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator}: {self.get_verdict_display()}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Đang tự đánh giá"
    SUBMITTED = "submitted", "Đã nộp — chờ thẩm định"
    RETURNED = "returned", "Trả lại để bổ sung, chỉnh sửa"
    APPRAISED = "appraised", "Đã thẩm định"
    RECOGNISED = "recognised", "Đã công nhận"


class Proposal(models.TextChoices):
    RECOGNISE = "recognise", "Đề nghị công nhận"
    NOT_RECOGNISE = "not_recognise", "Không đề nghị công nhận"


PROPOSAL_ONLY_WHEN_APPRAISED = "Chỉ bản đã thẩm định mới có đề xuất của cấp thẩm định."


class Assessment(SubjectModel):
    """A subject's self-assessment of a year and its appraisal: one row per subject and year.

    `status` moves draft → submitted → (returned → submitted)* → appraised → recognised, only through
    the transition functions of `services_*` (row lock, audit row, notifications after commit). `version`
    grows by one at every write, so that a form posted over a stale page is refused instead of overwriting.
    `answers` is the working copy of the self-assessment of judgement indicators:
    {indicator: {"verdict": "pass"|"fail", "explanation": str}}; each submission freezes a copy in its
    `AssessmentRound`. `round` is the number of the current (last) round, 0 before the first submission.
    """

    year = models.PositiveSmallIntegerField("năm")
    cell = models.ForeignKey(
        "organizations.Organization",
        verbose_name="chi bộ trong năm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Chi bộ của đảng viên trong năm đánh giá (để trống với tổ chức đảng).",
    )
    status = models.CharField(
        "trạng thái", max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    version = models.PositiveIntegerField("phiên bản", default=0)
    round = models.PositiveSmallIntegerField("lần nộp", default=0)
    answers = models.JSONField("tự đánh giá các chỉ báo định tính", default=dict, blank=True)
    summary = models.TextField("tự nhận xét chung", blank=True)
    proposal = models.CharField("đề xuất của cấp thẩm định", max_length=15, choices=Proposal.choices, blank=True)
    appraisal_comment = models.TextField("nhận xét của cấp thẩm định", blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thẩm định",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appraised_at = models.DateTimeField("thẩm định lúc", null=True, blank=True)

    class Meta:
        verbose_name = "bản tự đánh giá"
        verbose_name_plural = "bản tự đánh giá"
        ordering = ["year", "pk"]
        constraints = [
            exactly_one_subject("assessment_one_subject"),
            *unique_per_subject(["year"], "assessment_unique"),
            models.CheckConstraint(
                condition=models.Q(member__isnull=True, cell__isnull=True)
                | models.Q(member__isnull=False, cell__isnull=False),
                name="assessment_cell_for_members",
            ),
            models.CheckConstraint(
                condition=models.Q(proposal="")
                | models.Q(status__in=[AssessmentStatus.APPRAISED, AssessmentStatus.RECOGNISED]),
                name="assessment_proposal_when_appraised",
                violation_error_message=PROPOSAL_ONLY_WHEN_APPRAISED,
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="assessment_year_status")]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_status_display()}"

    @property
    def home(self) -> Any:
        """The organisation the assessment lives under: the member's cell of its year, or the organisation."""
        home = self.cell if self.member_id is not None else self.organization
        assert home is not None  # database constraints: a member's assessment has its cell
        return home

    def set_cell(self) -> None:
        """A member's assessment lives under the member's cell of that year (a 2024 assessment stays with the
        2024 cell after a transfer or a reorganisation): set `cell` once, when missing."""
        if self.member is not None and self.cell_id is None:
            from .selectors import year_cell

            self.cell = year_cell(self.member, self.year)

    def clean(self) -> None:
        super().clean()
        self.set_cell()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_cell()
        super().save(*args, **kwargs)


class AssessmentRound(Tracked):
    """One submission of an assessment, frozen: every round is kept and viewable.

    `snapshot` is the engine's result for the subject at submission (the `evaluate` output entry:
    verdict, criteria, indicators with explanations), with the criteria set's code and digest and the
    facts' as-of date beside it. `answers` and `summary` are the self-assessment as submitted. The
    appraiser's opinions on this round are in `opinions`: {indicator: {"agree": bool, "comment": str}}.
    A returned round carries who returned it, when and why.
    """

    assessment = models.ForeignKey(
        Assessment, verbose_name="bản tự đánh giá", on_delete=models.PROTECT, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField("lần nộp")
    submitted_at = models.DateTimeField("nộp lúc")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nộp", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    snapshot = models.JSONField("kết quả của phần mềm khi nộp")
    criteria_set = models.CharField("bộ tiêu chí", max_length=50)
    criteria_set_digest = models.CharField("mã kiểm tra bộ tiêu chí", max_length=100)
    as_of = models.DateField("số liệu tính đến ngày")
    answers = models.JSONField("tự đánh giá các chỉ báo định tính", default=dict, blank=True)
    summary = models.TextField("tự nhận xét chung", blank=True)
    opinions = models.JSONField("ý kiến thẩm định từng chỉ báo", default=dict, blank=True)
    returned_at = models.DateTimeField("trả lại lúc", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người trả lại", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    return_reason = models.TextField("lý do trả lại", blank=True)

    class Meta:
        verbose_name = "lần nộp bản tự đánh giá"
        verbose_name_plural = "các lần nộp bản tự đánh giá"
        ordering = ["assessment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="assessment_round_unique"),
            models.CheckConstraint(
                condition=models.Q(returned_at__isnull=True) | ~models.Q(return_reason=""),
                name="assessment_round_returned_has_reason",
                violation_error_message="Phải ghi lý do trả lại.",
            ),
        ]

    def __str__(self) -> str:
        return f"Lần {self.number} ({self.submitted_at:%d/%m/%Y})"


class Evidence(Tracked):
    """A file attached to an assessment as evidence for one indicator (or the whole assessment when
    `indicator` is blank). Files are served only through an access-checked view, never from MEDIA_URL.
    `round` is the round the file was added for (the assessment's round + 1 while drafting); a file of a
    submitted round is never deleted."""

    assessment = models.ForeignKey(
        Assessment, verbose_name="bản tự đánh giá", on_delete=models.PROTECT, related_name="evidence"
    )
    round = models.PositiveSmallIntegerField("lần nộp")
    indicator = models.CharField("mã chỉ báo", max_length=20, blank=True)
    file = models.FileField("tệp", upload_to="evidence/%Y/%m/")
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("loại tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)

    class Meta:
        verbose_name = "tệp minh chứng"
        verbose_name_plural = "tệp minh chứng"
        ordering = ["assessment", "round", "pk"]

    def __str__(self) -> str:
        return self.original_name
