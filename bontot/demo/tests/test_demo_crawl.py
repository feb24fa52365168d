"""Crawl the seeded demo as every demo login, the way a user clicks through it.

Each login follows every same-site link and htmx `hx-get` (GET only) breadth-first, up to `PAGE_LIMIT`
pages, and each page must: answer below 500 (and no link may lead to a 403/404); as a whole HTML page,
carry `<html lang="vi">` and a `<title>`; show dates as dd/mm/yyyy (no ISO or d-m-Y dates in the visible
text); label every visible form field; point its ARIA references and `<label for>` at existing ids, with
no id used twice; and, for a login scoped to part of the tree, never show the name of a member or
organisation outside that part. The module also posts invalid forms as the roles that use them.

The demo is seeded once for the module (~20 s) and shared by the tests of every login.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from typing import Any
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
LOGINS = "admin vanphong btv bithu.vinhbinh uyvien.phutrach tuyengiao dangvien.vinhbinh bantochuc".split()


@dataclass
class Page:
    """What the crawler reads of one HTML page."""

    full: bool = False  # a whole page (else an htmx fragment: no <html>, no <title>)
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
        if a.get("hx-get"):
            self.page.links.append(a["hx-get"] or "")
        if tag == "html":
            self.page.full = True
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
    if page.full and page.lang != "vi":
        problems.append(f'{url}: <html lang="{page.lang}"> instead of "vi"')
    if page.full and not page.title.strip():
        problems.append(f"{url}: no <title>")
    text = " ".join(" ".join(page.text).split())
    for match in sorted(set(BAD_DATE.findall(text))):
        problems.append(f"{url}: date {match!r} not dd/mm/yyyy")
    for attrs, implicit in zip(page.fields, page.implicit, strict=True):
        own_id = attrs.get("id") or ""
        labelled = implicit or bool(attrs.get("aria-label") or attrs.get("aria-labelledby") or own_id in page.label_for)
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
    # Exemplary stories are published for the whole subtree (plan III.1): their subjects are public there.
    from bontot.showcase.access import visible_stories

    for story in visible_stories(user).select_related("entry"):
        allowed.add(story.entry.name)
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


@pytest.mark.django_db
@pytest.mark.parametrize("username", LOGINS)
def test_it_crawls_the_demo_without_errors(demo, username):
    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    visited, problems = crawl(client, admin=user.is_superuser, forbidden=forbidden_names(username))
    assert visited >= 10  # every login reaches its part of the demo
    assert problems == []


def test_it_flags_what_a_user_would_hit():
    html = (
        '<html lang="en"><head></head><body><p>Họp ngày 2024-05-12, hạn 12-05-2024, sửa 12/05/2024</p>'
        '<input name="a"><label for="b">B</label><input id="b" name="b"><label>C <input name="c"></label>'
        '<input name="d" aria-describedby="d_help"><input type="hidden" name="e"><p>Phạm Văn Bảo</p></body></html>'
    )
    problems = page_problems("/x/", parse(html), {"Phạm Văn Bảo": "B"})
    assert problems == [
        '/x/: <html lang="en"> instead of "vi"',
        "/x/: no <title>",
        "/x/: date '12-05-2024' not dd/mm/yyyy",
        "/x/: date '2024-05-12' not dd/mm/yyyy",
        "/x/: unlabelled <input name='a' id=None>",
        "/x/: unlabelled <input name='d' id=None>",
        "/x/: aria-describedby='d_help' names no element",
        "/x/: shows 'Phạm Văn Bảo' of B",
    ]


# -- invalid forms, posted as the role that uses them ------------------------------------------------------


class FormReader(HTMLParser):
    """Read a page's POST form as a browser would submit it untouched: name → value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and name and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            if a.get("type") != "submit":
                self.data[name] = a.get("value") or ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and ("selected" in a or self._select not in self.data):
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data


def form_data(html: str) -> dict[str, str]:
    form = html.split('<form method="post"', 2)[-1]  # the page's form, after the logout form of the menu
    reader = FormReader()
    reader.feed("<form " + form)
    return reader.data


