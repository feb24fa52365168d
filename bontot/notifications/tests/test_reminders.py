"""The reminders: registration opening and deadlines to whoever still has something unregistered in scope
(members with a login, secretaries and offices in force that day), the missing monthly meeting to the cell's
secretary; each sent once whatever the number of runs, in a constant number of queries."""

import datetime
import math
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bontot.assessments.models import Assessment, Registration
from bontot.core.testing.world import LONG_AGO
from bontot.criteria.models import EvaluationYear
from bontot.facts.models import Meeting
from bontot.notifications.models import Notification
from bontot.notifications.reminders import send_reminders
from bontot.notifications.tasks import send_reminders_task
from bontot.notifications.tests.factories import cells_with_secretaries
from bontot.organizations.models import Role, RoleAssignment

D = datetime.date
# In 2024 the persona "ended" is still a secretary of A (their role ends yesterday, in real time) and
# "future" is not yet one: both say the role in force on the reminder's day is what counts. Nobody has
# registered: the members with a login hear it themselves (secretary_a, also a member of A, once, as secretary).
REGISTRATION_RECIPIENTS = ["ended", "member_a", "member_b", "office", "outsider", "secretary_a"]


@pytest.fixture
def year(db):
    return EvaluationYear.objects.create(
        year=2024, registration_deadline=D(2024, 1, 20), cutoff=D(2024, 11, 30), criteria_set="kh-63-ku-2023"
    )


