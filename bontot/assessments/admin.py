from django.contrib import admin

from bontot.core.admin_audit import AuditedAdmin

from .models import Judgement, Registration


@admin.register(Registration)
class RegistrationAdmin(AuditedAdmin):
    list_display = ["year", "member", "organization", "registered_on"]
    list_filter = ["year"]
    search_fields = ["member__full_name", "member__card_no", "organization__name"]
    list_select_related = ["member", "organization"]
    autocomplete_fields = ["member", "organization"]


@admin.register(Judgement)
class JudgementAdmin(AuditedAdmin):
    list_display = ["year", "member", "organization", "indicator", "verdict", "by"]
    list_filter = ["year", "verdict", "by"]
    search_fields = ["member__full_name", "member__card_no", "organization__name", "indicator"]
    list_select_related = ["member", "organization"]
    autocomplete_fields = ["member", "organization"]
