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
