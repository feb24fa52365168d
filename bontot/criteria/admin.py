from django.contrib import admin

from bontot.core.admin_audit import AuditedAdmin

from .models import EvaluationYear


@admin.register(EvaluationYear)
class EvaluationYearAdmin(AuditedAdmin):
    list_display = ["year", "criteria_set", "registration_deadline", "cutoff"]
