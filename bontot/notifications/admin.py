from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the services, never by hand."""

    list_display = ("created_at", "user", "kind", "text", "read_at")
    list_filter = ("kind",)
    search_fields = ("user__username", "text", "dedupe_key")
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
