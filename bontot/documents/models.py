"""An office's own Word template for a kind of document (issue 8, point 1): when one is uploaded for an
organisation, its documents of that kind in Word use it instead of the built-in template."""

from __future__ import annotations

from django.db import models

from bontot.core.models import Tracked


class DocumentKind(models.TextChoices):
    DECISION = "decision", "Quyết định công nhận kèm danh sách"
    REGISTRATION = "registration", "Danh sách đăng ký"
    SELF_REPORT = "self_report", "Bản tự đánh giá"
    APPRAISAL_REPORT = "appraisal_report", "Báo cáo thẩm định"
    PROPOSAL = "proposal", "Tờ trình đề nghị công nhận"
    SUMMARY = "summary", "Báo cáo tổng hợp năm"


class DocumentTemplate(Tracked):
    """The Word template an organisation's office uploaded for one kind of document (one per kind: a new
    upload replaces the file)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="tổ chức đảng",
        on_delete=models.PROTECT,
        related_name="document_templates",
    )
    kind = models.CharField("loại văn bản", max_length=20, choices=DocumentKind.choices)
    file = models.FileField("tệp mẫu", upload_to="document-templates/%Y/")
    original_name = models.CharField("tên tệp", max_length=255)

    class Meta:
        verbose_name = "mẫu văn bản"
        verbose_name_plural = "mẫu văn bản"
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="document_template_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"
