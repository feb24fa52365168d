"""The subtree table: scope by grant, filters, search, sorting, pagination and its HTMX partial."""

import re

import pytest
from django.urls import reverse

from bontot.criteria.models import StoredVerdict

from .factories import YEAR, make_cells, make_members, make_verdict, seed_world, warning

pytestmark = pytest.mark.django_db

PAGE = reverse("dashboards:subtree")
PARTIAL = reverse("dashboards:subtree_table")


@pytest.fixture
def seeded(world):
    seed_world(world)
    return world


def names(response):
    """Return the organisation names of the table's rows, in order."""
    return re.findall(r'<a href="/tong-quan/to-chuc/\d+/\d+/">([^<]+)</a>', response.content.decode())


def get(client, user, url=PAGE, **params):
    client.force_login(user)
    return client.get(url, {"nam": YEAR, **params})


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("office", {"Chi bộ thôn An Hòa", "Chi bộ thôn Bình Phú", "Đảng ủy xã Thử Nghiệm"}, {"Cẩm Lý", "Bên Cạnh"}),
        ("standing", {"Chi bộ thôn An Hòa", "Chi bộ thôn Bình Phú", "Đảng ủy xã Thử Nghiệm"}, {"Cẩm Lý"}),
        ("supervisor_a", {"Chi bộ thôn An Hòa"}, {"Bình Phú", "Cẩm Lý", "Đảng ủy xã"}),
        ("outsider", {"Chi bộ thôn Cẩm Lý", "Đảng ủy xã Bên Cạnh"}, {"An Hòa", "Bình Phú"}),
        (
            "reviewer",
            {"Chi bộ thôn An Hòa", "Chi bộ thôn Bình Phú", "Chi bộ thôn Cẩm Lý", "Đảng ủy xã Thử Nghiệm"},
            set(),
        ),
    ],
)
def test_it_lists_the_cells_and_committees_of_the_actors_subtree_only(client, seeded, persona, shown, hidden):
    for url in (PAGE, PARTIAL):
        response = get(client, seeded.users[persona], url)
        body = response.content.decode()
        assert set(names(response)) >= shown
        for text in hidden:
            assert text not in body
        for member in ("Nguyễn Văn An", "Trần Thị Ánh", "Phạm Văn Bảo", "Võ Thị Cúc"):
            assert member not in body  # members are listed on their cell's page, not here


def test_it_refuses_roles_without_a_subtree(client, seeded):
    for persona in ("member_a", "secretary_a", "ended"):
        assert get(client, seeded.users[persona]).status_code == 403
        assert get(client, seeded.users[persona], PARTIAL).status_code == 403


def test_it_shows_each_criterion_with_a_text_alternative(client, seeded):
    body = get(client, seeded.users["office"], q="An Hòa").content.decode()
    assert '<span class="visually-hidden">1.2: Không đạt</span>' in body
    assert '<span class="visually-hidden">1.1: Đạt</span>' in body
    assert '<abbr title="Chất lượng sinh hoạt tốt">1.2</abbr>' in body


@pytest.fixture
def ward(world):
    """Cells of DU with distinct verdicts, criteria, warnings and names, plus the persona world."""
    seed_world(world)
    du = world.du
    from bontot.organizations.models import Organization

    def cell(code, name, **kw):
        org = Organization.objects.create(
            code=code, name=name, kind="cell", parent=du, valid_from=du.valid_from, path=f"{du.path}{code}/", depth=2
        )
        make_verdict(organization=org, **kw)
        return org

    cell("V1", "Chi bộ thôn Vĩnh Bình", failing=["1.2"], warnings=[warning("1.2", "danger", "x")] * 3)
    cell("V2", "Chi bộ thôn Thạch Tân", failing=["1.2", "1.4"], warnings=[warning("1.4", "warning", "y")])
    cell("V3", "Chi bộ thôn Đông Xuân", pending=["1.3"])
    cell("V4", "Chi bộ thôn Ân Phú")
    return world


