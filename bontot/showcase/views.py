"""Showcase pages: the published stories (cards), a story, its photo (access-checked, never MEDIA_URL), and
the propaganda board's pages (its stories, write and edit a draft, publish, withdraw).

Every id from a request goes through `access_story`; lists through `visible_stories`/`manageable_stories`;
writes through `services`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bontot.core.history import history_for
from bontot.organizations.access import Grant, history_paths, request_grants
from bontot.organizations.models import Organization
from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import stories_xlsx

from . import services
from .access import (
    WRITERS_ONLY,
    access_story,
    author_paths,
    in_force,
    manageable_stories,
    may_write,
    visible_stories,
)
from .forms import StoryForm, WithdrawForm
from .models import Story, StoryStatus

PAGE_SIZE = 24
# `?cong_nhan=<DecisionEntry pk>`: on the list, the stories about that recognition; on the create page, the
# recognition chosen beforehand (a link from a decision's line or a member's result page).
ENTRY_PARAM = "cong_nhan"
CARD_RELATED = ("organization", "entry__decision", "entry__organization")


def _error(error: ValidationError) -> str:
    return " ".join(error.messages)


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _version(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _writer_paths(request: HttpRequest) -> tuple[tuple[Grant, ...], list[str]]:
    """The author's grants and propaganda paths; 403 for anyone else (a superuser writes everywhere)."""
    held = request_grants(request)
    if request.user.is_superuser:
        return held, ["/"]
    paths = author_paths(request.user, held)
    if not paths:
        raise PermissionDenied(WRITERS_ONLY)
    return held, paths


def _organizations(paths: list[str]) -> QuerySet[Organization]:
    today = timezone.localdate()
    inside = Q(pk__in=[])
    for path in paths:
        inside |= Q(path__startswith=path)
    return (
        Organization.objects.filter(inside, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("path")
    )


@require_GET
def story_list(request: HttpRequest) -> HttpResponseBase:
    """The published stories the user reads, newest first, as cards (one column on a phone)."""
    held = request_grants(request)
    rows = visible_stories(request.user, held=held).select_related(*CARD_RELATED).order_by("-published_at", "-pk")
    entry = request.GET.get(ENTRY_PARAM, "")
    if entry.isdigit():  # the stories about one recognition (a link from a decision's line)
        rows = rows.filter(entry_id=int(entry))
    if wants_xlsx(request):  # "Xuất Excel": the same rows, every page
        return stories_xlsx(rows, manage=False)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    writer = request.user.is_superuser or bool(author_paths(request.user, held))
    query = f"{ENTRY_PARAM}={entry}" if entry.isdigit() else ""
    context = {"page_obj": page, "may_write": writer, "query": query, "filtered": bool(query)}
    return render(request, "showcase/list.html", context)


@require_GET
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A story; its authors also see its status, its history of states and the actions left."""
    held = request_grants(request)
    story = access_story(request.user, pk, held=held)
    writes = may_write(request.user, story.organization, held)
    context: dict[str, Any] = {"story": story, "writes": writes}
    if writes:  # the board sees whether the recognition still stands, and the story's history
        context["in_force"] = Story.objects.filter(in_force(), pk=story.pk).exists()
        context["history"] = history_for(services.STORY_TYPE, story.pk, paths=history_paths(request.user, held))
    return render(request, "showcase/detail.html", context)


@require_GET
def story_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The story's photo, to whoever reads the story (inline, with the type found in its content)."""
    story = access_story(request.user, pk, held=request_grants(request))
    if not story.photo:
        raise Http404("Bài viết không có ảnh.")
    try:
        handle = story.photo.open("rb")
    except FileNotFoundError:
        raise Http404("Ảnh không còn trên máy chủ.") from None
    response = FileResponse(handle, content_type=story.photo_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def story_manage(request: HttpRequest) -> HttpResponseBase:
    """The propaganda board's stories in every state, newest change first."""
    held, _paths = _writer_paths(request)
    rows = (
        manageable_stories(request.user, held=held)
        .select_related(*CARD_RELATED)
        .annotate(force=Q(entry__decision__revoked_by__isnull=True))
        .order_by("-updated_at", "-pk")
    )
    if wants_xlsx(request):  # "Xuất Excel": the same rows, every page
        return stories_xlsx(rows, manage=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "showcase/manage.html", {"page_obj": page})


def _form(request: HttpRequest, paths: list[str], *, editing: bool, **kwargs: Any) -> StoryForm:
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    return StoryForm(
        *data,
        organizations=_organizations(paths),
        entries=services.candidate_entries(*paths),
        editing=editing,
        **kwargs,
    )


@require_http_methods(["GET", "POST"])
def story_create(request: HttpRequest) -> HttpResponse:
    """Write a draft story about a recognised member or organisation."""
    held, paths = _writer_paths(request)
    entry = request.GET.get(ENTRY_PARAM, "")
    form = _form(request, paths, editing=False, initial={"entry": int(entry)} if entry.isdigit() else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            story = services.create_story(
                organization=data["organization"],
                entry=data["entry"],
                title=data["title"],
                body=data["body"],
                photo=data.get("photo") or None,
                actor=request.user,
                held=held,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Đã lưu bản nháp. Xem lại rồi bấm “Đăng bài”.")
            return redirect("showcase:detail", pk=story.pk)
    return render(request, "showcase/form.html", {"form": form, "story": None})


@require_http_methods(["GET", "POST"])
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft; a published or withdrawn story goes back to its page with the reason."""
    held = request_grants(request)
    story = access_story(request.user, pk, need="write", held=held)
    if story.status != StoryStatus.DRAFT:
        messages.error(request, f"Bài đã {story.get_status_display().lower()}, không sửa được.")
        return redirect("showcase:detail", pk=story.pk)
    paths = [story.organization.path]
    initial = {"entry": story.entry_id, "title": story.title, "body": story.body, "version": story.version}
    form = _form(request, paths, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_story(
                story,
                version=data.get("version"),
                entry=data["entry"],
                title=data["title"],
                body=data["body"],
                photo=data.get("photo") or None,
                remove_photo=bool(data.get("remove_photo")),
                actor=request.user,
                held=held,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Đã lưu bản nháp.")
            return redirect("showcase:detail", pk=story.pk)
    return render(request, "showcase/form.html", {"form": form, "story": story})


@require_POST
def story_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a draft (the version shown is posted back)."""
    held = request_grants(request)
    story = access_story(request.user, pk, need="write", held=held)
    try:
        services.publish_story(story, version=_version(request.POST.get("version")), actor=request.user, held=held)
    except ValidationError as error:
        messages.error(request, _error(error))
    else:
        messages.success(request, f"Đã đăng bài “{story.title}”.")
    return redirect("showcase:detail", pk=story.pk)


@require_http_methods(["GET", "POST"])
def story_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a published story, with a reason (kept; the story is not deleted)."""
    held = request_grants(request)
    story = access_story(request.user, pk, need="write", held=held)
    form = WithdrawForm(request.POST or None, initial={"version": story.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_story(
                story,
                version=form.cleaned_data.get("version"),
                reason=form.cleaned_data["withdraw_reason"],
                actor=request.user,
                held=held,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Đã gỡ bài “{story.title}”.")
            return redirect("showcase:detail", pk=story.pk)
    return render(request, "showcase/withdraw.html", {"form": form, "story": story})
