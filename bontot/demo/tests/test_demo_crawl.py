"""Crawl the seeded demo as every demo login, the way a user clicks through it.

Each login follows every same-site link (GET only) breadth-first, up to `PAGE_LIMIT` pages, and each
page must: answer below 500; as HTML, carry `<html lang="vi">` and a `<title>`; show dates as dd/mm/yyyy
(no ISO or d-m-Y dates in the visible text); label every visible form field; and, for a login scoped to
part of the tree, never show the name of a member or organisation outside that part.

The demo is seeded once for the module (~20 s) and shared by the tests of every login.
"""

from __future__ import annotations

import re
from io import StringIO
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from bontot.members.models import Member
from bontot.organizations.models import Organization

PAGE_LIMIT = 150
PER_ROUTE = 4  # variants of one path pattern (pagination, filters, other ids) worth a visit

# Dates a user must never read: ISO (2024-05-12) and Django's default Vietnamese d-m-Y (12-05-2024).
BAD_DATE = re.compile(r"(?<![\w/.-])(?:\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4})(?![\w/.-])")
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}
SKIP_PREFIXES = ("/static/", "/media/", "/tai-khoan/logout/")

# What each scoped login must never see: members of other cells and other committees' organisations,
# by organisation code prefix (the demo's codes, bontot/demo/story.py). Names shared with someone inside
# the login's own part of the tree are left out (homonyms are not leaks).
OTHER_CELLS = ("TT-CB-", "BT-CB-", "TP-CB-", "TTH-CB-", "QP-CB-")
OUT_OF_SCOPE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # login: (codes inside its part of the tree, code prefixes of everything it must not see)
    "bithu.vinhbinh": (("TT-CB-VB", "BT-CB-VB"), OTHER_CELLS),
    "dangvien.vinhbinh": (("TT-CB-VB", "BT-CB-VB"), OTHER_CELLS),
    "uyvien.phutrach": (("TT-CB-VB", "BT-CB-VB", "TT-CB-THT", "BT-CB-THT", "TT-CB-MC", "BT-CB-MC"), OTHER_CELLS),
    "vanphong": (("DU-TT", "DU-BT", "TT-CB-", "BT-CB-"), ("DU-TP", "DU-TTH", "DU-QP", "TP-CB-", "TTH-CB-", "QP-CB-")),
    "btv": (("DU-TT", "DU-BT", "TT-CB-", "BT-CB-"), ("DU-TP", "DU-TTH", "DU-QP", "TP-CB-", "TTH-CB-", "QP-CB-")),
    "tuyengiao": (("DU-TT", "DU-BT", "TT-CB-", "BT-CB-"), ("DU-TP", "DU-TTH", "DU-QP", "TP-CB-", "TTH-CB-", "QP-CB-")),
}
LOGINS = ("admin", "vanphong", "btv", "bithu.vinhbinh", "uyvien.phutrach", "tuyengiao", "dangvien.vinhbinh", "bantochuc")


