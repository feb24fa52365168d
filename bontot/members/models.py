from django.db import models

from bontot.organizations.models import Organization


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class Member(models.Model):
    """A party member (đảng viên): official while `official_on` is set, probationary before."""

    card_no = models.CharField("số thẻ đảng viên", max_length=30, unique=True)
    full_name = models.CharField("họ và tên", max_length=255)
    birth_date = models.DateField("ngày sinh")
    gender = models.CharField("giới tính", max_length=10, choices=Gender.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name="chi bộ sinh hoạt chính thức",
        on_delete=models.PROTECT,
        related_name="members",
    )
    temporary_organization = models.ForeignKey(
        Organization,
        verbose_name="chi bộ sinh hoạt tạm thời",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="temporary_members",
    )
    residence_organization = models.ForeignKey(
        Organization,
        verbose_name="chi bộ nơi cư trú",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resident_members",
    )
    admitted_on = models.DateField("ngày vào Đảng")
    official_on = models.DateField("ngày chính thức", null=True, blank=True)
    civil_servant = models.BooleanField("cán bộ, công chức, viên chức", default=False)
    exempt = models.BooleanField("miễn công tác và sinh hoạt", default=False)
    suspended = models.BooleanField("đình chỉ sinh hoạt", default=False)
    left_on = models.DateField("ngày ra khỏi Đảng / chuyển đi", null=True, blank=True)

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        ordering = ["organization", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.card_no})"

    @property
    def is_probationary(self) -> bool:
        return self.official_on is None
