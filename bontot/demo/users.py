"""Demo logins: staff users with role assignments on the demo's organisations.

Safe to run again: users are fetched or created by username, a password is set only when it does not
already match, and role assignments are fetched or created.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from bontot.organizations.models import Organization, Role, RoleAssignment

ROLES_FROM = datetime.date(2020, 1, 1)  # the demo's roles are in force over every year it holds

DEFAULT_PASSWORD = "BonTot@2024"  # noqa: S105 - printed on purpose: demo logins only
VIEWER_GROUP = "Dữ liệu mẫu — xem"
VIEWED_APPS = ("organizations", "members", "facts", "criteria", "assessments")


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str  # family and middle names, as Django splits a Vietnamese name
    first_name: str
    role: str | None  # a Role value; None for the superuser
    organizations: tuple[str, ...]  # codes: the 2024 organisation and its 2025 successor


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "", "", None, ()),
    DemoUser(
        "vanphong",
        "Trần Thị Thu",
        "Hà",
        Role.OFFICE,
        ("DU-TT", "DU-BT"),
    ),
    DemoUser(
        "btv",
        "Nguyễn Văn",
        "Thành",
        Role.STANDING_COMMITTEE,
        ("DU-TT", "DU-BT"),
    ),
    DemoUser(
        "bithu.vinhbinh",
        "Lê Văn",
        "Hùng",
        Role.CELL_SECRETARY,
        ("TT-CB-VB", "BT-CB-VB"),
    ),
    DemoUser(
        "bantochuc",
        "Huỳnh Thị",
        "Hoa",
        Role.REVIEWER,
        ("TU-TK", "TU-DN"),
    ),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    full_name: str  # empty for the superuser
    role: str  # Vietnamese: the role and where it is held


def ensure_demo_users(*, password: str = DEFAULT_PASSWORD) -> list[DemoLogin]:
    """Create or update the demo users and their role assignments; return their logins."""
    user_model = get_user_model()
    logins: list[DemoLogin] = []
    with transaction.atomic():
        viewers = _viewer_group()
        orgs = {
            o.code: o for o in Organization.objects.filter(code__in=[c for u in DEMO_USERS for c in u.organizations])
        }
        for spec in DEMO_USERS:
            superuser = spec.role is None
            user, _ = user_model.objects.get_or_create(username=spec.username)
            wanted = {
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "is_staff": superuser,  # the admin is for system administrators only
                "is_superuser": superuser,
                "is_active": True,
            }
            changed = [field for field, value in wanted.items() if getattr(user, field) != value]
            for field in changed:
                setattr(user, field, wanted[field])
            if not user.check_password(password):
                user.set_password(password)
                changed.append("password")
            if changed:
                user.save(update_fields=changed)
            if not superuser:
                user.groups.add(viewers)
                for code in spec.organizations:
                    RoleAssignment.objects.get_or_create(
                        user=user, organization=orgs[code], role=spec.role, defaults={"start": ROLES_FROM}
                    )
            role = "Quản trị hệ thống (superuser, toàn quyền)"
            if spec.role is not None:
                names = dict.fromkeys(orgs[code].name for code in spec.organizations)  # 2024 and 2025 names
                role = f"{Role(spec.role).label} — {', '.join(names)}"
            logins.append(DemoLogin(spec.username, password, f"{spec.last_name} {spec.first_name}".strip(), role))
    return logins


def _viewer_group() -> Group:
    """Return the group that may view the domain's tables in the admin (until the app has its own pages)."""
    group, _ = Group.objects.get_or_create(name=VIEWER_GROUP)
    wanted = set(
        Permission.objects.filter(content_type__app_label__in=VIEWED_APPS, codename__startswith="view_").values_list(
            "pk", flat=True
        )
    )
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
    return group
