"""URL × persona matrix of the document downloads: the same answers as the page each document comes from
(`decisions:detail` for the recognition decision). Sibling names must not appear in the files."""

from bontot.assessments.tests.matrix_appraisal import NOT_A as NOT_A_ROUND
from bontot.assessments.tests.matrix_appraisal import READ_A, _round_a
from bontot.core.testing.matrix import Case, expect
from bontot.dashboards.tests.factories import seed_world
from bontot.decisions.tests.matrix import NOT_DU, READERS, decided
from bontot.decisions.tests.matrix import _candidates as decided_candidates

from .factories import built_in, registered

MATRIX = {
    "documents:decision_pdf": Case(READERS, kwargs=decided, absent=lambda w: NOT_DU),
    "documents:decision_docx": Case(READERS, kwargs=decided, absent=lambda w: NOT_DU),
}

# The cell's registration list: as `assessments:registration_cell` (its secretary, the office above).
CELL_A = expect(404, secretary_a=200, office=200, supervisor_a=403, standing=403, reviewer=403, member_a=403)
NOT_A = ["Phạm Văn Bảo", "Bình Phú", "Cẩm Lý", "Võ Thị Cúc"]


def _cell_a(w):
    registered(w)
    return {"org_pk": w.a.pk}


MATRIX |= {
    "documents:registration_pdf": Case(CELL_A, kwargs=_cell_a, query="year=2024", absent=lambda w: NOT_A),
    "documents:registration_docx": Case(CELL_A, kwargs=_cell_a, query="year=2024", absent=lambda w: NOT_A),
}

# A round's self-assessment and appraisal reports: as `assessments:self_round` / `appraisal_round`.
MATRIX |= {
    f"documents:{name}": Case(READ_A, kwargs=_round_a, absent=lambda w: NOT_A_ROUND)
    for name in ("self_report_pdf", "self_report_docx", "appraisal_report_pdf", "appraisal_report_docx")
}

# DU's proposal to its standing committee: its standing committee and office, the organisation board above.
PROPOSAL = expect(404, standing=200, office=200, reviewer=200)


def _proposed(w):
    decided_candidates(w)
    return {"org_pk": w.du.pk}


MATRIX |= {
    "documents:proposal_pdf": Case(PROPOSAL, kwargs=_proposed, query="year=2024", absent=lambda w: NOT_DU),
    "documents:proposal_docx": Case(PROPOSAL, kwargs=_proposed, query="year=2024", absent=lambda w: NOT_DU),
}

# DU's summary report: the staff covering DU (as `dashboards:organization` shows them its members).
SUMMARY = expect(404, standing=200, office=200, reviewer=200)


def _summarised(w):
    seed_world(w)
    decided(w)
    return {"org_pk": w.du.pk, "year": 2024}


MATRIX |= {
    "documents:summary_pdf": Case(SUMMARY, kwargs=_summarised, absent=lambda w: NOT_DU),
    "documents:summary_docx": Case(SUMMARY, kwargs=_summarised, absent=lambda w: NOT_DU),
}

# The upload page of DU's own Word templates: its office (the standing committee and others: 403).
TEMPLATES = expect(404, office=200, standing=403, reviewer=403)


def _du(w):
    return {"org_pk": w.du.pk}


def _upload(w):
    return {"kind": "registration", "file": built_in("registration")}


MATRIX |= {
    "documents:templates": Case(TEMPLATES, kwargs=_du, absent=lambda w: NOT_DU),
    # The menu's entry redirects the office to its organisation's page.
    "documents:templates_home": Case(expect(403, office=302, outsider=302)),  # outsider: the office of DU2
}

POST_MATRIX = {
    "documents:templates": Case({p: 302 if s == 200 else s for p, s in TEMPLATES.items()}, kwargs=_du, data=_upload),
}
