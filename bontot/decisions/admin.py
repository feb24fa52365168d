"""Decisions in the admin: read-only (an issued decision never changes; the application issues them)."""

from typing import Any

from django.contrib import admin

from .models import Decision, DecisionEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class EntryInline(admin.TabularInline):
    model = DecisionEntry
    fields = ("position", "name", "organization_name", "assessment")
    readonly_fields = ("position", "name", "organization_name", "assessment")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "issued_on", "issuer", "year", "revokes"]
    list_filter = ["year"]
    search_fields = ["number", "issuer__name", "signer_name"]
    list_select_related = ["issuer", "revokes"]
    inlines = [EntryInline]
