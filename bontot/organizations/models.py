import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from bontot.core.choices import LinkedBodyLevel
from bontot.core.constraints import dates_in_order
from bontot.core.models import Tracked
from bontot.facts.rules_ratings import NOT_APPLICABLE, linked_body_lacks_reason

from .rules import code_has_separator, is_cell, successor_inside


class OrganizationKind(models.TextChoices):
    SUPERIOR_COMMITTEE = "superior_committee", "Cấp ủy cấp trên trực tiếp"
    GRASSROOTS_COMMITTEE = "grassroots_committee", "Đảng bộ cơ sở"
    SUB_COMMITTEE = "sub_committee", "Đảng bộ bộ phận"
    GRASSROOTS_CELL = "grassroots_cell", "Chi bộ cơ sở"
    CELL = "cell", "Chi bộ trực thuộc"


CODE_MESSAGE = "Mã không được chứa dấu “/”."
VALID_RANGE_MESSAGE = "Ngày kết thúc hiệu lực không được trước ngày bắt đầu hiệu lực."


class Organization(Tracked):
    """A party organisation: a node of the time-versioned tree.

    `path` is the chain of codes from the root ("/TU-TK/DU-TT/CB-01/"), kept by
    `bontot.organizations.services`, so that a subtree is one indexed prefix query.
    A reorganisation never moves a node: the old node gets `valid_to` and a `successor`.
    """

    code = models.CharField("mã", max_length=50, unique=True)
    name = models.CharField("tên", max_length=255)
    kind = models.CharField("loại", max_length=30, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="tổ chức cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("đường dẫn", max_length=1000, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField("cấp", default=0, editable=False)
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="tổ chức kế thừa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="organization_valid_range",
                violation_error_message=VALID_RANGE_MESSAGE,
            ),
            # rules.code_has_separator, restated for the database
            models.CheckConstraint(
                condition=~models.Q(code__contains="/"),
                name="organization_code_no_slash",
                violation_error_message=CODE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        if self.valid_to is not None:
            return f"{self.name} (đến {self.valid_to:%d/%m/%Y})"
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if code_has_separator(self.code):
            errors["code"] = CODE_MESSAGE
        parent = self.parent if self.parent_id is not None else None
        if parent is not None and self.pk is not None:
            if self.parent_id == self.pk or (self.path and parent.path.startswith(self.path)):
                errors["parent"] = "Tổ chức cấp trên không thể là chính tổ chức này hoặc một tổ chức cấp dưới của nó."
        if parent is not None and "parent" not in errors and is_cell(parent.kind):
            errors["parent"] = "Chi bộ không có tổ chức trực thuộc."
        if self.pk is not None and is_cell(self.kind) and self.children.exists():
            errors["kind"] = "Tổ chức này có tổ chức trực thuộc nên không thể là chi bộ."
        if self.valid_to is not None and self.valid_from is not None and self.valid_to < self.valid_from:
            errors["valid_to"] = VALID_RANGE_MESSAGE
        if self.successor_id is not None and self.successor_id == self.pk:
            errors["successor"] = "Tổ chức kế thừa phải là một tổ chức khác."
        elif (
            self.successor_id is not None
            and self.successor is not None
            and successor_inside(self.path, self.successor.path)
        ):
            errors["successor"] = "Tổ chức kế thừa không thể là chính tổ chức này hoặc một tổ chức trực thuộc nó."
        if errors:
            raise ValidationError(errors)


class LinkedBody(Tracked):
    """A body at the same level as an organisation (chính quyền, MTTQ, đoàn thể) and its yearly rating."""

    year = models.PositiveSmallIntegerField("năm")
    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức đảng", on_delete=models.PROTECT, related_name="linked_bodies"
    )
    name = models.CharField("tên", max_length=255)
    level = models.CharField("xếp loại", max_length=20, choices=LinkedBodyLevel.choices)
    reason = models.CharField("lý do (nếu không áp dụng)", max_length=500, blank=True)

    class Meta:
        verbose_name = "tổ chức cùng cấp"
        verbose_name_plural = "tổ chức cùng cấp"
        ordering = ["year", "organization", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "organization", "name"], name="linked_body_unique"),
            # facts.rules_ratings.linked_body_lacks_reason, restated for the database
            models.CheckConstraint(
                condition=~models.Q(level=NOT_APPLICABLE) | ~models.Q(reason=""),
                name="linked_body_not_applicable_reason",
                violation_error_message="Cần ghi lý do khi không áp dụng.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def clean(self) -> None:
        if linked_body_lacks_reason(self.level, self.reason):
            raise ValidationError({"reason": "Cần ghi lý do khi không áp dụng."})


class Role(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", "Ban Thường vụ"
    OFFICE = "office", "Văn phòng / bộ phận giúp việc"
    CELL_SECRETARY = "cell_secretary", "Bí thư chi bộ / Chi ủy"
    SUPERVISOR = "supervisor", "Ủy viên BCH phụ trách chi bộ"
    PROPAGANDA = "propaganda", "Ban Tuyên giáo"
    REVIEWER = "reviewer", "Ban Tổ chức cấp trên"
    MEMBER = "member", "Đảng viên"


class RoleAssignment(Tracked):
    """A user's role on an organisation between two dates; it reaches the organisation's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức đảng", on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role", "start"], name="role_assignment_unique"),
            dates_in_order("role_assignment_dates_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"

    def clean(self) -> None:
        """Check the dates are in order and the same role on the same organisation does not overlap."""
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "Ngày kết thúc không được trước ngày bắt đầu."})
        if self.start and self.user_id and self.organization_id and self.role:
            overlapping = RoleAssignment.objects.filter(
                user_id=self.user_id, organization_id=self.organization_id, role=self.role
            ).exclude(pk=self.pk)
            overlapping = overlapping.filter(models.Q(end__isnull=True) | models.Q(end__gte=self.start))
            if self.end is not None:
                overlapping = overlapping.filter(start__lte=self.end)
            if overlapping.exists():
                raise ValidationError(
                    {"start": "Người dùng này đã có vai trò này ở tổ chức này trong khoảng thời gian trùng lặp."}
                )

    def in_force_on(self, day: datetime.date) -> bool:
        """Return whether the assignment is in force on `day` (its end day included)."""
        return self.start <= day and (self.end is None or day <= self.end)
