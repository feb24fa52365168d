"""URL × persona matrix of the showcase pages: GET in `MATRIX` (core's test_url_matrix), POST in `POST_MATRIX`
(test_matrix_post.py). `standing` also holds DU's propaganda role here (`factories.make_writer`): the writer.
A story published for DU is read by everyone in DU (members of A and B included) and the reviewer above;
drafts only by the writer; the office of DU2 (outsider) reads nothing of DU."""

from bontot.core.testing.matrix import Case, expect

from .factories import draft, make_writer, published, withdrawn

HIDDEN = ["Bản nháp chưa đăng", "Bài đã gỡ khỏi trang"]
READ_DU = expect(
    404, member_a=200, member_b=200, secretary_a=200, supervisor_a=200, office=200, standing=200, reviewer=200
)
WRITER_ONLY = expect(403, standing=200)
DRAFT_WRITER = expect(404, standing=200)
WITHDRAW = {p: (403 if s == 200 else s) for p, s in READ_DU.items()} | {"standing": 200}


def _listing(w):
    published(w, title="Gương sáng thôn An Hòa")
    draft(w, title=HIDDEN[0])
    withdrawn(w, title=HIDDEN[1])
    return {}


def _manage(w):
    make_writer(w)
    draft(w, title="Bài của Đảng ủy xã")
    return {}


def _published(w):
    return {"pk": published(w).pk}


def _with_photo(w):
    from .factories import upload

    return {"pk": published(w, photo=upload()).pk}


def _draft(w):
    return {"pk": draft(w).pk}


def _create(w):
    make_writer(w)
    return {}


def _create_data(w):
    from .factories import recognised

    entry = recognised(w)["A"]
    return {"organization": w.du.pk, "entry": entry.pk, "title": "Chi bộ An Hòa", "body": "Bốn năm liền bốn tốt."}


def _edit_data(w):
    return {"entry": w._entries["member_a"].pk, "title": "Tiêu đề mới", "body": "Nội dung mới", "version": "0"}


def _with(statuses, value):
    return {persona: value if status == 200 else status for persona, status in statuses.items()}


MATRIX = {
    "showcase:list": Case(expect(200), kwargs=_listing, absent=lambda w: HIDDEN),
    "showcase:detail": Case(READ_DU, kwargs=_published, absent=lambda w: ["Cẩm Lý"]),
    "showcase:photo": Case(READ_DU, kwargs=_with_photo),
    "showcase:manage": Case(WRITER_ONLY, kwargs=_manage, absent=lambda w: ["Cẩm Lý"]),
    "showcase:create": Case(WRITER_ONLY, kwargs=_create, absent=lambda w: ["Võ Thị Cúc", "Cẩm Lý"]),
    "showcase:edit": Case(DRAFT_WRITER, kwargs=_draft, absent=lambda w: ["Võ Thị Cúc", "Cẩm Lý"]),
    "showcase:publish": Case(expect(405), kwargs=_draft),
    "showcase:withdraw": Case(WITHDRAW, kwargs=_published),
}

POST_MATRIX = {
    "showcase:create": Case(_with(WRITER_ONLY, 302), kwargs=_create, data=_create_data),
    "showcase:edit": Case(_with(DRAFT_WRITER, 302), kwargs=_draft, data=_edit_data),
    "showcase:publish": Case(_with(DRAFT_WRITER, 302), kwargs=_draft, data=lambda w: {"version": "0"}),
    "showcase:withdraw": Case(
        _with(WITHDRAW, 302), kwargs=_published, data=lambda w: {"withdraw_reason": "Sai", "version": "1"}
    ),
    "showcase:detail": Case(expect(405), kwargs=_published, data=lambda w: {}),
    "showcase:list": Case(expect(405), data=lambda w: {}),
}
