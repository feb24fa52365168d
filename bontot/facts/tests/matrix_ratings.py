"""URL × persona matrix of the yearly facts pages (ratings, results, linked bodies, admission targets).

`MATRIX` (GET, and the delete actions posted with a reason) is run by bontot/core/tests/test_url_matrix.py;
`POST_MATRIX` (the same URL names, posted) by bontot/facts/tests/test_views_ratings.py.
"""

from __future__ import annotations

from bontot.core.testing.matrix import Case, expect
from bontot.core.testing.world import YEAR, World
from bontot.facts.models import OrgResult
from bontot.organizations.models import LinkedBody

OTHER_MEMBERS = ["Phạm Văn Bảo", "Võ Thị Cúc"]


def _cell(w: World) -> dict[str, int]:
    return {"org_pk": w.a.pk, "year": YEAR}


def _committee(w: World) -> dict[str, int]:
    return {"org_pk": w.du.pk, "year": YEAR}


def _result(w: World) -> dict[str, int]:
    obj = OrgResult.objects.create(
        year=YEAR, organization=w.a, area="party_building", name="Xây dựng Đảng", level="good"
    )
    return {"pk": obj.pk}


def _body(w: World) -> dict[str, int]:
    obj = LinkedBody.objects.create(year=YEAR, organization=w.a, name="Chi hội Nông dân", level="good")
    return {"pk": obj.pk}


# Readers of a cell's yearly facts: the secretary, the supervisor, the committee's office and standing
# committee, the superior reviewer; the cell's member gets 403, everyone else 404.
CELL_READERS = expect(404, member_a=403, secretary_a=200, supervisor_a=200, office=200, standing=200, reviewer=200)
COMMITTEE_READERS = expect(404, office=200, standing=200, reviewer=200)
# Inside the cell's subtree without the needed role: 403.
CELL_INSIDE = {
    "member_a": 403,
    "secretary_a": 403,
    "supervisor_a": 403,
    "office": 403,
    "standing": 403,
    "reviewer": 403,
}


def _only(ok: int, *personas: str) -> dict[str, int]:
    """Return the codes of a cell's page that only `personas` may use (they get `ok`)."""
    return expect(404, **{**CELL_INSIDE, **dict.fromkeys(personas, ok)})


DELETE = {"reason": "Nhập nhầm"}

MATRIX = {
    "facts:ratings_home": Case(
        expect(403, secretary_a=200, supervisor_a=200, office=200, standing=200, reviewer=200, outsider=200),
        absent=lambda w: OTHER_MEMBERS,
    ),
    "facts:year_facts": Case(CELL_READERS, kwargs=_cell, absent=lambda w: ["Bình Phú", "Cẩm Lý"]),
    "facts:member_ratings": Case(CELL_READERS, kwargs=_cell, absent=lambda w: OTHER_MEMBERS),
    "facts:org_ratings": Case(COMMITTEE_READERS, kwargs=_committee, absent=lambda w: ["Cẩm Lý", *OTHER_MEMBERS]),
    "facts:workplace_ratings": Case(CELL_READERS, kwargs=_cell, absent=lambda w: OTHER_MEMBERS),
    "facts:residence_comments": Case(CELL_READERS, kwargs=_cell, absent=lambda w: OTHER_MEMBERS),
    "facts:org_results": Case(CELL_READERS, kwargs=_cell, absent=lambda w: ["Bình Phú", "Cẩm Lý"]),
    "facts:org_result_edit": Case(_only(200, "office"), kwargs=_result),
    "facts:org_result_delete": Case(_only(302, "office"), kwargs=_result, data=lambda w: DELETE),
    "facts:linked_bodies": Case(CELL_READERS, kwargs=_cell, absent=lambda w: ["Bình Phú", "Cẩm Lý"]),
    "facts:linked_body_edit": Case(_only(200, "office", "secretary_a"), kwargs=_body),
    "facts:linked_body_delete": Case(_only(302, "office", "secretary_a"), kwargs=_body, data=lambda w: DELETE),
    "facts:admission_target": Case(CELL_READERS, kwargs=_cell, absent=lambda w: ["Bình Phú", "Cẩm Lý"]),
}


def _member_rating(w: World) -> dict[str, str]:
    return {f"r{w.members['member_a'].pk}-level": "good", f"r{w.members['member_a'].pk}-state": "proposed"}


POST_MATRIX = {
    "facts:member_ratings": Case(_only(302, "secretary_a", "office", "standing"), kwargs=_cell, data=_member_rating),
    "facts:org_ratings": Case(
        expect(404, office=302, standing=302, reviewer=403),
        kwargs=_committee,
        data=lambda w: {f"r{w.a.pk}-level": "good", f"r{w.a.pk}-state": "final"},
    ),
    "facts:workplace_ratings": Case(_only(302, "secretary_a", "office"), kwargs=_cell, data=lambda w: {}),
    "facts:residence_comments": Case(
        _only(302, "secretary_a", "office"),
        kwargs=_cell,
        data=lambda w: {f"r{w.members['member_a'].pk}-verdict": "positive"},
    ),
    "facts:org_results": Case(
        _only(302, "office"),
        kwargs=_cell,
        data=lambda w: {"area": "party_building", "name": "Xây dựng Đảng", "level": "good"},
    ),
    "facts:org_result_edit": Case(
        _only(302, "office"),
        kwargs=_result,
        data=lambda w: {"area": "party_building", "name": "Xây dựng Đảng", "level": "excellent"},
    ),
    "facts:linked_bodies": Case(
        _only(302, "secretary_a", "office"),
        kwargs=_cell,
        data=lambda w: {"name": "Mặt trận Tổ quốc", "level": "not_applicable", "reason": "Thôn ghép"},
    ),
    "facts:linked_body_edit": Case(
        _only(302, "secretary_a", "office"),
        kwargs=_body,
        data=lambda w: {"name": "Chi hội Nông dân", "level": "excellent", "reason": ""},
    ),
    "facts:admission_target": Case(_only(302, "office"), kwargs=_cell, data=lambda w: {"target": "2"}),
}
