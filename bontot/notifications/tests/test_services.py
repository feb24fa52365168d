"""notify(): in-app rows in bulk, once per (user, key), and e-mails in Vietnamese after commit."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from bontot.notifications.models import Notification
from bontot.notifications.services import Message, mark_all_read, mark_read, notify, send_messages


def _user(name, email=""):
    return get_user_model().objects.create_user(username=name, email=email, first_name=name.title())


@pytest.fixture
def people(db):
    return [_user("an", "an@example.vn"), _user("binh", "binh@example.vn"), _user("cuc")]


def test_it_creates_one_row_per_user(people):
    rows = notify(people, kind="test.hello", text="Xin chào đồng chí.", url="/thong-bao/", organization_path="/DU/")
    assert len(rows) == 3
    stored = Notification.objects.order_by("user__username")
    assert [n.user.username for n in stored] == ["an", "binh", "cuc"]
    assert {(n.kind, n.text, n.url, n.organization_path, n.read_at) for n in stored} == {
        ("test.hello", "Xin chào đồng chí.", "/thong-bao/", "/DU/", None)
    }


def test_it_sends_nothing_twice_for_the_same_key(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(people, kind="test.key", text="Nhắc việc.", key="test.key:2024")
    with django_capture_on_commit_callbacks(execute=True):
        second = notify(people, kind="test.key", text="Nhắc việc.", key="test.key:2024")
    assert len(first) == 3
    assert second == []
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 2  # cuc has no address


def test_it_sends_a_key_again_only_to_users_who_lack_it(people):
    notify(people[:1], kind="test.key", text="Nhắc việc.", key="k")
    rows = notify(people, kind="test.key", text="Nhắc việc.", key="k")
    assert sorted(n.user.username for n in rows) == ["binh", "cuc"]
    assert Notification.objects.filter(dedupe_key="k").count() == 3


def test_it_keeps_one_of_duplicates_in_the_same_batch(people):
    an = people[0]
    rows = send_messages([Message(an, "test.a", "Một.", key="k"), Message(an, "test.a", "Hai.", key="k")])
    assert len(rows) == 1
    assert Notification.objects.get().text == "Một."


def test_it_sends_messages_without_a_key_every_time(people):
    notify(people[:1], kind="test.free", text="Tin nhắn.")
    notify(people[:1], kind="test.free", text="Tin nhắn.")
    assert Notification.objects.count() == 2


def test_it_emails_in_vietnamese_after_commit_only(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(people, kind="test.mail", text="Chi bộ chưa ghi nhận kỳ sinh hoạt.", url="/so-lieu/sinh-hoat/")
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["an@example.vn", "binh@example.vn"]
    message = next(m for m in mail.outbox if m.to == ["an@example.vn"])
    assert message.subject == "[Bốn Tốt] Thông báo mới"
    assert "Kính gửi đồng chí An" in message.body
    assert "Chi bộ chưa ghi nhận kỳ sinh hoạt." in message.body
    assert "/so-lieu/sinh-hoat/" in message.body


def test_it_emails_nobody_when_the_transaction_rolls_back(people, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(people, kind="test.mail", text="Sẽ bị hủy.")
            raise RuntimeError
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_it_emails_no_inactive_user_and_nobody_when_told_not_to(people, django_capture_on_commit_callbacks):
    people[1].is_active = False
    people[1].save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(people, kind="test.mail", text="Thư.")
        notify(people, kind="test.quiet", text="Không gửi thư.", email=False)
    assert [m.to for m in mail.outbox] == [["an@example.vn"]]
    assert Notification.objects.filter(kind="test.quiet").count() == 3


def test_it_marks_read_only_the_actors_own(people):
    an, binh = people[0], people[1]
    notify([an, binh], kind="test.read", text="Đọc đi.")
    own = Notification.objects.get(user=an)
    mark_read(own, actor=an)
    own.refresh_from_db()
    assert own.read_at is not None
    with pytest.raises(ValueError, match="own"):
        mark_read(Notification.objects.get(user=binh), actor=an)
    assert mark_all_read(actor=binh) == 1
    assert mark_all_read(actor=binh) == 0
