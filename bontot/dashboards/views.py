"""Dashboards by role: the member's own page, an organisation's page, the subtree table, and the home router.

Every page reads stored verdicts (`criteria.StoredVerdict`), never evaluates. Objects named by a request go
through `access_organization` / `access_member`; the subtree table through `visible_organization_verdicts`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from bontot.assessments.models import Registration
from bontot.criteria.models import EvaluationYear, StoredVerdict
from bontot.decisions.access import SELF_ASSESSOR_ROLES, sees_whole
from bontot.decisions.selectors import recognition_of
from bontot.facts.selectors import get_upcoming_meetings
from bontot.members.models import Member
from bontot.organizations.access import Grant, access_member, access_organization, request_grants
from bontot.organizations.models import Organization, OrganizationKind, Role
from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import organization_members_xlsx, subtree_xlsx

from .access import is_staff_on, may_see_subtree, visible_organization_verdicts
from .forms import SubtreeFilterForm
from .links import may_open_member, organization_links
from .presenters import criteria_rows, subtree_row, titles, warning_rows

PAGE_SIZE = 50
MEMBERS_TABLE_STAFF_ONLY = "Danh sách kết quả của từng đảng viên chỉ dành cho cấp ủy, văn phòng và cán bộ phụ trách."
CELL_KINDS = (OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL)
DEFAULT_CRITERIA_SET = str(EvaluationYear._meta.get_field("criteria_set").default)
# The tables read the summary columns only: never the JSON (on SQLite, reading a column stored after a large
# JSON value walks its overflow pages, so `only` rather than `defer`).
LIST_FIELDS = ("name", "model", "verdict", "failing", "pending", "warning_count", "organization_id", "member_id")


def _years() -> list[EvaluationYear]:
    return list(EvaluationYear.objects.all())  # newest first


def _year(request: HttpRequest, years: list[EvaluationYear]) -> int:
    """Return the year of `?nam=`, else the latest evaluation year, else this calendar year."""
    raw = request.GET.get("nam", "")
    if raw.isdigit() and 1900 < int(raw) < 2200:
        return int(raw)
    if years:
        return years[0].year
    return timezone.localdate().year


def _evaluation_year(years: list[EvaluationYear], year: int) -> EvaluationYear | None:
    return next((y for y in years if y.year == year), None)


def _year_links(years: list[EvaluationYear], year: int, url: Any) -> list[dict[str, Any]]:
    return [{"year": y.year, "url": url(y.year), "current": y.year == year} for y in years]


def _own_member(request: HttpRequest) -> Member | None:
    """Return the member record linked to the request's user (Member.user), if any."""
    user_pk = request.user.pk
    if user_pk is None:
        return None
    return Member.objects.select_related("organization").filter(user_id=user_pk).first()


def _roles(request: HttpRequest, held: tuple[Grant, ...]) -> list[dict[str, Any]]:
    """Return the user's roles as "role — organisation" entries, the organisations read in one query."""
    paths = {g.path for g in held}
    organizations = {o.path: o for o in Organization.objects.filter(path__in=paths)} if paths else {}
    labels = dict(Role.choices)
    return [
        {"role": labels.get(g.role, g.role), "organization": organizations[g.path]}
        for g in held
        if g.path in organizations
    ]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Show the page of the user's role in place: the subtree table, their cell, or their own record.

    Rendered at "/" itself rather than redirected, so that the address the user lands on after logging in
    stays the home page (and "Trang chủ" its menu entry); the page's own links and forms lead on to its URLs.
    Above it, a line names the user's roles ("Bí thư chi bộ / Chi ủy — Chi bộ thôn An Hòa").
    """
    held = request_grants(request)
    roles = _roles(request, held)
    if may_see_subtree(request.user, held):
        return render(request, "dashboards/subtree.html", {**_subtree_context(request), "roles": roles})
    secretary = [g.path for g in held if g.role == Role.CELL_SECRETARY]
    cell = next((r["organization"] for r in roles if r["organization"].path in secretary), None)
    if cell is not None:  # the user's own grant, not an id from the request
        years = _years()
        return _organization_page(request, cell, _year(request, years), years, held, roles=roles)
    own = _own_member(request)
    if own is not None:
        return _me_page(request, own, roles=roles)
    year = _year(request, _years()) if roles else None
    return render(request, "dashboards/home.html", {"roles": roles, "year": year})


@require_GET
def me(request: HttpRequest) -> HttpResponse:
    """Show the logged-in member's own registration, criteria and what is still missing."""
    own = _own_member(request)
    if own is None:
        raise Http404("Tài khoản của bạn chưa gắn với đảng viên nào.")
    return _me_page(request, own)


