"""Pages of an organisation's yearly facts: quality ratings, workplace ratings, residence comments (grids),
organisation results and linked bodies (small tables), the admission target.

Thin views: parse → access_* (organisations, members and records through their organisation's path, with
the request's grants read once) → service (`services_ratings`, `core.records`) → render or redirect.
Who may do what: `access_ratings`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bontot.core.history import HistoryEntry, history_of
from bontot.core.models import Tracked
from bontot.core.records import delete_record, save_record
from bontot.organizations.access import (
    Grant,
    access_organization,
    history_paths,
    request_grants,
    visible_organizations,
)
from bontot.organizations.models import LinkedBody, Organization
from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import fact_table_xlsx, organization_choice_xlsx, rating_grid_xlsx

from . import forms_ratings as f
from .access_ratings import (
    CELL_FACT_EDITORS,
    CELL_KINDS,
    COMMITTEE_FACT_EDITORS,
    DECIDERS,
    MEMBER_RATING_EDITORS,
    ORG_RATING_EDITORS,
    READERS,
    GridRights,
    access_org_fact,
    grid_rights,
    roles_on,
)
from .excellent_cap import CAP_REASON_LABEL, CapExceededError, cap_scope, cap_status, may_override
from .forms_people import DeleteForm
from .grid_marks import RECOGNISED_BADGE, UNDECIDED_WARNING, RowMarks, row_marks
from .models import AdmissionTarget, OrgResult, QualityRating, ResidenceComment, WorkplaceRating
from .services_ratings import (
    GridConflictError,
    GridInvalidError,
    GridRow,
    get_cell_members,
    get_subordinates,
    save_member_facts,
    save_quality_ratings,
)

FIRST_YEAR, LAST_YEAR = 2000, 2100
HISTORY_ROWS = 30


def _check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Năm không hợp lệ.")
    return year


def _history(request: HttpRequest, model: type[models.Model], pks: list[Any]) -> list[HistoryEntry]:
    """Return the latest audit rows of the records shown that the viewer may read (one query)."""
    object_type = f"{model._meta.app_label}.{model._meta.model_name}"
    paths = history_paths(request.user, request_grants(request))
    return history_of(object_type, pks, paths=paths, limit=HISTORY_ROWS)


def _organization(request: HttpRequest, org_pk: int) -> tuple[Organization, tuple[Grant, ...], frozenset[str]]:
    held = request_grants(request)
    organization = access_organization(request.user, org_pk, need=READERS, held=held)
    return organization, held, roles_on(request.user, organization, held)


# -- the landing page and the year facts page ------------------------------------------------------------


@require_http_methods(["GET"])
def ratings_home(request: HttpRequest) -> HttpResponseBase:
    """List the organisations whose yearly facts the user may read."""
    held = request_grants(request)
    if not request.user.is_superuser and not any(grant.role in READERS for grant in held):
        raise PermissionDenied("Trang này dành cho cấp ủy, văn phòng và bí thư chi bộ.")
    organizations = visible_organizations(request.user, roles=READERS, held=held).order_by("path")
    if wants_xlsx(request):  # "Xuất Excel": every organisation of the list
        return organization_choice_xlsx(f"Xếp loại và số liệu năm {timezone.localdate().year}", organizations)
    page = Paginator(organizations, 50).get_page(request.GET.get("page"))
    context = {"page_obj": page, "year": timezone.localdate().year}
    return render(request, "facts/ratings/home.html", context)


@require_http_methods(["GET"])
def year_facts(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    """Link each grid and table of an organisation's year, with a year switcher."""
    organization, _, roles = _organization(request, org_pk)
    _check_year(year)
    is_cell = organization.kind in CELL_KINDS
    links = []
    if is_cell:
        links += [
            ("facts:member_ratings", "Xếp loại chất lượng đảng viên", MEMBER_RATING_EDITORS),
            ("facts:workplace_ratings", "Xếp loại công chức, viên chức nơi công tác", CELL_FACT_EDITORS),
            ("facts:residence_comments", "Nhận xét của chi bộ nơi cư trú (Quy định 213)", CELL_FACT_EDITORS),
        ]
    else:
        links.append(("facts:org_ratings", "Xếp loại chất lượng tổ chức đảng trực thuộc", ORG_RATING_EDITORS))
    links += [
        ("facts:org_results", "Kết quả thực hiện tiêu chí", COMMITTEE_FACT_EDITORS),
        ("facts:linked_bodies", "Tổ chức cùng cấp (chính quyền, MTTQ, đoàn thể)", CELL_FACT_EDITORS),
        ("facts:admission_target", "Chỉ tiêu kết nạp đảng viên", COMMITTEE_FACT_EDITORS),
    ]
    context = {
        "organization": organization,
        "year": year,
        "this_year": timezone.localdate().year,
        "links": [
            {"url": reverse(name, args=[organization.pk, year]), "label": label, "edit": bool(roles & set(editors))}
            for name, label, editors in links
        ],
        "switch_url": "facts:year_facts",
    }
    return render(request, "facts/ratings/year_facts.html", context)


