"""Notification pages: the user's own list, and marking one or all as read. Nobody sees another's."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import services
from .access import access_notification, visible_notifications

PAGE_SIZE = 20


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(visible_notifications(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page, "query": ""})


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
