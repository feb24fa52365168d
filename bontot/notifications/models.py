"""Notifications: a message to one user, shown under the bell and, when the user has an address, e-mailed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """One message to one user. `dedupe_key` (when set) is unique per user: the same reminder twice is one row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        on_delete=models.PROTECT,  # users are deactivated, never deleted: the history stays
        related_name="notifications",
    )
    kind = models.CharField("loại", max_length=60)  # a dotted code, e.g. "registration.deadline_7"
    text = models.TextField("nội dung")
    url = models.CharField("đường dẫn", max_length=500, blank=True)  # a path inside the application
    organization_path = models.CharField("đường dẫn tổ chức", max_length=1000, blank=True)
    dedupe_key = models.CharField("khóa chống trùng", max_length=200, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField("thời điểm tạo", default=timezone.now)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=models.Q(dedupe_key__isnull=False),
                name="notification_dedupe_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.kind}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