# -- grids ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridSpec:
    title: str
    model: type[Tracked]
    form: type[f.GridRowForm]
    editors: frozenset[str]
    deciders: frozenset[str]
    members: bool  # rows are the cell's members (else the committee's subordinate organisations)
    save: Callable[..., int]
    rows: Callable[[Any, Organization, int, tuple[Grant, ...]], QuerySet[Any]]
    note: str = ""


def _member_rows(actor: Any, organization: Organization, year: int, held: tuple[Grant, ...]) -> QuerySet[Any]:
    # The right comes from the cell (checked by access_organization): its rows of the year are the members
    # who were in it then, even those who have since moved outside the actor's subtree.
    return get_cell_members(organization, year)


def _civil_servant_rows(actor: Any, organization: Organization, year: int, held: tuple[Grant, ...]) -> QuerySet[Any]:
    return _member_rows(actor, organization, year, held).filter(civil_servant=True)


def _subordinate_rows(actor: Any, organization: Organization, year: int, held: tuple[Grant, ...]) -> QuerySet[Any]:
    return get_subordinates(visible_organizations(actor, held=held), organization, year)


GRIDS = {
    "member_ratings": GridSpec(
        "Xếp loại chất lượng đảng viên",
        QualityRating,
        f.QualityRatingRowForm,
        MEMBER_RATING_EDITORS,
        DECIDERS,
        True,
        save_quality_ratings,
        _member_rows,
        "Bí thư chi bộ đề xuất; Văn phòng hoặc Ban Thường vụ cấp ủy xác nhận chính thức.",
    ),
    "org_ratings": GridSpec(
        "Xếp loại chất lượng tổ chức đảng trực thuộc",
        QualityRating,
        f.QualityRatingRowForm,
        ORG_RATING_EDITORS,
        DECIDERS,
        False,
        save_quality_ratings,
        _subordinate_rows,
        "Văn phòng hoặc Ban Thường vụ cấp ủy đề xuất và xác nhận chính thức.",
    ),
    "workplace_ratings": GridSpec(
        "Xếp loại công chức, viên chức nơi công tác",
        WorkplaceRating,
        f.WorkplaceRatingRowForm,
        CELL_FACT_EDITORS,
        frozenset(),
        True,
        save_member_facts,
        _civil_servant_rows,
        "Chỉ đảng viên là cán bộ, công chức, viên chức.",
    ),
    "residence_comments": GridSpec(
        "Nhận xét của chi bộ nơi cư trú (Quy định 213)",
        ResidenceComment,
        f.ResidenceCommentRowForm,
        CELL_FACT_EDITORS,
        frozenset(),
        True,
        save_member_facts,
        _member_rows,
        "Ghi nhận xét hằng năm do chi bộ nơi cư trú gửi về cho từng đảng viên.",
    ),
}


def _new_record(spec: GridSpec, subject: Any, year: int) -> Tracked:
    if spec.members:
        return spec.model(member=subject, year=year)  # type: ignore[misc]
    return spec.model(organization=subject, year=year)  # type: ignore[misc]


