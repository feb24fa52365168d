from django import forms

from .models import Registration


class DecisionForm(forms.ModelForm):
    """The reason of a decision on a late registration (required to refuse: the model's rule)."""

    class Meta:
        model = Registration
        fields = ["decision_reason"]
        widgets = {"decision_reason": forms.Textarea(attrs={"rows": 2, "class": "form-control"})}