def test_it_filters_cells_failing_one_criterion(client, ward):
    response = get(client, ward.users["office"], tieu_chi="1.2")
    assert sorted(names(response)) == ["Chi bộ thôn An Hòa", "Chi bộ thôn Thạch Tân", "Chi bộ thôn Vĩnh Bình"]
    assert sorted(names(get(client, ward.users["office"], tieu_chi="1.4"))) == [
        "Chi bộ thôn Bình Phú",
        "Chi bộ thôn Thạch Tân",
    ]


def test_it_filters_by_model_verdict_and_warnings(client, ward):
    office = ward.users["office"]
    assert names(get(client, office, mo_hinh="grassroots")) == ["Đảng ủy xã Thử Nghiệm"]
    assert sorted(names(get(client, office, ket_luan="pending"))) == ["Chi bộ thôn Đông Xuân", "Đảng ủy xã Thử Nghiệm"]
    assert names(get(client, office, ket_luan="pass")) == ["Chi bộ thôn Ân Phú"]
    assert sorted(names(get(client, office, canh_bao="co"))) == [
        "Chi bộ thôn An Hòa",
        "Chi bộ thôn Bình Phú",
        "Chi bộ thôn Thạch Tân",
        "Chi bộ thôn Vĩnh Bình",
    ]
    assert sorted(names(get(client, office, canh_bao="khong", mo_hinh="cell"))) == [
        "Chi bộ thôn Ân Phú",
        "Chi bộ thôn Đông Xuân",
    ]


def test_it_searches_by_name_within_the_subtree(client, ward):
    assert names(get(client, ward.users["office"], q="Vĩnh")) == ["Chi bộ thôn Vĩnh Bình"]
    assert names(get(client, ward.users["office"], q="Cẩm")) == []  # cell C is outside DU
    assert names(get(client, ward.users["office"], q="Không Có")) == []


def test_it_ignores_an_invalid_filter_value(client, ward):
    response = get(client, ward.users["office"], tieu_chi="9.9", ket_luan="maybe", mo_hinh="x")
    assert response.status_code == 200
    assert len(names(response)) == 7  # DU + A + B + four cells


def test_it_sorts_by_name_verdict_and_warnings(client, ward):
    office = ward.users["office"]
    by_name = names(get(client, office, mo_hinh="cell"))
    expected = [v.name for v in StoredVerdict.objects.filter(model="cell", organization_path__startswith="/SUP/DU/")]
    assert by_name == sorted(expected, key=lambda n: StoredVerdict.objects.get(name=n).sort_name)
    # Vietnamese order by the last word: Bình < Hòa < Phú < Phú < Tân < Xuân (not byte order).
    assert by_name.index("Chi bộ thôn Vĩnh Bình") < by_name.index("Chi bộ thôn An Hòa")
    by_verdict = names(get(client, office, mo_hinh="cell", sap_xep="ket-luan"))
    verdicts = [StoredVerdict.objects.get(name=n).verdict for n in by_verdict]
    assert verdicts == sorted(verdicts, key=["fail", "pending", "pass"].index)
    by_warnings = names(get(client, office, sap_xep="canh-bao"))
    assert by_warnings[:2] == ["Chi bộ thôn Vĩnh Bình", "Chi bộ thôn An Hòa"]  # 3 warnings, then 2


def test_it_paginates_by_fifty_keeping_the_filters(client, world):
    seed_world(world)
    make_cells(world.du, 120)
    office = world.users["office"]
    first = get(client, office, mo_hinh="cell")
    body = first.content.decode()
    assert len(names(first)) == 50
    assert "122 tổ chức" in body and "Trang 1/3" in body
    assert f"?nam={YEAR}&amp;mo_hinh=cell&page=2" in body
    third = get(client, office, mo_hinh="cell", page=3)
    assert len(names(third)) == 22
    failing = get(client, office, tieu_chi="1.2")
    assert "41 tổ chức" in failing.content.decode()  # 40 of the 120 (every third) and cell A


