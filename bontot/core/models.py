from django.conf import settings
from django.db import models


class AuditLog(models.Model):
    """One row per state change: who did what to which object, when, with what data."""

    created_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("hành động", max_length=100, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=100, blank=True)
    object_id = models.CharField("mã đối tượng", max_length=100, blank=True)
    data = models.JSONField("dữ liệu", default=dict, blank=True)

    class Meta:
        verbose_name = "nhật ký thao tác"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"
