from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from bontot.core.constraints import dates_in_order
from bontot.core.models import Tracked
from bontot.core.text import vi_sort_name
from bontot.organizations.models import Organization


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


ADMITTED_AFTER_BIRTH = "Ngày vào Đảng phải sau ngày sinh."
OFFICIAL_NOT_BEFORE_ADMITTED = "Ngày chính thức không được trước ngày vào Đảng."
LEFT_NOT_BEFORE_ADMITTED = "Ngày ra khỏi Đảng / chuyển đi không được trước ngày vào Đảng."


class Member(Tracked):
    """A party member (đảng viên): official while `official_on` is set, probationary before."""

    card_no = models.CharField("số thẻ đảng viên", max_length=30, unique=True)
    full_name = models.CharField("họ và tên", max_length=255)
    birth_date = models.DateField("ngày sinh")
    gender = models.CharField("giới tính", max_length=10, choices=Gender.choices)
    # The current official cell: the cell of the latest official membership when the member has any,
    # else the cell they have belonged to since `admitted_on` (see `Membership`).
    organization = models.ForeignKey(
        Organization,
        verbose_name="chi bộ sinh hoạt chính thức",
        on_delete=models.PROTECT,
        related_name="members",
    )
    admitted_on = models.DateField("ngày vào Đảng")
    official_on = models.DateField("ngày chính thức", null=True, blank=True)
    civil_servant = models.BooleanField("cán bộ, công chức, viên chức", default=False)
    left_on = models.DateField("ngày ra khỏi Đảng / chuyển đi", null=True, blank=True)
    left_reason = models.CharField("lý do", max_length=500, blank=True)
    # The member's own login, when they have one (many members have none: the secretary acts for them).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản đăng nhập",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    # `full_name` as a key that sorts byte-wise in Vietnamese order (given name first); see core.text.
    sort_name = models.CharField("khóa sắp xếp tên", max_length=800, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        ordering = ["organization", "sort_name"]
        # The date rules of `clean()`, restated for the database (the bundle checks them in bundle.schema).
        constraints = [
            models.CheckConstraint(
                condition=Q(admitted_on__gt=models.F("birth_date")),
                name="member_admitted_after_birth",
                violation_error_message=ADMITTED_AFTER_BIRTH,
            ),
            models.CheckConstraint(
                condition=Q(official_on__isnull=True) | Q(official_on__gte=models.F("admitted_on")),
                name="member_official_not_before_admitted",
                violation_error_message=OFFICIAL_NOT_BEFORE_ADMITTED,
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("admitted_on")),
                name="member_left_not_before_admitted",
                violation_error_message=LEFT_NOT_BEFORE_ADMITTED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.card_no})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_name = vi_sort_name(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.birth_date and self.admitted_on and self.admitted_on <= self.birth_date:
            errors["admitted_on"] = ADMITTED_AFTER_BIRTH
        if self.official_on and self.admitted_on and self.official_on < self.admitted_on:
            errors["official_on"] = OFFICIAL_NOT_BEFORE_ADMITTED
        if self.left_on and self.admitted_on and self.left_on < self.admitted_on:
            errors["left_on"] = LEFT_NOT_BEFORE_ADMITTED
        if errors:
            raise ValidationError(errors)

    @property
    def is_probationary(self) -> bool:
        return self.official_on is None


class MembershipKind(models.TextChoices):
    OFFICIAL = "official", "Sinh hoạt chính thức"
    TEMPORARY = "temporary", "Sinh hoạt tạm thời"
    RESIDENCE = "residence", "Nơi cư trú (Quy định 213)"


class Membership(Tracked):
    """A member's dated membership of a cell: official, temporary, or the residence cell (Quy định 213).

    A transfer (chuyển sinh hoạt đảng) ends one official membership and starts the next; a member with
    no official membership belongs to `Member.organization` from `admitted_on`.
    """

    member = models.ForeignKey(Member, verbose_name="đảng viên", on_delete=models.PROTECT, related_name="memberships")
    organization = models.ForeignKey(
        Organization, verbose_name="chi bộ", on_delete=models.PROTECT, related_name="memberships"
    )
    kind = models.CharField("loại", max_length=20, choices=MembershipKind.choices)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "quá trình sinh hoạt đảng"
        verbose_name_plural = "quá trình sinh hoạt đảng"
        ordering = ["member", "kind", "start"]
        constraints = [
            models.UniqueConstraint(fields=["member", "organization", "kind", "start"], name="membership_unique"),
            dates_in_order("membership_dates_in_order"),
        ]
        indexes = [models.Index(fields=["organization", "kind"])]

    def __str__(self) -> str:
        until = f" đến {self.end:%d/%m/%Y}" if self.end else ""
        return f"{self.get_kind_display()}: {self.organization} từ {self.start:%d/%m/%Y}{until}"

    def clean(self) -> None:
        """Refuse an end before the start, and an official membership overlapping another of the member."""
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "Ngày kết thúc không được trước ngày bắt đầu."})
        if self.kind != MembershipKind.OFFICIAL or not self.member_id or not self.start:
            return
        others = overlapping(Membership.objects.filter(member_id=self.member_id, kind=MembershipKind.OFFICIAL), self)
        clash = others.exclude(pk=self.pk).order_by("start").first()
        if clash is not None:
            raise ValidationError(
                {
                    "start": "Thời gian sinh hoạt chính thức trùng với thời gian sinh hoạt tại "
                    f"{clash.organization.name} (từ {clash.start:%d/%m/%Y}"
                    + (f" đến {clash.end:%d/%m/%Y}" if clash.end else "")
                    + "). Một đảng viên chỉ sinh hoạt chính thức ở một chi bộ tại một thời điểm."
                }
            )


