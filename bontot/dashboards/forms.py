"""The filters of the subtree table (GET parameters, validated; an invalid value is ignored)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When

from bontot.criteria.models import StoredVerdict

ALL = ("", "Tất cả")
MODEL_CHOICES = [ALL, ("cell", "Chi bộ"), ("grassroots", "Đảng bộ cơ sở")]
VERDICT_CHOICES = [ALL, ("pass", "Đạt"), ("fail", "Không đạt"), ("pending", "Chưa kết luận")]
WARNING_CHOICES = [ALL, ("co", "Có cảnh báo"), ("khong", "Không có cảnh báo")]
SORT_CHOICES = [
    ("ten", "Tên"),
    ("ket-luan", "Kết luận (không đạt trước)"),
    ("canh-bao", "Số cảnh báo (nhiều trước)"),
]
VERDICT_RANK = {"fail": 0, "pending": 1, "pass": 2}


class SubtreeFilterForm(forms.Form):
    q = forms.CharField(label="Tìm theo tên", required=False, max_length=100)
    mo_hinh = forms.ChoiceField(label="Mô hình", choices=MODEL_CHOICES, required=False)
    ket_luan = forms.ChoiceField(label="Kết luận", choices=VERDICT_CHOICES, required=False)
    tieu_chi = forms.ChoiceField(label="Không đạt tiêu chí", choices=[ALL], required=False)
    canh_bao = forms.ChoiceField(label="Cảnh báo", choices=WARNING_CHOICES, required=False)
    sap_xep = forms.ChoiceField(label="Sắp xếp theo", choices=SORT_CHOICES, required=False)

    def __init__(self, *args: Any, criteria: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tieu_chi"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [ALL, *((code, f"{code}. {title}" if title else code) for code, title in criteria)]
        for name, bound in self.fields.items():
            css = "form-control" if name == "q" else "form-select"
            bound.widget.attrs["class"] = css
        self.fields["q"].widget.attrs["placeholder"] = "Tên chi bộ, đảng bộ"

    def value(self, name: str) -> str:
        """Return the cleaned value of a filter, "" when it was missing or invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return str(self.cleaned_data.get(name) or "")

    def apply(self, rows: QuerySet[StoredVerdict]) -> QuerySet[StoredVerdict]:
        """Return `rows` filtered, searched and sorted as the form says."""
        if model := self.value("mo_hinh"):
            rows = rows.filter(model=model)
        if verdict := self.value("ket_luan"):
            rows = rows.filter(verdict=verdict)
        if code := self.value("tieu_chi"):
            rows = rows.filter(failing__contains=f"|{code}|")
        warnings = self.value("canh_bao")
        if warnings == "co":
            rows = rows.filter(warning_count__gt=0)
        elif warnings == "khong":
            rows = rows.filter(warning_count=0)
        if text := self.value("q").strip():
            rows = rows.filter(name__icontains=text)
        sort = self.value("sap_xep") or "ten"
        if sort == "ket-luan":
            rank = Case(
                *(When(verdict=v, then=Value(r)) for v, r in VERDICT_RANK.items()),
                default=Value(len(VERDICT_RANK)),
                output_field=IntegerField(),
            )
            return rows.order_by(rank, "sort_name", "pk")
        if sort == "canh-bao":
            return rows.order_by("-warning_count", "sort_name", "pk")
        return rows.order_by("sort_name", "pk")
