from django.contrib import admin
from django.db import transaction

from bontot.core.audit import log_action

from .models import LinkedBody, Organization, RoleAssignment
from .services import rebuild_paths


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent", "successor"]
    autocomplete_fields = ["parent", "successor"]
    readonly_fields = ["path", "depth"]

    @transaction.atomic
    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        rebuild_paths()
        log_action(
            "organizations.organization.changed" if change else "organizations.organization.created",
            actor=request.user,
            object_type="organization",
            object_id=obj.code,
            data={"fields": sorted(form.changed_data)},
        )


@admin.register(LinkedBody)
class LinkedBodyAdmin(admin.ModelAdmin):
    list_display = ["year", "organization", "name", "level"]
    list_filter = ["year", "level"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization"]
    list_filter = ["role"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["organization"]
