"""The bell, the list and the mark-as-read actions: a user sees and marks only their own notifications."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bontot.notifications.context_processors import Bell
from bontot.notifications.models import Notification


def _add(user, count, *, read=False, start=0):
    base = timezone.now() - datetime.timedelta(days=1)
    Notification.objects.bulk_create(
        Notification(
            user=user,
            kind="test.list",
            text=f"Thông báo số {i}",
            created_at=base + datetime.timedelta(minutes=i),
            read_at=base if read else None,
        )
        for i in range(start, start + count)
    )


def test_it_shows_the_unread_count_on_the_bell(client, world):
    member = world.users["member_a"]
    _add(member, 3)
    _add(member, 2, read=True, start=3)
    _add(world.users["member_b"], 4)
    client.force_login(member)
    body = client.get(reverse("dashboards:home")).content.decode()
    assert 'aria-label="Thông báo: 3 chưa đọc"' in body
    assert reverse("notifications:list") in body


def test_it_shows_zero_on_the_bell_of_a_user_without_notifications(client, world):
    client.force_login(world.users["office"])
    body = client.get(reverse("notifications:list")).content.decode()
    assert 'aria-label="Thông báo: 0 chưa đọc"' in body
    assert "Chưa có thông báo nào." in body


def test_it_counts_unread_only_when_a_template_asks(world, django_assert_num_queries):
    bell = Bell(world.users["member_a"])
    _add(world.users["member_a"], 2)
    with django_assert_num_queries(0):
        Bell(world.users["member_a"])
    with django_assert_num_queries(1):
        assert bell.unread == 2
        assert bell.unread == 2  # read once


def test_it_lists_own_notifications_newest_first_with_unread_highlighted(client, world):
    member = world.users["member_a"]
    _add(member, 2, read=True)
    _add(member, 1, start=2)
    _add(world.users["member_b"], 1, start=9)
    client.force_login(member)
    response = client.get(reverse("notifications:list"))
    page = list(response.context["page_obj"])
    assert [n.text for n in page] == ["Thông báo số 2", "Thông báo số 1", "Thông báo số 0"]
    body = response.content.decode()
    assert "Thông báo số 9" not in body
    assert body.count("list-group-item-warning") == 1
    assert body.count("Chưa đọc</span>") == 1


def test_it_paginates_by_twenty(client, world):
    _add(world.users["member_a"], 25)
    client.force_login(world.users["member_a"])
    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list") + "?page=2")
    assert len(first.context["page_obj"]) == 20
    assert [n.text for n in second.context["page_obj"]] == [f"Thông báo số {i}" for i in range(4, -1, -1)]
    assert "Trang 1/2" in first.content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_it_lists_with_the_same_queries_for_2_and_20(client, world, django_assert_num_queries, count):
    _add(world.users["member_a"], count)
    client.force_login(world.users["member_a"])
    client.get(reverse("notifications:list"))
    # session, user, the page's count, grants (menu), the bell's count, the page's rows, session save (3)
    with django_assert_num_queries(9):
        client.get(reverse("notifications:list"))


def test_it_marks_one_read_and_follows_a_local_next(client, world):
    member = world.users["member_a"]
    _add(member, 2)
    first, second = Notification.objects.filter(user=member).order_by("pk")
    client.force_login(member)
    response = client.post(reverse("notifications:read", kwargs={"pk": first.pk}), {"next": "/so-lieu/sinh-hoat/"})
    assert response.status_code == 302
    assert response["Location"] == "/so-lieu/sinh-hoat/"
    response = client.post(reverse("notifications:read", kwargs={"pk": second.pk}), {"next": "https://evil.example"})
    assert response["Location"] == reverse("notifications:list")
    assert not Notification.objects.filter(user=member, read_at__isnull=True).exists()


def test_it_never_marks_anothers_notification(client, world):
    _add(world.users["member_b"], 1)
    theirs = Notification.objects.get()
    client.force_login(world.users["member_a"])
    response = client.post(reverse("notifications:read", kwargs={"pk": theirs.pk}))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_marks_all_own_read_and_says_so(client, world):
    _add(world.users["member_a"], 3)
    _add(world.users["member_b"], 2)
    client.force_login(world.users["member_a"])
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "Đã đánh dấu 3 thông báo là đã đọc." in response.content.decode()
    assert 'aria-label="Thông báo: 0 chưa đọc"' in response.content.decode()
    assert Notification.objects.filter(user=world.users["member_b"], read_at__isnull=True).count() == 2


def _kinds(user):
    for kind, text in [
        ("registration.opening", "Năm 2024: đã mở đăng ký."),
        ("pending.appraisal", "Có 2 bản tự đánh giá chờ thẩm định."),
        ("pending.decision", "Có 1 đối tượng chờ quyết định."),
        ("something.new", "Một thông báo loại mới."),
    ]:
        Notification.objects.create(user=user, kind=kind, text=text)


def test_it_names_each_kind_in_vietnamese_never_by_its_code(client, world):
    _kinds(world.users["member_a"])
    client.force_login(world.users["member_a"])
    body = client.get(reverse("notifications:list")).content.decode()
    for label in ("Mở đăng ký", "Chờ thẩm định", "Chờ quyết định công nhận", "Thông báo khác"):
        assert f"{label}</span>" in body
    for code in ("registration.opening", "pending.appraisal", "something.new"):
        assert code not in body


def test_it_filters_by_group_of_kinds(client, world):
    _kinds(world.users["member_a"])
    client.force_login(world.users["member_a"])
    response = client.get(reverse("notifications:list") + "?loai=pending")
    assert [n.kind for n in response.context["page_obj"]] == ["pending.decision", "pending.appraisal"]
    assert 'aria-current="page" href="/thong-bao/?loai=pending">Việc chờ xử lý</a>' in response.content.decode()
    response = client.get(reverse("notifications:list") + "?loai=meetings")
    assert "Không có thông báo nào thuộc loại này." in response.content.decode()
    response = client.get(reverse("notifications:list") + "?loai=%3Cscript%3E")  # unknown: everything
    assert len(response.context["page_obj"]) == 4


def test_it_keeps_the_filter_across_pages(client, world):
    Notification.objects.bulk_create(
        Notification(user=world.users["member_a"], kind="pending.appraisal", text=f"Việc {i}") for i in range(25)
    )
    client.force_login(world.users["member_a"])
    body = client.get(reverse("notifications:list") + "?loai=pending").content.decode()
    assert "?loai=pending&page=2" in body


@pytest.mark.parametrize("count", [2, 20])
def test_it_filters_with_the_same_queries_for_2_and_20(client, world, django_assert_num_queries, count):
    _add(world.users["member_a"], count)
    Notification.objects.update(kind="registration.opening")
    _add(world.users["member_a"], 3)  # other kinds, filtered out
    client.force_login(world.users["member_a"])
    client.get(reverse("notifications:list") + "?loai=registration")
    with django_assert_num_queries(9):
        client.get(reverse("notifications:list") + "?loai=registration")
