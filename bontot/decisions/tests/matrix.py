"""URL × persona matrix of the decision pages: GET in `MATRIX` (core's test_url_matrix), POST in
`POST_MATRIX` (test_matrix_post.py). DU's standing committee decides for member_a and cell A; the office
and the reviewer above read; a recognised member reads their own line, a recognised cell's secretary the
cell's; everyone else gets 404."""

from bontot.core.testing.matrix import Case, expect

from .factories import header, issue, ready

NOT_DU = ["Võ Thị Cúc", "Cẩm Lý"]
LOGGED_IN = expect(200)
ISSUERS = expect(403, standing=200)
# secretary_a reads cell A's line (the cell they self-assess), member_a their own.
READERS = expect(404, standing=200, office=200, reviewer=200, member_a=200, secretary_a=200)
REVOKERS = expect(404, standing=200, office=403, reviewer=403, member_a=403, secretary_a=403)
EDIT = expect(404, standing=405, office=405, reviewer=405, member_a=405, secretary_a=405)


def decided(w):
    """A decision of DU recognising member_a and cell A; member_c (of DU2) is appraised too."""
    ready(member=w.members["member_c"])
    decision = issue(w, [ready(member=w.members["member_a"]), ready(organization=w.a)])
    return {"pk": decision.pk}


def _decided_listing(w):
    decided(w)
    return {}


def _candidates(w):
    ready(member=w.members["member_c"])
    ready(member=w.members["member_a"])
    return {}


def _form(**overrides):
    values = header(**overrides)
    return values | {"issued_on": values["issued_on"].strftime("%d/%m/%Y"), "title": "Về việc công nhận"}


def _issue_data(w):
    row = ready(member=w.members["member_a"])
    return _form() | {"year": "2024", "action": "confirm", "assessments": [str(row.pk)], f"version_{row.pk}": "0"}


def _revoke_data(w):
    return _form(number="16-QĐ/ĐU") | {"revoke_reason": "Nhầm đối tượng", "assessments": []}


def _with(statuses, value):
    return {persona: value if status == 200 else status for persona, status in statuses.items()}


MATRIX = {
    "decisions:list": Case(LOGGED_IN, kwargs=_decided_listing, query="year=2024", absent=lambda w: NOT_DU),
    "decisions:issue": Case(ISSUERS, kwargs=_candidates, query="year=2024", absent=lambda w: NOT_DU),
    "decisions:detail": Case(READERS, kwargs=decided, absent=lambda w: NOT_DU),
    "decisions:revoke": Case(REVOKERS, kwargs=decided, absent=lambda w: NOT_DU),
}

POST_MATRIX = {
    "decisions:issue": Case(_with(ISSUERS, 302), data=_issue_data),
    "decisions:detail": Case(EDIT, kwargs=decided, data=lambda w: _form(number="99-QĐ/ĐU")),
    "decisions:revoke": Case(_with(REVOKERS, 302), kwargs=decided, data=_revoke_data),
}
