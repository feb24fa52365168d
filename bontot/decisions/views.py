"""Recognition decision pages: the year's list, issuing (pick, preview, confirm), a decision's printable
page, and revoking by a new decision. There is no edit page: an issued decision never changes.

Every id from a request goes through `access_decision` / `access_organization`; lists through
`visible_decisions`; writes through `services`.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from bontot.assessments.holds import Hold, holds_for
from bontot.assessments.views import workflow_year as _year
from bontot.organizations.access import Grant, access_organization, request_grants
from bontot.organizations.models import Organization, Role
from bontot.spreadsheets.export import wants_xlsx
from bontot.spreadsheets.exports import CHUNK, decision_entries_xlsx, decisions_xlsx

from . import services
from .access import DECISION_ROLES, access_decision, issuers_of, own_entries, sees_whole, visible_decisions
from .forms import MODEL_FILTER, DecisionForm, RevokeForm
from .models import IMMUTABLE, Decision, DecisionEntry
from .selectors import Candidate, candidates

HEADER_FIELDS = ("number", "issued_on", "place", "signer_name", "signer_title", "signing_mode", "title", "summary")


def _ids(request: HttpRequest) -> list[int]:
    return sorted({int(raw) for raw in request.POST.getlist("assessments") if raw.isdigit()})


def _versions(request: HttpRequest, ids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for pk in ids:
        raw = request.POST.get(f"version_{pk}", "")
        if raw.isdigit():
            found[pk] = int(raw)
    return found


def _add_errors(form: DecisionForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
def decision_list(request: HttpRequest) -> HttpResponseBase:
    """The year's decisions the user may open: staff see their subtree's, a member those recognising them."""
    held = request_grants(request)
    year = _year(request)
    staff = request.user.is_superuser or any(g.role in DECISION_ROLES for g in held)
    counts = DecisionEntry.objects.filter(decision=OuterRef("pk")).order_by().values("decision").annotate(n=Count("pk"))
    rows = (
        visible_decisions(request.user, held=held)
        .filter(year=year)
        .select_related("issuer", "revokes", "revoked_by")
        .annotate(entry_count=Coalesce(Subquery(counts.values("n"), output_field=IntegerField()), 0))
        .order_by("-issued_on", "-pk")
    )
    if wants_xlsx(request):  # "Xuất Excel": the same rows
        return decisions_xlsx(rows, year, staff=staff)
    context = {
        "year": year,
        "rows": rows,
        "staff": staff,
        # The issue page issues for the user's own standing-committee grant (a superuser names `?to_chuc=`).
        "may_issue": bool(issuers_of(request.user, held)),
    }
    return render(request, "decisions/list.html", context)


def _issuer(request: HttpRequest, held: tuple[Grant, ...], year: int) -> Organization:
    """The organisation the user issues for: `?to_chuc=<pk>`, else their first standing-committee grant on an
    organisation in force during `year` (a 2024 decision is Đảng ủy xã Tam Thăng's, not its 2025 successor's),
    else their first one."""
    raw = request.POST.get("to_chuc") or request.GET.get("to_chuc")
    if raw:
        issuer = access_organization(request.user, raw, need=(Role.STANDING_COMMITTEE,), held=held)
    else:
        paths = issuers_of(request.user, held)
        if not paths:
            raise PermissionDenied("Chỉ Ban Thường vụ mới ban hành quyết định công nhận.")
        found = sorted(Organization.objects.filter(path__in=paths), key=lambda o: paths.index(o.path))
        in_year = [
            o
            for o in found
            if o.valid_from <= datetime.date(year, 12, 31) and (o.valid_to is None or o.valid_to.year >= year)
        ]
        issuer = (in_year or found)[0]
    if not services.may_issue(request.user, issuer, held):
        raise PermissionDenied("Chỉ Ban Thường vụ của cấp ủy này mới ban hành quyết định công nhận.")
    return issuer


def _form_context(
    issuer: Organization, year: int, form: DecisionForm, rows: list[Candidate], chosen: set[int], model: str
) -> dict[str, Any]:
    return {
        "issuer": issuer,
        "year": year,
        "form": form,
        "rows": rows,
        "chosen": chosen,
        "model": model,
        "models": MODEL_FILTER,
    }


@require_http_methods(["GET", "POST"])
def decision_issue(request: HttpRequest) -> HttpResponse:
    """Pick appraised subjects proposed for recognition, fill in the header, preview, then issue."""
    held = request_grants(request)
    year = _year(request)
    issuer = _issuer(request, held, year)
    model = request.GET.get("loai", "") if request.method == "GET" else request.POST.get("loai", "")
    model = model if model in dict(MODEL_FILTER) else ""
    if request.method == "GET":
        form = DecisionForm(initial={"title": services.default_title(year), "issued_on": timezone.localdate()})
        rows = candidates(issuer, year, model=model)
        return render(request, "decisions/issue.html", _form_context(issuer, year, form, rows, set(), model))
    form = DecisionForm(request.POST)
    ids = _ids(request)
    versions = _versions(request, ids)
    if request.POST.get("action") != "back" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "confirm":
                decision = services.issue_decision(
                    issuer=issuer,
                    year=year,
                    assessment_ids=ids,
                    versions=versions,
                    recipients=data["recipients"],
                    actor=request.user,
                    **{name: data[name] for name in HEADER_FIELDS},
                )
                messages.success(request, f"Đã ban hành {decision}.")
                return redirect("decisions:detail", pk=decision.pk)
            draft = services.check_decision(
                issuer=issuer,
                year=year,
                number=data["number"],
                issued_on=data["issued_on"],
                assessment_ids=ids,
                actor=request.user,
                versions=versions,
                held=held,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            context = {
                "issuer": issuer,
                "year": year,
                "form": form,
                "draft": draft,
                "data": data,
                "signing": dict(form.fields["signing_mode"].choices).get(data["signing_mode"], ""),  # type: ignore[attr-defined]
                "entries": [c for c in candidates(issuer, year, include=ids) if c.assessment.pk in set(ids)],
                "versions": versions,
                "model": model,
            }
            return render(request, "decisions/preview.html", context)
    rows = candidates(issuer, year, model=model, include=ids)
    return render(request, "decisions/issue.html", _form_context(issuer, year, form, rows, set(ids), model))


@require_http_methods(["GET", "POST"])
def decision_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A decision as its document reads (printable), with its list; a member sees only their own line.

    A POST (an attempt to edit) is refused: an issued decision is corrected by a new one revoking it."""
    held = request_grants(request)
    decision = access_decision(request.user, pk, held=held)
    if request.method == "POST":
        context = {"decision": decision, "message": IMMUTABLE}
        response = render(request, "decisions/immutable.html", context, status=405)
        response["Allow"] = "GET"
        return response
    whole = sees_whole(request.user, decision, held)
    entries = (
        decision.entries.all()
        if whole
        else own_entries(request.user, request_grants(request)).filter(decision=decision)
    )
    entries = entries.select_related("organization").order_by("position")
    if wants_xlsx(request):  # "Xuất Excel": the lines this viewer reads, as on the page
        return decision_entries_xlsx(decision, _with_holds(decision, entries.iterator(chunk_size=CHUNK)))
    context = {
        "decision": decision,
        "whole": whole,
        "entries": list(_with_holds(decision, entries)),
        "revoked": is_revoked(decision),
        "may_revoke": whole and services.may_issue(request.user, decision.issuer, held),
    }
    return render(request, "decisions/detail.html", context)


