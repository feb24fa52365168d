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

    def __str__(self) -> str:
        return str(self.year)
