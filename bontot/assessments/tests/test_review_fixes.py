"""Security review of the yearly workflow (issue 7).

F2: nobody appraises their own assessment or decides on their own late registration; a member who holds the
secretary role of their cell is appraised (and their late registration decided) by the cell's own appraiser
(the office of the committee above; for a grassroots cell, the superior's reviewer) — decisions.md 62.
F3: a draft is filed under the member's cell of its year: only that cell's secretary starts it, and the cell
page of a year lists the members whose cell of that year it is."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from bontot.assessments import authority, services_appraisal, services_self
from bontot.assessments.models import Assessment, AssessmentStatus, RegistrationStatus
from bontot.assessments.selectors import year_cell, year_members
from bontot.core.testing.world import LONG_AGO
from bontot.criteria.models import StoredVerdict
from bontot.members.models import Member, Membership
from bontot.notifications.pending import APPRAISAL, pending_messages
from bontot.organizations.models import Organization, Role, RoleAssignment

from .matrix_appraisal import submitted
from .self_helpers import declare, register

pytestmark = pytest.mark.django_db

D = datetime.date
SELF_APPRAISAL = "Không thể tự thẩm định bản tự đánh giá của chính mình"
SELF_DECISION = "Không thể tự quyết định đăng ký muộn của chính mình"
ABOVE = "cấp trên trực tiếp (văn phòng cấp ủy cấp trên)"


def detail(assessment):
    return reverse("assessments:appraisal_detail", args=[assessment.pk])


def conclude(assessment):
    return {"version": assessment.version, "action": "conclude", "proposal": "recognise", "comment": "tốt"}


def user_with(username, org, role):
    user = get_user_model().objects.create_user(username=username, password="x")  # noqa: S106
    RoleAssignment.objects.create(user=user, organization=org, role=role, start=LONG_AGO)
    return user


# -- F2: appraisal -----------------------------------------------------------------------------------------


def test_secretary_concludes_the_appraisal_of_their_own_assessment(client, world):
    own = submitted(world, "secretary_a")
    client.force_login(world.users["secretary_a"])
    response = client.post(detail(own), conclude(own))
    assert response.status_code == 403
    assert f"{SELF_APPRAISAL}; {ABOVE} thẩm định." in response.content.decode()
    own.refresh_from_db()
    assert own.status == "submitted"


def test_the_service_refuses_a_self_appraisal_and_names_who_appraises(world):
    own = submitted(world, "secretary_a")
    with pytest.raises(PermissionDenied, match=f"{SELF_APPRAISAL}; cấp trên trực tiếp"):
        services_appraisal.conclude_appraisal(
            own, proposal="recognise", comment="", opinions={}, overrides={}, version=own.version,
            actor=world.users["secretary_a"],
        )  # fmt: skip
    plain = submitted(world, "member_a")
    with pytest.raises(PermissionDenied, match=f"{SELF_APPRAISAL}; bí thư chi bộ thẩm định."):
        services_appraisal.return_assessment(plain, reason="x", version=plain.version, actor=world.users["member_a"])
    assert set(Assessment.objects.values_list("status", flat=True)) == {AssessmentStatus.SUBMITTED}


def test_the_office_above_appraises_the_secretarys_own_assessment(client, world):
    own = submitted(world, "secretary_a")
    client.force_login(world.users["office"])
    response = client.post(detail(own), conclude(own))
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.proposal, own.appraised_by) == ("appraised", "recognise", world.users["office"])


def test_the_appraiser_of_a_secretary_is_the_appraiser_of_their_cell(world):
    secretary, member = world.members["secretary_a"], world.members["member_a"]
    assert authority.appraiser_of(secretary) == authority.Authority(Role.OFFICE, world.du.path)
    assert list(authority.users_holding(authority.appraiser_of(secretary))) == [world.users["office"]]
    assert authority.appraiser_of(member) == authority.Authority(Role.CELL_SECRETARY, world.a.path)
    assert authority.may_appraise(world.users["office"], secretary)
    assert not authority.may_appraise(world.users["office"], member)  # a plain member stays with the cell
    assert not authority.may_appraise(world.users["secretary_a"], secretary)
    # Another secretary of the same cell is a peer, not the level above.
    peer = user_with("peer", world.a, Role.CELL_SECRETARY)
    assert not authority.may_appraise(peer, secretary)
    assert authority.may_appraise(peer, member)
    # Nobody appraises themselves, a superuser neither.
    boss = get_user_model().objects.create_superuser(username="boss", password="x")  # noqa: S106
    Member.objects.filter(pk=world.members["member_c"].pk).update(user=boss)
    assert not authority.may_appraise(boss, Member.objects.get(pk=world.members["member_c"].pk))
    assert authority.may_appraise(boss, member)


def test_a_former_secretary_is_appraised_by_the_secretary_again(world):
    RoleAssignment.objects.filter(user=world.users["secretary_a"], role=Role.CELL_SECRETARY).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )
    secretary = world.members["secretary_a"]
    assert authority.appraiser_of(secretary) == authority.Authority(Role.CELL_SECRETARY, world.a.path)
    assert authority.may_appraise(world.users["future"], secretary) is False  # not yet in force
    assert not authority.may_appraise(world.users["office"], secretary)


def test_the_secretary_of_a_grassroots_cell_is_appraised_by_the_superiors_reviewer(world):
    sup = world.orgs["SUP"]
    cell = Organization.objects.create(
        code="GC", name="Chi bộ cơ sở Thử", kind="grassroots_cell", parent=sup, valid_from=LONG_AGO,
        path=f"{sup.path}GC/", depth=1,
    )  # fmt: skip
    user = user_with("gc_secretary", cell, Role.CELL_SECRETARY)
    member = Member.objects.create(
        card_no="GC-1", full_name="Đỗ Văn Cơ", birth_date=D(1980, 1, 1), gender="male", organization=cell,
        admitted_on=D(2010, 1, 1), user=user,
    )  # fmt: skip
    assert authority.appraiser_of(member) == authority.Authority(Role.REVIEWER, sup.path)
    assert authority.may_appraise(world.users["reviewer"], member)
    assert not authority.may_appraise(user, member)


def test_the_queue_leaves_out_ones_own_and_offers_it_to_the_office(client, world):
    submitted(world, "secretary_a")
    submitted(world, "member_a")
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("assessments:appraisal_queue"), {"year": 2024}).content.decode()
    assert "Nguyễn Văn An" in body and "Lê Văn Hùng" not in body
    client.force_login(world.users["office"])
    body = client.get(reverse("assessments:appraisal_queue"), {"year": 2024}).content.decode()
    assert "Lê Văn Hùng" in body and "Nguyễn Văn An" not in body


def test_the_list_offers_the_appraisal_to_the_office_only_for_the_secretary(client, world):
    own, plain = submitted(world, "secretary_a"), submitted(world, "member_a")
    client.force_login(world.users["office"])
    body = client.get(reverse("assessments:appraisal_list"), {"year": 2024}).content.decode()
    assert f'href="{detail(own)}"' in body and f'href="{detail(plain)}"' not in body
    client.force_login(world.users["secretary_a"])
    body = client.get(reverse("assessments:appraisal_list"), {"year": 2024}).content.decode()
    assert f'href="{detail(plain)}"' in body and f'href="{detail(own)}"' not in body


def test_the_digests_send_the_secretarys_own_assessment_to_the_office(world):
    submitted(world, "secretary_a")
    submitted(world, "member_a")
    digests = {(m.user.username, m.kind): m.text for m in pending_messages(timezone.localdate())}
    assert digests[("secretary_a", APPRAISAL)] == "Có 1 bản tự đánh giá chờ thẩm định: Nguyễn Văn An."
    assert digests[("office", APPRAISAL)] == "Có 1 bản tự đánh giá chờ thẩm định: Lê Văn Hùng."


# -- F2: late registrations --------------------------------------------------------------------------------


def test_secretary_accepts_their_own_late_registration(client, world):
    declare()
    late = register(member=world.members["secretary_a"], status="pending")
    client.force_login(world.users["secretary_a"])
    response = client.post(reverse("assessments:registration_decide", args=[late.pk]), {"action": "accept"})
    assert response.status_code == 403
    assert f"{SELF_DECISION}; {ABOVE} quyết định." in response.content.decode()
    late.refresh_from_db()
    assert late.status == "pending"


def test_the_office_above_decides_the_secretarys_late_registration(client, world):
    declare()
    late = register(member=world.members["secretary_a"], status="pending")
    other = register(member=world.members["member_a"], status="pending")
    client.force_login(world.users["secretary_a"])
    page = client.get(reverse("assessments:registration_pending")).content.decode()
    assert "Nguyễn Văn An" in page and "Lê Văn Hùng" not in page
    client.force_login(world.users["office"])
    page = client.get(reverse("assessments:registration_pending")).content.decode()
    assert "Lê Văn Hùng" in page and "Nguyễn Văn An" not in page
    assert (
        client.post(reverse("assessments:registration_decide", args=[other.pk]), {"action": "accept"}).status_code
        == 403
    )
    response = client.post(reverse("assessments:registration_decide", args=[late.pk]), {"action": "accept"})
    assert response.status_code == 302
    late.refresh_from_db()
    assert (late.status, late.decided_by) == (RegistrationStatus.ACCEPTED, world.users["office"])


def test_the_service_refuses_a_self_decision(world):
    from bontot.assessments.services import accept_late_registration

    declare()
    late = register(member=world.members["secretary_a"], status="pending")
    with pytest.raises(PermissionDenied, match=SELF_DECISION):
        accept_late_registration(late, actor=world.users["secretary_a"])
    boss = get_user_model().objects.create_superuser(username="boss", password="x")  # noqa: S106
    Member.objects.filter(pk=world.members["secretary_a"].pk).update(user=boss)
    late.refresh_from_db()
    with pytest.raises(PermissionDenied, match=SELF_DECISION):
        accept_late_registration(late, actor=boss)
    late.refresh_from_db()
    assert late.status == RegistrationStatus.PENDING


# -- F3: the cell of the year ------------------------------------------------------------------------------


@pytest.fixture
def moved(world):
    """other_a: in cell B until the end of 2024, in cell A (their current cell) since 2025; registered for 2024."""
    declare()
    m = world.members["other_a"]
    Membership.objects.create(member=m, organization=world.b, kind="official", start=D(2010, 3, 2), end=D(2024, 12, 31))
    Membership.objects.create(member=m, organization=world.a, kind="official", start=D(2025, 1, 1))
    register(member=m)
    return m


def self_cell(org):
    return reverse("assessments:self_cell", args=[org.pk]) + "?year=2024"


def test_secretary_of_current_cell_creates_assessment_in_sibling_cell_of_that_year(client, world, moved):
    client.force_login(world.users["secretary_a"])
    assert "Trần Thị Ánh" not in client.get(self_cell(world.a)).content.decode()
    response = client.post(self_cell(world.a), {"member": str(moved.pk), "year": "2024"}, follow=True)
    assert "Chọn một đảng viên của chi bộ." in response.content.decode()
    assert not Assessment.objects.filter(year=2024, member=moved).exists()


def test_the_service_checks_authority_in_the_cell_of_the_year(world, moved):
    with pytest.raises(PermissionDenied):
        services_self.start_assessment(2024, member=moved, actor=world.users["secretary_a"])
    assert not Assessment.objects.filter(member=moved).exists()


def test_the_secretary_of_the_cell_of_that_year_starts_it(client, world, moved):
    secretary_b = user_with("secretary_b", world.b, Role.CELL_SECRETARY)
    client.force_login(secretary_b)
    assert "Trần Thị Ánh" in client.get(self_cell(world.b)).content.decode()
    response = client.post(self_cell(world.b), {"member": str(moved.pk), "year": "2024"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(year=2024, member=moved)
    assert (assessment.cell, assessment.status) == (world.b, AssessmentStatus.DRAFT)


def test_the_cell_page_of_a_later_year_lists_the_member_in_their_new_cell(client, world, moved):
    declare(2025)
    client.force_login(world.users["secretary_a"])
    page = client.get(reverse("assessments:self_cell", args=[world.a.pk]) + "?year=2025").content.decode()
    assert "Trần Thị Ánh" in page


def test_year_members_agrees_with_year_cell(world, moved):
    # member_b was evaluated in cell A in 2024 (a stored verdict), whatever their current cell and memberships.
    member_b = world.members["member_b"]
    StoredVerdict.objects.create(
        year=2024, subject=f"member:{member_b.card_no}", member=member_b, model="member", name=member_b.full_name,
        organization_path=world.a.path, verdict="pass", result={}, criteria_set="kh-63-ku-2023",
        criteria_set_digest="sha256:test", as_of=D(2024, 11, 30), computed_at=timezone.now(),
    )  # fmt: skip
    cells = list(Organization.objects.filter(kind="cell"))
    for year in (2024, 2025):
        listed = {cell.pk: set(year_members(cell, year).values_list("pk", flat=True)) for cell in cells}
        for member in Member.objects.select_related("organization"):
            home = year_cell(member, year)
            assert {pk for pk, ids in listed.items() if member.pk in ids} == {home.pk}, (member, year)
    assert member_b.pk in listed_in(world.a, 2024) and moved.pk in listed_in(world.b, 2024)
    assert moved.pk in listed_in(world.a, 2025) and member_b.pk in listed_in(world.b, 2025)


def listed_in(cell, year):
    return set(year_members(cell, year).values_list("pk", flat=True))