def _grid_forms(spec: GridSpec, subjects: list[Any], year: int, data: Any, rights: GridRights) -> list[f.GridRowForm]:
    key = "member_id" if spec.members else "organization_id"
    stored = {
        getattr(record, key): record
        for record in spec.model._default_manager.filter(**{f"{key}__in": [s.pk for s in subjects], "year": year})
    }
    extra = {"may_finalize": rights.finalize} if spec.form is f.QualityRatingRowForm else {}
    forms = []
    for subject in subjects:
        record = stored.get(subject.pk)
        if record is None:
            record = _new_record(spec, subject, year)
        elif spec.members:  # the subject (with its organisation) is already loaded: no query per row later
            record.member = subject  # type: ignore[attr-defined]
        else:
            record.organization = subject  # type: ignore[attr-defined]
        forms.append(spec.form(data, prefix=f"r{subject.pk}", instance=record, subject=subject, **extra))
    return forms


def _grid(request: HttpRequest, org_pk: int, year: int, name: str) -> HttpResponseBase:
    spec = GRIDS[name]
    organization, held, roles = _organization(request, org_pk)
    _check_year(year)
    if spec.members != (organization.kind in CELL_KINDS):
        raise Http404("Trang này không dành cho loại tổ chức này.")
    rights = grid_rights(roles, editors=spec.editors, deciders=spec.deciders)
    if request.method == "POST" and not rights.edit:
        raise PermissionDenied("Bạn không có quyền ghi dữ liệu này.")
    if request.method == "GET" and wants_xlsx(request):  # "Xuất Excel": the grid's rows, read-only
        subject_rows = spec.rows(request.user, organization, year, held)
        return rating_grid_xlsx(spec.title, organization, year, spec.model, subject_rows, members=spec.members)
    subjects = list(spec.rows(request.user, organization, year, held))
    forms = _grid_forms(spec, subjects, year, request.POST if request.method == "POST" else None, rights)
    rating_grid = spec.model is QualityRating
    cap_refused: CapExceededError | None = None
    if request.method == "POST":
        if all([form.is_valid() for form in forms]):
            changed = [form for form in forms if form.has_row_change()]
            extra = {"cap_reason": request.POST.get("cap_reason", "")[:2000]} if rating_grid else {}
            try:
                count = spec.save(
                    organization,
                    [GridRow(form.instance, form.model_changes()) for form in changed],
                    actor=request.user,
                    held=held,
                    **extra,
                )
            except GridInvalidError as exc:
                for index, error in exc.errors.items():
                    f.add_record_errors(changed[index], error)
                messages.error(request, "Chưa lưu: có dòng chưa hợp lệ, xem thông báo ở từng dòng.")
            except GridConflictError as exc:
                messages.error(request, str(exc))
            except CapExceededError as exc:
                cap_refused = exc
                messages.error(request, str(exc))
            else:
                messages.success(request, f"Đã lưu {count} dòng.")
                if rating_grid:
                    _warn_undecided(request, spec, forms, year)
                return redirect(request.path)
        else:
            messages.error(request, "Chưa lưu: có dòng chưa hợp lệ, xem thông báo ở từng dòng.")
    context = {
        "organization": organization,
        "year": year,
        "this_year": timezone.localdate().year,
        "switch_url": f"facts:{name}",
        "spec": spec,
        "forms": forms,
        "rights": rights,
        "history": _history(request, spec.model, [form.instance.pk for form in forms if form.instance.pk]),
        "back": reverse("facts:year_facts", args=[organization.pk, year]),
    }
    if rating_grid:
        context.update(_rating_context(request, spec, organization, year, forms, held, cap_refused))
    return render(request, "facts/ratings/grid.html", context)


def _rating_context(
    request: HttpRequest,
    spec: GridSpec,
    organization: Organization,
    year: int,
    forms: list[f.GridRowForm],
    held: tuple[Grant, ...],
    cap_refused: CapExceededError | None,
) -> dict[str, Any]:
    """Mark each row (recognised, undecided, held) and count HTXSNV against the cap: five queries at most."""
    marks = row_marks([form.subject for form in forms], year, members=spec.members)
    for form in forms:
        form.marks = marks.get(form.subject.pk, RowMarks())  # type: ignore[attr-defined]
    scope, members = cap_scope(organization)
    levels = {form.subject.pk: form.instance.level or "" for form in forms}
    status = cap_status(scope, year, members=members, grid_levels=levels)
    decider = may_override(request.user, scope, held)
    return {
        "cap": status,
        "cap_may_override": decider,
        "cap_show_reason": decider and (cap_refused is not None or (status.over and not status.covered)),
        "cap_reason": request.POST.get("cap_reason", "") if request.method == "POST" else "",
        "cap_reason_label": CAP_REASON_LABEL.format(percent=status.percent),
        "recognised_badge": RECOGNISED_BADGE,
        "undecided_warning": UNDECIDED_WARNING,
    }


