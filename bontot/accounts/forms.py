"""Forms of the accounts pages: Vietnamese labels and messages, choices scoped to what the actor may see."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.utils import timezone

from bontot.members.models import Member
from bontot.organizations.access import Grant, visible_members, visible_organizations
from bontot.organizations.models import Organization, Role, RoleAssignment

DATE_PLACEHOLDER = "dd/mm/yyyy"


class BootstrapMixin:
    """Give every widget Bootstrap's class (and dates a dd/mm/yyyy placeholder)."""

    fields: dict[str, forms.Field]

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css
            if isinstance(field, forms.DateField):
                widget.attrs.setdefault("placeholder", DATE_PLACEHOLDER)
                widget.attrs.setdefault("inputmode", "numeric")


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form with Vietnamese labels and messages."""

    username = forms.CharField(label="Tên đăng nhập", max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(label="Mật khẩu", strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": (
            "Tên đăng nhập hoặc mật khẩu không đúng. Xin kiểm tra lại (mật khẩu phân biệt chữ hoa, chữ thường)."
        ),
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


def _new_password_fields() -> tuple[forms.CharField, forms.CharField]:
    return (
        forms.CharField(
            label="Mật khẩu mới",
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text="Ít nhất 8 ký tự, không quá giống tên đăng nhập, không toàn chữ số, không quá phổ biến.",
        ),
        forms.CharField(
            label="Nhập lại mật khẩu mới",
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    )


MISMATCH = "Hai mật khẩu không khớp nhau."


class SetPasswordForm(BootstrapMixin, auth_forms.SetPasswordForm):
    """Set a new password twice (password reset, or the office giving a temporary password)."""

    new_password1, new_password2 = _new_password_fields()
    error_messages = {"password_mismatch": MISMATCH}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class PasswordChangeForm(BootstrapMixin, auth_forms.PasswordChangeForm):
    """Change one's own password: the current one, then the new one twice."""

    old_password = forms.CharField(
        label="Mật khẩu hiện tại",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1, new_password2 = _new_password_fields()
    error_messages = {
        "password_mismatch": MISMATCH,
        "password_incorrect": "Mật khẩu hiện tại không đúng. Xin nhập lại.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class PasswordResetForm(BootstrapMixin, auth_forms.PasswordResetForm):
    """Ask for a password reset link by e-mail."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Địa chỉ e-mail của tài khoản"
        self.fields["email"].error_messages = {
            "required": "Xin nhập địa chỉ e-mail.",
            "invalid": "Địa chỉ e-mail không hợp lệ.",
        }
        self.style()


class UserCreateForm(BootstrapMixin, forms.ModelForm):
    """A new login with its first role: username, full name, e-mail, a temporary password, an optional member
    link and a role; every choice is scoped to the actor (members they see, organisations they manage)."""

    full_name = forms.CharField(label="Họ và tên", max_length=300, help_text="Ví dụ: Nguyễn Văn An.")
    password1, password2 = _new_password_fields()
    member = forms.ModelChoiceField(
        label="Là đảng viên",
        queryset=Member.objects.none(),
        required=False,
        empty_label="— không liên kết —",
        help_text="Liên kết tài khoản với hồ sơ đảng viên (để đảng viên xem kết quả của mình).",
    )
    organization = forms.ModelChoiceField(label="Tổ chức đảng", queryset=Organization.objects.none())
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    start = forms.DateField(label="Từ ngày")
    end = forms.DateField(label="Đến ngày", required=False)

    class Meta:
        model = get_user_model()
        fields = ["username", "email"]
        labels = {"username": "Tên đăng nhập", "email": "E-mail"}
        help_texts = {"username": "Chữ, số và các ký tự @ . + - _ (ví dụ: bithu.vinhbinh)."}
        error_messages = {"username": {"unique": "Tên đăng nhập này đã có người dùng. Xin chọn tên khác."}}

    def __init__(self, *args: Any, actor: Any, held: tuple[Grant, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False
        self.fields["password1"].label = "Mật khẩu tạm thời"
        self.fields["password2"].label = "Nhập lại mật khẩu tạm thời"
        self.fields["member"].queryset = (  # type: ignore[attr-defined]
            visible_members(actor, roles=[Role.OFFICE], held=held)
            .filter(user__isnull=True, left_on__isnull=True)
            .select_related("organization")
            .order_by("organization__name", "sort_name")
        )
        self.fields["organization"].queryset = managed_organizations(actor, held)  # type: ignore[attr-defined]
        self.fields["start"].initial = timezone.localdate()
        self.order_fields(["username", "full_name", "email", "password1", "password2", "member"])
        self.style()

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Tên đăng nhập này đã có người dùng. Xin chọn tên khác.")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", MISMATCH)
        elif password1:
            self.instance.username = cleaned.get("username", "")
            try:
                password_validation.validate_password(password1, self.instance)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "Ngày kết thúc không được trước ngày bắt đầu.")
        return cleaned


def managed_organizations(actor: Any, held: tuple[Grant, ...]) -> Any:
    """Return the organisations on which the actor may grant roles: their office subtrees, current ones first."""
    return visible_organizations(actor, roles=[Role.OFFICE], held=held).order_by("path")


class RoleAssignmentForm(BootstrapMixin, forms.ModelForm):
    """Give a user a role on an organisation of the actor's office subtree, from a day (to a day)."""

    class Meta:
        model = RoleAssignment
        fields = ["organization", "role", "start", "end"]
        labels = {"organization": "Tổ chức đảng", "role": "Vai trò", "start": "Từ ngày", "end": "Đến ngày"}

    def __init__(self, *args: Any, actor: Any, held: tuple[Grant, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = managed_organizations(actor, held)  # type: ignore[attr-defined]
        self.fields["start"].initial = timezone.localdate()
        self.style()


class EndRoleForm(BootstrapMixin, forms.Form):
    """The last day a role is in force."""

    end = forms.DateField(label="Ngày kết thúc", error_messages={"required": "Xin nhập ngày kết thúc."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end"].initial = timezone.localdate()
        self.style()

    @property
    def end_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["end"]
        return value


class UserSearchForm(forms.Form):
    q = forms.CharField(label="Tìm theo tên hoặc tên đăng nhập", required=False, max_length=100)
