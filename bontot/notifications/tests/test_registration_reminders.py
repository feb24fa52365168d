"""Registration reminders name only what is still missing, within each recipient's scope: a subject with a
registration row of the year (accepted, late and pending, or refused) is never reminded again."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from bontot.assessments.models import Registration
from bontot.core.testing.world import LONG_AGO
from bontot.criteria.models import EvaluationYear
from bontot.notifications.kinds import kind_label
from bontot.notifications.models import Notification
from bontot.notifications.registration import NAMES_SHOWN, _names
from bontot.notifications.reminders import send_reminders
from bontot.organizations.models import Role, RoleAssignment

D = datetime.date
WEEK = D(2024, 1, 13)  # 7 days before the deadline
HEAD = "Năm 2024: còn 7 ngày đến hạn đăng ký (20/01/2024)."


@pytest.fixture
def year(db):
    return EvaluationYear.objects.create(
        year=2024, registration_deadline=D(2024, 1, 20), cutoff=D(2024, 11, 30), criteria_set="kh-63-ku-2023"
    )


def _register(status="accepted", *, member=None, organization=None):
    late = status != "accepted"
    Registration.objects.create(
        member=member, organization=organization, year=2024, registered_on=D(2024, 1, 22) if late else D(2024, 1, 5),
        status=status, late=late, decision_reason="Không đủ điều kiện." if status == "refused" else "",
    )  # fmt: skip


def _texts():
    return {n.user.username: n.text for n in Notification.objects.filter(kind="registration.deadline_7")}


def test_it_names_everything_missing_when_nobody_registered(world, year):
    send_reminders(WEEK)
    assert _texts() == {
        "secretary_a": f"{HEAD} Chi bộ thôn An Hòa chưa đăng ký; còn 3 đảng viên chưa đăng ký: "
        "Nguyễn Văn An, Trần Thị Ánh, Lê Văn Hùng.",
        "ended": f"{HEAD} Chi bộ thôn An Hòa chưa đăng ký; còn 3 đảng viên chưa đăng ký: "
        "Nguyễn Văn An, Trần Thị Ánh, Lê Văn Hùng.",
        "office": f"{HEAD} Đảng ủy xã Thử Nghiệm chưa đăng ký; còn 2 chi bộ chưa đăng ký: Chi bộ thôn An Hòa, "
        "Chi bộ thôn Bình Phú; còn 4 đảng viên chưa đăng ký (Chi bộ thôn An Hòa: 3, Chi bộ thôn Bình Phú: 1).",
        "outsider": f"{HEAD} Đảng ủy xã Bên Cạnh chưa đăng ký; còn 1 chi bộ chưa đăng ký: Chi bộ thôn Cẩm Lý; "
        "còn 1 đảng viên chưa đăng ký (Chi bộ thôn Cẩm Lý: 1).",
        "member_a": f"{HEAD} Đồng chí chưa đăng ký phấn đấu đạt “bốn tốt” năm 2024.",
        "member_b": f"{HEAD} Đồng chí chưa đăng ký phấn đấu đạt “bốn tốt” năm 2024.",
    }
    links = dict(Notification.objects.values_list("user__username", "url"))
    assert links["secretary_a"] == f"/danh-gia/dang-ky/chi-bo/{world.a.pk}/?year=2024"
    assert links["office"] == "/danh-gia/dang-ky/chua-dang-ky/?year=2024"
    assert links["member_a"] == "/danh-gia/dang-ky/?year=2024"
    paths = dict(Notification.objects.values_list("user__username", "organization_path"))
    assert (paths["secretary_a"], paths["office"], paths["member_b"]) == (world.a.path, world.du.path, world.b.path)


@pytest.mark.parametrize("status", ["accepted", "pending", "refused"])
def test_it_skips_subjects_with_a_registration_whatever_its_status(world, year, status):
    _register(status, member=world.members["member_a"])
    _register(status, member=world.members["other_a"])
    _register(status, organization=world.a)
    _register(status, organization=world.du)
    send_reminders(WEEK)
    texts = _texts()
    assert "member_a" not in texts
    assert texts["secretary_a"] == f"{HEAD} Chi bộ thôn An Hòa còn 1 đảng viên chưa đăng ký: Lê Văn Hùng."
    assert texts["office"] == (
        f"{HEAD} Đảng ủy xã Thử Nghiệm còn 1 chi bộ chưa đăng ký: Chi bộ thôn Bình Phú; "
        "còn 2 đảng viên chưa đăng ký (Chi bộ thôn An Hòa: 1, Chi bộ thôn Bình Phú: 1)."
    )


def test_it_tells_nothing_to_whoever_has_nothing_missing(world, year):
    for member in world.members.values():
        _register(member=member)
    for code in ("A", "B", "C", "DU", "DU2"):
        _register(organization=world.orgs[code])
    assert send_reminders(WEEK) == 0
    _register(organization=world.orgs["SUP"])  # not a subject that registers: changes nothing
    assert send_reminders(D(2024, 1, 19)) == 0


def test_it_reminds_the_secretary_of_the_cell_alone_when_only_the_cell_is_missing(world, year):
    for member in world.members.values():
        _register(member=member)
    _register(organization=world.du)
    send_reminders(WEEK)
    texts = _texts()
    assert texts["secretary_a"] == f"{HEAD} Chi bộ thôn An Hòa chưa đăng ký."
    assert texts["office"] == (
        f"{HEAD} Đảng ủy xã Thử Nghiệm còn 2 chi bộ chưa đăng ký: Chi bộ thôn An Hòa, Chi bộ thôn Bình Phú."
    )
    assert sorted(texts) == ["ended", "office", "outsider", "secretary_a"]


def test_it_keeps_names_within_each_recipients_scope(world, year):
    send_reminders(WEEK)
    texts = _texts()
    for name in ("Phạm Văn Bảo", "Bình Phú", "Cẩm Lý", "Võ Thị Cúc"):
        assert name not in texts["secretary_a"]
    for name in ("Cẩm Lý", "Bên Cạnh"):
        assert name not in texts["office"]
    for name in ("An Hòa", "Thử Nghiệm"):
        assert name not in texts["outsider"]
    # The office counts members, it does not list them (a committee has hundreds).
    assert "Nguyễn Văn An" not in texts["office"]


def test_it_reminds_a_member_with_a_login_only_while_active(world, year):
    user = world.users["member_b"]
    user.is_active = False
    user.save()
    send_reminders(WEEK)
    assert "member_b" not in _texts()


def test_it_reminds_a_secretary_of_two_cells_once_per_cell(world, year):
    both = get_user_model().objects.create_user(username="both")
    for cell in (world.a, world.b):
        RoleAssignment.objects.create(user=both, organization=cell, role=Role.CELL_SECRETARY, start=LONG_AGO)
    send_reminders(WEEK)
    texts = sorted(Notification.objects.filter(user=both).values_list("text", flat=True))
    assert [t.split(". ", 1)[1].split(" chưa")[0] for t in texts] == ["Chi bộ thôn An Hòa", "Chi bộ thôn Bình Phú"]


def test_it_sends_each_stage_once_while_the_missing_change(world, year):
    assert send_reminders(WEEK) == 6
    _register(member=world.members["member_b"])
    assert send_reminders(WEEK) == 0
    assert send_reminders(D(2024, 1, 15)) == 0  # same stage: the week's reminder is not repeated
    assert send_reminders(D(2024, 1, 19)) == 5  # the next stage: member_b has registered since
    assert not Notification.objects.filter(user=world.users["member_b"], kind="registration.deadline_1").exists()


def test_it_counts_the_names_beyond_those_it_spells_out():
    names = [f"Người {i}" for i in range(NAMES_SHOWN + 2)]
    assert _names(names, "đồng chí").endswith("Người 9 và 2 đồng chí khác")
    assert _names(names[:NAMES_SHOWN], "đồng chí").endswith("Người 9")


def test_every_kind_sent_has_a_vietnamese_label(world, year, settings):
    settings.MEETING_REMINDER_DAY = 1
    for day in (D(2024, 1, 2), WEEK, D(2024, 1, 19), D(2024, 1, 21)):
        send_reminders(day)
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {
        "registration.opening",
        "registration.deadline_7",
        "registration.deadline_1",
        "registration.overdue",
        "meetings.missing",
    }
    assert {kind_label(k) for k in kinds} == {
        "Mở đăng ký",
        "Còn 7 ngày đến hạn đăng ký",
        "Sắp hết hạn đăng ký",
        "Quá hạn đăng ký",
        "Chưa ghi nhận sinh hoạt chi bộ",
    }
