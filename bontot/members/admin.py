from django.contrib import admin

from bontot.core.admin_audit import AuditedAdmin

from .models import Member, Membership, MemberStatus


@admin.register(Member)
class MemberAdmin(AuditedAdmin):
    list_display = [
        "card_no",
        "full_name",
        "organization",
        "admitted_on",
        "official_on",
        "civil_servant",
        "left_on",
    ]
    list_filter = ["civil_servant", "gender"]
    search_fields = ["card_no", "full_name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["member", "kind", "organization", "start", "end"]
    list_filter = ["kind"]
    search_fields = ["member__full_name", "member__card_no", "organization__name", "organization__code"]
    list_select_related = ["member", "organization"]
    autocomplete_fields = ["member", "organization"]


@admin.register(MemberStatus)
class MemberStatusAdmin(AuditedAdmin):
    list_display = ["member", "kind", "start", "end", "reason"]
    list_filter = ["kind"]
    search_fields = ["member__full_name", "member__card_no"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
