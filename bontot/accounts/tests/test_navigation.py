"""The main menu: every entry a user is shown opens for that user."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

ME = reverse("dashboards:me")


def menu_links(client) -> list[str]:
    body = client.get(reverse("home")).content.decode()
    menu = body.split('id="main-menu"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<a class=\"nav-link[^\"]*\"[^>]*href=\"([^\"]+)\"", menu)


@pytest.mark.parametrize("persona", ["superuser", "member_a", "office"])
def test_it_links_only_pages_the_user_may_open(client, world, persona):
    if persona == "superuser":
        user = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    else:
        user = world.users[persona]
    client.force_login(user)
    links = menu_links(client)
    assert links
    assert [(url, client.get(url, follow=True).status_code) for url in links] == [(url, 200) for url in links]


def test_it_hides_the_own_result_page_from_a_superuser_without_a_member_record(client, world):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "x"))
    assert ME not in menu_links(client)
    client.force_login(world.users["member_a"])
    assert ME in menu_links(client)
