"""Notification pages: the user's own list, and marking one or all as read. Nobody sees another's."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST

from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import notifications_xlsx

from . import services
from .access import access_notification, visible_notifications
from .kinds import GROUP_LABELS, kind_label

PAGE_SIZE = 20


@require_GET
def notification_list(request: HttpRequest) -> HttpResponseBase:
    """The user's notifications, newest first, each with its kind's name; `?loai=<group>` keeps one group."""
    rows = visible_notifications(request.user)
    group = request.GET.get("loai", "")
    if group not in GROUP_LABELS:
        group = ""
    if group:
        rows = rows.filter(kind__startswith=f"{group}.")
    if wants_xlsx(request):  # "Xuất Excel": the same rows, every page
        return notifications_xlsx(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for notification in page:
        notification.kind_label = kind_label(notification.kind)
    context = {
        "page_obj": page,
        "query": urlencode({"loai": group}) if group else "",
        "group": group,
        "groups": list(GROUP_LABELS.items()),
    }
    return render(request, "notifications/list.html", context)


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = access_notification(request.user, pk)
    services.mark_read(notification, actor=request.user)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return redirect("notifications:list")
