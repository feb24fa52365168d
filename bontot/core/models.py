from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class Tracked(models.Model):
    """Abstract base of every recorded fact: when it was created and last changed, and by whom.

    `stamp(actor)` sets the author fields; `save()` moves `updated_at` forward (and adds it to
    `update_fields` when those are given). Bulk writers (the bundle importer) set the fields themselves.
    """

    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("cập nhật lúc", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at", "updated_by"}
        super().save(*args, **kwargs)

    def stamp(self, actor: Any) -> None:
        """Record `actor` as the author of this change (and of the record, when it is new)."""
        user = actor if getattr(actor, "is_authenticated", False) else None
        if self._state.adding:
            self.created_by = user
        self.updated_by = user


class AuditLog(models.Model):
    """One row per state change: who did what to which object, when, with what data.

    `organization_path` is the path of the organisation the object belongs to (its own path for an
    organisation, the cell's for a member's record), so that a subtree's history is one prefix filter.
    """

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
    organization_path = models.CharField("thuộc tổ chức", max_length=1000, blank=True, db_index=True)
    data = models.JSONField("dữ liệu", default=dict, blank=True)

    class Meta:
        verbose_name = "nhật ký thao tác"
        verbose_name_plural = "nhật ký thao tác"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-created_at"], name="audit_object_history")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"
