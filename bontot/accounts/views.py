"""Login, logout, passwords, the home page, and the office's management of users and role assignments.

Thin views: parse → `access_*` (bontot.accounts.access) → service (bontot.accounts.services) → render/redirect.
The user pages are for the office (role `office`) and superusers: a user or role assignment outside the
actor's subtree answers 404, one inside it answers 403 to other roles.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bontot.core.models import AuditLog
from bontot.organizations.access import Grant, request_grants
from bontot.organizations.models import Role, RoleAssignment
from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import CHUNK, users_xlsx

from . import services
from .access import (
    access_role_assignment,
    access_user,
    check_manages_account,
    covers_path,
    holds_role,
    visible_history_filter,
    visible_role_assignments,
    visible_users,
)
from .forms import (
    EndRoleForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    RoleAssignmentForm,
    SetPasswordForm,
    UserCreateForm,
    UserSearchForm,
)

MANAGERS = (Role.OFFICE,)
PAGE_SIZE = 25


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


# --- Passwords: Django's views with Vietnamese templates. ---------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- Users and role assignments, managed by the office. -------------------------------------------------------


def _require_manager(request: HttpRequest) -> None:
    if not holds_role(request.user, MANAGERS, held=request_grants(request)):
        raise PermissionDenied("Chỉ Văn phòng Đảng ủy quản lý người dùng.")


def _search(users: Any, text: str) -> Any:
    for word in text.split():
        users = users.filter(Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return users


def _user_rows(request: HttpRequest, users: Iterable[Any], held: tuple[Grant, ...]) -> Iterator[dict[str, Any]]:
    """Yield the users as the list shows them: their roles in force today on organisations the actor sees,
    and their member record only when the actor sees that member's cell."""
    today = timezone.localdate()
    for user in users:
        member = getattr(user, "member", None)
        if member is not None and not covers_path(request.user, member.organization.path, held=held):
            member = None  # linked to a member the actor may not see: say nothing of it
        current = [a for a in getattr(user, "visible_roles", []) if a.in_force_on(today)]
        yield {"user": user, "member": member, "roles": current}


@require_GET
def user_list(request: HttpRequest) -> HttpResponseBase:
    """List the users of the actor's office subtree, searchable by name or username, paginated."""
    _require_manager(request)
    held = request_grants(request)
    search = UserSearchForm(request.GET)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    roles = (
        visible_role_assignments(request.user, roles=MANAGERS, held=held)
        .select_related("organization")
        .order_by("organization__path", "role", "start")
    )
    users = (
        _search(visible_users(request.user, roles=MANAGERS, held=held), text)
        .select_related("member__organization")
        .prefetch_related(Prefetch("role_assignments", queryset=roles, to_attr="visible_roles"))
        .order_by("first_name", "last_name", "username", "pk")
    )
    if wants_xlsx(request):  # "Xuất Excel": the same rows, every page
        return users_xlsx(_user_rows(request, users.iterator(chunk_size=CHUNK), held))
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(_user_rows(request, page.object_list, held))
    context = {"page_obj": page, "rows": rows, "search": search, "query": urlencode({"q": text}) if text else ""}
    return render(request, "accounts/user_list.html", context)


