from django.contrib import admin

from .models import EvaluationYear


@admin.register(EvaluationYear)
class EvaluationYearAdmin(admin.ModelAdmin):
    list_display = ["year", "criteria_set", "registration_deadline", "cutoff"]