def _with_holds(decision: Decision, entries: Iterable[DecisionEntry]) -> Iterator[tuple[DecisionEntry, Hold | None]]:
    """Pair each line with its subject's hold: a complaint opened after the decision holds it for that subject
    (Quy định 366-QĐ/TW). The holds are read once for every CHUNK lines."""
    lines = iter(entries)
    while batch := list(itertools.islice(lines, CHUNK)):
        holds = holds_for(
            decision.year,
            member_ids=[e.member_id for e in batch if e.member_id is not None],
            organization_ids=[e.organization_id for e in batch if e.organization_id is not None],
        )
        for entry in batch:
            yield entry, holds.get(_subject_key(entry))


def _subject_key(entry: DecisionEntry) -> tuple[str, int]:
    if entry.member_id is not None:
        return ("member", entry.member_id)
    assert entry.organization_id is not None
    return ("org", entry.organization_id)


def is_revoked(decision: Decision) -> bool:
    """Whether a later decision revoked this one (read from the select_related reverse one-to-one)."""
    try:
        return decision.revoked_by is not None
    except Decision.DoesNotExist:
        return False


@require_http_methods(["GET", "POST"])
def decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a new decision revoking this one, with the corrected list (may be empty) and a reason."""
    held = request_grants(request)
    old = access_decision(request.user, pk, need="revoke", held=held)
    revoked = is_revoked(old)
    old_ids = set(old.entries.values_list("assessment_id", flat=True))
    if request.method == "POST" and not revoked:
        form = RevokeForm(request.POST)
        ids = _ids(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.revoke_decision(
                    old,
                    assessment_ids=ids,
                    versions=_versions(request, ids),
                    recipients=data["recipients"],
                    reason=data["revoke_reason"],
                    actor=request.user,
                    **{name: data[name] for name in HEADER_FIELDS},
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Đã ban hành {decision}, thu hồi {old}.")
                return redirect("decisions:detail", pk=decision.pk)
        chosen = set(ids)
    else:
        if request.method == "POST":
            messages.error(request, f"{old} đã bị thu hồi bởi {old.revoked_by}.")
        title = f"Về việc thu hồi Quyết định số {old.number} ngày {old.issued_on:%d/%m/%Y}"
        initial = {
            "title": title,
            "issued_on": timezone.localdate(),
            "place": old.place,
            "signer_name": old.signer_name,
            "signer_title": old.signer_title,
            "signing_mode": old.signing_mode,
            "recipients": old.recipients,
        }
        form = RevokeForm(initial=initial)
        chosen = old_ids
    rows = candidates(old.issuer, old.year, include=old_ids | chosen)
    context = {"old": old, "revoked": revoked, "form": form, "rows": rows, "chosen": chosen, "year": old.year}
    return render(request, "decisions/revoke.html", context, status=200)
