from __future__ import annotations

from typing import Any

from django import forms

from bontot.organizations.forms import DateInput, bootstrap

from .models import MODEL_CELL, MODEL_GRASSROOTS, MODEL_MEMBER, SigningMode

DEFAULT_RECIPIENTS = "- Như Điều 3;\n- Lưu VP."
MODEL_FILTER = [
    ("", "Tất cả"),
    (MODEL_MEMBER, "Đảng viên"),
    (MODEL_CELL, "Chi bộ"),
    (MODEL_GRASSROOTS, "Đảng bộ cơ sở"),
]


class DecisionForm(forms.Form):
    """The header of a decision: what its document shows besides the list."""

    number = forms.CharField(label="Số quyết định", max_length=50, help_text="Ví dụ: 15-QĐ/ĐU")
    issued_on = forms.DateField(label="Ngày ban hành", widget=DateInput())
    place = forms.CharField(label="Địa danh", max_length=100, help_text="Ví dụ: Tam Thăng")
    signer_name = forms.CharField(label="Người ký", max_length=255)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=100, initial="BÍ THƯ")
    signing_mode = forms.ChoiceField(label="Thể thức ký", choices=SigningMode.choices, initial=SigningMode.ON_BEHALF)
    title = forms.CharField(label="Trích yếu", max_length=500)
    summary = forms.CharField(
        label="Căn cứ (không bắt buộc)",
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text="Mỗi dòng một căn cứ, in trước chữ “QUYẾT ĐỊNH”. Để trống thì văn bản ghi căn cứ là kế hoạch của "
        "bộ tiêu chí đã dùng để đánh giá và đề nghị của Văn phòng (quyết định thu hồi: chỉ kế hoạch).",
    )
    recipients = forms.CharField(
        label="Nơi nhận (mỗi dòng một nơi)", initial=DEFAULT_RECIPIENTS, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class RevokeForm(DecisionForm):
    revoke_reason = forms.CharField(label="Lý do thu hồi", widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)
