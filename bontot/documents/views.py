"""Downloads of official documents, PDF and Word, each access-checked like the page it comes from."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from bontot.decisions.access import access_decision, own_entries, sees_whole
from bontot.organizations.access import request_grants

from .contexts import decision_context
from .render import DOCX_TYPE, PDF_TYPE, download, render_docx, render_pdf


def _decision(request: HttpRequest, pk: int) -> dict[str, Any]:
    """The decision's context for the reader, as `decisions:detail` shows it: staff covering the issuer read
    the whole list; a recognised member (or a recognised cell's secretary) reads their own line only; everyone
    else gets 404 (`access_decision`)."""
    held = request_grants(request)
    decision = access_decision(request.user, pk, held=held)
    whole = sees_whole(request.user, decision, held)
    entries = decision.entries.all() if whole else own_entries(request.user, held).filter(decision=decision)
    rows = list(entries.select_related("organization").order_by("position"))
    return decision_context(decision, rows, whole=whole)


@require_GET
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _decision(request, pk)
    pdf = render_pdf("documents/decision.html", context)
    return download(pdf, filename=f"{context['filename']}.pdf", content_type=PDF_TYPE)


@require_GET
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    context = _decision(request, pk)
    return download(render_docx("decision", context), filename=f"{context['filename']}.docx", content_type=DOCX_TYPE)