@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    """Create a login with its first role on an organisation of the actor's office subtree."""
    _require_manager(request)
    held = request_grants(request)
    form = UserCreateForm(request.POST or None, actor=request.user, held=held)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password1"],
                member=data["member"],
                organization=data["organization"],
                role=data["role"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Đã tạo tài khoản {user.username}.")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a user, their role assignments in the actor's subtree and the history of both."""
    held = request_grants(request)
    user = access_user(request.user, pk, need=MANAGERS, held=held)
    member = getattr(user, "member", None)
    if member is not None and not covers_path(request.user, member.organization.path, held=held):
        member = None
    today = timezone.localdate()
    assignments = list(
        visible_role_assignments(request.user, held=held)
        .filter(user=user)
        .select_related("organization")
        .order_by("-start", "organization__path")
    )
    rows = [
        {
            "assignment": a,
            "in_force": a.in_force_on(today),
            "can_end": covers_path(request.user, a.organization.path, roles=MANAGERS, held=held)
            and (a.end is None or a.end >= today),
            "form": EndRoleForm(prefix=f"role{a.pk}"),
        }
        for a in assignments
    ]
    history = [
        {"at": row.created_at, "actor": row.actor.username if row.actor else "", "text": describe(row)}
        for row in AuditLog.objects.filter(
            Q(object_type=services.USER_TYPE, object_id=str(user.pk))
            | Q(object_type=services.ROLE_TYPE, object_id__in=[str(a.pk) for a in assignments])
        )
        .filter(visible_history_filter(request.user, held=held))
        .select_related("actor")[:50]
    ]
    try:
        check_manages_account(request.user, user, held=held)
        manages_account = True
    except PermissionDenied:
        manages_account = False
    context = {
        "subject": user,
        "member": member,
        "rows": rows,
        "history": history,
        "manages_account": manages_account,
    }
    return render(request, "accounts/user_detail.html", context)


ACTIONS = {
    "accounts.user.created": "tạo tài khoản",
    "accounts.user.deactivated": "khóa tài khoản",
    "accounts.user.reactivated": "mở khóa tài khoản",
    "accounts.user.password_set": "đặt mật khẩu tạm thời",
    "accounts.role.assigned": "phân quyền",
    "accounts.role.ended": "kết thúc phân quyền",
}


def _day(value: str | None) -> str:
    return datetime.date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""


def describe(row: AuditLog) -> str:
    """Return an audit row of a user or a role assignment as a Vietnamese phrase."""
    text = ACTIONS.get(row.action, row.action)
    data = row.data
    if row.object_type == services.ROLE_TYPE:
        role = Role(data["role"]).label if data.get("role") in Role.values else data.get("role", "")
        text += f" {role} — {data.get('organization_name') or data.get('organization', '')}"
        text += f", từ {_day(data.get('start'))}"
        if data.get("end"):
            text += f" đến hết {_day(data['end'])}"
    return text


@require_http_methods(["GET", "POST"])
def role_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a user a role on an organisation of the actor's office subtree."""
    held = request_grants(request)
    user = access_user(request.user, pk, need=MANAGERS, held=held)
    form = RoleAssignmentForm(request.POST or None, instance=RoleAssignment(user=user), actor=request.user, held=held)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assign_role(
                user,
                actor=request.user,
                organization=data["organization"],
                role=data["role"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã phân quyền.")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/role_form.html", {"form": form, "subject": user})


@require_POST
def role_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a role assignment on a day (it stays in the history, never deleted)."""
    held = request_grants(request)
    assignment = access_role_assignment(request.user, pk, need=MANAGERS, held=held)
    form = EndRoleForm(request.POST, prefix=f"role{assignment.pk}")
    if form.is_valid():
        try:
            services.end_role(assignment, actor=request.user, end=form.end_date)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Đã kết thúc phân quyền từ sau ngày {form.end_date:%d/%m/%Y}.")
            return redirect("accounts:user_detail", pk=assignment.user_id)
    return render(request, "accounts/role_end.html", {"form": form, "assignment": assignment})


def _set_active(request: HttpRequest, pk: int, *, active: bool) -> HttpResponse:
    held = request_grants(request)
    user = access_user(request.user, pk, need=MANAGERS, held=held)
    check_manages_account(request.user, user, held=held)
    try:
        services.set_active(user, actor=request.user, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đã mở khóa tài khoản." if active else "Đã khóa tài khoản.")
    return redirect("accounts:user_detail", pk=user.pk)


@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock an account: it can no longer log in."""
    return _set_active(request, pk, active=False)


@require_POST
def user_activate(request: HttpRequest, pk: int) -> HttpResponse:
    """Unlock an account."""
    return _set_active(request, pk, active=True)


@require_http_methods(["GET", "POST"])
def user_set_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a user a new temporary password (to hand over in person)."""
    held = request_grants(request)
    user = access_user(request.user, pk, need=MANAGERS, held=held)
    check_manages_account(request.user, user, held=held)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_password(user, actor=request.user, password=form.cleaned_data["new_password1"])
        messages.success(request, f"Đã đặt mật khẩu mới cho {user.username}.")
        return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_password.html", {"form": form, "subject": user})
