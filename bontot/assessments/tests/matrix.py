"""URL × persona matrix of the registration pages: GET in `MATRIX` (core's test_url_matrix), POST in
`POST_MATRIX` (test_matrix_post.py). The level above decides: a member's late registration is the cell
secretary's; nobody sees a sibling cell's members."""

import datetime

from bontot.assessments.models import Registration, RegistrationStatus
from bontot.core.testing.matrix import Case, expect

NOT_A = ["Phạm Văn Bảo", "Bình Phú", "Cẩm Lý", "Võ Thị Cúc"]
CELL_A = expect(404, secretary_a=200, office=200, supervisor_a=403, standing=403, reviewer=403, member_a=403)
# A member's late registration: the secretary of their cell decides; other roles covering A answer 403.
DECIDE_A = expect(404, secretary_a=200, office=403, supervisor_a=403, standing=403, reviewer=403, member_a=403)
OWN = expect(404, member_a=200, member_b=200, secretary_a=200)
DECIDERS = expect(403, secretary_a=200, office=200, standing=200, reviewer=200, outsider=200)
OFFICES = expect(403, office=200, outsider=200)


def _pending(w, key):
    return Registration.objects.create(
        year=2024,
        member=w.members[key],
        registered_on=datetime.date(2024, 2, 1),
        late=True,
        status=RegistrationStatus.PENDING,
    )


def _pending_a(w):
    return {"pk": _pending(w, "member_a").pk}


def _pending_elsewhere(w):
    _pending(w, "member_b")
    _pending(w, "member_c")
    return {}


def _with(statuses, value):
    return {persona: value if status == 200 else status for persona, status in statuses.items()}


MATRIX = {
    "assessments:registration_mine": Case(OWN, query="year=2024", absent=lambda w: ["Trần Thị Ánh", "Cẩm Lý"]),
    "assessments:registration_cell": Case(
        CELL_A, kwargs=lambda w: {"org_pk": w.a.pk}, query="year=2024", absent=lambda w: NOT_A
    ),
    "assessments:registration_pending": Case(
        DECIDERS, kwargs=_pending_elsewhere, absent=lambda w: ["Phạm Văn Bảo", "Võ Thị Cúc"]
    ),
    "assessments:registration_decide": Case(DECIDE_A, kwargs=_pending_a, absent=lambda w: NOT_A),
    "assessments:registration_missing": Case(OFFICES, query="year=2024", absent=lambda w: ["Trần Thị Ánh"]),
}

POST_MATRIX = {
    "assessments:registration_mine": Case(_with(OWN, 302), data=lambda w: {"year": "2024"}),
    "assessments:registration_cell": Case(
        _with(CELL_A, 302),
        kwargs=lambda w: {"org_pk": w.a.pk},
        data=lambda w: {"year": "2024", "members": [str(w.members["other_a"].pk)], "cell": "1"},
    ),
    "assessments:registration_decide": Case(
        _with(DECIDE_A, 302), kwargs=_pending_a, data=lambda w: {"action": "refuse", "decision_reason": "Quá hạn"}
    ),
}
