"""URL × persona matrix of the statistics (run by bontot/core/tests/test_url_matrix.py).

The figures are the subtree's: the roles that see the subtree table (office, standing committee, supervisor,
reviewer) get 200 on their subtree, 404 on another part of the tree; any other role (a plain member, a cell
secretary) gets 403.
"""

from typing import Any

from bontot.core.testing.matrix import Case, expect
from bontot.core.testing.world import World
from bontot.dashboards.tests.factories import YEAR, seed_world


def seeded(kwargs: Any = None) -> Any:
    def build(w: World) -> dict[str, Any]:
        seed_world(w)
        return kwargs(w) if kwargs else {}

    return build


OWN = expect(403, supervisor_a=200, office=200, standing=200, reviewer=200, outsider=200)
CELL_A = expect(403, supervisor_a=200, office=200, standing=200, reviewer=200, outsider=404)
NOT_A = ["Bình Phú", "Cẩm Lý", "Phạm Văn Bảo", "Võ Thị Cúc", "Bên Cạnh"]


def cell_a(w: World) -> dict[str, Any]:
    return {"pk": w.a.pk}


MATRIX = {
    "statistics:year": Case(OWN, kwargs=seeded(), query=f"nam={YEAR}"),
    "statistics:list": Case(OWN, kwargs=seeded(), query=f"nam={YEAR}&chi_so=khong-dat&tieu_chi=1.2"),
    "statistics:excel": Case(OWN, kwargs=seeded(), query=f"nam={YEAR}"),
    "statistics:organization": Case(CELL_A, kwargs=seeded(cell_a), query=f"nam={YEAR}", absent=lambda w: NOT_A),
    "statistics:organization_list": Case(CELL_A, kwargs=seeded(cell_a), query=f"nam={YEAR}", absent=lambda w: NOT_A),
    "statistics:organization_excel": Case(CELL_A, kwargs=seeded(cell_a), query=f"nam={YEAR}"),
}
