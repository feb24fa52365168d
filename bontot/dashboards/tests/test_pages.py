"""The member page, the organisation page and the home router, read as each persona reads them."""

import datetime

import pytest
from django.urls import reverse

from bontot.assessments.models import Registration
from bontot.organizations.models import Organization, Role, RoleAssignment

from .factories import YEAR, make_year, seed_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(world):
    seed_world(world)
    return world


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def org_url(org, year=YEAR):
    return reverse("dashboards:organization", kwargs={"pk": org.pk, "year": year})


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("member_a", "Kết quả của tôi — năm 2024"),
        ("member_b", "Kết quả của tôi — năm 2024"),
        ("secretary_a", "Chi bộ thôn An Hòa — năm 2024"),
        ("office", "Chi bộ, đảng bộ trong phạm vi — năm 2024"),
        ("supervisor_a", "Chi bộ, đảng bộ trong phạm vi — năm 2024"),
        ("reviewer", "Chi bộ, đảng bộ trong phạm vi — năm 2024"),
    ],
)
def test_it_shows_each_role_its_page_at_home(client, seeded, persona, heading):
    for url in (reverse("home"), reverse("dashboards:home")):
        response = get(client, seeded.users[persona], url)
        assert response.status_code == 200
        assert f'<h1 class="h4">{heading}</h1>' in response.content.decode()


def test_it_names_the_users_roles_above_the_page_at_home_only(client, seeded):
    body = get(client, seeded.users["secretary_a"], reverse("home")).content.decode()
    assert "Vai trò của bạn: " in body
    assert "Bí thư chi bộ / Chi ủy — Chi bộ thôn An Hòa" in body and "Đảng viên — Chi bộ thôn An Hòa" in body
    assert "Vai trò của bạn" not in get(client, seeded.users["secretary_a"], org_url(seeded.a)).content.decode()
    office = get(client, seeded.users["office"], reverse("home")).content.decode()
    assert "Văn phòng / bộ phận giúp việc — Đảng ủy xã Thử Nghiệm" in office


def test_it_keeps_the_chosen_year_at_home(client, seeded):
    make_year(2023)
    body = get(client, seeded.users["office"], reverse("home") + "?nam=2023").content.decode()
    assert "Chi bộ, đảng bộ trong phạm vi — năm 2023" in body
    assert "Không có chi bộ, đảng bộ nào phù hợp." in body


def test_it_pages_the_secretarys_home_like_the_cell_page(client, seeded):
    from .factories import make_members

    make_members(seeded.a, 60)
    first = get(client, seeded.users["secretary_a"], reverse("home")).content.decode()
    assert "Đảng viên (63)" in first and "Trang 1/2" in first and 'href="?page=2"' in first
    second = get(client, seeded.users["secretary_a"], reverse("home") + "?page=2").content.decode()
    assert "Trang 2/2" in second


def test_it_tells_a_user_without_a_role_to_ask_the_office(client, seeded):
    response = get(client, seeded.users["ended"], reverse("home"))
    assert response.status_code == 200
    assert "chưa được phân quyền" in response.content.decode()


def test_it_shows_a_member_their_criteria_what_is_missing_and_when_computed(client, seeded):
    body = get(client, seeded.users["member_a"], reverse("dashboards:me")).content.decode()
    assert "Kết quả của tôi — năm 2024" in body
    assert "Nguyễn Văn An" in body and "Chi bộ thôn An Hòa" in body
    for title in ("Phát huy ý chí, khát vọng vươn lên", "Thực hiện nhiệm vụ được giao", "Công tác vận động quần chúng"):
        assert title in body
    assert "Chưa kết luận" in body and "Đạt" in body
    assert "Còn thiếu (2)" in body  # the two judged indicators of 2.2 wait for an assessment
    assert "Chưa đủ dữ liệu: chưa có tự đánh giá/thẩm định." in body
    assert "Tính lúc 02/12/2024 15:30, số liệu đến ngày 30/11/2024." in body
    assert "Chưa đăng ký. Hạn đăng ký: 20/01/2024." in body
    assert reverse("dashboards:organization", kwargs={"pk": seeded.a.pk, "year": YEAR}) in body


