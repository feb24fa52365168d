"""The personas of every view test (shared/ACCESS.md): one small tree, one user per way of seeing it.

SUP  Thành ủy (superior_committee)          reviewer: Ban Tổ chức cấp trên
└ DU  Đảng ủy xã (grassroots_committee)     office, standing committee
  ├ A  Chi bộ A (cell)                       secretary (also a member of A), member_a, supervisor;
  │                                          a secretary whose role ended, one whose role starts next month
  └ B  Chi bộ B (cell, sibling of A)         member_b
└ DU2 Đảng ủy khác (grassroots_committee)    outsider: office of another committee
  └ C  Chi bộ C (cell)                       member_c
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from bontot.members.models import Member
from bontot.organizations.models import Organization, Role, RoleAssignment

LONG_AGO = datetime.date(2000, 1, 1)
YEAR = 2024
PASSWORD = "persona-password"  # noqa: S105 - test users only

PERSONAS = (
    "anonymous",
    "member_a",
    "member_b",
    "secretary_a",
    "supervisor_a",
    "office",
    "standing",
    "reviewer",
    "outsider",
    "ended",
    "future",
)


@dataclass
class World:
    orgs: dict[str, Organization] = field(default_factory=dict)
    members: dict[str, Member] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)

    @property
    def a(self) -> Organization:
        return self.orgs["A"]

    @property
    def b(self) -> Organization:
        return self.orgs["B"]

    @property
    def du(self) -> Organization:
        return self.orgs["DU"]


def _org(code: str, name: str, kind: str, parent: Organization | None) -> Organization:
    path = f"{parent.path}{code}/" if parent else f"/{code}/"
    depth = parent.depth + 1 if parent else 0
    return Organization.objects.create(
        code=code, name=name, kind=kind, parent=parent, valid_from=LONG_AGO, path=path, depth=depth
    )


def _member(card: str, name: str, cell: Organization, user: Any = None) -> Member:
    return Member.objects.create(
        card_no=card,
        full_name=name,
        birth_date=datetime.date(1980, 5, 17),
        gender="male",
        organization=cell,
        admitted_on=datetime.date(2010, 3, 2),
        official_on=datetime.date(2011, 3, 2),
        user=user,
    )


def build_world() -> World:
    """Create the tree, its members and one user per persona (anonymous has none)."""
    w = World()
    sup = _org("SUP", "Thành ủy Thử Nghiệm", "superior_committee", None)
    du = _org("DU", "Đảng ủy xã Thử Nghiệm", "grassroots_committee", sup)
    du2 = _org("DU2", "Đảng ủy xã Bên Cạnh", "grassroots_committee", sup)
    w.orgs = {
        "SUP": sup,
        "DU": du,
        "DU2": du2,
        "A": _org("A", "Chi bộ thôn An Hòa", "cell", du),
        "B": _org("B", "Chi bộ thôn Bình Phú", "cell", du),
        "C": _org("C", "Chi bộ thôn Cẩm Lý", "cell", du2),
    }
    users = get_user_model().objects
    today = timezone.localdate()
    next_month = today + datetime.timedelta(days=31)
    yesterday = today - datetime.timedelta(days=1)
    specs: list[tuple[str, str, str, datetime.date, datetime.date | None]] = [
        ("member_a", "A", Role.MEMBER, LONG_AGO, None),
        ("member_b", "B", Role.MEMBER, LONG_AGO, None),
        ("secretary_a", "A", Role.CELL_SECRETARY, LONG_AGO, None),
        ("secretary_a", "A", Role.MEMBER, LONG_AGO, None),
        ("supervisor_a", "A", Role.SUPERVISOR, LONG_AGO, None),
        ("office", "DU", Role.OFFICE, LONG_AGO, None),
        ("standing", "DU", Role.STANDING_COMMITTEE, LONG_AGO, None),
        ("reviewer", "SUP", Role.REVIEWER, LONG_AGO, None),
        ("outsider", "DU2", Role.OFFICE, LONG_AGO, None),
        ("ended", "A", Role.CELL_SECRETARY, LONG_AGO, yesterday),
        ("future", "A", Role.CELL_SECRETARY, next_month, None),
    ]
    for username, code, role, start, end in specs:
        if username not in w.users:
            w.users[username] = users.create_user(username=username, password=PASSWORD, first_name=username)
        RoleAssignment.objects.create(
            user=w.users[username], organization=w.orgs[code], role=role, start=start, end=end
        )
    w.members = {
        "member_a": _member("A-001", "Nguyễn Văn An", w.a, w.users["member_a"]),
        "secretary_a": _member("A-002", "Lê Văn Hùng", w.a, w.users["secretary_a"]),
        "other_a": _member("A-003", "Trần Thị Ánh", w.a),
        "member_b": _member("B-001", "Phạm Văn Bảo", w.b, w.users["member_b"]),
        "member_c": _member("C-001", "Võ Thị Cúc", w.orgs["C"]),
    }
    return w


def extra_cells(world: World, count: int, start: int, *, prefix: str = "X") -> list[Organization]:
    """`count` more cells under DU, coded `{prefix}{i}` and named "Chi bộ thêm {i}" for i from `start` (for
    the tests that a page's queries do not grow with its rows)."""
    du = world.du
    return Organization.objects.bulk_create(
        Organization(
            code=f"{prefix}{i}",
            name=f"Chi bộ thêm {i}",
            kind="cell",
            parent=du,
            valid_from=LONG_AGO,
            path=f"{du.path}{prefix}{i}/",
            depth=du.depth + 1,
        )  # fmt: skip
        for i in range(start, start + count)
    )