def _received(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


@pytest.mark.parametrize(
    ("today", "kind", "words"),
    [
        (D(2024, 1, 1), "registration.opening", "đã mở đăng ký"),
        (D(2024, 1, 13), "registration.deadline_7", "còn 7 ngày đến hạn đăng ký (20/01/2024)"),
        (D(2024, 1, 19), "registration.deadline_1", "ngày mai (20/01/2024) là hạn cuối đăng ký"),
        (D(2024, 1, 21), "registration.overdue", "đã quá hạn đăng ký (20/01/2024)"),
    ],
)
def test_it_reminds_secretaries_and_office_of_registration(world, year, today, kind, words):
    send_reminders(today)
    assert _received(kind) == REGISTRATION_RECIPIENTS
    for notification in Notification.objects.filter(kind=kind):
        assert words in notification.text
    notification = Notification.objects.get(kind=kind, user=world.users["secretary_a"])
    assert notification.dedupe_key == f"{kind}:2024:cell_secretary:{world.a.pk}"


def test_it_sends_no_registration_reminder_outside_its_window(world, year):
    for today in (D(2023, 12, 31), D(2024, 1, 28), D(2024, 2, 15)):
        send_reminders(today)
    assert not Notification.objects.filter(kind__startswith="registration.").exists()


def test_it_sends_only_the_opening_before_the_last_week(world, year):
    send_reminders(D(2024, 1, 10))
    assert set(Notification.objects.values_list("kind", flat=True)) == {"registration.opening"}


def test_it_sends_one_registration_reminder_a_day(world, year):
    send_reminders(D(2024, 1, 13))  # a year declared late: the week's reminder, not the opening
    assert set(Notification.objects.values_list("kind", flat=True)) == {"registration.deadline_7"}


def test_it_reminds_once_whatever_the_number_of_runs(world, year):
    assert send_reminders(D(2024, 1, 2)) == len(REGISTRATION_RECIPIENTS)
    assert send_reminders(D(2024, 1, 2)) == 0
    assert send_reminders(D(2024, 1, 3)) == 0  # the opening is announced once
    assert send_reminders(D(2024, 1, 13)) == len(REGISTRATION_RECIPIENTS)
    assert send_reminders(D(2024, 1, 13)) == 0
    assert send_reminders(D(2024, 1, 14)) == 0  # still in the week: the 7-day reminder is not repeated
    assert Notification.objects.count() == 2 * len(REGISTRATION_RECIPIENTS)


def test_it_reaches_only_roles_in_force_that_day(world, year):
    users = get_user_model().objects
    gone = users.create_user(username="gone")
    later = users.create_user(username="later")
    inactive = users.create_user(username="inactive", is_active=False)
    RoleAssignment.objects.create(user=gone, organization=world.b, role=Role.CELL_SECRETARY, start=LONG_AGO,
                                  end=D(2024, 1, 12))  # fmt: skip
    RoleAssignment.objects.create(user=later, organization=world.b, role=Role.CELL_SECRETARY, start=D(2024, 1, 14))
    RoleAssignment.objects.create(user=inactive, organization=world.b, role=Role.OFFICE, start=LONG_AGO)
    send_reminders(D(2024, 1, 13))
    assert _received("registration.deadline_7") == REGISTRATION_RECIPIENTS


def _secretary(username, cell, email=""):
    user = get_user_model().objects.create_user(username=username, email=email)
    RoleAssignment.objects.create(user=user, organization=cell, role=Role.CELL_SECRETARY, start=LONG_AGO)
    return user


def _meeting(cell, day, kind="regular", status="held"):
    Meeting.objects.create(organization=cell, held_on=day, kind=kind, status=status,
                           grade="good" if status == "held" else None)  # fmt: skip


def test_it_reminds_a_secretary_whose_cell_has_no_regular_meeting_this_month(world, settings):
    settings.MEETING_REMINDER_DAY = 20
    _secretary("secretary_b", world.b)
    c_secretary = _secretary("secretary_c", world.orgs["C"])
    _meeting(world.b, D(2024, 3, 5), kind="combined")  # B held its month's meeting (combined counts)
    _meeting(world.a, D(2024, 2, 28))  # last month's does not count for A
    _meeting(world.a, D(2024, 3, 6), kind="thematic")  # nor a thematic one
    _meeting(world.a, D(2024, 3, 25), status="announced")  # nor one only announced
    send_reminders(D(2024, 3, 19))
    assert not Notification.objects.exists()
    send_reminders(D(2024, 3, 20))
    assert _received("meetings.missing") == ["ended", "secretary_a", "secretary_c"]
    notification = Notification.objects.get(user=world.users["secretary_a"])
    assert notification.text == "Chi bộ thôn An Hòa chưa ghi nhận kỳ sinh hoạt thường kỳ tháng 03/2024."
    assert notification.url == f"/so-lieu/sinh-hoat/to-chuc/{world.a.pk}/"
    assert notification.organization_path == world.a.path
    assert notification.dedupe_key == f"meetings.missing:{world.a.pk}:2024-03"
    assert Notification.objects.get(user=c_secretary).organization_path == world.orgs["C"].path
    assert send_reminders(D(2024, 3, 28)) == 0  # once a month
    assert send_reminders(D(2024, 4, 20)) == 4  # a new month, a new reminder (B's meeting was in March)
    assert not Notification.objects.filter(kind__startswith="registration.").exists()  # no year declared


def test_it_starts_meeting_reminders_on_the_configured_day(world, settings):
    settings.MEETING_REMINDER_DAY = 25
    send_reminders(D(2024, 3, 24))
    assert not Notification.objects.exists()
    send_reminders(D(2024, 3, 25))
    assert _received("meetings.missing") == ["ended", "secretary_a"]


def test_it_emails_the_reminders_in_vietnamese(world, year, django_capture_on_commit_callbacks):
    user = world.users["secretary_a"]
    user.email = "hung@example.vn"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(D(2024, 1, 19))
    assert [m.to for m in mail.outbox] == [["hung@example.vn"]]  # the others have no address
    assert "ngày mai (20/01/2024) là hạn cuối đăng ký" in mail.outbox[0].body


def test_it_runs_from_the_command_twice_without_sending_twice(world, year):
    out = StringIO()
    call_command("send_reminders", "--today", "13/01/2024", stdout=out)
    call_command("send_reminders", "--today", "13/01/2024", stdout=out)
    assert out.getvalue().splitlines() == [
        "Đã gửi 6 thông báo nhắc việc ngày 13/01/2024.",
        "  Còn 7 ngày đến hạn đăng ký: 6",
        "Đã gửi 0 thông báo nhắc việc ngày 13/01/2024.",
    ]
    assert Notification.objects.count() == 6


def test_it_refuses_a_date_not_in_vietnamese_format(world):
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("send_reminders", "--today", "2024-01-13")


def test_it_runs_as_a_task(world, year, settings):
    settings.MEETING_REMINDER_DAY = 28
    result = send_reminders_task.enqueue("2024-01-21")
    assert result.return_value == len(REGISTRATION_RECIPIENTS)
    assert _received("registration.overdue") == REGISTRATION_RECIPIENTS


def _add_cells(world, count, start):
    """`count` cells under DU, each with a secretary (with an address) and two members without a login, one
    of them registered; every other cell registered and holding its month's meeting; each cell's
    self-assessment submitted (the office appraises) and the registered member's appraised for recognition
    (the standing committee decides)."""
    cells, members = cells_with_secretaries(world, count, start, prefix="X", members_each=2, email=True)
    registered = members[::2]
    Registration.objects.bulk_create(
        [Registration(member=m, year=2024, registered_on=D(2024, 1, 5)) for m in registered]
        + [Registration(organization=cell, year=2024, registered_on=D(2024, 1, 5)) for cell in cells[::2]]
    )
    Assessment.objects.bulk_create(
        [Assessment(organization=cell, year=2024, status="submitted") for cell in cells]
        + [
            Assessment(member=m, cell_id=m.organization_id, year=2024, status="appraised", proposal="recognise")
            for m in registered
        ]
    )
    # Half of the cells held their meeting this month.
    Meeting.objects.bulk_create(
        Meeting(organization=cell, held_on=D(2024, 1, 5), kind="regular", grade="good") for cell in cells[::2]
    )


def _queries(today):
    """Return how many notifications `send_reminders(today)` created, its queries but the inserts, and how
    many inserts it ran (one; Django's SQLite backend splits a bulk insert into batches of 999 parameters)."""
    with CaptureQueriesContext(connection) as queries:
        created = send_reminders(today)
    inserts = sum(q["sql"].startswith("INSERT") for q in queries.captured_queries)
    return created, len(queries.captured_queries) - inserts, inserts


def test_it_runs_the_same_queries_with_10_and_100_cells(world, year):
    _add_cells(world, 10, 0)
    small_created, small, small_inserts = _queries(D(2024, 1, 20))  # deadline day, meetings and pending work
    Notification.objects.all().delete()
    _add_cells(world, 90, 10)
    large_created, large, large_inserts = _queries(D(2024, 1, 20))
    # registration: the 6 of the persona tree and every new secretary (each cell has a member unregistered);
    # meetings: A's two secretaries and half the new cells; pending work: the office and the standing committee
    assert (small_created, large_created) == (6 + 10 + 2 + 5 + 2, 6 + 100 + 2 + 50 + 2)
    # a savepoint, the run's lock (PostgreSQL), years, assignments, unregistered organisations, unregistered
    # members, meetings, pending assessments, open complaints, organisations on their paths, roles holding them,
    # then the sending: savepoint, keys sent, (inserts), release; release
    assert small == large == 14 + (connection.vendor == "postgresql")
    batch = 999 // 8 if connection.vendor == "sqlite" else large_created
    assert (small_inserts, large_inserts) == (1, math.ceil(large_created / batch))
    office = Notification.objects.get(user=world.users["office"], kind="registration.deadline_1")
    assert office.text.startswith(
        "Năm 2024: hôm nay (20/01/2024) là hạn cuối đăng ký. Đảng ủy xã Thử Nghiệm chưa đăng ký; "
        "còn 52 chi bộ chưa đăng ký: Chi bộ thôn An Hòa, Chi bộ thôn Bình Phú, Chi bộ thêm 1, Chi bộ thêm 11, "
    )
    assert "và 42 chi bộ khác; còn 104 đảng viên chưa đăng ký (Chi bộ thôn An Hòa: 3, Chi bộ thôn Bình Phú: 1, " in (
        office.text
    )
    assert office.text.endswith(" và 92 chi bộ khác).")
    digest = Notification.objects.get(user=world.users["office"], kind="pending.appraisal")
    assert digest.text.startswith("Có 100 bản tự đánh giá chờ thẩm định: Chi bộ thêm 0, Chi bộ thêm 1,")
