from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bontot.core.admin_audit import AuditedAdmin

from .models import (
    AdmissionTarget,
    Complaint,
    Discipline,
    ExcellentCapOverride,
    Meeting,
    OrgResult,
    QualityRating,
    ResidenceComment,
    WorkplaceRating,
)


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["organization", "held_on", "kind", "status", "grade", "attendance", "expected", "minutes", "score"]
    list_filter = ["kind", "status", "grade"]
    search_fields = ["organization__name", "organization__code"]
    date_hierarchy = "held_on"
    ordering = ["-held_on", "organization__path"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]


@admin.register(QualityRating)
class QualityRatingAdmin(AuditedAdmin):
    list_display = ["year", "member", "organization", "level", "final"]
    list_filter = ["year", "level", "final"]
    search_fields = ["member__full_name", "member__card_no", "organization__name"]
    list_select_related = ["member", "organization"]
    autocomplete_fields = ["member", "organization"]


@admin.register(WorkplaceRating)
class WorkplaceRatingAdmin(AuditedAdmin):
    list_display = ["year", "member", "level"]
    list_filter = ["year", "level"]
    search_fields = ["member__full_name", "member__card_no"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]


@admin.register(OrgResult)
class OrgResultAdmin(AuditedAdmin):
    list_display = ["year", "organization", "area", "name", "level"]
    list_filter = ["year", "area", "level"]
    search_fields = ["organization__name", "name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]


@admin.register(AdmissionTarget)
class AdmissionTargetAdmin(AuditedAdmin):
    list_display = ["year", "organization", "target"]
    list_filter = ["year"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]


@admin.register(Discipline)
class DisciplineAdmin(AuditedAdmin):
    list_display = ["member", "decided_on", "form"]
    list_filter = ["form"]
    search_fields = ["member__full_name", "member__card_no"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]


@admin.register(Complaint)
class ComplaintAdmin(AuditedAdmin):
    list_display = [
        "organization", "received_on", "kind", "internal", "mass_or_over_level", "resolved_on", "concerns",
        "about_member", "year",
    ]  # fmt: skip
    list_filter = ["kind", "internal", "mass_or_over_level", "concerns"]
    list_select_related = ["organization", "about_member"]
    autocomplete_fields = ["organization", "about_member"]


@admin.register(ResidenceComment)
class ResidenceCommentAdmin(AuditedAdmin):
    list_display = ["year", "member", "verdict"]
    list_filter = ["year", "verdict"]
    search_fields = ["member__full_name", "member__card_no"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]


@admin.register(ExcellentCapOverride)
class ExcellentCapOverrideAdmin(admin.ModelAdmin):
    """Read-only: a reason is recorded on the rating grid (excellent_cap.record_override, audited)."""

    list_display = ["organization", "year", "members", "excellent", "cap", "denominator", "percent", "decided_by"]
    list_filter = ["year", "members"]
    list_select_related = ["organization", "decided_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
