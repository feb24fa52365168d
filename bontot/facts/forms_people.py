"""Forms of the discipline and complaint pages (ModelForms: the models' rules, Vietnamese messages)."""

from __future__ import annotations

from typing import Any

from django import forms

from bontot.organizations.forms import DateInput, bootstrap

from .models import Complaint, Discipline


class DisciplineForm(forms.ModelForm):
    class Meta:
        model = Discipline
        fields = ["decided_on", "form"]
        widgets = {"decided_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["received_on", "kind", "internal", "mass_or_over_level", "resolved_on"]
        widgets = {"received_on": DateInput(), "resolved_on": DateInput()}
        help_texts = {"resolved_on": "Để trống khi đơn chưa được giải quyết xong."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class ResolutionForm(forms.ModelForm):
    """Record the day a complaint was resolved."""

    class Meta:
        model = Complaint
        fields = ["resolved_on"]
        widgets = {"resolved_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolved_on"].required = True
        bootstrap(self)


class DeleteForm(forms.Form):
    reason = forms.CharField(label="Lý do xóa (nhập nhầm…)", max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)
