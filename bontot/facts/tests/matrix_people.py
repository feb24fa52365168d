"""URL × persona matrix of the discipline and complaint pages: GET in `MATRIX` (core's test_url_matrix), POST
in `POST_MATRIX` (test_people_matrix_post.py). Only the office writes; the staff of the cell read complaints;
members never reach them (their own disciplines show on their own page)."""

import datetime

from bontot.core.testing.matrix import Case, expect
from bontot.facts.models import Complaint, Discipline

OTHERS = ["Trần Thị Ánh", "Phạm Văn Bảo", "Võ Thị Cúc", "Bình Phú", "Cẩm Lý"]
# The complaint form offers the members of the receiving cell (Trần Thị Ánh is one): none outside it.
OUTSIDE_A = ["Phạm Văn Bảo", "Võ Thị Cúc", "Bình Phú", "Cẩm Lý"]
STAFF_OF_A = {"secretary_a": 200, "supervisor_a": 200, "office": 200, "standing": 200, "reviewer": 200}
OFFICE_ON_A = expect(404, office=200, secretary_a=403, supervisor_a=403, standing=403, reviewer=403, member_a=403)


def _with(statuses, value):
    return {persona: value if status == 200 else status for persona, status in statuses.items()}


def _discipline(w):
    row = Discipline.objects.create(
        member=w.members["member_a"], decided_on=datetime.date(2024, 5, 2), form="reprimand"
    )
    return {"pk": row.pk}


def _complaint(w):
    row = Complaint.objects.create(organization=w.a, received_on=datetime.date(2024, 4, 1), kind="complaint")
    return {"pk": row.pk}


def _member_a(w):
    return {"member_pk": w.members["member_a"].pk}


def _cell_a(w):
    return {"org_pk": w.a.pk}


COMPLAINT = {"received_on": "01/04/2024", "kind": "denunciation", "internal": "on", "resolved_on": "15/05/2024"}

MATRIX = {
    "facts:discipline_create": Case(OFFICE_ON_A, kwargs=_member_a, absent=lambda w: OTHERS),
    "facts:discipline_edit": Case(OFFICE_ON_A, kwargs=_discipline, absent=lambda w: OTHERS),
    "facts:discipline_delete": Case(OFFICE_ON_A, kwargs=_discipline, absent=lambda w: OTHERS),
    "facts:complaint_list": Case(expect(404, member_a=403, **STAFF_OF_A), kwargs=_cell_a, absent=lambda w: OTHERS),
    "facts:complaint_create": Case(OFFICE_ON_A, kwargs=_cell_a, absent=lambda w: OUTSIDE_A),
    "facts:complaint_edit": Case(OFFICE_ON_A, kwargs=_complaint, absent=lambda w: OUTSIDE_A),
    "facts:complaint_resolve": Case(OFFICE_ON_A, kwargs=_complaint, absent=lambda w: OTHERS),
    "facts:complaint_delete": Case(OFFICE_ON_A, kwargs=_complaint, absent=lambda w: OTHERS),
}

POST_MATRIX = {
    "facts:discipline_create": Case(
        _with(OFFICE_ON_A, 302), kwargs=_member_a, data=lambda w: {"decided_on": "02/05/2024", "form": "warning"}
    ),
    "facts:discipline_edit": Case(
        _with(OFFICE_ON_A, 302), kwargs=_discipline, data=lambda w: {"decided_on": "03/05/2024", "form": "warning"}
    ),
    "facts:discipline_delete": Case(
        _with(OFFICE_ON_A, 302), kwargs=_discipline, data=lambda w: {"reason": "Nhập nhầm đảng viên"}
    ),
    "facts:complaint_create": Case(
        _with(OFFICE_ON_A, 302),
        kwargs=_cell_a,
        data=lambda w: {**COMPLAINT, "concerns": "rating", "about_member": w.members["member_a"].pk, "year": 2024},
    ),
    "facts:complaint_edit": Case(_with(OFFICE_ON_A, 302), kwargs=_complaint, data=lambda w: COMPLAINT),
    "facts:complaint_resolve": Case(
        _with(OFFICE_ON_A, 302), kwargs=_complaint, data=lambda w: {"resolved_on": "20/04/2024"}
    ),
    "facts:complaint_delete": Case(_with(OFFICE_ON_A, 302), kwargs=_complaint, data=lambda w: {"reason": "Nhập trùng"}),
}
