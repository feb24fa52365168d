"""An admin base class that writes an audit row for every change made through the admin."""

from typing import Any

from django.contrib import admin
from django.db import transaction

from .audit import log_action
from .models import AuditLog


class AuditedAdmin(admin.ModelAdmin):
    """Record each admin save and delete in the audit log, in the same transaction."""

    def _action(self, verb: str) -> str:
        meta = self.model._meta
        return f"{meta.app_label}.{meta.model_name}.{verb}"

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            self.after_save(obj)
            log_action(
                self._action("changed" if change else "created"),
                actor=request.user,
                object_type=self.model._meta.model_name or "",
                object_id=str(obj.pk),
                data={"fields": sorted(form.changed_data), "repr": str(obj)},
            )

    def after_save(self, obj: Any) -> None:
        """Hook for derived data to refresh inside the save's transaction."""

    def delete_model(self, request: Any, obj: Any) -> None:
        with transaction.atomic():
            pk, text = obj.pk, str(obj)
            super().delete_model(request, obj)
            log_action(
                self._action("deleted"),
                actor=request.user,
                object_type=self.model._meta.model_name or "",
                object_id=str(pk),
                data={"repr": text},
            )

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        user = request.user if getattr(request.user, "is_authenticated", False) else None
        object_type = self.model._meta.model_name or ""
        with transaction.atomic():
            rows = [
                AuditLog(
                    action=self._action("deleted"),
                    actor=user,
                    object_type=object_type,
                    object_id=str(obj.pk),
                    data={"repr": str(obj)},
                )
                for obj in queryset
            ]
            super().delete_queryset(request, queryset)
            AuditLog.objects.bulk_create(rows)
