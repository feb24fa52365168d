from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from bontot.core.choices import code_choices
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
