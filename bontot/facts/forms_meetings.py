"""Forms of the meetings pages: ModelForms, so that `Meeting.clean()` (facts/rules.py) checks every rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from bontot.core.choices import MeetingGrade

from . import score_sheet
from .models import Meeting

DATE_WIDGET_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
SHEET_PREFIX = "sheet_"


def date_field(label: str = "Ngày sinh hoạt") -> forms.DateField:
    """Return a date field typed as dd/mm/yyyy (a text input: the Vietnamese format, not the browser's)."""
    return forms.DateField(
        label=label,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET_ATTRS),
        help_text="Nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2025.",
    )


class _BootstrapModelForm(forms.ModelForm):
    """Bootstrap classes on the widgets; a model error about a field the form lacks shows above the form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            moved: dict[str, list[Any]] = {}
            for name, messages in errors.error_dict.items():
                key = name if name in self.fields or name == NON_FIELD_ERRORS else NON_FIELD_ERRORS
                moved.setdefault(key, []).extend(messages)
            errors = ValidationError(moved)
        super()._update_errors(errors)  # type: ignore[misc]

    def add_model_errors(self, error: ValidationError) -> None:
        """Show errors of a later full check (save_record) next to the fields, as validation would."""
        self._update_errors(error)


class _SheetMixin(forms.ModelForm):
    """Optional 100-point sheet: one field per item; all filled → the model derives score and grade."""

    def _add_sheet_fields(self) -> None:
        current = self.instance.score_sheet if isinstance(self.instance.score_sheet, dict) else {}
        for item in score_sheet.ITEMS:
            self.fields[SHEET_PREFIX + item.code] = forms.IntegerField(
                label=f"{item.label} (tối đa {item.max_points} điểm)",
                required=False,
                min_value=0,
                max_value=item.max_points,
                initial=current.get(item.code),
                widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
            )

    def sheet_fields(self) -> list[forms.BoundField]:
        return [self[SHEET_PREFIX + item.code] for item in score_sheet.ITEMS]

    @property
    def sheet_open(self) -> bool:
        """Whether the sheet has points or errors (the page then shows it unfolded)."""
        fields = self.sheet_fields()
        return bool(self.instance.score_sheet) or any(f.errors or f.value() not in (None, "") for f in fields)

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(SHEET_PREFIX)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        names = [SHEET_PREFIX + item.code for item in score_sheet.ITEMS]
        values = {name: cleaned.get(name) for name in names}
        filled = [name for name, value in values.items() if value is not None]
        if filled and len(filled) < len(names):
            for name in names:
                if values[name] is None and name not in self.errors:
                    self.add_error(name, "Chấm đủ mọi mục của phiếu, hoặc để trống cả phiếu.")
        elif filled:
            self.instance.score_sheet = {item.code: values[SHEET_PREFIX + item.code] for item in score_sheet.ITEMS}
        elif not any(name in self.errors for name in names):
            self.instance.score_sheet = None
        return cleaned


_HELD_FIELDS = ["held_on", "kind", "topic", "documents", "grade", "attendance", "expected", "minutes", "score"]
_HELD_HELP = {
    "grade": "Nếu chấm phiếu điểm bên dưới, xếp loại và điểm được tính theo phiếu.",
    "score": "Để trống nếu chấm theo phiếu điểm.",
}


class MeetingForm(_SheetMixin, _BootstrapModelForm):
    """A held meeting: date, kind, topic, grade or the score sheet, attendance, expected, duration."""

    held_on = date_field()

    class Meta:
        model = Meeting
        fields = _HELD_FIELDS
        help_texts = _HELD_HELP
        widgets = {"documents": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_sheet_fields()


class AnnounceForm(_BootstrapModelForm):
    """A meeting announced ahead: date, kind, topic, documents to read."""

    held_on = date_field("Ngày họp dự kiến")

    class Meta:
        model = Meeting
        fields = ["held_on", "kind", "topic", "documents", "expected"]
        widgets = {"documents": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"documents": "Tài liệu đảng viên cần đọc trước (tên, số hiệu, đường dẫn), mỗi dòng một tài liệu."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].required = True


class QuickMeetingForm(_BootstrapModelForm):
    """This month's meeting in a few taps: date, grade, attendance, expected (the view sets the kind)."""

    held_on = date_field()
    grade = forms.ChoiceField(label="Xếp loại", choices=MeetingGrade.choices, widget=forms.RadioSelect, required=True)

    class Meta:
        model = Meeting
        fields = ["held_on", "grade", "attendance", "expected", "topic"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("attendance", "expected"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"


class DeleteMeetingForm(forms.Form):
    reason = forms.CharField(
        label="Lý do xóa",
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text="Ví dụ: nhập trùng, nhập nhầm tổ chức.",
    )
