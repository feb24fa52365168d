"""The statistics of a subtree: figures counted in SQL, every figure's list, isolation, Excel, query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bontot.assessments.models import Assessment, AssessmentStatus, Registration, RegistrationStatus
from bontot.dashboards.tests.factories import YEAR, make_members, seed_world
from bontot.facts.models import QualityRating

pytestmark = pytest.mark.django_db


def _register(status=RegistrationStatus.ACCEPTED, **subject):
    Registration.objects.create(
        year=YEAR,
        registered_on=datetime.date(YEAR, 1, 10),
        status=status,
        late=status == RegistrationStatus.PENDING,
        **subject,
    )


@pytest.fixture
def seeded(world):
    seed_world(world)
    m = world.members
    _register(member=m["member_a"])
    _register(member=m["secretary_a"])
    _register(RegistrationStatus.PENDING, member=m["other_a"])
    _register(member=m["member_c"])  # another committee's member: never counted for the office of DU
    _register(organization=world.a)
    Assessment.objects.create(year=YEAR, organization=world.a, status=AssessmentStatus.RECOGNISED)
    QualityRating.objects.create(year=YEAR, member=m["member_a"], level="excellent", final=True)
    QualityRating.objects.create(year=YEAR, member=m["secretary_a"], level="good", final=False)
    QualityRating.objects.create(year=YEAR, member=m["member_c"], level="excellent", final=True)
    return world


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def year_url(**params):
    query = "&".join(f"{k}={v}" for k, v in {"nam": YEAR, **params}.items())
    return f"{reverse('statistics:year')}?{query}"


def test_it_counts_the_office_subtree_in_sql(client, seeded):
    response = get(client, seeded.users["office"], year_url())
    assert response.status_code == 200
    f = response.context["f"]
    assert f.scope.organization == seeded.du
    rates = {r.model: r for r in f.by_model}
    assert (rates["member"].subjects, rates["member"].registered, rates["member"].registered_pct) == (4, 2, 50.0)
    assert (rates["cell"].subjects, rates["cell"].registered, rates["cell"].recognised) == (2, 1, 1)
    assert rates["cell"].recognised_pct == 50.0
    assert (rates["grassroots"].subjects, rates["grassroots"].registered) == (1, 0)
    failing = {(c.model, c.code): c.failing for c in f.criteria}
    assert failing[("cell", "1.2")] == 1 and failing[("cell", "1.4")] == 1 and failing[("member", "2.3")] == 1
    ratings = {r.level: (r.final, r.proposed) for r in f.ratings}
    assert ratings["excellent"] == (1, 0) and ratings["good"] == (0, 1)  # not member C of another committee
    body = response.content.decode()
    assert "50.0%" in body or "50,0%" in body
    assert "Số liệu tính đến ngày 30/11/2024" in body
    assert 'id="statistics-data"' in body and "chart.umd.min.js" in body


def test_the_failures_of_criterion_1_2_lead_to_the_cells_in_the_subtree_table(client, seeded):
    body = get(client, seeded.users["office"], year_url()).content.decode()
    target = f"{reverse('dashboards:subtree')}?nam={YEAR}&amp;to_chuc={seeded.du.pk}&amp;mo_hinh=cell&amp;tieu_chi=1.2"
    assert target in body
    table = client.get(target.replace("&amp;", "&")).content.decode()
    assert "Chi bộ thôn An Hòa" in table and "Bình Phú" not in table


def test_the_indicators_of_a_criterion_drill_down_to_their_members(client, seeded):
    response = get(client, seeded.users["office"], year_url(mo_hinh="member", tieu_chi="2.3"))
    indicators = {i.code: i.failing for i in response.context["f"].indicators}
    assert indicators["2.3.a"] == 1
    listed = client.get(
        f"{reverse('statistics:list')}?nam={YEAR}&mo_hinh=member&chi_so=khong-dat&tieu_chi=2.3&chi_bao=2.3.a"
    ).content.decode()
    assert "Trần Thị Ánh" in listed and "Võ Thị Cúc" not in listed and "Nguyễn Văn An" not in listed


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ("mo_hinh=member&chi_so=dang-ky", ["Nguyễn Văn An", "Lê Văn Hùng"], ["Trần Thị Ánh", "Võ Thị Cúc"]),
        ("mo_hinh=member&chi_so=chua-dang-ky", ["Trần Thị Ánh", "Phạm Văn Bảo"], ["Nguyễn Văn An", "Võ Thị Cúc"]),
        ("mo_hinh=cell&chi_so=cong-nhan", ["Chi bộ thôn An Hòa"], ["Bình Phú", "Cẩm Lý"]),
        ("chi_so=xep-loai&muc=excellent&chinh_thuc=1", ["Nguyễn Văn An"], ["Võ Thị Cúc", "Lê Văn Hùng"]),
        ("chi_so=xep-loai&muc=good&chinh_thuc=0", ["Lê Văn Hùng"], ["Nguyễn Văn An"]),
        ("mo_hinh=member&chi_so=khong-dat&tieu_chi=2.3", ["Trần Thị Ánh"], ["Võ Thị Cúc", "Nguyễn Văn An"]),
    ],
)
def test_every_figure_lists_the_subjects_behind_it(client, seeded, params, shown, hidden):
    body = get(client, seeded.users["office"], f"{reverse('statistics:list')}?nam={YEAR}&{params}").content.decode()
    for name in shown:
        assert name in body
    for name in hidden:
        assert name not in body


def test_a_plain_member_is_refused_and_another_committee_gets_404(client, seeded):
    assert get(client, seeded.users["member_a"], year_url()).status_code == 403
    assert get(client, seeded.users["secretary_a"], year_url()).status_code == 403
    assert get(client, seeded.users["outsider"], year_url(to_chuc=seeded.a.pk)).status_code == 404
    other = get(client, seeded.users["office"], year_url(to_chuc=seeded.orgs["C"].pk))
    assert other.status_code == 404
    excel = get(client, seeded.users["office"], f"{reverse('statistics:excel')}?to_chuc={seeded.orgs['C'].pk}")
    assert excel.status_code == 404


def test_the_outsider_counts_their_own_committee_only(client, seeded):
    f = get(client, seeded.users["outsider"], year_url()).context["f"]
    assert f.scope.organization == seeded.orgs["DU2"]
    rates = {r.model: r for r in f.by_model}
    assert (rates["member"].subjects, rates["member"].registered) == (1, 1)
    assert {r.level: r.final for r in f.ratings}["excellent"] == 1


def test_it_exports_the_figures_to_excel_one_sheet_a_figure(client, seeded):
    response = get(client, seeded.users["office"], f"{reverse('statistics:excel')}?nam={YEAR}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="thong-ke-{YEAR}-DU.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Đăng ký", "Công nhận", "Không đạt theo tiêu chí", "Xếp loại đảng viên", "Qua các năm"]
    sheet = book["Đăng ký"]
    assert [c.value for c in sheet[2]] == ["Mô hình", "Số đối tượng", "Đã đăng ký", "Tỷ lệ đăng ký (%)"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["Đảng viên"] == (4, 2, 50.0)
    assert "Đảng ủy xã Thử Nghiệm — năm 2024 — số liệu tính đến ngày 30/11/2024" in sheet["A1"].value


@pytest.mark.parametrize("members", [3, 40])
def test_the_page_runs_the_same_queries_whatever_the_size(client, seeded, django_assert_num_queries, members):
    make_members(seeded.b, members)
    client.force_login(seeded.users["office"])
    # session, user, grants, the top grant's organisation, years, rates of every year and model with the
    # failures by criterion, the as-of day, ratings, the bell's unread count, the indicators of the drilled
    # criterion; then the session saved: 3
    with django_assert_num_queries(13):
        assert client.get(year_url(mo_hinh="member", tieu_chi="2.3")).status_code == 200
    with django_assert_num_queries(12):  # session, user, grants, organisation, years, count, page, rows, bell; 3
        assert client.get(f"{reverse('statistics:list')}?nam={YEAR}&mo_hinh=member").status_code == 200


def test_a_superuser_counts_the_whole_tree(client, seeded):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", password="x")  # noqa: S106 - a test user
    f = get(client, admin, year_url()).context["f"]
    assert f.scope.organization is None and f.scope.name == "Toàn hệ thống"
    assert {r.model: r.subjects for r in f.by_model} == {"member": 5, "cell": 3, "grassroots": 2}


def test_a_decision_in_force_counts_its_subjects_as_recognised(client, world):
    from bontot.decisions.tests.factories import issue, ready

    seed_world(world)
    issue(world, [ready(member=world.members["member_b"]), ready(organization=world.b)])
    f = get(client, world.users["office"], year_url()).context["f"]
    rates = {r.model: r for r in f.by_model}
    assert (rates["member"].recognised, rates["cell"].recognised) == (1, 1)
    assert (rates["member"].registered, rates["cell"].registered) == (1, 1)
    listed = client.get(f"{reverse('statistics:list')}?nam={YEAR}&chi_so=cong-nhan").content.decode()
    assert "Phạm Văn Bảo" in listed and "Chi bộ thôn Bình Phú" in listed and "Nguyễn Văn An" not in listed


def test_each_failed_criterion_counts_its_subjects_whatever_else_they_fail(world):
    from bontot.criteria.models import StoredVerdict
    from bontot.dashboards.tests.factories import CRITERIA_SET, build_verdict, make_cells
    from bontot.statistics.selectors import rates

    cells = make_cells(world.b, 4, prefix="F")  # every third fails 1.2: cells 0 and 3
    StoredVerdict.objects.filter(organization__in=cells).delete()
    StoredVerdict.objects.bulk_create(
        [
            build_verdict(organization=cells[0], failing=("1.2", "1.4")),
            build_verdict(organization=cells[1], failing=("1.4",)),
            build_verdict(organization=cells[2], failing=("1.4", "1.2")),
            build_verdict(organization=cells[3]),
            build_verdict(organization=cells[3], year=YEAR - 1, failing=("1.2",)),  # another year
        ]
    )
    found, failures = rates(world.b.path, YEAR, CRITERIA_SET)
    failing = {c.code: c.failing for c in failures if c.model == "cell"}
    assert (failing["1.2"], failing["1.4"], failing["1.1"]) == (2, 3, 0)
    assert {c.subjects for c in failures if c.model == "cell"} == {found[YEAR]["cell"].subjects}
    assert (found[YEAR]["cell"].passed, found[YEAR - 1]["cell"].subjects) == (found[YEAR]["cell"].subjects - 3, 1)
