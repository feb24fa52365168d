"""The main menu: each entry shows only to users holding one of its roles (or any role when `roles` is None).

Apps add their entries here; the menu hides an entry whose roles the user lacks, and the page behind it
checks again (`access_*`): the menu is a convenience, never the permission.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

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


NAV_ITEMS: list[NavItem] = [
    NavItem("Tổng quan", "dashboards:home"),
    NavItem("Kết quả của tôi", "dashboards:me", roles=["member"], superuser=False),
    NavItem(
        "Sinh hoạt",
        "facts:meetings",
        roles=(Role.CELL_SECRETARY, Role.OFFICE, Role.SUPERVISOR, Role.STANDING_COMMITTEE, Role.MEMBER),
    ),
    NavItem("Tổ chức", "organizations:list", STAFF_ROLES),
    NavItem("Đảng viên", "members:list", STAFF_ROLES),
    NavItem("Xếp loại", "facts:ratings_home", roles=("cell_secretary", "office", "standing_committee")),
    NavItem("Đăng ký", "assessments:registration_mine", roles=["member"], superuser=False),
    NavItem(
        "Đăng ký muộn",
        "assessments:registration_pending",
        roles=(Role.CELL_SECRETARY, Role.OFFICE, Role.STANDING_COMMITTEE, Role.REVIEWER),
    ),
    NavItem("Chưa đăng ký", "assessments:registration_missing", roles=(Role.OFFICE,)),
    NavItem("Tự đánh giá", "assessments:self_mine", roles=["member"], superuser=False),
    NavItem(
        "Tự đánh giá của tổ chức",
        "assessments:self_orgs",
        roles=(Role.CELL_SECRETARY, Role.OFFICE, Role.STANDING_COMMITTEE),
    ),
    NavItem("Thẩm định", "assessments:appraisal_queue", roles=(Role.CELL_SECRETARY, Role.OFFICE, Role.REVIEWER)),
    NavItem("Quyết định công nhận", "decisions:list", roles=(Role.STANDING_COMMITTEE, Role.OFFICE, Role.REVIEWER)),
    NavItem(
        "Thống kê",
        "statistics:year",
        roles=(Role.OFFICE, Role.STANDING_COMMITTEE, Role.REVIEWER, Role.SUPERVISOR),
    ),
    NavItem("Người dùng", "accounts:user_list", roles=("office",)),
    NavItem("Nhập từ Excel", "spreadsheets:index", roles=(Role.OFFICE, Role.CELL_SECRETARY)),
    NavItem("Gương điển hình", "showcase:list"),
    NavItem("Viết bài", "showcase:manage", roles=(Role.PROPAGANDA,)),
    NavItem("Mẫu văn bản", "documents:templates_home", roles=(Role.OFFICE,), superuser=False),
]


def menu(request: HttpRequest) -> list[dict[str, object]]:
    """Return the menu entries the request's user may see, with their URLs and which one is current."""
    user = request.user
    if not user.is_authenticated:
        return []
    held = {grant.role for grant in request_grants(request)}
    items = []
    for item in NAV_ITEMS:
        if item.roles is None or (user.is_superuser and item.superuser) or held & set(item.roles):
            url = reverse(item.url_name)
            items.append({"label": item.label, "url": url, "active": request.path == url})
    return items
