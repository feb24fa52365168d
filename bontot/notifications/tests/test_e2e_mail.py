"""E-mail of notifications, end to end through real transactions (no capture of on-commit callbacks; any
database): a notification to a user with an address is e-mailed in Vietnamese once its transaction commits,
never before, never when it rolls back, and never to a user without an address."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction

from bontot.assessments.models import Assessment
from bontot.members.models import Member
from bontot.notifications.models import Notification
from bontot.notifications.reminders import send_reminders
from bontot.notifications.services import notify
from bontot.organizations.models import Organization, Role, RoleAssignment

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date


class RollbackError(Exception):
    pass


def _user(username, email=""):
    return get_user_model().objects.create_user(username=username, email=email, first_name="Hùng", last_name="Lê")


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://bontot.example.vn"
    settings.DEFAULT_FROM_EMAIL = "bontot@example.vn"


def test_it_emails_after_commit_only_and_only_to_an_address():
    with_address, without = _user("hung", "hung@example.vn"), _user("an")
    with transaction.atomic():
        notify([with_address, without], kind="test.e2e", text="Có 1 bản tự đánh giá chờ thẩm định.", url="/thong-bao/")
        assert Notification.objects.count() == 2
        assert mail.outbox == []  # not before the commit
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hung@example.vn"]
    assert message.from_email == "bontot@example.vn"
    assert message.subject == "[Bốn Tốt] Thông báo mới"
    assert message.body.startswith("Kính gửi đồng chí Lê Hùng,")  # Vietnamese order: family name first
    assert "Có 1 bản tự đánh giá chờ thẩm định." in message.body
    assert "Xem chi tiết trong ứng dụng Bốn Tốt: https://bontot.example.vn/thong-bao/" in message.body
    assert "Đây là thư tự động của ứng dụng Bốn Tốt, xin đừng trả lời thư này." in message.body


def test_it_emails_nothing_when_the_transaction_rolls_back():
    user = _user("hung", "hung@example.vn")
    with pytest.raises(RollbackError), transaction.atomic():
        notify([user], kind="test.e2e", text="Không bao giờ được gửi.")
        raise RollbackError
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_it_emails_nothing_to_a_deactivated_user():
    user = _user("hung", "hung@example.vn")
    user.is_active = False
    user.save()
    notify([user], kind="test.e2e", text="Tài khoản đã khóa.")
    assert Notification.objects.count() == 1
    assert mail.outbox == []


def test_the_reminders_email_their_digest_once():
    root = Organization.objects.create(code="DU", name="Đảng ủy xã Thử Nghiệm", kind="grassroots_committee",
                                       valid_from=D(2000, 1, 1), path="/DU/", depth=0)  # fmt: skip
    cell = Organization.objects.create(code="A", name="Chi bộ thôn An Hòa", kind="cell", parent=root,
                                       valid_from=D(2000, 1, 1), path="/DU/A/", depth=1)  # fmt: skip
    secretary, silent = _user("hung", "hung@example.vn"), _user("binh")
    for user in (secretary, silent):
        RoleAssignment.objects.create(user=user, organization=cell, role=Role.CELL_SECRETARY, start=D(2000, 1, 1))
    member = Member.objects.create(card_no="A-001", full_name="Nguyễn Văn An", birth_date=D(1980, 5, 17),
                                   gender="male", organization=cell, admitted_on=D(2010, 3, 2))  # fmt: skip
    Assessment.objects.create(member=member, year=2024, status="submitted")
    monday = D(2024, 12, 2)
    assert send_reminders(monday) == 2  # both secretaries hold the appraisal; one has an address
    assert send_reminders(monday) == 0
    assert [m.to for m in mail.outbox] == [["hung@example.vn"]]
    assert "Có 1 bản tự đánh giá chờ thẩm định: Nguyễn Văn An." in mail.outbox[0].body
