"""Forms of the author pages: a story (organisation, recognition, title, text, photo) and a withdrawal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from bontot.decisions.models import DecisionEntry
from bontot.organizations.models import Organization

from .photos import ACCEPT_ATTRIBUTE


class EntryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        decision = obj.decision
        place = f" ({obj.organization_name})" if obj.organization_name else ""
        return f"{obj.name}{place} — {obj.model_label} năm {decision.year} — Quyết định số {decision.number}"


class StoryForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="Đăng cho tổ chức đảng",
        queryset=Organization.objects.none(),
        help_text="Mọi người trong tổ chức đảng này (và các tổ chức trực thuộc) đọc được bài sau khi đăng.",
    )
    entry = EntryChoice(
        label="Đối tượng được công nhận",
        queryset=DecisionEntry.objects.none(),
        help_text="Chỉ giới thiệu đối tượng đã được công nhận “bốn tốt” bằng quyết định còn hiệu lực.",
    )
    title = forms.CharField(label="Tiêu đề", max_length=200)
    body = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)
    photo = forms.FileField(
        label="Ảnh (không bắt buộc)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text="Ảnh JPEG hoặc PNG.",
    )
    remove_photo = forms.BooleanField(label="Bỏ ảnh hiện có", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        entries: QuerySet[DecisionEntry],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["entry"].queryset = entries  # type: ignore[attr-defined]
        if editing:
            del self.fields["organization"]
        else:
            del self.fields["remove_photo"]


class WithdrawForm(forms.Form):
    withdraw_reason = forms.CharField(label="Lý do gỡ bài", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
