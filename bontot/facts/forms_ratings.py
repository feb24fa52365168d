"""Forms of the yearly facts: one ModelForm per grid row (so the model's rules apply), and small table forms.

A grid is a list of row forms, one per subject, each with its own prefix. A row left blank for a subject
with no record yet is skipped (no record, nothing to validate); a stored record cannot be blanked.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance

from bontot.organizations.models import LinkedBody

from .models import AdmissionTarget, OrgResult, QualityRating, ResidenceComment, WorkplaceRating

PROPOSED, FINAL = "proposed", "final"
STATE_CHOICES = [(PROPOSED, "Đề xuất"), (FINAL, "Chính thức")]
FINAL_LOCKED = "Xếp loại này đã chính thức: chỉ Văn phòng hoặc Ban Thường vụ cấp ủy được sửa."
FINAL_NEEDS_DECIDER = "Chỉ Văn phòng hoặc Ban Thường vụ cấp ủy được xác nhận xếp loại chính thức."
KEEP_VALUE = "Không thể bỏ trống mục đã ghi."


def bootstrap(form: forms.BaseForm) -> None:
    """Give each widget its Bootstrap class (select or text input)."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class BootstrapModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:  # mark the input, and point it at its message (read by screen readers)
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class GridRowForm(BootstrapModelForm):
    """A row of a grid: `value_field` blank on a new record means "nothing recorded yet"."""

    value_field = "level"

    def __init__(self, *args: Any, subject: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subject = subject
        value = self.fields[self.value_field]
        value.required = False
        value.choices = [("", "— Chưa ghi —"), *[c for c in value.choices if c[0]]]  # type: ignore[attr-defined]

    def is_blank_new(self) -> bool:
        """Return whether this row is for a subject without a record and was left blank."""
        if not self.instance._state.adding:
            return False
        value = self.cleaned_data.get(self.value_field) if hasattr(self, "cleaned_data") else None
        return not value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.instance._state.adding and not cleaned.get(self.value_field):
            self.add_error(self.value_field, KEEP_VALUE)
        return cleaned

    def _post_clean(self) -> None:
        """Validate the row as ModelForm does (its fields and the model's `clean()`), without queries.

        The per-row database checks of a ModelForm (unique and check constraints, each a query) are skipped:
        `clean()` holds every rule, one record per subject and year holds by construction (the view builds
        one row per subject from the stored record), and the database constraints back both on save.
        """
        if self.is_blank_new():
            return  # nothing recorded: no model to validate
        form: Any = self  # ModelForm's own helpers (below) are missing from the type stubs
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except ValidationError as exc:
            form._update_errors(exc)
        try:
            self.instance.full_clean(
                exclude=form._get_validation_exclusions(), validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            form._update_errors(exc)

    def has_row_change(self) -> bool:
        """Return whether saving this row writes something."""
        return not self.is_blank_new() and (self.instance._state.adding or bool(self.model_changes()))

    def model_changes(self) -> list[str]:
        return [name for name in self.changed_data if name in self._meta.fields]  # type: ignore[operator]


class QualityRatingRowForm(GridRowForm):
    state = forms.ChoiceField(label="Trạng thái", choices=STATE_CHOICES, initial=PROPOSED, required=False)

    class Meta:
        model = QualityRating
        fields = ["level", "reason"]
        widgets = {"reason": forms.TextInput(attrs={"placeholder": "Bắt buộc nếu không xếp loại"})}

    def __init__(self, *args: Any, may_finalize: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.may_finalize = may_finalize
        self.was_final = bool(self.instance.final)
        self.initial["state"] = FINAL if self.was_final else PROPOSED
        self.locked = self.was_final and not may_finalize
        bootstrap(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.locked and self.has_changed():
            self.add_error("level", FINAL_LOCKED)
        elif not self.may_finalize and cleaned.get("state") == FINAL and not self.was_final:
            self.add_error("state", FINAL_NEEDS_DECIDER)
        cleaned["state"] = cleaned.get("state") or PROPOSED
        return cleaned

    def _post_clean(self) -> None:
        if not self.is_blank_new():
            self.instance.final = self.cleaned_data.get("state") == FINAL
        super()._post_clean()

    def model_changes(self) -> list[str]:
        changes = super().model_changes()
        return [*changes, "final"] if "state" in self.changed_data else changes


class WorkplaceRatingRowForm(GridRowForm):
    class Meta:
        model = WorkplaceRating
        fields = ["level"]


class ResidenceCommentRowForm(GridRowForm):
    value_field = "verdict"

    class Meta:
        model = ResidenceComment
        fields = ["verdict"]


class OrgResultForm(BootstrapModelForm):
    class Meta:
        model = OrgResult
        fields = ["area", "name", "level"]


class LinkedBodyForm(BootstrapModelForm):
    class Meta:
        model = LinkedBody
        fields = ["name", "level", "reason"]
        labels = {"name": "Tên tổ chức (chính quyền, MTTQ, đoàn thể)"}
        widgets = {"reason": forms.TextInput(attrs={"placeholder": "Bắt buộc nếu không áp dụng"})}


class AdmissionTargetForm(BootstrapModelForm):
    class Meta:
        model = AdmissionTarget
        fields = ["target"]


def add_record_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a record's validation errors on its form: next to a field the form has, else above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
