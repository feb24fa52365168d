from django.db import models

from bontot.core.choices import code_choices
from bontot.core.subjects import SubjectModel, exactly_one_subject, unique_per_subject
from bontot.criteria.engine.scales import FAIL, PASS


class Registration(SubjectModel):
    """A subject's registration to build the model in a year (before the deadline, or flagged late)."""

    year = models.PositiveSmallIntegerField("năm")
    registered_on = models.DateField("ngày đăng ký")

    class Meta:
        verbose_name = "đăng ký xây dựng mô hình"
        verbose_name_plural = "đăng ký xây dựng mô hình"
        ordering = ["year", "registered_on"]
        constraints = [
            exactly_one_subject("registration_one_subject"),
            *unique_per_subject(["year"], "registration_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.registered_on:%d/%m/%Y}"


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
