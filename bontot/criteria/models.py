from django.core.exceptions import ValidationError
from django.db import models


class EvaluationYear(models.Model):
    """One year of the model: its criteria set version, registration deadline and fact cut-off date."""

    year = models.PositiveSmallIntegerField("năm", unique=True)
    criteria_set = models.CharField("bộ tiêu chí", max_length=50, default="kh-63-ku-2023")
    registration_deadline = models.DateField("hạn đăng ký")
    cutoff = models.DateField("ngày chốt số liệu")

    class Meta:
        verbose_name = "năm đánh giá"
        verbose_name_plural = "năm đánh giá"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cutoff__year=models.F("year")),
                name="evaluation_year_cutoff_in_year",
                violation_error_message="Ngày chốt số liệu phải thuộc năm đánh giá.",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_deadline__year=models.F("year"))
                | models.Q(registration_deadline__year=models.F("year") - 1),
                name="evaluation_year_deadline_in_year",
                violation_error_message="Hạn đăng ký phải thuộc năm đánh giá hoặc năm trước đó.",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def clean(self) -> None:
        errors = {}
        if self.cutoff is not None and self.year is not None and self.cutoff.year != self.year:
            errors["cutoff"] = "Ngày chốt số liệu phải thuộc năm đánh giá."
        if (
            self.registration_deadline is not None
            and self.year is not None
            and self.registration_deadline.year not in (self.year - 1, self.year)
        ):
            errors["registration_deadline"] = "Hạn đăng ký phải thuộc năm đánh giá hoặc năm trước đó."
        if errors:
            raise ValidationError(errors)


class StoredVerdict(models.Model):
    """The engine's latest result for one subject and year, kept so that pages read it instead of evaluating.

    Refreshed for the subjects a fact change touches (after commit), and for a whole year by
    `refresh_verdicts`. `organization_path` is the subject's own path (an organisation) or its cell's path (a
    member), so that a subtree's verdicts are one prefix filter. `failing` lists the failed criterion codes as
    "|1.2|1.4|" (a portable `contains` filter); `result` is the subject's object of the `evaluate` output.
    """

    year = models.PositiveSmallIntegerField("năm")
    subject = models.CharField("đối tượng", max_length=100)  # "member:<card_no>" / "org:<code>"
    member = models.ForeignKey(
        "members.Member", verbose_name="đảng viên", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="tổ chức đảng",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    model = models.CharField("mô hình", max_length=20)  # member | cell | grassroots
    name = models.CharField("tên", max_length=255)
    sort_name = models.CharField("khóa sắp xếp tên", max_length=800, default="")
    organization_path = models.CharField("đường dẫn tổ chức", max_length=1000, db_index=True)
    verdict = models.CharField("kết luận", max_length=20)
    failing = models.CharField("tiêu chí không đạt", max_length=200, default="|")
    pending = models.CharField("tiêu chí chưa kết luận", max_length=200, default="|")
    warning_count = models.PositiveSmallIntegerField("số cảnh báo", default=0)
    warnings = models.JSONField("cảnh báo", default=list)
    result = models.JSONField("kết quả")
    criteria_set = models.CharField("bộ tiêu chí", max_length=50)
    criteria_set_digest = models.CharField("mã kiểm tra bộ tiêu chí", max_length=100)
    as_of = models.DateField("số liệu tính đến ngày")
    computed_at = models.DateTimeField("tính lúc")

    class Meta:
        verbose_name = "kết quả đánh giá tự động"
        verbose_name_plural = "kết quả đánh giá tự động"
        constraints = [models.UniqueConstraint(fields=["year", "subject"], name="stored_verdict_unique")]
        indexes = [models.Index(fields=["year", "model", "organization_path"], name="stored_verdict_scope")]

    def __str__(self) -> str:
        return f"{self.year} {self.subject}: {self.verdict}"
