"""The appraisal form: per indicator agree/disagree and a comment, a rule override with its reason, the
return reason and the conclusion (proposal and comment). Built from the current round's snapshot.

The rules (a reason to return, a comment to disagree, a reason to override) are the services'; the form
only parses what was posted and shows the errors the services raise next to the right field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from bontot.criteria.engine.scales import FAIL, PASS

from .models import Proposal
from .services_appraisal import SnapshotIndicator

AGREE_CHOICES = (("agree", "Đồng ý"), ("disagree", "Không đồng ý"))
OVERRIDE_CHOICES = (("", "Giữ kết quả tính tự động"), (PASS, "Sửa thành Đạt"), (FAIL, "Sửa thành Không đạt"))
TEXTAREA = {"rows": 2, "class": "form-control"}


def opinion_name(code: str) -> str:
    return f"op-{code}"


def comment_name(code: str) -> str:
    return f"cm-{code}"


def override_name(code: str) -> str:
    return f"ov-{code}"


def override_reason_name(code: str) -> str:
    return f"ovr-{code}"


class AppraisalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Lý do trả lại", required=False, widget=forms.Textarea(attrs=TEXTAREA), max_length=4000
    )
    proposal = forms.ChoiceField(label="Đề xuất", required=False, choices=Proposal.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="Nhận xét của cấp thẩm định", required=False, widget=forms.Textarea(attrs=TEXTAREA), max_length=4000
    )

    def __init__(
        self,
        *args: Any,
        indicators: Iterable[SnapshotIndicator],
        opinions: Mapping[str, Mapping[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        opinions = opinions or {}
        for item in self.indicators:
            known = opinions.get(item.code) or {}
            self.fields[opinion_name(item.code)] = forms.ChoiceField(
                label=f"Ý kiến về chỉ báo {item.code}",
                choices=AGREE_CHOICES,
                initial="agree" if known.get("agree", True) else "disagree",
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[comment_name(item.code)] = forms.CharField(
                label=f"Nhận xét chỉ báo {item.code}",
                required=False,
                initial=known.get("comment", ""),
                widget=forms.Textarea(attrs=TEXTAREA),
                max_length=4000,
            )
            if item.source == "rule":
                self.fields[override_name(item.code)] = forms.ChoiceField(
                    label=f"Sửa kết quả chỉ báo {item.code}",
                    choices=OVERRIDE_CHOICES,
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
                self.fields[override_reason_name(item.code)] = forms.CharField(
                    label=f"Lý do sửa kết quả chỉ báo {item.code}",
                    required=False,
                    widget=forms.Textarea(attrs=TEXTAREA),
                    max_length=4000,
                )

    def opinions(self) -> dict[str, dict[str, Any]]:
        """Return {code: {"agree": bool, "comment": str}} for every indicator of the round."""
        data = self.cleaned_data
        return {
            item.code: {
                "agree": data.get(opinion_name(item.code)) != "disagree",
                "comment": data.get(comment_name(item.code), ""),
            }
            for item in self.indicators
        }

    def overrides(self) -> dict[str, dict[str, str]]:
        """Return {code: {"verdict", "reason"}} for the rule indicators whose verdict the appraiser changes."""
        data = self.cleaned_data
        return {
            item.code: {
                "verdict": data[override_name(item.code)],
                "reason": data.get(override_reason_name(item.code), ""),
            }
            for item in self.indicators
            if item.source == "rule" and data.get(override_name(item.code))
        }

    def bound(self, code: str) -> dict[str, Any]:
        """Return the bound fields of one indicator, for the template."""
        out: dict[str, Any] = {"opinion": self[opinion_name(code)], "comment": self[comment_name(code)]}
        if override_name(code) in self.fields:
            out["override"] = self[override_name(code)]
            out["override_reason"] = self[override_reason_name(code)]
        return out
