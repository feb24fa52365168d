from django.contrib import admin
from django.http import HttpRequest

from bontot.core.admin_audit import AuditedAdmin

from .models import EvaluationYear, StoredVerdict


@admin.register(EvaluationYear)
class EvaluationYearAdmin(AuditedAdmin):
    list_display = ["year", "criteria_set", "registration_deadline", "cutoff"]


@admin.register(StoredVerdict)
class StoredVerdictAdmin(admin.ModelAdmin):
    """Read-only: rows are written by `refresh_verdicts` alone (`manage.py refresh_verdicts` to recompute)."""

    list_display = ["year", "subject", "name", "model", "verdict", "failing", "warning_count", "computed_at"]
    list_filter = ["year", "model", "verdict"]
    search_fields = ["subject", "name", "organization_path"]
    readonly_fields = [f.name for f in StoredVerdict._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StoredVerdict | None = None) -> bool:
        return False
