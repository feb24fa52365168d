"""Recognition decisions (issue 7, point 4): a standing committee recognises appraised subjects.

A `Decision` holds everything its document needs, frozen at issue: the issuing body's and its superior's
names valid on the issue date (upper-case, as the header shows them), the place, the signer and signing
mode, the recipients. An issued decision is immutable: `save()` of an existing row and `delete()` raise, a
database trigger refuses an UPDATE of its document fields, the admin is read-only. A mistake is corrected by
a new decision that `revokes` the old one; both are kept (a decision is revoked at most once).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from bontot.core.models import Tracked
from bontot.core.subjects import SubjectModel, exactly_one_subject
from bontot.organizations.models import OrganizationKind

MODEL_MEMBER, MODEL_CELL, MODEL_GRASSROOTS = "member", "cell", "grassroots"
MODEL_LABELS = {
    MODEL_MEMBER: "Đảng viên bốn tốt",
    MODEL_CELL: "Chi bộ bốn tốt",
    MODEL_GRASSROOTS: "Đảng bộ cơ sở bốn tốt",
}


def model_of(member_id: int | None, organization: Any) -> str:
    """Return the model a subject builds: a member, a cell (or sub-committee) or a grassroots organisation."""
    if member_id is not None:
        return MODEL_MEMBER
    assert organization is not None
    if organization.kind == OrganizationKind.GRASSROOTS_COMMITTEE:
        return MODEL_GRASSROOTS
    return MODEL_CELL


IMMUTABLE = "Quyết định đã ban hành không thể sửa; hãy ban hành quyết định mới thu hồi quyết định này."
DUPLICATE_NUMBER = "Số quyết định này đã được dùng cho một quyết định khác của cùng cấp ủy trong năm."


def number_key(number: str) -> str:
    """Return the form of a decision number compared for uniqueness ("15-qđ/đu " → "15-QĐ/ĐU")."""
    return "".join(number.split()).upper()


class SigningMode(models.TextChoices):
    ON_BEHALF = "on_behalf", "T/M (thay mặt)"
    DEPUTY = "deputy", "K/T (ký thay)"


SIGNING_PREFIX = {SigningMode.ON_BEHALF: "T/M", SigningMode.DEPUTY: "K/T"}
# The line above the signer's title: on behalf of the standing committee, or signing for the secretary.
SIGNING_LINE = {SigningMode.ON_BEHALF: "T/M BAN THƯỜNG VỤ", SigningMode.DEPUTY: "K/T BÍ THƯ"}


class ImmutableMixin(models.Model):
    """Refuse every change and deletion of a saved row (history never changes)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError(IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(IMMUTABLE)


class Decision(ImmutableMixin, Tracked):
    """A recognition decision of the standing committee of `issuer` for the evaluation `year`."""

    issuer = models.ForeignKey(
        "organizations.Organization",
        verbose_name="cấp ủy ban hành",
        on_delete=models.PROTECT,
        related_name="recognition_decisions",
    )
    year = models.PositiveSmallIntegerField("năm đánh giá")
    number = models.CharField("số quyết định", max_length=50)
    number_year = models.PositiveSmallIntegerField("năm ban hành", editable=False)
    # The number compared for uniqueness: upper-case without spaces (SQLite's LOWER knows ASCII only).
    number_key = models.CharField("số quyết định (so sánh)", max_length=50, editable=False)
    issued_on = models.DateField("ngày ban hành")
    place = models.CharField("địa danh", max_length=100)
    signer_name = models.CharField("người ký", max_length=255)
    signer_title = models.CharField("chức vụ người ký", max_length=100)
    signing_mode = models.CharField("thể thức ký", max_length=10, choices=SigningMode.choices)
    issuer_name = models.CharField("tên cấp ủy ban hành (ngày ban hành)", max_length=255)
    superior_name = models.CharField("tên cấp ủy cấp trên (ngày ban hành)", max_length=255, blank=True)
    title = models.CharField("trích yếu", max_length=500)
    summary = models.TextField("nội dung", blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    revokes = models.OneToOneField(
        "self",
        verbose_name="thu hồi quyết định",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revoked_by",
    )
    revoke_reason = models.TextField("lý do thu hồi", blank=True)

    class Meta:
        verbose_name = "quyết định công nhận"
        verbose_name_plural = "quyết định công nhận"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number_year", "number_key"],
                name="decision_number_unique",
                violation_error_message=DUPLICATE_NUMBER,
            ),
            models.CheckConstraint(
                condition=models.Q(revokes__isnull=True) | ~models.Q(revoke_reason=""),
                name="decision_revoke_has_reason",
                violation_error_message="Phải ghi lý do thu hồi quyết định.",
            ),
        ]
        indexes = [models.Index(fields=["issuer", "year"], name="decision_issuer_year")]

    def __str__(self) -> str:
        return f"Quyết định số {self.number} ngày {self.issued_on:%d/%m/%Y}"

    @property
    def signing_prefix(self) -> str:
        return SIGNING_PREFIX.get(self.signing_mode, "")  # type: ignore[call-overload]

    @property
    def signing_line(self) -> str:
        return SIGNING_LINE.get(self.signing_mode, "")  # type: ignore[call-overload]

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        self.number = (self.number or "").strip()
        self.number_key = number_key(self.number)
        if self.issued_on is not None:
            self.number_year = self.issued_on.year
            if self.year is not None and self.issued_on.year < self.year:
                errors["issued_on"] = "Ngày ban hành không được trước năm đánh giá."
        if self.revokes_id is not None and not self.revoke_reason.strip():
            errors["revoke_reason"] = "Phải ghi lý do thu hồi quyết định."
        if errors:
            raise ValidationError(errors)


class DecisionEntry(ImmutableMixin, SubjectModel):
    """One recognised subject of a decision, with its names as they stood on the issue date."""

    decision = models.ForeignKey(Decision, verbose_name="quyết định", on_delete=models.PROTECT, related_name="entries")
    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name="bản tự đánh giá",
        on_delete=models.PROTECT,
        related_name="decision_entries",
    )
    name = models.CharField("tên đối tượng", max_length=255)
    organization_name = models.CharField("thuộc tổ chức", max_length=255, blank=True)
    position = models.PositiveIntegerField("số thứ tự")

    class Meta:
        verbose_name = "đối tượng được công nhận"
        verbose_name_plural = "đối tượng được công nhận"
        ordering = ["decision", "position"]
        constraints = [
            exactly_one_subject("decision_entry_one_subject"),
            models.UniqueConstraint(fields=["decision", "assessment"], name="decision_entry_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    @property
    def model_label(self) -> str:
        """The title recognised ("Đảng viên bốn tốt", …); reads `organization` (select it with the entries)."""
        return MODEL_LABELS[model_of(self.member_id, self.organization)]