def test_it_shows_the_registration_and_flags_a_late_one(client, seeded):
    Registration.objects.create(member=seeded.members["member_a"], year=YEAR, registered_on=datetime.date(2024, 1, 20))
    Registration.objects.create(
        member=seeded.members["member_b"], year=YEAR, registered_on=datetime.date(2024, 1, 21), late=True
    )  # as register_subject records one after the deadline
    on_time = get(client, seeded.users["member_a"], reverse("dashboards:me")).content.decode()
    assert "Đã đăng ký ngày 20/01/2024" in on_time and "Đăng ký muộn" not in on_time
    late = get(client, seeded.users["member_b"], reverse("dashboards:me")).content.decode()
    assert "Đã đăng ký ngày 21/01/2024" in late and "Đăng ký muộn (hạn 20/01/2024)" in late


def test_it_says_when_a_year_has_no_verdict_yet(client, seeded):
    make_year(2025)
    body = get(client, seeded.users["member_a"], reverse("dashboards:me")).content.decode()
    assert "Chưa có kết quả đánh giá năm 2025." in body  # the latest year is the default
    assert f'href="{reverse("dashboards:me")}?nam=2024"' in body


def test_it_shows_a_member_only_their_own_record(client, seeded):
    body = get(client, seeded.users["member_a"], reverse("dashboards:me")).content.decode()
    assert "Trần Thị Ánh" not in body and "Lê Văn Hùng" not in body
    other = reverse("dashboards:member", kwargs={"pk": seeded.members["other_a"].pk, "year": YEAR})
    assert get(client, seeded.users["member_a"], other).status_code == 404
    own = reverse("dashboards:member", kwargs={"pk": seeded.members["member_a"].pk, "year": YEAR})
    assert "Nguyễn Văn An" in get(client, seeded.users["member_a"], own).content.decode()


def test_it_shows_a_member_the_cell_verdicts_but_not_the_members_table(client, seeded):
    body = get(client, seeded.users["member_a"], org_url(seeded.a)).content.decode()
    assert "Chi bộ thôn An Hòa — năm 2024" in body
    assert "Còn 2 tháng, cần thêm 3 kỳ sinh hoạt đạt Khá trở lên." in body
    assert "7 kỳ sinh hoạt thường kỳ đạt Khá trở lên (yêu cầu ít nhất 10)." in body
    assert "Chất lượng sinh hoạt tốt" in body
    for name in ("Trần Thị Ánh", "Lê Văn Hùng", "Nguyễn Văn An"):
        assert name not in body
    assert "Đảng viên (" not in body


def test_it_shows_staff_the_members_status(client, seeded):
    for persona in ("secretary_a", "supervisor_a", "office", "reviewer"):
        body = get(client, seeded.users[persona], org_url(seeded.a)).content.decode()
        assert "Đảng viên (3)" in body
        for name in ("Trần Thị Ánh", "Lê Văn Hùng", "Nguyễn Văn An"):
            assert name in body
        link = reverse("dashboards:member", kwargs={"pk": seeded.members["other_a"].pk, "year": YEAR})
        assert link in body
        assert "Phạm Văn Bảo" not in body and "Võ Thị Cúc" not in body


def test_it_lists_warnings_most_severe_first(client, seeded):
    body = get(client, seeded.users["office"], org_url(seeded.a)).content.decode()
    assert "Cảnh báo sớm (2)" in body
    assert body.index("Cần chú ý · tiêu chí 1.2") < body.index("Thông tin · tiêu chí 1.2")
    body_b = get(client, seeded.users["office"], org_url(seeded.b)).content.decode()
    assert "Nghiêm trọng · tiêu chí 1.4" in body_b


