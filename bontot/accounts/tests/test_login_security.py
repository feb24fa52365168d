"""Failed logins lock a username out for a while (django-axes); sessions end after inactivity; the Django
admin is for superusers only."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from bontot.accounts import services
from bontot.core.testing.world import PASSWORD, PERSONAS

LOCKED = "Tài khoản tạm thời bị khóa"


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_it_locks_a_username_out_after_five_wrong_passwords(client, world):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = _login(client, "member_a", "sai-mat-khau")
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = _login(client, "member_a", "sai-mat-khau")  # the fifth failure locks
    assert LOCKED in response.content.decode()
    response = _login(client, "member_a", PASSWORD)  # even the right password is refused now
    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKED in body and "sai mật khẩu 5 lần" in body and "thử lại sau 15 phút" in body
    assert "_auth_user_id" not in client.session


def test_it_does_not_lock_another_username(client, world):
    for _ in range(5):
        _login(client, "member_a", "sai-mat-khau")
    response = _login(client, "member_b", PASSWORD)  # same address, another username
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_it_resets_the_count_after_a_successful_login(client, world):
    for _ in range(4):
        _login(client, "member_a", "sai-mat-khau")
    assert _login(client, "member_a", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        _login(client, "member_a", "sai-mat-khau")
    assert _login(client, "member_a", PASSWORD).status_code == 302  # 8 failures in all, never 5 in a row


def test_it_lets_a_locked_username_in_again_after_the_cool_off(client, world, settings):
    for _ in range(5):
        _login(client, "member_a", "sai-mat-khau")
    assert LOCKED in _login(client, "member_a", PASSWORD).content.decode()
    from axes.models import AccessAttempt  # type: ignore[import-untyped]

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(1))
    assert _login(client, "member_a", PASSWORD).status_code == 302


def test_it_lets_a_locked_username_in_again_when_the_office_sets_a_temporary_password(client, world):
    for _ in range(5):
        _login(client, "member_a", "sai-mat-khau")
    assert LOCKED in _login(client, "member_a", PASSWORD).content.decode()
    services.set_password(world.users["member_a"], actor=world.users["office"], password="Tam-thoi-2025")
    assert _login(client, "member_a", "Tam-thoi-2025").status_code == 302


def test_it_keeps_a_session_for_the_idle_minutes_and_moves_it_on_each_request(client, world):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # SESSION_IDLE_MINUTES, default 30
    client.force_login(world.users["member_a"])
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    assert client.get(reverse("home")).status_code == 200
    expires = Session.objects.get(session_key=key).expire_date
    assert expires > timezone.now() + datetime.timedelta(minutes=29)  # activity moved the expiry forward


def test_it_sends_an_idle_session_back_to_the_login_page(client, world):
    client.force_login(world.users["member_a"])
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_refuses_a_deactivated_user_at_the_next_request(client, world):
    user = world.users["member_a"]
    client.force_login(user)
    user.is_active = False
    user.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


# --- the Django admin ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_it_keeps_every_persona_out_of_the_admin(client, world, persona):
    client.force_login(world.users[persona])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_keeps_a_staff_user_who_is_not_a_superuser_out_of_the_admin(client, django_user_model):
    staff = django_user_model.objects.create_user("nhan.vien", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/organizations/organization/").status_code == 302


def test_it_lets_a_superuser_into_the_admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("quantri", password="x"))
    assert client.get("/admin/").status_code == 200
