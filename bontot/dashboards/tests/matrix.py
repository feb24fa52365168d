"""URL × persona matrix of the dashboards (run by bontot/core/tests/test_url_matrix.py).

`kwargs` also seeds the world's stored verdicts (idempotently), so that every 200 answer has figures to
show and `absent=` checks that no figure of another part of the tree is among them.
"""

from typing import Any

from bontot.core.testing.matrix import Case, expect
from bontot.core.testing.world import World

from .factories import YEAR, seed_world


def seeded(kwargs: Any = None) -> Any:
    def build(w: World) -> dict[str, Any]:
        seed_world(w)
        return kwargs(w) if kwargs else {}

    return build


SUBTREE = expect(403, supervisor_a=200, office=200, standing=200, reviewer=200, outsider=200)
HOME = expect(200)  # the page of the user's role, in place; no role and no member record: a page saying so

MATRIX = {
    "home": Case(HOME, kwargs=seeded()),
    "dashboards:home": Case(HOME, kwargs=seeded()),
    "dashboards:me": Case(
        expect(404, member_a=200, member_b=200, secretary_a=200),
        kwargs=seeded(),
        absent=lambda w: ["Trần Thị Ánh", "Cẩm Lý", "Võ Thị Cúc"],
    ),
    "dashboards:organization": Case(
        expect(404, member_a=200, secretary_a=200, supervisor_a=200, office=200, standing=200, reviewer=200),
        kwargs=seeded(lambda w: {"pk": w.a.pk, "year": YEAR}),
        absent=lambda w: ["Bình Phú", "Cẩm Lý", "Phạm Văn Bảo", "Võ Thị Cúc"],
    ),
    "dashboards:member": Case(
        expect(404, secretary_a=200, supervisor_a=200, office=200, standing=200, reviewer=200),
        kwargs=seeded(lambda w: {"pk": w.members["other_a"].pk, "year": YEAR}),
        absent=lambda w: ["Bình Phú", "Cẩm Lý", "Phạm Văn Bảo", "Nguyễn Văn An"],
    ),
    "dashboards:subtree": Case(SUBTREE, kwargs=seeded(), query=f"nam={YEAR}"),
    "dashboards:subtree_table": Case(SUBTREE, kwargs=seeded(), query=f"nam={YEAR}&tieu_chi=1.2", htmx=True),
}