def test_it_shows_staff_a_member_drill_down(client, seeded):
    url = reverse("dashboards:member", kwargs={"pk": seeded.members["other_a"].pk, "year": YEAR})
    body = get(client, seeded.users["secretary_a"], url).content.decode()
    assert "Đảng viên Trần Thị Ánh — năm 2024" in body
    assert "Không đạt" in body and "Bị kỷ luật trong năm 2024: Khiển trách ngày 01/05/2024." in body


@pytest.mark.parametrize("members", [3, 30])
def test_the_organisation_page_runs_the_same_queries_for_3_and_30_members(
    client, seeded, django_assert_num_queries, members
):
    from .factories import make_members

    make_members(seeded.a, members)
    client.force_login(seeded.users["secretary_a"])
    # session, user, grants, organisation, years, verdict, registration, members count, members page,
    # the recognition decision in force, the bell's unread count; then the session saved (expiry on
    # inactivity): 3
    with django_assert_num_queries(14):
        response = client.get(org_url(seeded.a))
    assert response.status_code == 200
    assert f"Đảng viên ({members + 3})" in response.content.decode()


@pytest.mark.parametrize("persona", ["member_a", "secretary_a"])
def test_the_member_page_runs_a_fixed_number_of_queries(client, seeded, django_assert_num_queries, persona):
    client.force_login(seeded.users[persona])
    # session, user, grants, member, years, verdict, registration, the recognition decision in force (issue 7),
    # the cell's announced meetings, the bell's unread count; then the session saved: 3
    with django_assert_num_queries(13):
        assert client.get(reverse("dashboards:me")).status_code == 200


