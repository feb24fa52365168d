"""URL × persona matrix of the Excel pages (run by bontot/core/tests/test_url_matrix.py).

The writers of members and their facts (the office of a committee, a cell secretary) get the templates and
the upload; every other role answers 403. The confirmation is POST only (test_matrix_post.py). The exports
of the list pages are their pages' URLs with `?xuat=xlsx` (test_exports.py reads each workbook for rows of
another part of the tree).
"""

from bontot.core.testing.matrix import Case, expect

WRITERS = expect(403, office=200, secretary_a=200, outsider=200)
ELSEWHERE = lambda w: ["Bình Phú", "Cẩm Lý", "Phạm Văn Bảo", "Võ Thị Cúc"]  # noqa: E731

MATRIX = {
    "spreadsheets:index": Case(WRITERS, absent=ELSEWHERE),
    "spreadsheets:template": Case(WRITERS, kwargs=lambda w: {"kind": "dang-vien"}),
    "spreadsheets:upload": Case(WRITERS, kwargs=lambda w: {"kind": "sinh-hoat"}, absent=ELSEWHERE),
    "spreadsheets:confirm": Case(expect(405), kwargs=lambda w: {"kind": "dang-vien"}),
}

POST_MATRIX = {
    # A forged or missing token: writers are sent back to the upload page, everyone else refused.
    "spreadsheets:confirm": Case(
        expect(403, office=302, secretary_a=302, outsider=302),
        kwargs=lambda w: {"kind": "dang-vien"},
        data=lambda w: {"token": "forged"},
    ),
}
