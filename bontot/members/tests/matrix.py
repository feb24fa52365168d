"""URL × persona matrix of the member pages: GET in `MATRIX` (core's test_url_matrix), POST in `POST_MATRIX`
(test_matrix_post.py). Member A's page never shows another member of A, nor anyone of B or C."""

import datetime

from bontot.core.testing.matrix import Case, expect
from bontot.members.models import MemberStatus

OTHERS = ["Trần Thị Ánh", "Phạm Văn Bảo", "Võ Thị Cúc", "Bình Phú", "Cẩm Lý"]
STAFF_OF_A = {"secretary_a": 200, "supervisor_a": 200, "office": 200, "standing": 200, "reviewer": 200}
# Writers on A's members: the office of DU and the secretary of A; other roles covering A answer 403.
WRITERS_ON_A = expect(404, office=200, secretary_a=200, supervisor_a=403, standing=403, reviewer=403, member_a=403)
# Transfers and departures: the office only.
OFFICE_ON_A = expect(404, office=200, secretary_a=403, supervisor_a=403, standing=403, reviewer=403, member_a=403)


def _member_a(w):
    return {"pk": w.members["member_a"].pk}


def _open_status(w):
    status = MemberStatus.objects.create(
        member=w.members["member_a"], kind="exempt", start=datetime.date(2024, 1, 1), reason="Tuổi cao"
    )
    return {"pk": w.members["member_a"].pk, "status_pk": status.pk}


def _with(statuses, value):
    return {persona: value if status == 200 else status for persona, status in statuses.items()}


MATRIX = {
    # A search by name: whoever searches, other members and other cells' members never show.
    "members:list": Case(
        expect(200), query="q=Nguy%E1%BB%85n", absent=lambda w: ["Trần Thị Ánh", "Phạm Văn Bảo", "Võ Thị Cúc"]
    ),
    "members:detail": Case(expect(404, member_a=200, **STAFF_OF_A), kwargs=_member_a, absent=lambda w: OTHERS),
    "members:create": Case(_with(WRITERS_ON_A, 200), kwargs=lambda w: {"org_pk": w.a.pk}, absent=lambda w: OTHERS),
    "members:edit": Case(WRITERS_ON_A, kwargs=_member_a, absent=lambda w: OTHERS),
    "members:transfer": Case(OFFICE_ON_A, kwargs=_member_a, absent=lambda w: ["Trần Thị Ánh", "Cẩm Lý"]),
    "members:departure": Case(OFFICE_ON_A, kwargs=_member_a, absent=lambda w: OTHERS),
    "members:status_add": Case(WRITERS_ON_A, kwargs=_member_a, absent=lambda w: OTHERS),
    "members:status_end": Case(WRITERS_ON_A, kwargs=_open_status, absent=lambda w: OTHERS),
}

POST_MATRIX = {
    "members:create": Case(
        _with(WRITERS_ON_A, 302),
        kwargs=lambda w: {"org_pk": w.a.pk},
        data=lambda w: {
            "card_no": "A-099",
            "full_name": "Đỗ Thị Mai",
            "birth_date": "02/09/1990",
            "gender": "female",
            "admitted_on": "03/02/2015",
            "official_on": "03/02/2016",
        },
    ),
    "members:edit": Case(
        _with(WRITERS_ON_A, 302),
        kwargs=_member_a,
        data=lambda w: {
            "card_no": "A-001",
            "full_name": "Nguyễn Văn An",
            "birth_date": "17/05/1980",
            "gender": "male",
            "admitted_on": "02/03/2010",
            "official_on": "02/03/2011",
            "civil_servant": "on",
        },
    ),
    "members:transfer": Case(
        _with(OFFICE_ON_A, 302), kwargs=_member_a, data=lambda w: {"organization": w.b.pk, "on": "01/06/2024"}
    ),
    "members:departure": Case(
        _with(OFFICE_ON_A, 302),
        kwargs=_member_a,
        data=lambda w: {"left_on": "01/06/2024", "left_reason": "Chuyển sinh hoạt đến Đảng bộ phường khác"},
    ),
    "members:status_add": Case(
        _with(WRITERS_ON_A, 302),
        kwargs=_member_a,
        data=lambda w: {"kind": "suspended", "start": "01/03/2024", "end": "", "reason": "Đang bị điều tra"},
    ),
    "members:status_end": Case(_with(WRITERS_ON_A, 302), kwargs=_open_status, data=lambda w: {"end": "30/06/2024"}),
}