class StatusKind(models.TextChoices):
    EXEMPT = "exempt", "Miễn công tác và sinh hoạt đảng"
    SUSPENDED = "suspended", "Đình chỉ sinh hoạt đảng"


class MemberStatus(Tracked):
    """A dated period in which a member is exempt from work and meetings, or suspended from party activity."""

    member = models.ForeignKey(Member, verbose_name="đảng viên", on_delete=models.PROTECT, related_name="statuses")
    kind = models.CharField("loại", max_length=20, choices=StatusKind.choices)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)
    reason = models.CharField("lý do", max_length=500, blank=True)

    class Meta:
        verbose_name = "miễn, đình chỉ sinh hoạt"
        verbose_name_plural = "miễn, đình chỉ sinh hoạt"
        ordering = ["member", "kind", "start"]
        constraints = [
            models.UniqueConstraint(fields=["member", "kind", "start"], name="member_status_unique"),
            dates_in_order("member_status_dates_in_order"),
        ]

    def __str__(self) -> str:
        until = f" đến {self.end:%d/%m/%Y}" if self.end else ""
        return f"{self.get_kind_display()} từ {self.start:%d/%m/%Y}{until}"

    def clean(self) -> None:
        """Refuse an end before the start, and a period overlapping another of the same kind."""
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "Ngày kết thúc không được trước ngày bắt đầu."})
        if not self.member_id or not self.start or not self.kind:
            return
        others = overlapping(MemberStatus.objects.filter(member_id=self.member_id, kind=self.kind), self)
        if others.exclude(pk=self.pk).exists():
            raise ValidationError({"start": "Thời gian này trùng với một thời gian cùng loại đã ghi cho đảng viên."})


def overlapping(rows: models.QuerySet[Any], period: Membership | MemberStatus) -> models.QuerySet[Any]:
    """Return the dated `rows` (start, end) that share at least one day with `period`."""
    rows = rows.filter(Q(end__isnull=True) | Q(end__gte=period.start))
    if period.end is not None:
        rows = rows.filter(start__lte=period.end)
    return rows
