"""Test data of the notification tests: many cells at once, for the constant-query tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model

from bontot.core.testing.world import LONG_AGO, extra_cells
from bontot.members.models import Member
from bontot.organizations.models import Organization, Role, RoleAssignment


def cells_with_secretaries(
    world: Any, count: int, start: int, *, prefix: str, members_each: int, email: bool = False
) -> tuple[list[Organization], list[Member]]:
    """`count` cells under DU coded `{prefix}{i}`, each with a secretary of its own (a login `{prefix}t{i}`,
    with an address when `email`) and `members_each` members without a login; return the cells and members
    (a cell's members side by side)."""
    cells = extra_cells(world, count, start, prefix=prefix)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"{prefix.lower()}t{i}", email=f"{prefix.lower()}t{i}@example.vn" if email else "")
        for i in range(start, start + count)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, organization=cell, role=Role.CELL_SECRETARY, start=LONG_AGO)
        for user, cell in zip(users, cells, strict=True)
    )
    members = Member.objects.bulk_create(
        Member(
            card_no=f"{prefix}{cell.code}-{k}",
            full_name=f"Đảng viên {cell.code} {k}",
            birth_date=datetime.date(1980, 1, 1),
            gender="male",
            organization=cell,
            admitted_on=datetime.date(2010, 1, 1),
        )  # fmt: skip
        for cell in cells
        for k in range(1, members_each + 1)
    )
    return cells, members