def test_it_lists_the_organisations_of_a_role_without_a_dashboard(client, seeded):
    from django.contrib.auth import get_user_model

    from bontot.organizations.models import Role, RoleAssignment

    user = get_user_model().objects.create_user("tuyengiao")
    RoleAssignment.objects.create(
        user=user, organization=seeded.du, role=Role.PROPAGANDA, start=datetime.date(2000, 1, 1)
    )
    response = get(client, user, reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'Ban Tuyên giáo — <a href="{org_url(seeded.du)}">Đảng ủy xã Thử Nghiệm</a>' in body
    assert "Bình Phú" not in body


def test_it_shows_a_superuser_every_organisation(client, seeded):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", password="x")  # noqa: S106
    assert "Chi bộ, đảng bộ trong phạm vi" in get(client, admin, reverse("home")).content.decode()
    body = get(client, admin, reverse("dashboards:subtree") + "?nam=2024").content.decode()
    for name in ("Chi bộ thôn An Hòa", "Chi bộ thôn Bình Phú", "Chi bộ thôn Cẩm Lý", "Đảng ủy xã Bên Cạnh"):
        assert name in body


def test_it_shows_a_committees_members_table_only_when_it_has_members(client, seeded):
    body = get(client, seeded.users["office"], org_url(seeded.du)).content.decode()
    assert "Đảng ủy xã Thử Nghiệm — năm 2024" in body
    assert "Đảng viên (" not in body
    assert "Các chi bộ, đảng bộ trực thuộc" in body


def test_it_hides_from_a_member_the_other_members_a_cell_verdict_names(client, seeded):
    from bontot.criteria.engine.wording import fmt_member
    from bontot.criteria.models import StoredVerdict
    from bontot.dashboards.presenters import MEMBERS_HIDDEN

    other = seeded.members["other_a"]
    named = f"Có 1 lượt kỷ luật: {fmt_member(other.card_no, other.full_name)}: Khiển trách ngày 12/06/2024."
    verdict = StoredVerdict.objects.get(year=YEAR, organization=seeded.a)
    for criterion in verdict.result["criteria"]:
        for indicator in criterion["indicators"]:
            if indicator["code"] == "1.4.c":
                indicator["explanation"] = named
    verdict.save(update_fields=["result"])
    member = get(client, seeded.users["member_a"], org_url(seeded.a)).content.decode()
    assert other.full_name not in member and "Khiển trách" not in member
    assert MEMBERS_HIDDEN in member
    assert named in get(client, seeded.users["secretary_a"], org_url(seeded.a)).content.decode()


def test_it_greets_the_user_in_vietnamese_name_order(client, world, django_user_model):
    user = django_user_model.objects.create_user("tuyengiao", last_name="Trần Thị Thu", first_name="Hà")
    RoleAssignment.objects.create(
        user=user, organization=world.du, role=Role.PROPAGANDA, start=datetime.date(2020, 1, 1)
    )
    client.force_login(user)  # a role without a dashboard of its own: the greeting page
    body = client.get(reverse("home")).content.decode()
    assert "Xin chào, Trần Thị Thu Hà" in body
    assert "Hà Trần Thị Thu" not in body


@pytest.mark.parametrize(
    ("status", "reason", "shown"),
    [
        ("accepted", "", "Đã chấp nhận"),
        ("pending", "", "Chờ cấp trên quyết định"),
        ("refused", "Đăng ký sau hạn, không có lý do chính đáng", "Lý do: Đăng ký sau hạn, không có lý do chính đáng"),
    ],
)
def test_it_shows_the_members_registration_status(client, world, status, reason, shown):
    seed_world(world)
    Registration.objects.create(
        year=YEAR, member=world.members["member_a"], registered_on=datetime.date(YEAR, 2, 3),
        status=status, late=True, decision_reason=reason,
    )  # fmt: skip
    client.force_login(world.users["member_a"])
    body = client.get(reverse("dashboards:me") + f"?nam={YEAR}").content.decode()
    assert shown in body
    assert "Đăng ký muộn" in body
    assert ("Chỉ đối tượng có đăng ký được chấp nhận" in body) is (status != "accepted")


def test_it_links_an_unregistered_member_to_registering(client, world):
    seed_world(world)
    client.force_login(world.users["member_a"])
    body = client.get(reverse("dashboards:me") + f"?nam={YEAR}").content.decode()
    assert "Chưa đăng ký." in body
    assert f'href="{reverse("assessments:registration_mine")}?year={YEAR}"' in body


def test_it_tells_apart_two_roles_on_organisations_of_the_same_name(client, world):
    world.a.valid_to = datetime.date(2025, 6, 30)
    world.a.save(update_fields=["valid_to"])
    successor = Organization.objects.create(
        code="A2", name=world.a.name, kind="cell", parent=world.du, valid_from=datetime.date(2025, 7, 1),
        path=f"{world.du.path}A2/", depth=world.a.depth,
    )  # fmt: skip
    RoleAssignment.objects.create(
        user=world.users["secretary_a"],
        organization=successor,
        role=Role.CELL_SECRETARY,
        start=datetime.date(2025, 7, 1),
    )
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("home")).content.decode()
    assert f"{world.a.name} (đến 30/06/2025)" in body


def test_a_recognised_cell_shows_its_decision_on_its_page(client, seeded):
    from bontot.decisions.tests.factories import issue, ready

    issue(seeded, [ready(organization=seeded.a)])
    page = org_url(seeded.a)
    client.force_login(seeded.users["secretary_a"])  # the cell's own self-assessor: the decision is linked
    body = client.get(page).content.decode()
    assert "Đã công nhận" in body and "Quyết định số 15-QĐ/ĐU" in body
    assert "/quyet-dinh/" in body.split("recognition-heading", 1)[1].split("</section>", 1)[0]
    client.force_login(seeded.users["member_a"])  # a member of the cell reads it, without the link
    section = client.get(page).content.decode().split("recognition-heading", 1)[1].split("</section>", 1)[0]
    assert "Quyết định số 15-QĐ/ĐU" in section and "/quyet-dinh/" not in section