def test_the_partial_is_the_table_alone_and_pushes_the_page_url(client, ward):
    client.force_login(ward.users["office"])
    response = client.get(PARTIAL, {"nam": YEAR, "tieu_chi": "1.2"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "<form" not in body
    assert sorted(names(response)) == ["Chi bộ thôn An Hòa", "Chi bộ thôn Thạch Tân", "Chi bộ thôn Vĩnh Bình"]
    assert response["HX-Push-Url"] == f"{PAGE}?nam={YEAR}&tieu_chi=1.2"


def test_the_page_wires_the_filter_form_to_the_partial(client, ward):
    body = get(client, ward.users["office"]).content.decode()
    assert f'hx-get="{PARTIAL}"' in body and 'hx-target="#subtree-table"' in body
    assert f'action="{PAGE}"' in body  # and it still works without JavaScript
    for label in ("Tìm theo tên", "Mô hình", "Kết luận", "Không đạt tiêu chí", "Cảnh báo", "Sắp xếp theo"):
        assert f">{label}</label>" in body
    assert '<option value="1.2">1.2. Chất lượng sinh hoạt tốt</option>' in body


@pytest.mark.parametrize("within", [False, True])
@pytest.mark.parametrize("url", [PAGE, PARTIAL])
@pytest.mark.parametrize("cells", [10, 200])
def test_it_runs_the_same_queries_for_10_and_200_cells(client, world, django_assert_num_queries, url, cells, within):
    seed_world(world)
    make_cells(world.du, cells)
    make_members(world.a, 5)
    client.force_login(world.users["office"])
    params = {"nam": YEAR, "tieu_chi": "1.2", "sap_xep": "canh-bao", **({"to_chuc": world.du.pk} if within else {})}
    # session, user, grants, years, (the `to_chuc` organisation,) count, a page of keys, their rows,
    # the bell's unread count (the whole page only: the partial has no navbar); then the session saved
    # (expiry on inactivity): 3
    with django_assert_num_queries((11 if within else 10) + (url == PAGE)):
        response = client.get(url, params)
    assert response.status_code == 200
    assert len(names(response)) == min(50, 1 + len(range(0, cells, 3)))


def test_it_narrows_the_table_to_one_committee_from_its_page(client, seeded):
    from bontot.organizations.models import Organization

    reviewer = seeded.users["reviewer"]
    du_page = reverse("dashboards:organization", kwargs={"pk": seeded.du.pk, "year": YEAR})
    link = f"{PAGE}?nam={YEAR}&amp;to_chuc={seeded.du.pk}"
    assert link in get(client, reviewer, du_page).content.decode()
    response = get(client, reviewer, to_chuc=seeded.du.pk)
    assert sorted(names(response)) == ["Chi bộ thôn An Hòa", "Chi bộ thôn Bình Phú", "Đảng ủy xã Thử Nghiệm"]
    assert f'name="to_chuc" value="{seeded.du.pk}"' in response.content.decode()
    partial = get(client, reviewer, PARTIAL, to_chuc=seeded.du.pk, tieu_chi="1.2")
    assert names(partial) == ["Chi bộ thôn An Hòa"]
    assert partial["HX-Push-Url"] == f"{PAGE}?nam={YEAR}&to_chuc={seeded.du.pk}&tieu_chi=1.2"
    # Another committee, a missing one or garbage: the same 404 as any object outside the subtree.
    du2 = Organization.objects.get(code="DU2")
    assert get(client, seeded.users["office"], to_chuc=du2.pk).status_code == 404
    assert get(client, seeded.users["office"], PARTIAL, to_chuc=du2.pk).status_code == 404
    assert get(client, seeded.users["office"], to_chuc="x").status_code == 404
    # No link on a cell's page, nor for roles without the table (the members list's `to_chuc` is another link).
    assert (
        f"{PAGE}?nam={YEAR}&amp;to_chuc="
        not in get(
            client, seeded.users["office"], reverse("dashboards:organization", kwargs={"pk": seeded.a.pk, "year": YEAR})
        ).content.decode()
    )
    assert (
        f"{PAGE}?nam={YEAR}&amp;to_chuc="
        not in get(
            client,
            seeded.users["secretary_a"],
            reverse("dashboards:organization", kwargs={"pk": seeded.a.pk, "year": YEAR}),
        ).content.decode()
    )
