"""Pending work digests: the appraiser hears of submitted self-assessments, the decider of subjects appraised
with a proposal to recognise, once per ISO week while the work remains; the competent authority is computed
in bulk and agrees with `assessments.authority`."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bontot.assessments import authority
from bontot.assessments.holds import holds_for
from bontot.assessments.models import Assessment
from bontot.core.testing.world import LONG_AGO
from bontot.facts.models import Complaint
from bontot.members.models import Member
from bontot.notifications import pending
from bontot.notifications.kinds import kind_label
from bontot.notifications.models import Notification
from bontot.notifications.reminders import send_reminders
from bontot.notifications.tests.factories import cells_with_secretaries
from bontot.organizations.models import Organization, Role, RoleAssignment

D = datetime.date
# Next Monday: "ended" (whose role ended yesterday) is no longer a secretary of A, "future" (next month) not yet.
MONDAY = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
WEEK = f"{MONDAY.isocalendar().year}-W{MONDAY.isocalendar().week:02d}"


def _assess(status, *, member=None, organization=None, proposal=""):
    return Assessment.objects.create(
        member=member, organization=organization, year=2025, status=status, proposal=proposal
    )


@pytest.fixture
def standing_sup(world):
    """The standing committee of SUP (no persona): decides on DU and DU2."""
    user = get_user_model().objects.create_user(username="standing_sup")
    RoleAssignment.objects.create(user=user, organization=world.orgs["SUP"], role=Role.STANDING_COMMITTEE,
                                  start=LONG_AGO)  # fmt: skip
    return user


@pytest.fixture
def work(world, standing_sup):
    m = world.members
    _assess("submitted", member=m["member_a"])  # appraised by secretary_a
    _assess("submitted", organization=world.a)  # by the office of DU
    _assess("submitted", organization=world.du)  # by the reviewer of SUP
    _assess("appraised", member=m["member_b"], proposal="recognise")  # decided by the standing committee of DU
    _assess("appraised", organization=world.b, proposal="recognise")  # idem
    _assess("appraised", organization=world.orgs["DU2"], proposal="recognise")  # by SUP's standing committee
    # Nothing to do for anyone: not recognised, not submitted, already recognised.
    _assess("appraised", member=m["member_c"], proposal="not_recognise")
    _assess("draft", member=m["other_a"])
    _assess("returned", organization=world.orgs["C"])
    _assess("recognised", member=m["secretary_a"], proposal="recognise")


def _digests():
    return {(n.user.username, n.kind): n.text for n in Notification.objects.filter(kind__startswith="pending.")}


def test_it_sends_each_competent_authority_its_pending_work(world, work):
    assert send_reminders(MONDAY) == 5
    assert _digests() == {
        ("secretary_a", "pending.appraisal"): "Có 1 bản tự đánh giá chờ thẩm định: Nguyễn Văn An.",
        ("office", "pending.appraisal"): "Có 1 bản tự đánh giá chờ thẩm định: Chi bộ thôn An Hòa.",
        ("reviewer", "pending.appraisal"): "Có 1 bản tự đánh giá chờ thẩm định: Đảng ủy xã Thử Nghiệm.",
        ("standing", "pending.decision"): "Có 2 đối tượng đã thẩm định, đề nghị công nhận, chờ quyết định: "
        "Phạm Văn Bảo, Chi bộ thôn Bình Phú.",
        ("standing_sup", "pending.decision"): "Có 1 đối tượng đã thẩm định, đề nghị công nhận, chờ quyết định: "
        "Đảng ủy xã Bên Cạnh.",
    }
    rows = {n.user.username: n for n in Notification.objects.all()}
    assert rows["secretary_a"].dedupe_key == f"pending.appraisal:{WEEK}"
    assert rows["secretary_a"].organization_path == world.a.path
    assert rows["standing"].organization_path == world.du.path
    assert {kind_label("pending.appraisal"), kind_label("pending.decision")} == {
        "Chờ thẩm định",
        "Chờ quyết định công nhận",
    }


def test_it_reaches_only_the_roles_in_force_that_day(world, work):
    # On MONDAY "ended" is no longer a secretary of A: they hear nothing; in 2024 they were.
    send_reminders(MONDAY)
    assert ("ended", "pending.appraisal") not in _digests()
    send_reminders(D(2024, 3, 4))
    assert ("ended", "pending.appraisal") in _digests()


def test_it_sends_a_digest_once_a_week_while_the_work_remains(world, work):
    assert send_reminders(MONDAY) == 5
    assert send_reminders(MONDAY) == 0
    assert send_reminders(MONDAY + datetime.timedelta(days=6)) == 0  # Sunday, same ISO week
    Assessment.objects.filter(organization=world.du).update(status="appraised", proposal="not_recognise")
    assert send_reminders(MONDAY + datetime.timedelta(days=7)) == 4  # the reviewer has nothing left
    assert Notification.objects.filter(user=world.users["reviewer"]).count() == 1


def test_it_adds_up_the_work_of_a_user_holding_several_authorities(world, work):
    user = world.users["office"]
    RoleAssignment.objects.create(user=user, organization=world.b, role=Role.CELL_SECRETARY, start=LONG_AGO)
    _assess("submitted", member=world.members["member_b"].__class__.objects.create(
        card_no="B-002", full_name="Đỗ Thị Bích", birth_date=D(1990, 1, 1), gender="female",
        organization=world.b, admitted_on=D(2015, 1, 1)))  # fmt: skip
    send_reminders(MONDAY)
    assert _digests()[("office", "pending.appraisal")] == (
        "Có 2 bản tự đánh giá chờ thẩm định: Chi bộ thôn An Hòa, Đỗ Thị Bích."
    )


def test_it_leaves_out_a_subject_whose_decision_is_held(world, work):
    complaint = Complaint.objects.create(
        organization=world.b, received_on=MONDAY - datetime.timedelta(days=3), kind="complaint",
        concerns="assessment", about_member=world.members["member_b"], year=2025,
    )  # fmt: skip
    Complaint.objects.create(organization=world.b, received_on=MONDAY - datetime.timedelta(days=30),
                             kind="complaint", concerns="rating", year=2025,
                             resolved_on=MONDAY - datetime.timedelta(days=1))  # fmt: skip  # resolved: no hold
    held = pending.held_subjects([2025], MONDAY)
    expected = holds_for(2025, member_ids=[m.pk for m in world.members.values()],
                         organization_ids=[o.pk for o in world.orgs.values()], on=MONDAY)  # fmt: skip
    assert held == {(2025, *key) for key in expected} == {(2025, "member", world.members["member_b"].pk)}
    send_reminders(MONDAY)
    assert _digests()[("standing", "pending.decision")] == (
        "Có 1 đối tượng đã thẩm định, đề nghị công nhận, chờ quyết định: Chi bộ thôn Bình Phú."
    )
    assert ("secretary_a", "pending.appraisal") in _digests()  # appraisals are not held
    complaint.resolved_on = MONDAY + datetime.timedelta(days=7)
    complaint.save()
    Notification.objects.all().delete()
    send_reminders(MONDAY + datetime.timedelta(days=7))  # resolved that day: no longer held
    assert _digests()[("standing", "pending.decision")].startswith("Có 2 đối tượng")


def test_the_bulk_authorities_agree_with_authority_py(world, standing_sup):
    subjects: list[Member | Organization] = [
        *Member.objects.select_related("organization"),
        *Organization.objects.select_related("parent"),
    ]
    by_code = pending.organizations_on(s.organization.path if isinstance(s, Member) else s.path for s in subjects)
    on = timezone.localdate()
    checked = 0
    for subject in subjects:
        secretary = isinstance(subject, Member) and authority.is_cell_secretary(subject)
        assert pending.appraiser(subject, secretary=secretary) == authority.appraiser_of(subject)
        assert pending.decider(subject, by_code) == authority.decider_of(subject)
        for found in (pending.appraiser(subject, secretary=secretary), pending.decider(subject, by_code)):
            if found is not None:
                holders = pending.holders([found], on).get(found, [])
                assert [u.pk for u in holders] == list(authority.users_holding(found).values_list("pk", flat=True))
                checked += bool(holders)
    assert checked >= 8  # most subjects have someone to act on them in the persona tree


def _grow(world, count, start):
    """`count` cells under DU, each submitted (the office appraises), with a member appraised for
    recognition (the standing committee decides) and a secretary of its own."""
    cells, members = cells_with_secretaries(world, count, start, prefix="P", members_each=1)
    Assessment.objects.bulk_create(
        [Assessment(organization=cell, year=2025, status="submitted") for cell in cells]
        + [Assessment(member=m, cell_id=m.organization_id, year=2025, status="submitted") for m in members[::2]]
        + [
            Assessment(member=m, cell_id=m.organization_id, year=2025, status="appraised", proposal="recognise")
            for m in members[1::2]
        ]
    )


def _count(today):
    with CaptureQueriesContext(connection) as queries:
        messages = pending.pending_messages(today)
    return len(messages), len(queries.captured_queries)


def test_it_computes_the_digests_in_the_same_queries_for_10_and_100_cells(world, work):
    _grow(world, 10, 0)
    small_messages, small = _count(MONDAY)
    _grow(world, 90, 10)
    large_messages, large = _count(MONDAY)
    # the persona tree's 5, and a secretary for each new cell whose member was submitted (every other one)
    assert (small_messages, large_messages) == (5 + 5, 5 + 50)
    # pending assessments, open complaints, organisations on their paths, roles holding them
    assert small == large == 4
    office = next(m for m in pending.pending_messages(MONDAY) if m.user.username == "office")
    assert office.text.startswith("Có 101 bản tự đánh giá chờ thẩm định: Chi bộ thôn An Hòa, Chi bộ thêm 0,")
    assert office.text.endswith(" và 91 đối tượng khác.")


def test_the_command_reports_the_digests_in_vietnamese(world, work):
    out = StringIO()
    call_command("send_reminders", "--today", MONDAY.strftime("%d/%m/%Y"), stdout=out)
    call_command("send_reminders", "--today", MONDAY.strftime("%d/%m/%Y"), stdout=out)
    assert out.getvalue().splitlines() == [
        f"Đã gửi 5 thông báo nhắc việc ngày {MONDAY:%d/%m/%Y}.",
        "  Chờ thẩm định: 3",
        "  Chờ quyết định công nhận: 2",
        f"Đã gửi 0 thông báo nhắc việc ngày {MONDAY:%d/%m/%Y}.",
    ]
