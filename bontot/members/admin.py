from django.contrib import admin

from bontot.core.admin_audit import AuditedAdmin

from .models import Member


@admin.register(Member)
class MemberAdmin(AuditedAdmin):
    list_display = [
        "card_no",
        "full_name",
        "organization",
        "admitted_on",
        "official_on",
        "civil_servant",
        "exempt",
        "suspended",
        "left_on",
    ]
    list_filter = ["civil_servant", "exempt", "suspended", "gender"]
    search_fields = ["card_no", "full_name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "temporary_organization", "residence_organization"]
