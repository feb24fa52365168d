"""Read an object's history from the audit log, for the history partial on each object's page.

`history_for` reads one object's rows through the (object_type, object_id, -created_at) index; `history_in`
reads a subtree's rows by the organisation path prefix. Both are one query, newest first, limited.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import AuditLog

# How the last part of an action code reads in the history ("facts.complaint.created" → "Tạo mới").
VERBS = {
    "created": "Tạo mới",
    "changed": "Sửa",
    "deleted": "Xóa (nhập nhầm)",
    "closed": "Kết thúc hoạt động",
    "transferred_out": "Chuyển sinh hoạt đi",
    "transferred_in": "Chuyển sinh hoạt đến",
    "left": "Ra khỏi Đảng / chuyển đi khỏi đảng bộ",
    "ended": "Kết thúc",
    "resolved": "Ghi nhận giải quyết",
}

# What kind of record an audit row is about, for subtree histories.
OBJECT_TYPES = {
    "organizations.organization": "Tổ chức đảng",
    "members.member": "Đảng viên",
    "members.memberstatus": "Miễn, đình chỉ sinh hoạt",
    "members.membership": "Quá trình sinh hoạt",
    "facts.discipline": "Kỷ luật",
    "facts.complaint": "Đơn thư",
}

DEFAULT_LIMIT = 20


def action_label(action: str) -> str:
    """Return the Vietnamese wording of an action code (its last dotted part), or the code itself."""
    return VERBS.get(action.rsplit(".", 1)[-1], action)


@dataclass(frozen=True)
class HistoryEntry:
    """One audit row as the history partial shows it."""

    created_at: datetime.datetime
    actor: Any
    action: str
    object_type: str
    object_id: str
    data: dict[str, Any]

    @property
    def label(self) -> str:
        return action_label(self.action)

    @property
    def type_label(self) -> str:
        return OBJECT_TYPES.get(self.object_type, self.object_type)


def _entries(rows: QuerySet[AuditLog]) -> list[HistoryEntry]:
    return [
        HistoryEntry(row.created_at, row.actor, row.action, row.object_type, row.object_id, row.data) for row in rows
    ]


def history_for(object_type: str, object_id: int | str, *, limit: int = DEFAULT_LIMIT) -> list[HistoryEntry]:
    """Return the latest `limit` audit rows of one object, newest first (one query)."""
    rows = (
        AuditLog.objects.filter(object_type=object_type, object_id=str(object_id))
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
    return _entries(rows)


def history_in(path: str, *, limit: int = DEFAULT_LIMIT) -> list[HistoryEntry]:
    """Return the latest `limit` audit rows of every object in the subtree at `path`, newest first (one query).

    Callers show it only to staff of that subtree: rows name members' records (disciplines among them).
    """
    if not path:
        return []
    rows = (
        AuditLog.objects.filter(organization_path__startswith=path)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
    return _entries(rows)