@dataclass
class Page:
    """What the crawler reads of one HTML page."""

    lang: str | None = None
    title: str = ""
    links: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    fields: list[dict[str, str | None]] = field(default_factory=list)
    label_for: set[str] = field(default_factory=set)
    implicit: list[bool] = field(default_factory=list)  # per field: inside a <label>
    ids: list[str] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)  # (attribute, id) pointing at an element


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._skip = 0  # inside <script>/<style>
        self._in_title = False
        self._labels = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.page.ids.append(a["id"] or "")
        for attribute in ("aria-describedby", "aria-labelledby", "aria-controls"):
            for ref in (a.get(attribute) or "").split():
                self.page.references.append((attribute, ref))
        if tag == "html":
            self.page.lang = a.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag in ("script", "style"):
            self._skip += 1
        elif tag == "a" and a.get("href"):
            self.page.links.append(a["href"] or "")
        elif tag == "label":
            self._labels += 1
            if a.get("for"):
                self.page.label_for.add(a["for"] or "")
                self.page.references.append(("label for", a["for"] or ""))
        elif tag in ("input", "select", "textarea"):
            kind = (a.get("type") or "text").lower() if tag == "input" else tag
            if kind not in UNLABELLED_TYPES:
                self.page.fields.append({"tag": tag, **a})
                self.page.implicit.append(self._labels > 0)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "label":
            self._labels = max(0, self._labels - 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data
        elif not self._skip:
            self.page.text.append(data)


def parse(html: str) -> Page:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


def page_problems(url: str, page: Page, forbidden: dict[str, str]) -> list[str]:
    """Return what is wrong with one HTML page (empty when nothing is)."""
    problems: list[str] = []
    if page.lang != "vi":
        problems.append(f'{url}: <html lang="{page.lang}"> instead of "vi"')
    if not page.title.strip():
        problems.append(f"{url}: no <title>")
    text = " ".join(" ".join(page.text).split())
    for match in sorted(set(BAD_DATE.findall(text))):
        problems.append(f"{url}: date {match!r} not dd/mm/yyyy")
    for attrs, implicit in zip(page.fields, page.implicit, strict=True):
        labelled = implicit or attrs.get("aria-label") or attrs.get("aria-labelledby")
        labelled = labelled or (attrs.get("id") and attrs["id"] in page.label_for)
        if not labelled:
            problems.append(f"{url}: unlabelled <{attrs['tag']} name={attrs.get('name')!r} id={attrs.get('id')!r}>")
    ids = set(page.ids)
    for duplicate in sorted({i for i in page.ids if page.ids.count(i) > 1}):
        problems.append(f"{url}: id {duplicate!r} used twice")
    for attribute, ref in page.references:
        if ref not in ids:
            problems.append(f"{url}: {attribute}={ref!r} names no element")
    for name, where in forbidden.items():
        if name in text:
            problems.append(f"{url}: shows {name!r} of {where}")
    return problems


def forbidden_names(username: str) -> dict[str, str]:
    """Return name → organisation code of what `username` must not see (members, organisations)."""
    if username not in OUT_OF_SCOPE:
        return {}
    inside, outside = OUT_OF_SCOPE[username]

    def within(code: str, prefixes: tuple[str, ...]) -> bool:
        return any(code == p or (p.endswith("-") and code.startswith(p)) for p in prefixes)

    names: dict[str, str] = {}
    allowed: set[str] = set()
    user = get_user_model().objects.get(username=username)
    allowed.add(user.get_full_name())
    member_self = Member.objects.filter(user=user).values_list("full_name", flat=True).first()
    members = Member.objects.values_list("full_name", "organization__code", "user_id")
    for full_name, code, user_id in members:
        if username == "dangvien.vinhbinh":
            # The member role reaches only the member's own record.
            if user_id != user.pk:
                names.setdefault(full_name, code)
        elif within(code, inside):
            allowed.add(full_name)
        elif within(code, outside):
            names.setdefault(full_name, code)
    if member_self:
        allowed.add(member_self)
    allowed |= {u.get_full_name() for u in get_user_model().objects.all()}  # demo logins may be named anywhere
    for name, code in Organization.objects.values_list("name", "code"):
        if within(code, inside) or not within(code, outside):
            allowed.add(name)
        elif username != "dangvien.vinhbinh":
            names.setdefault(name, code)
    return {name: code for name, code in names.items() if name not in allowed}


def route_key(path: str) -> str:
    """Group URLs that differ only by ids or query values, so the crawl spreads over every kind of page."""
    split = urlsplit(path)
    shape = re.sub(r"/\d+(?=/|$)", "/<id>", split.path)
    keys = sorted({part.split("=", 1)[0] for part in split.query.split("&") if part})
    return shape + ("?" + "&".join(keys) if keys else "")


def crawl(client: Client, *, admin: bool, forbidden: dict[str, str], limit: int = PAGE_LIMIT) -> tuple[int, list[str]]:
    """Follow same-site links breadth-first from "/"; return the number of pages seen and the problems."""
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    seen: set[str] = {"/"}
    per_route: dict[str, int] = {}
    problems: list[str] = []
    visited = 0
    while queue and visited < limit:
        url, referrer = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code >= 500:
            problems.append(f"{url}: status {response.status_code} (linked from {referrer})")
            continue
        targets: list[str] = []
        if response.status_code in (301, 302, 303, 307, 308):
            targets.append(response["Location"])
        elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            page = parse(response.content.decode())
            problems.extend(page_problems(url, page, forbidden))
            targets.extend(page.links)
        elif response.status_code in (403, 404):
            problems.append(f"{url}: status {response.status_code} for a link on {referrer}")
        for href in targets:
            target = urljoin(url, href).split("#", 1)[0]
            split = urlsplit(target)
            if split.scheme not in ("", "http") or split.netloc not in ("", "testserver"):
                continue
            target = split.path + (f"?{split.query}" if split.query else "")
            if not target.startswith("/") or target.startswith(SKIP_PREFIXES):
                continue
            if target.startswith("/admin/") and not admin:
                continue
            if target in seen:
                continue
            key = route_key(target)
            if per_route.get(key, 0) >= PER_ROUTE:
                continue
            per_route[key] = per_route.get(key, 0) + 1
            seen.add(target)
            queue.append((target, url))
    return visited, problems


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seed the demo once for this module, in a transaction rolled back at its end (other modules start clean)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", LOGINS)
def test_it_crawls_the_demo_without_errors(demo, django_db_blocker, username):
    with django_db_blocker.unblock():
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        visited, problems = crawl(client, admin=user.is_superuser, forbidden=forbidden_names(username))
    assert visited > 1
    assert problems == []
