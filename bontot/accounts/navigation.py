"""The main menu: each entry shows only to users holding one of its roles (or any role when `roles` is None).

Apps add their entries here; the menu hides an entry whose roles the user lacks, and the page behind it
checks again (`access_*`): the menu is a convenience, never the permission.

A user shown many entries (the office: fifteen) gets them grouped under a few headings ("Dữ liệu",
"Đánh giá", "Quản trị"), each a dropdown; a user shown few (a member: five) gets them all in one line, and a
heading left with a single entry gives way to that entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from bontot.organizations.access import STAFF_ROLES, request_grants
from bontot.organizations.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: Collection[str] | None = None  # None: every logged-in user
    # A superuser sees every entry but those of a personal record (their own result page needs a member
    # linked to the login, which the system administrator normally is not: the page would answer 404).
    superuser: bool = True
    group: str = ""  # the heading it sits under when the menu is grouped ("": always on the top line)


# The most entries shown side by side; a user shown more gets them grouped.
FLAT_MAX = 8
DATA, WORKFLOW, ADMIN = "Dữ liệu", "Đánh giá", "Quản trị"

NAV_ITEMS: list[NavItem] = [
    NavItem("Tổng quan", "dashboards:home"),
    NavItem("Kết quả của tôi", "dashboards:me", roles=["member"], superuser=False),
    NavItem(
        "Sinh hoạt",
        "facts:meetings",
        roles=(Role.CELL_SECRETARY, Role.OFFICE, Role.SUPERVISOR, Role.STANDING_COMMITTEE, Role.MEMBER),
    ),
    NavItem("Tổ chức", "organizations:list", STAFF_ROLES, group=DATA),
    NavItem("Đảng viên", "members:list", STAFF_ROLES, group=DATA),
    NavItem("Xếp loại", "facts:ratings_home", roles=("cell_secretary", "office", "standing_committee"), group=DATA),
    NavItem("Đăng ký", "assessments:registration_mine", roles=["member"], superuser=False, group=WORKFLOW),
    NavItem(
        "Đăng ký muộn",
        "assessments:registration_pending",
        roles=(Role.CELL_SECRETARY, Role.OFFICE, Role.STANDING_COMMITTEE, Role.REVIEWER),
        group=WORKFLOW,
    ),
    NavItem("Chưa đăng ký", "assessments:registration_missing", roles=(Role.OFFICE,), group=WORKFLOW),
    NavItem("Tự đánh giá", "assessments:self_mine", roles=["member"], superuser=False, group=WORKFLOW),
    NavItem(
        "Tự đánh giá của tổ chức",
        "assessments:self_orgs",
        roles=(Role.CELL_SECRETARY, Role.OFFICE, Role.STANDING_COMMITTEE),
        group=WORKFLOW,
    ),
    NavItem(
        "Thẩm định",
        "assessments:appraisal_queue",
        roles=(Role.CELL_SECRETARY, Role.OFFICE, Role.REVIEWER),
        group=WORKFLOW,
    ),
    NavItem(
        "Quyết định công nhận",
        "decisions:list",
        roles=(Role.STANDING_COMMITTEE, Role.OFFICE, Role.REVIEWER),
        group=WORKFLOW,
    ),
    NavItem(
        "Thống kê",
        "statistics:year",
        roles=(Role.OFFICE, Role.STANDING_COMMITTEE, Role.REVIEWER, Role.SUPERVISOR),
    ),
    NavItem("Người dùng", "accounts:user_list", roles=("office",), group=ADMIN),
    NavItem("Nhập từ Excel", "spreadsheets:index", roles=(Role.OFFICE, Role.CELL_SECRETARY), group=DATA),
    NavItem("Gương điển hình", "showcase:list"),
    NavItem("Viết bài", "showcase:manage", roles=(Role.PROPAGANDA,)),
    NavItem("Mẫu văn bản", "documents:templates_home", roles=(Role.OFFICE,), superuser=False, group=ADMIN),
]


def menu(request: HttpRequest) -> list[dict[str, Any]]:
    """Return the menu the request's user may see: entries {"label", "url", "active"} in NAV_ITEMS' order, and,
    when there are more than FLAT_MAX of them, the grouped ones gathered under their heading at the place of
    the first one: {"label", "entries", "active"} (a heading with a single entry shows that entry instead)."""
    user = request.user
    if not user.is_authenticated:
        return []
    held = {grant.role for grant in request_grants(request)}
    shown: list[tuple[str, dict[str, Any]]] = []
    for item in NAV_ITEMS:
        if item.roles is None or (user.is_superuser and item.superuser) or held & set(item.roles):
            url = reverse(item.url_name)
            shown.append((item.group, {"label": item.label, "url": url, "active": request.path == url}))
    if len(shown) <= FLAT_MAX:
        return [entry for _, entry in shown]
    sizes = Counter(group for group, _ in shown if group)
    entries: list[dict[str, Any]] = []
    headings: dict[str, dict[str, Any]] = {}
    for group, entry in shown:
        if not group or sizes[group] == 1:
            entries.append(entry)
            continue
        if group not in headings:
            headings[group] = {"label": group, "entries": [], "active": False}
            entries.append(headings[group])
        headings[group]["entries"].append(entry)
        headings[group]["active"] |= entry["active"]
    return entries