def _warn_undecided(request: HttpRequest, spec: GridSpec, forms: list[f.GridRowForm], year: int) -> None:
    """After a save, name the subjects rated final before their recognition was decided (a warning)."""
    final = [form for form in forms if getattr(form.instance, "final", False) and form.has_row_change()]
    if not final:
        return
    marks = row_marks([form.subject for form in final], year, members=spec.members)
    names = [
        form.subject.full_name if spec.members else form.subject.name
        for form in final
        if marks[form.subject.pk].undecided
    ]
    if names:
        messages.warning(
            request,
            f"{UNDECIDED_WARNING}: {', '.join(names)}. Theo kế hoạch, xét công nhận bốn tốt trước, "
            "xếp loại chất lượng sau.",
        )


@require_http_methods(["GET", "POST"])
def member_ratings(request: HttpRequest, org_pk: int, year: int) -> HttpResponseBase:
    """The quality rating grid of a cell's members (proposed, then final)."""
    return _grid(request, org_pk, year, "member_ratings")


@require_http_methods(["GET", "POST"])
def org_ratings(request: HttpRequest, org_pk: int, year: int) -> HttpResponseBase:
    """The quality rating grid of a committee's directly subordinate organisations."""
    return _grid(request, org_pk, year, "org_ratings")


@require_http_methods(["GET", "POST"])
def workplace_ratings(request: HttpRequest, org_pk: int, year: int) -> HttpResponseBase:
    """The workplace rating grid of a cell's civil servants."""
    return _grid(request, org_pk, year, "workplace_ratings")


@require_http_methods(["GET", "POST"])
def residence_comments(request: HttpRequest, org_pk: int, year: int) -> HttpResponseBase:
    """The residence cells' yearly comments on a cell's members (Quy định 213)."""
    return _grid(request, org_pk, year, "residence_comments")


# -- small tables: organisation results, linked bodies ----------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    title: str
    model: type[OrgResult] | type[LinkedBody]
    form: type[f.OrgResultForm] | type[f.LinkedBodyForm]
    editors: frozenset[str]
    list_url: str
    edit_url: str
    delete_url: str
    order: tuple[str, ...]


TABLES = {
    "org_results": TableSpec(
        "Kết quả thực hiện tiêu chí",
        OrgResult,
        f.OrgResultForm,
        COMMITTEE_FACT_EDITORS,
        "facts:org_results",
        "facts:org_result_edit",
        "facts:org_result_delete",
        ("area", "name"),
    ),
    "linked_bodies": TableSpec(
        "Tổ chức cùng cấp (chính quyền, MTTQ, đoàn thể)",
        LinkedBody,
        f.LinkedBodyForm,
        CELL_FACT_EDITORS,
        "facts:linked_bodies",
        "facts:linked_body_edit",
        "facts:linked_body_delete",
        ("name",),
    ),
}


def _save_form(request: HttpRequest, form: Any) -> bool:
    """Save a validated ModelForm's instance through `save_record`; show its errors on the form if invalid."""
    if not form.is_valid():
        return False
    try:
        save_record(form.instance, actor=request.user, changed=form.changed_data)
    except ValidationError as exc:
        f.add_record_errors(form, exc)
        return False
    return True


