"""URL × persona matrix of the organisation pages: GET in `MATRIX` (core's test_url_matrix), POST in
`POST_MATRIX` (test_matrix_post.py)."""

from bontot.core.testing.matrix import Case, expect

SIBLINGS = ["Bình Phú", "Cẩm Lý", "Phạm Văn Bảo", "Võ Thị Cúc"]
STAFF_OF_A = {"secretary_a": 200, "supervisor_a": 200, "office": 200, "standing": 200, "reviewer": 200}
# Writing on A: the office of DU; other roles covering A answer 403, everyone else 404.
OFFICE_ON_A = expect(404, office=200, secretary_a=403, supervisor_a=403, standing=403, reviewer=403, member_a=403)


def _on(code):
    return lambda w: {"pk": w.orgs[code].pk}


def _with(statuses, value):
    return {persona: value if status == 200 else status for persona, status in statuses.items()}


MATRIX = {
    # A search by name: the sibling cells never show, whoever searches.
    "organizations:list": Case(
        expect(
            403, **dict.fromkeys(["secretary_a", "supervisor_a", "office", "standing", "reviewer", "outsider"], 200)
        ),
        query="q=An+H%C3%B2a",
        absent=lambda w: ["Bình Phú", "Cẩm Lý"],
    ),
    "organizations:detail": Case(expect(404, member_a=403, **STAFF_OF_A), kwargs=_on("A"), absent=lambda w: SIBLINGS),
    "organizations:create": Case(
        expect(404, office=200, standing=403, reviewer=403), kwargs=_on("DU"), absent=lambda w: SIBLINGS
    ),
    "organizations:edit": Case(OFFICE_ON_A, kwargs=_on("A"), absent=lambda w: SIBLINGS),
    "organizations:close": Case(OFFICE_ON_A, kwargs=_on("A"), absent=lambda w: ["Phạm Văn Bảo", "Võ Thị Cúc"]),
}

POST_MATRIX = {
    "organizations:create": Case(
        _with(expect(404, office=200, standing=403, reviewer=403), 302),
        kwargs=_on("DU"),
        data=lambda w: {"code": "NEW", "name": "Chi bộ thôn Mới", "kind": "cell", "valid_from": "01/01/2024"},
    ),
    "organizations:edit": Case(
        _with(OFFICE_ON_A, 302),
        kwargs=_on("A"),
        data=lambda w: {"name": "Chi bộ thôn An Hòa Mới", "kind": "cell", "valid_from": "01/01/2000"},
    ),
    "organizations:close": Case(
        _with(OFFICE_ON_A, 302),
        kwargs=_on("A"),
        data=lambda w: {"valid_to": "31/12/2024", "successor": w.b.pk},
    ),
}
