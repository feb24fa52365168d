"""Demo logins: one per role, with role assignments on the demo's organisations.

Nobody but `admin` (the system administrator, a superuser) is staff: everyone else works in the application,
which shows each of them their own part of the tree. The member login is linked (`Member.user`) to a real
demo member of Chi bộ thôn Vĩnh Bình, the first by card number, and takes that member's name.

Safe to run again: users are fetched or created by username, a field (or the password) is written only when
it differs, and role assignments are fetched or created.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from bontot.members.models import Member
from bontot.organizations.models import Organization, Role, RoleAssignment

ROLES_FROM = datetime.date(2020, 1, 1)  # the demo's roles are in force over every year it holds

DEFAULT_PASSWORD = "BonTot@2024"  # noqa: S105 - printed on purpose: demo logins only

DEMO_MAIL_DOMAIN = "bontot.example"

VINH_BINH = ("TT-CB-VB", "BT-CB-VB")  # Chi bộ thôn Vĩnh Bình: 2024 and its 2025 successor


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str  # family and middle names, as Django splits a Vietnamese name
    first_name: str
    role: str | None  # a Role value; None for the superuser
    organizations: tuple[str, ...]  # codes: each 2024 organisation and its 2025 successor
    member_of: tuple[str, ...] = ()  # link the login to the first member (by card number) of these cells


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "", "", None, ()),
    DemoUser("vanphong", "Trần Thị Thu", "Hà", Role.OFFICE, ("DU-TT", "DU-BT")),
    DemoUser("btv", "Nguyễn Văn", "Thành", Role.STANDING_COMMITTEE, ("DU-TT", "DU-BT")),
    DemoUser("bithu.vinhbinh", "Lê Văn", "Hùng", Role.CELL_SECRETARY, VINH_BINH),
    DemoUser(
        "uyvien.phutrach",
        "Phan Văn",
        "Dũng",
        Role.SUPERVISOR,
        (*VINH_BINH, "TT-CB-THT", "BT-CB-THT", "TT-CB-MC", "BT-CB-MC"),
    ),
    DemoUser("tuyengiao", "Đỗ Thị", "Lan", Role.PROPAGANDA, ("DU-TT", "DU-BT")),
    DemoUser("dangvien.vinhbinh", "", "", Role.MEMBER, VINH_BINH, member_of=VINH_BINH),
    DemoUser("bantochuc", "Huỳnh Thị", "Hoa", Role.REVIEWER, ("TU-TK", "TU-DN")),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    full_name: str  # empty for the superuser
    role: str  # Vietnamese: the role and where it is held


def ensure_demo_users(*, password: str = DEFAULT_PASSWORD) -> list[DemoLogin]:
    """Create or update the demo users, their role assignments and member link; return their logins."""
    user_model = get_user_model()
    logins: list[DemoLogin] = []
    with transaction.atomic():
        orgs = {
            o.code: o for o in Organization.objects.filter(code__in=[c for u in DEMO_USERS for c in u.organizations])
        }
        for spec in DEMO_USERS:
            superuser = spec.role is None
            member = _demo_member(spec.member_of) if spec.member_of else None
            last_name, first_name = spec.last_name, spec.first_name
            if member is not None:
                *family, given = member.full_name.split()
                last_name, first_name = " ".join(family), given
            user, _ = user_model.objects.get_or_create(username=spec.username)
            wanted = {
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{spec.username}@{DEMO_MAIL_DOMAIN}",  # password reset mails go to the console
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
            if spec.role is None:
                logins.append(DemoLogin(spec.username, password, "", "Quản trị hệ thống (superuser, trang /admin/)"))
                continue
            for code in spec.organizations:
                RoleAssignment.objects.get_or_create(
                    user=user, organization=orgs[code], role=spec.role, defaults={"start": ROLES_FROM}
                )
            who = f"{last_name} {first_name}".strip()
            if member is not None:
                if member.user_id != user.pk:
                    member.user = user
                    member.save(update_fields=["user"])
                who = f"{who}, thẻ đảng viên {member.card_no}"
            names = dict.fromkeys(orgs[code].name for code in spec.organizations)  # 2024 and 2025 names
            logins.append(DemoLogin(spec.username, password, who, f"{Role(spec.role).label} — {', '.join(names)}"))
    return logins


def _demo_member(cells: tuple[str, ...]) -> Member:
    """Return the member of `cells` with the smallest card number who has not left (the same on every run)."""
    member = Member.objects.filter(organization__code__in=cells, left_on__isnull=True).order_by("card_no").first()
    if member is None:
        raise LookupError(f"the demo has no member in {', '.join(cells)}")
    return member