def _table(request: HttpRequest, org_pk: int, year: int, name: str) -> HttpResponseBase:
    spec = TABLES[name]
    organization, _, roles = _organization(request, org_pk)
    _check_year(year)
    editable = bool(roles & spec.editors)
    if request.method == "POST" and not editable:
        raise PermissionDenied("Bạn không có quyền ghi dữ liệu này.")
    records = spec.model._default_manager.filter(organization=organization, year=year).order_by(*spec.order)
    if request.method == "GET" and wants_xlsx(request):  # "Xuất Excel": the table's rows
        return fact_table_xlsx(spec.title, organization, year, records)
    instance = spec.model(organization=organization, year=year)
    form = spec.form(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST":
        if _save_form(request, form):
            messages.success(request, "Đã thêm.")
            return redirect(request.path)
        messages.error(request, "Chưa lưu: xem thông báo bên cạnh từng mục.")
    rows = list(records)
    context = {
        "organization": organization,
        "year": year,
        "this_year": timezone.localdate().year,
        "switch_url": spec.list_url,
        "spec": spec,
        "rows": rows,
        "form": form,
        "editable": editable,
        "history": _history(request, spec.model, [row.pk for row in rows]),
        "back": reverse("facts:year_facts", args=[organization.pk, year]),
    }
    return render(request, "facts/ratings/table.html", context)


def _table_edit(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    spec = TABLES[name]
    obj = access_org_fact(spec.model, request.user, pk, need=spec.editors, held=request_grants(request))
    form = spec.form(request.POST if request.method == "POST" else None, instance=obj)
    back = reverse(spec.list_url, args=[obj.organization_id, obj.year])
    if request.method == "POST":
        if _save_form(request, form):
            messages.success(request, "Đã lưu.")
            return redirect(back)
        messages.error(request, "Chưa lưu: xem thông báo bên cạnh từng mục.")
    context = {
        "title": spec.title,
        "organization": obj.organization,
        "year": obj.year,
        "form": form,
        "editable": True,  # access_org_fact asked for an editor's role
        "back": back,
        "history": _history(request, spec.model, [obj.pk]),
    }
    return render(request, "facts/ratings/record_form.html", context)


def _table_delete(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Ask for the reason (GET), then delete the record with it (POST); the reason is required and audited."""
    spec = TABLES[name]
    obj = access_org_fact(spec.model, request.user, pk, need=spec.editors, held=request_grants(request))
    back = reverse(spec.list_url, args=[obj.organization_id, obj.year])
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        delete_record(obj, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Đã xóa.")
        return redirect(back)
    context = {
        "title": spec.title,
        "organization": obj.organization,
        "year": obj.year,
        "record": obj,
        "form": form,
        "back": back,
    }
    return render(request, "facts/ratings/delete.html", context)


@require_http_methods(["GET", "POST"])
def org_results(request: HttpRequest, org_pk: int, year: int) -> HttpResponseBase:
    """An organisation's results per area in a year: the list and the form to add one."""
    return _table(request, org_pk, year, "org_results")


@require_http_methods(["GET", "POST"])
def org_result_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _table_edit(request, pk, "org_results")


@require_http_methods(["GET", "POST"])
def org_result_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _table_delete(request, pk, "org_results")


@require_http_methods(["GET", "POST"])
def linked_bodies(request: HttpRequest, org_pk: int, year: int) -> HttpResponseBase:
    """The bodies at an organisation's level and their rating in a year: the list and the form to add one."""
    return _table(request, org_pk, year, "linked_bodies")


@require_http_methods(["GET", "POST"])
def linked_body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _table_edit(request, pk, "linked_bodies")


@require_http_methods(["GET", "POST"])
def linked_body_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _table_delete(request, pk, "linked_bodies")


# -- the admission target ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def admission_target(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    """An organisation's target of new members for a year (set by the office of the committee above)."""
    organization, _, roles = _organization(request, org_pk)
    _check_year(year)
    editable = bool(roles & COMMITTEE_FACT_EDITORS)
    if request.method == "POST" and not editable:
        raise PermissionDenied("Bạn không có quyền ghi dữ liệu này.")
    stored = AdmissionTarget.objects.filter(organization=organization, year=year).first()
    instance = stored or AdmissionTarget(organization=organization, year=year)
    form = f.AdmissionTargetForm(request.POST if request.method == "POST" else None, instance=instance)
    back = reverse("facts:year_facts", args=[organization.pk, year])
    if request.method == "POST":
        if _save_form(request, form):
            messages.success(request, "Đã lưu chỉ tiêu kết nạp.")
            return redirect(back)
        messages.error(request, "Chưa lưu: xem thông báo bên cạnh từng mục.")
    context = {
        "title": "Chỉ tiêu kết nạp đảng viên",
        "organization": organization,
        "year": year,
        "form": form,
        "editable": editable,
        "back": back,
        "history": _history(request, AdmissionTarget, [stored.pk] if stored else []),
    }
    return render(request, "facts/ratings/record_form.html", context)