def _me_page(request: HttpRequest, own: Member, *, roles: list[dict[str, Any]] | None = None) -> HttpResponse:
    years = _years()
    year = _year(request, years)
    links = _year_links(years, year, lambda y: f"{reverse('dashboards:me')}?nam={y}")
    return _member_page(request, own, year, years, links, own_page=True, roles=roles)


@require_GET
def member(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Show one member's criteria to staff of their cell (or to the member themselves)."""
    subject = access_member(request.user, pk, held=request_grants(request))
    years = _years()
    links = _year_links(years, year, lambda y: reverse("dashboards:member", kwargs={"pk": subject.pk, "year": y}))
    return _member_page(request, subject, year, years, links, own_page=False)


def _member_page(
    request: HttpRequest,
    subject: Member,
    year: int,
    years: list[EvaluationYear],
    links: list[dict[str, Any]],
    *,
    own_page: bool,
    roles: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    held = request_grants(request)
    verdict = StoredVerdict.objects.filter(year=year, member=subject).first()
    registration = Registration.objects.filter(year=year, member=subject).first()
    evaluation_year = _evaluation_year(years, year)
    criteria = criteria_rows(verdict.result, verdict.criteria_set) if verdict else []
    cell = subject.organization
    cell_visible = request.user.is_superuser or any(g.covers(cell.path) for g in held)
    context = {
        "roles": roles,
        "subject": subject,
        "own_page": own_page,
        "year": year,
        "year_links": links,
        "verdict": verdict,
        "criteria": criteria,
        "missing": [(c, i) for c in criteria for i in c.missing],
        "warnings": warning_rows(verdict.warnings) if verdict else [],
        "registration": registration,
        # The decision in force recognising the member this year (issue 7): "Đã công nhận", number, date.
        "recognition": (recognition := recognition_of(year, member_id=subject.pk)),
        "recognition_url": reverse("decisions:detail", args=[recognition.decision_id])
        if recognition is not None and own_page
        else "",
        "deadline": evaluation_year.registration_deadline if evaluation_year else None,
        "cell_url": reverse("dashboards:organization", kwargs={"pk": cell.pk, "year": year}) if cell_visible else "",
        "member_url": reverse("members:detail", kwargs={"pk": subject.pk})
        if may_open_member(request.user, subject, held=held)
        else "",
        # What the member's cell has announced ahead (their own page only: staff read the meeting log).
        "upcoming": get_upcoming_meetings([cell], today=timezone.localdate()) if own_page else None,
    }
    return render(request, "dashboards/member.html", context)


@require_GET
def organization(request: HttpRequest, pk: int, year: int) -> HttpResponseBase:
    """Show a cell's or committee's criteria, early warnings and (to staff) its members' status."""
    held = request_grants(request)
    org = access_organization(request.user, pk, held=held)
    if wants_xlsx(request):  # "Xuất Excel": the members' table, every page; shown to staff only
        if not is_staff_on(request.user, org.path, held):
            raise PermissionDenied(MEMBERS_TABLE_STAFF_ONLY)
        return organization_members_xlsx(org, year, _member_verdicts(org, year))
    return _organization_page(request, org, year, _years(), held)


def _member_verdicts(org: Organization, year: int) -> QuerySet[StoredVerdict]:
    """The stored verdicts of the organisation's own members (its direct members, for a committee)."""
    return (
        StoredVerdict.objects.filter(year=year, model="member", organization_path=org.path)
        .only(*LIST_FIELDS)
        .order_by("sort_name", "pk")
    )


def _organization_page(
    request: HttpRequest,
    org: Organization,
    year: int,
    years: list[EvaluationYear],
    held: tuple[Grant, ...],
    *,
    roles: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    staff = is_staff_on(request.user, org.path, held)
    verdict = StoredVerdict.objects.filter(year=year, organization=org).first()
    registration = Registration.objects.filter(year=year, organization=org).first()
    evaluation_year = _evaluation_year(years, year)
    # A plain member sees the cell's verdicts, not other members' ratings or disciplines (decision 31).
    criteria = criteria_rows(verdict.result, verdict.criteria_set, member_names=staff) if verdict else []
    page_obj = None
    if staff:
        page_obj = Paginator(_member_verdicts(org, year), PAGE_SIZE).get_page(request.GET.get("page"))
    # The decision in force recognising the organisation this year: "Đã công nhận", number, date; linked for
    # those who may open it (staff over the issuer, the organisation's own self-assessors: decisions.access).
    recognition = recognition_of(year, organization_id=org.pk)
    recognition_url = ""
    if recognition is not None and (
        request.user.is_superuser
        or sees_whole(request.user, recognition.decision, held)
        or any(g.role in SELF_ASSESSOR_ROLES and g.path == org.path for g in held)
    ):
        recognition_url = reverse("decisions:detail", args=[recognition.decision_id])
    context = {
        "roles": roles,
        "org": org,
        "year": year,
        "year_links": _year_links(
            years, year, lambda y: reverse("dashboards:organization", kwargs={"pk": org.pk, "year": y})
        ),
        "verdict": verdict,
        "criteria": criteria,
        "warnings": warning_rows(verdict.warnings) if verdict else [],
        "registration": registration,
        "recognition": recognition,
        "recognition_url": recognition_url,
        "deadline": evaluation_year.registration_deadline if evaluation_year else None,
        "staff": staff,
        "is_cell": org.kind in CELL_KINDS,
        "links": organization_links(request.user, org, year, held=held),
        "subtree_url": f"{reverse('dashboards:subtree')}?{urlencode({'nam': year, 'to_chuc': org.pk})}"
        if staff and org.kind not in CELL_KINDS and may_see_subtree(request.user, held)
        else "",
        "page_obj": page_obj,
        "query": "",
    }
    return render(request, "dashboards/organization.html", context)


def _subtree_context(request: HttpRequest) -> dict[str, Any]:
    """Return the subtree table of the request's filters: a count, one page of keys and their rows (three
    queries; one more for `to_chuc`, the organisation whose part of the subtree to show)."""
    held = request_grants(request)
    if not may_see_subtree(request.user, held):
        raise PermissionDenied("Trang này dành cho văn phòng, Ban Thường vụ, ủy viên phụ trách và cấp trên.")
    years = _years()
    year = _year(request, years)
    evaluation_year = _evaluation_year(years, year)
    names = titles(evaluation_year.criteria_set if evaluation_year else DEFAULT_CRITERIA_SET, "cell")
    columns = list(names.criteria.items())
    form = SubtreeFilterForm(request.GET, criteria=columns)
    rows = form.apply(visible_organization_verdicts(request.user, held=held).filter(year=year))
    within = None
    if request.GET.get("to_chuc"):  # drill-down from a committee's page: its part of the subtree only
        within = access_organization(request.user, request.GET["to_chuc"], held=held)
        rows = rows.filter(organization_path__startswith=within.path)
    # Sort and page the primary keys alone, then read those 50 rows: sorting a city's 5,000 organisations
    # with every listed column (deep pages keep them all in the sorter) costs more than the extra query.
    page_obj = Paginator(rows.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page_obj.object_list)
    loaded = StoredVerdict.objects.filter(pk__in=ids).only(*LIST_FIELDS).in_bulk()
    codes = [code for code, _ in columns]
    table = [subtree_row(loaded[pk], codes, year) for pk in ids if pk in loaded]
    params = [(k, v) for k in request.GET if k != "page" for v in request.GET.getlist(k) if v]
    if "nam" not in request.GET:
        params.insert(0, ("nam", str(year)))
    return {
        "year": year,
        "year_links": _year_links(years, year, lambda y: f"{reverse('dashboards:subtree')}?nam={y}"),
        "form": form,
        "within": within,
        "columns": columns,
        "table": table,
        "page_obj": page_obj,
        "query": urlencode(params),
        "rows": rows,
    }


@require_GET
def subtree(request: HttpRequest) -> HttpResponseBase:
    """Show every cell and committee of the actor's subtree for a year, with filters, sorting and search."""
    context = _subtree_context(request)
    if wants_xlsx(request):  # "Xuất Excel": the same filtered rows, every page
        return subtree_xlsx(context["rows"], context["columns"], context["year"])
    return render(request, "dashboards/subtree.html", context)


@require_GET
def subtree_table(request: HttpRequest) -> HttpResponse:
    """Return the subtree table alone (the filter form's HTMX target); the address bar gets the page's URL."""
    context = _subtree_context(request)
    response = render(request, "dashboards/_subtree_table.html", context)
    response["HX-Push-Url"] = f"{reverse('dashboards:subtree')}?{context['query']}"
    return response
