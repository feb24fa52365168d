"""Forms of the discipline and complaint pages (ModelForms: the models' rules, Vietnamese messages)."""

from __future__ import annotations

from typing import Any

from django import forms

from bontot.members.models import Member
from bontot.organizations.access import Grant, visible_members
from bontot.organizations.forms import DateInput, bootstrap
from bontot.organizations.models import Organization

from .models import Complaint, ComplaintConcerns, Discipline


class DisciplineForm(forms.ModelForm):
    class Meta:
        model = Discipline
        fields = ["decided_on", "form"]
        widgets = {"decided_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.card_no}) — {obj.organization.name}"


class ComplaintForm(forms.ModelForm):
    """A complaint letter; the member concerned is chosen among the members of the receiving organisation's
    subtree that the actor may see (the choice is checked against that list, and the model checks the subtree)."""

    about_member = MemberChoiceField(
        queryset=Member.objects.none(),
        required=False,
        label="Đảng viên bị khiếu nại",
        help_text="Để trống khi đơn khiếu nại việc đánh giá, xếp loại của chính tổ chức đảng nhận đơn.",
        empty_label="— Không (tổ chức đảng nhận đơn) —",
    )

    class Meta:
        model = Complaint
        fields = [
            "received_on",
            "kind",
            "internal",
            "mass_or_over_level",
            "resolved_on",
            "concerns",
            "about_member",
            "year",
        ]
        widgets = {"received_on": DateInput(), "resolved_on": DateInput()}
        help_texts = {
            "resolved_on": "Để trống khi đơn chưa được giải quyết xong.",
            "concerns": "Khi đơn khiếu nại kết quả đánh giá, công nhận hoặc xếp loại: việc xét công nhận của "
            "đảng viên (hoặc tổ chức đảng) đó trong năm ấy tạm dừng đến khi giải quyết xong (Quy định 366-QĐ/TW).",
            "year": "Năm đánh giá, xếp loại mà đơn khiếu nại (bắt buộc khi chọn nội dung liên quan).",
        }

    def __init__(
        self, *args: Any, actor: Any, held: tuple[Grant, ...], organization: Organization, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["about_member"]
        field.queryset = (  # type: ignore[attr-defined]
            visible_members(actor, held=held)
            .filter(organization__path__startswith=organization.path)
            .select_related("organization")
            .order_by("sort_name", "pk")
        )
        concerns: Any = self.fields["concerns"]
        concerns.choices = [("", "— Không liên quan đến đánh giá, xếp loại —"), *ComplaintConcerns.choices]
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
