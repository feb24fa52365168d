"""The dashboards link to the fact pages each viewer may open, and those pages link back."""

import re

import pytest
from django.urls import reverse

from .factories import YEAR, seed_world

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav aria-label="Trang của [^"]*"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture
def seeded(world):
    seed_world(world)
    return world


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def targets(w):
    a = w.a.pk
    return {
        "meeting_log": f"{reverse('facts:meeting_log', kwargs={'org_pk': a})}?nam={YEAR}",
        "year_facts": reverse("facts:year_facts", kwargs={"org_pk": a, "year": YEAR}),
        "organization": reverse("organizations:detail", kwargs={"pk": a}),
        "members": f"{reverse('members:list')}?to_chuc={a}",
        "complaints": reverse("facts:complaint_list", kwargs={"org_pk": a}),
    }


ALL = {"meeting_log", "year_facts", "organization", "members", "complaints"}


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("member_a", {"meeting_log"}),
        ("secretary_a", ALL),
        ("supervisor_a", ALL),
        ("office", ALL),
        ("standing", ALL),
        ("reviewer", ALL),
    ],
)
def test_it_links_the_organisation_dashboard_to_the_pages_the_viewer_may_open(client, seeded, persona, shown):
    user = seeded.users[persona]
    body = get(client, user, reverse("dashboards:organization", kwargs={"pk": seeded.a.pk, "year": YEAR}))
    nav = NAV.search(body.content.decode())
    links = set(HREF.findall(nav.group(1))) if nav else set()
    urls = targets(seeded)
    assert {name for name, url in urls.items() if url.replace("&", "&amp;") in links} == shown
    for name, url in urls.items():
        status = client.get(url).status_code
        if name in shown:
            assert status == 200, name
        elif name != "members":  # a member's list answers 200 with only themselves: no link for them
            assert status == 403, name


def test_it_links_the_members_of_the_organisation_dashboard_to_their_dashboards(client, seeded):
    body = get(client, seeded.users["secretary_a"], reverse("dashboards:organization", args=[seeded.a.pk, YEAR]))
    other = seeded.members["other_a"]
    assert f'href="{reverse("dashboards:member", args=[other.pk, YEAR])}"' in body.content.decode()


@pytest.mark.parametrize(
    ("persona", "member", "url_name"),
    [("member_a", "member_a", "dashboards:me"), ("secretary_a", "other_a", "dashboards:member")],
)
def test_it_links_the_member_dashboard_to_the_members_page(client, seeded, persona, member, url_name):
    subject = seeded.members[member]
    url = reverse(url_name) if url_name == "dashboards:me" else reverse(url_name, args=[subject.pk, YEAR])
    body = get(client, seeded.users[persona], url).content.decode()
    detail = reverse("members:detail", args=[subject.pk])
    assert f'href="{detail}"' in body
    assert client.get(detail).status_code == 200


def test_it_links_the_organisation_page_back_to_its_dashboard_of_the_latest_year(client, seeded):
    from bontot.dashboards.tests.factories import make_year

    make_year(YEAR - 1)  # an older year does not win
    body = get(client, seeded.users["office"], reverse("organizations:detail", args=[seeded.a.pk])).content.decode()
    dashboard = reverse("dashboards:organization", args=[seeded.a.pk, YEAR])
    assert f'href="{dashboard}"' in body and f"Kết quả đánh giá năm {YEAR}" in body
    assert client.get(dashboard).status_code == 200


@pytest.mark.parametrize(("persona", "member"), [("member_a", "member_a"), ("secretary_a", "other_a")])
def test_it_links_the_member_page_back_to_their_dashboard_of_the_latest_year(client, seeded, persona, member):
    subject = seeded.members[member]
    body = get(client, seeded.users[persona], reverse("members:detail", args=[subject.pk])).content.decode()
    dashboard = reverse("dashboards:member", args=[subject.pk, YEAR])
    assert f'href="{dashboard}"' in body
    assert client.get(dashboard).status_code == 200
