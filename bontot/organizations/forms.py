"""Forms of the organisation pages: every choice comes from the actor's visible organisations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from .models import Organization, OrganizationKind


class DateInput(forms.DateInput):
    """A text date field in the Vietnamese format (dd/mm/yyyy), not the browser's date picker."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})}, format="%d/%m/%Y"
        )


def bootstrap(form: forms.BaseForm) -> None:
    """Give each widget its Bootstrap class."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class OrganizationSearchForm(forms.Form):
    q = forms.CharField(label="Tìm theo tên hoặc mã", required=False, max_length=100)
    kind = forms.ChoiceField(label="Loại", required=False, choices=[("", "Tất cả loại"), *OrganizationKind.choices])
    status = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Tất cả"), ("open", "Đang hoạt động"), ("closed", "Đã kết thúc")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def filter(self, organizations: QuerySet[Organization]) -> QuerySet[Organization]:
        """Return `organizations` narrowed by the valid search fields."""
        if not self.is_valid():
            return organizations
        data = self.cleaned_data
        if data["q"]:
            organizations = organizations.filter(Q(name__icontains=data["q"]) | Q(code__icontains=data["q"]))
        if data["kind"]:
            organizations = organizations.filter(kind=data["kind"])
        if data["status"] == "open":
            organizations = organizations.filter(valid_to__isnull=True)
        elif data["status"] == "closed":
            organizations = organizations.filter(valid_to__isnull=False)
        return organizations


class OrganizationForm(forms.ModelForm):
    """Create a child (code, name, kind, start) or edit one (name, kind, start: the code makes the path)."""

    class Meta:
        model = Organization
        fields = ["code", "name", "kind", "valid_from"]
        widgets = {"valid_from": DateInput()}
        error_messages = {"code": {"unique": "Mã này đã được dùng cho một tổ chức khác."}}

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        bootstrap(self)


class CloseOrganizationForm(forms.Form):
    valid_to = forms.DateField(label="Ngày kết thúc hoạt động", widget=DateInput())
    successor = forms.ModelChoiceField(
        label="Tổ chức kế thừa (nếu có)", required=False, queryset=Organization.objects.none()
    )

    def __init__(self, *args: Any, successors: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = successors  # type: ignore[attr-defined]
        bootstrap(self)


def attach_errors(form: forms.BaseForm, error: ValidationError, *, rename: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError next to the form's fields (renamed when the form names them otherwise);
    errors on fields the form does not show go on top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = (rename or {}).get(name, name)
        form.add_error(field if field in form.fields else None, errors)