def error_next_to(html: str, field_id: str) -> str:
    """Return the error shown right after field `field_id` (no other field in between), else ""."""
    start = html.find(f'id="{field_id}"')
    error = re.search(rf'<div class="invalid-feedback d-block" id="{field_id}_error">(.*?)</div>', html[start:], re.S)
    if start < 0 or error is None or re.search(r"<(input|select|textarea)\b", html[start : start + error.start()]):
        return ""
    return error.group(1)


def login(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.django_db
def test_it_refuses_a_bad_quick_meeting_in_vietnamese_beside_each_field(demo):
    from bontot.facts.models import Meeting

    cell = Organization.objects.get(code="BT-CB-VB")
    url = f"/so-lieu/sinh-hoat/to-chuc/{cell.pk}/thang-nay/"
    client = login("bithu.vinhbinh")
    data = {**form_data(client.get(url).content.decode()), "held_on": "31/02/2025", "attendance": "50"}
    data |= {"expected": "10", "grade": "good"}
    before = Meeting.objects.count()
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert error_next_to(html, "id_held_on") == "Nhập một ngày hợp lệ."
    assert error_next_to(html, "id_attendance") == "Số dự (50) không được lớn hơn số triệu tập (10)."
    assert Meeting.objects.count() == before


@pytest.mark.django_db
def test_it_refuses_a_bad_new_member_in_vietnamese_beside_each_field(demo):
    cell = Organization.objects.get(code="BT-CB-VB")
    url = f"/dang-vien/chi-bo/{cell.pk}/them/"
    client = login("vanphong")
    taken = Member.objects.filter(organization=cell).values_list("card_no", flat=True).first()
    data = form_data(client.get(url).content.decode())
    data |= {"card_no": taken or "", "full_name": "", "birth_date": "01/01/1990", "gender": "male"}
    data |= {"admitted_on": "01/01/1985", "official_on": "32/01/1986"}
    before = Member.objects.count()
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert error_next_to(html, "id_card_no") == "Số thẻ đảng viên này đã có trong hệ thống."
    assert error_next_to(html, "id_full_name") == "Trường này là bắt buộc."
    assert error_next_to(html, "id_admitted_on") == "Ngày vào Đảng phải sau ngày sinh."
    assert error_next_to(html, "id_official_on") == "Nhập một ngày hợp lệ."
    assert Member.objects.count() == before


@pytest.mark.django_db
def test_it_refuses_a_bad_rating_grid_in_vietnamese_beside_the_row(demo):
    from bontot.facts.models import QualityRating

    cell = Organization.objects.get(code="BT-CB-VB")
    url = f"/so-lieu/xep-loai/{cell.pk}/2024/dang-vien/"
    client = login("vanphong")
    data = form_data(client.get(url).content.decode())
    levels = sorted(name for name in data if name.endswith("-level"))
    first, second = levels[0].removesuffix("-level"), levels[1].removesuffix("-level")
    data |= {f"{first}-level": "not_rated", f"{first}-reason": "", f"{second}-level": "incomplete"}
    before = sorted(QualityRating.objects.values_list("pk", "level", "reason", "final"))
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert error_next_to(html, f"id_{first}-reason") == "Cần ghi lý do khi không xếp loại."
    assert sorted(QualityRating.objects.values_list("pk", "level", "reason", "final")) == before


@pytest.mark.django_db
def test_the_demo_holds_the_2024_cycle_in_the_middle(demo):
    """bontot/demo/workflow.py: every state of the workflow, one decision, a late registration, a hold."""
    from collections import Counter

    from bontot.assessments.holds import holds_for
    from bontot.assessments.models import Assessment, Registration
    from bontot.decisions.models import Decision

    statuses = Counter(Assessment.objects.filter(year=2024).values_list("status", flat=True))
    assert statuses == {"recognised": 4, "appraised": 3, "returned": 1, "submitted": 4, "draft": 2}
    decision = Decision.objects.get(year=2024)
    assert (decision.number, decision.issuer.code, decision.issuer_name) == (
        "15-QĐ/ĐU",
        "DU-TT",
        "ĐẢNG ỦY XÃ TAM THĂNG",
    )
    assert decision.entries.count() == 4
    assert Registration.objects.filter(year=2024, status="pending").count() == 1
    waiting = Assessment.objects.filter(year=2024, status="appraised", member__isnull=False)
    holds = holds_for(2024, member_ids=[a.member_id for a in waiting if a.member_id is not None])
    assert len(holds) == 1


@pytest.mark.django_db
def test_btv_and_the_recognised_member_see_the_decision_and_the_queues_have_work(demo):
    from bontot.members.models import Member

    assert "15-QĐ/ĐU" in login("btv").get("/quyet-dinh/").content.decode()
    member = Member.objects.get(user__username="dangvien.vinhbinh")
    client = login("dangvien.vinhbinh")
    page = client.get("/tong-quan/ca-nhan/?nam=2024").content.decode()
    assert "Đã công nhận" in page and "15-QĐ/ĐU" in page
    assert "15-QĐ/ĐU" in client.get("/quyet-dinh/").content.decode()
    colleagues = Member.objects.filter(organization=member.organization).exclude(pk=member.pk)
    link = re.search(r'href="(/quyet-dinh/\d+/)"', client.get("/quyet-dinh/").content.decode())
    assert link is not None
    detail = client.get(link[1])
    assert member.full_name in detail.content.decode()
    assert not [m.full_name for m in colleagues if m.full_name in detail.content.decode()]  # only their own line
    queue = login("bithu.vinhbinh").get("/danh-gia/tham-dinh/").content.decode()
    assert queue.count("Thẩm định</a></td>") == 3
    assert "Đảng bộ xã Tam Thăng" in login("bantochuc").get("/danh-gia/tham-dinh/").content.decode()
    issue = login("btv").get("/quyet-dinh/ban-hanh/").content.decode()
    assert "Chi bộ thôn Vĩnh Bình" in issue and "Tạm dừng xét công nhận" in issue


@pytest.mark.django_db
def test_every_document_renders_for_the_demo_ward_as_pdf_and_word(demo, tmp_path):
    """Issue 8: each document of the demo's 2024 cycle, as PDF (its text read back) and as Word."""
    import subprocess

    from django.urls import reverse

    from bontot.assessments.models import Assessment
    from bontot.decisions.models import Decision

    decision = Decision.objects.get(number="15-QĐ/ĐU")
    committee = Organization.objects.get(code="DU-TT")
    cell = Organization.objects.get(code="TT-CB-VB")
    mine = Assessment.objects.get(year=2024, member__user__username="dangvien.vinhbinh")
    assert mine.member is not None

    def body(response: Any) -> bytes:
        return b"".join(response.streaming_content) if response.streaming else bytes(response.content)

    documents = [
        ("btv", "decision", {"pk": decision.pk}, "", "Số: 15-QĐ/ĐU"),
        ("bithu.vinhbinh", "registration", {"org_pk": cell.pk}, "?year=2024", "CHI BỘ THÔN VĨNH BÌNH"),
        ("dangvien.vinhbinh", "self_report", {"pk": mine.pk, "number": 1}, "", mine.member.full_name),
        ("bithu.vinhbinh", "appraisal_report", {"pk": mine.pk, "number": 1}, "", mine.member.full_name),
        ("btv", "proposal", {"org_pk": committee.pk}, "?year=2024", "TỜ TRÌNH"),
        ("vanphong", "summary", {"org_pk": committee.pk, "year": 2024}, "", "BÁO CÁO"),
    ]
    for username, name, kwargs, query, expected in documents:
        client = login(username)
        pdf = client.get(reverse(f"documents:{name}_pdf", kwargs=kwargs) + query)
        assert pdf.status_code == 200, name
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(body(pdf))
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and expected in text, name
        assert "ĐẢNG ỦY XÃ TAM THĂNG" in text, name  # the 2024 body's name, after the 2025 merger
        if name == "decision":  # the plan the demo's rounds were assessed against, then the three articles
            flat = " ".join(text.split())
            assert "- Căn cứ Kế hoạch 63-KH/ĐU ngày 26/09/2023 của Đảng ủy xã Tam Thăng" in flat
            assert flat.index("Điều 1. Công nhận") < flat.index("Điều 2.") < flat.index("Điều 3.") < flat.index("Nơi")
        word = client.get(reverse(f"documents:{name}_docx", kwargs=kwargs) + query)
        assert word.status_code == 200, name
        assert body(word)[:2] == b"PK", name
