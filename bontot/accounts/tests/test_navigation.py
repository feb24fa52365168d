"""The main menu: every entry a user is shown opens for that user."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from bontot.accounts import navigation

ME = reverse("dashboards:me")


def main_menu(client, url: str | None = None) -> str:
    body = client.get(url or reverse("home")).content.decode()
    return body.split('id="main-menu"', 1)[1].split('<div class="d-flex', 1)[0]


def menu_links(client) -> list[str]:
    """Every entry's URL, on the top line or under a heading."""
    return re.findall(r"<a class=\"(?:nav-link|dropdown-item)[^\"]*\"[^>]*href=\"([^\"]+)\"", main_menu(client))


def headings(client, url: str | None = None) -> list[str]:
    return re.findall(r"data-bs-toggle=\"dropdown\"[^>]*>([^<]+)</button>", main_menu(client, url))


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


def test_a_member_shown_few_entries_gets_them_on_one_line(client, world):
    client.force_login(world.users["member_a"])
    assert headings(client) == []
    assert reverse("assessments:self_mine") in menu_links(client)


def test_the_office_gets_its_many_entries_grouped_under_headings(client, world):
    client.force_login(world.users["office"])
    links = menu_links(client)
    assert len(links) > navigation.FLAT_MAX
    assert headings(client) == ["Dữ liệu", "Đánh giá", "Quản trị"]
    top = re.findall(r"<a class=\"nav-link[^\"]*\"[^>]*href=\"([^\"]+)\"", main_menu(client))
    assert reverse("dashboards:home") in top and reverse("statistics:year") in top
    assert reverse("decisions:list") in links and reverse("decisions:list") not in top
    # the heading of the page being read is marked, and the entry itself
    menu = main_menu(client, reverse("decisions:list"))
    assert re.search(r"dropdown-toggle active\"[^>]*>Đánh giá<", menu)
    assert re.search(r"dropdown-item active\" aria-current=\"page\" href=\"" + reverse("decisions:list"), menu)


def test_a_heading_left_with_one_entry_gives_way_to_it(rf, world):
    request = rf.get("/")
    request.user = world.users["office"]
    entries = navigation.menu(request)
    assert all(len(e["entries"]) > 1 for e in entries if "entries" in e)
    flat = [e["label"] for e in entries if "entries" not in e]
    assert "Tổng quan" in flat and "Sinh hoạt" in flat
