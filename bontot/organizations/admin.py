from django.contrib import admin

from bontot.core.admin_audit import AuditedAdmin

from .models import LinkedBody, Organization, RoleAssignment
from .services import rebuild_paths


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "successor"]
    autocomplete_fields = ["parent", "successor"]
    readonly_fields = ["path", "depth"]

    def after_save(self, obj):
        rebuild_paths()


@admin.register(LinkedBody)
class LinkedBodyAdmin(AuditedAdmin):
    list_display = ["year", "organization", "name", "level"]
    list_filter = ["year", "level"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ["user", "role", "organization", "start", "end"]
    list_filter = ["role"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["organization"]
