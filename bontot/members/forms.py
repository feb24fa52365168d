"""Forms of the member pages: ModelForms (the models' rules), choices scoped to the actor's organisations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from bontot.organizations.forms import DateInput, bootstrap
from bontot.organizations.models import Organization

from .models import Member, MemberStatus


class MemberSearchForm(forms.Form):
    q = forms.CharField(label="Tìm theo tên hoặc số thẻ", required=False, max_length=100)
    to_chuc = forms.ModelChoiceField(
        label="Tổ chức", required=False, queryset=Organization.objects.none(), empty_label="Tất cả"
    )
    trang_thai = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Đang sinh hoạt"), ("left", "Đã ra khỏi đảng bộ"), ("all", "Tất cả")],
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"].queryset = organizations  # type: ignore[attr-defined]
        bootstrap(self)

    def filter(self, members: QuerySet[Member]) -> QuerySet[Member]:
        """Return `members` narrowed by the valid search fields (current members unless asked otherwise);
        invalid fields (an organisation the actor does not see) are ignored."""
        data = self.cleaned_data if self.is_valid() else {"q": "", "to_chuc": None, "trang_thai": ""}
        if data["q"]:
            text = data["q"].strip()
            members = members.filter(Q(full_name__icontains=text) | Q(card_no__icontains=text))
        if data["to_chuc"] is not None:  # the organisation's whole subtree
            members = members.filter(organization__path__startswith=data["to_chuc"].path)
        if data["trang_thai"] == "left":
            members = members.filter(left_on__isnull=False)
        elif data["trang_thai"] != "all":
            members = members.filter(left_on__isnull=True)
        return members


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["card_no", "full_name", "birth_date", "gender", "admitted_on", "official_on", "civil_servant"]
        widgets = {"birth_date": DateInput(), "admitted_on": DateInput(), "official_on": DateInput()}
        error_messages = {"card_no": {"unique": "Số thẻ đảng viên này đã có trong hệ thống."}}
        help_texts = {"official_on": "Để trống khi đảng viên còn là đảng viên dự bị."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class TransferForm(forms.Form):
    organization = forms.ModelChoiceField(label="Chuyển đến chi bộ", queryset=Organization.objects.none())
    on = forms.DateField(label="Sinh hoạt tại chi bộ mới từ ngày", widget=DateInput())

    def __init__(self, *args: Any, cells: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = cells  # type: ignore[attr-defined]
        bootstrap(self)


class DepartureForm(forms.Form):
    left_on = forms.DateField(label="Ngày ra khỏi Đảng / chuyển đi khỏi đảng bộ", widget=DateInput())
    left_reason = forms.CharField(
        label="Lý do",
        max_length=500,
        help_text="Ví dụ: chuyển sinh hoạt đảng đến đảng bộ khác, từ trần, xin ra khỏi Đảng, bị khai trừ.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class StatusForm(forms.ModelForm):
    class Meta:
        model = MemberStatus
        fields = ["kind", "start", "end", "reason"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class EndStatusForm(forms.Form):
    end = forms.DateField(label="Kết thúc ngày", widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)
