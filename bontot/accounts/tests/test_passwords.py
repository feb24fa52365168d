"""Password change (logged in) and password reset by e-mail, in Vietnamese."""

import re

from django.core import mail
from django.urls import reverse

from bontot.core.testing.world import PASSWORD


def test_it_changes_ones_own_password_and_keeps_the_session(client, world):
    user = world.users["member_a"]
    client.force_login(user)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "Mật khẩu hiện tại" in page and "Nhập lại mật khẩu mới" in page
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2025")
    assert "Đã đổi mật khẩu" in client.get(response["Location"]).content.decode()


def test_it_says_next_to_the_field_when_the_current_password_is_wrong(client, world):
    client.force_login(world.users["member_a"])
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "sai", "new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"] == ["Mật khẩu hiện tại không đúng. Xin nhập lại."]
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2025", "new_password2": "Khac-2025"},
    )
    assert response.context["form"].errors["new_password2"] == ["Hai mật khẩu không khớp nhau."]


def test_it_sends_a_reset_link_in_vietnamese_and_sets_the_new_password(client, world):
    user = world.users["member_a"]
    user.email = "an@example.vn"
    user.last_name, user.first_name = "Nguyễn Văn", "An"
    user.save()
    assert "Quên mật khẩu?" in client.get(reverse("accounts:login")).content.decode()
    response = client.post(reverse("accounts:password_reset"), {"email": "an@example.vn"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.vn"]
    assert message.subject == "Đặt lại mật khẩu tài khoản Bốn Tốt"
    assert "Xin chào Nguyễn Văn An," in message.body  # Vietnamese name order
    assert "Để đặt mật khẩu mới" in message.body
    link = re.search(r"http://testserver(/\S+)", str(message.body))
    assert link is not None
    response = client.get(link.group(1))  # Django swaps the token into the session and redirects
    assert response.status_code == 302
    form_url = response["Location"]
    assert "Đặt mật khẩu mới" in client.get(form_url).content.decode()
    response = client.post(form_url, {"new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2025")
    assert client.get(link.group(1)).status_code == 200  # the link works once
    assert "không còn dùng được" in client.get(link.group(1)).content.decode()


def test_it_tells_nothing_about_an_unknown_address(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": "khong-co@example.vn"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_it_says_next_to_the_field_when_the_address_is_invalid(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": "khong-phai-email"})
    assert response.context["form"].errors["email"] == ["Địa chỉ e-mail không hợp lệ."]
