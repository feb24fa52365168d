"""Read an object's history from the audit log, for the history partial on each object's page.

`history_for` reads one object's rows through the (object_type, object_id, -created_at) index; `history_in`
reads a subtree's rows by the organisation path prefix. Both are one query, newest first, limited, and keep
only the rows the viewer may read:

- `paths`: the paths of the viewer's grants (`history_paths`), None for a superuser. A row is kept when its
  `organization_path` starts with one of them: a member transferred in from another committee does not bring
  the other committee's rows (and the names of its users) along.
- `accounts`: whether account administration rows (users, role assignments) are shown: office and superuser.

A transfer row names the other cell only when the viewer sees that organisation (one more query, only when
there are transfer rows), else "tổ chức khác". Every kind of record and action reads in Vietnamese; an
unknown code reads as a generic Vietnamese word, never as the code.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet

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
    "assigned": "Giao vai trò",
    "deactivated": "Khóa tài khoản",
    "reactivated": "Mở lại tài khoản",
    "password_set": "Đặt mật khẩu tạm thời",
    "imported": "Nhập dữ liệu từ gói",
    "started": "Bắt đầu tự đánh giá",
    "saved": "Lưu bản tự đánh giá",
    "submitted": "Nộp bản tự đánh giá",
    "evidence_added": "Thêm tệp minh chứng",
    "evidence_removed": "Gỡ tệp minh chứng",
    "register": "Đăng ký xây dựng mô hình",
    "accepted": "Chấp nhận đăng ký muộn",
    "refused": "Không chấp nhận đăng ký muộn",
    "opinions": "Lưu ý kiến thẩm định",
    "returned": "Trả lại để bổ sung, chỉnh sửa",
    "concluded": "Kết luận thẩm định",
    "issued": "Ban hành quyết định",
    "revoked": "Thu hồi quyết định",
    "recognised": "Được công nhận",
    "recognition_revoked": "Thu hồi công nhận",
    "overridden": "Ghi lý do vượt tỷ lệ xuất sắc",
    "published": "Đăng bài",
    "withdrawn": "Gỡ bài",
}
UNKNOWN_VERB = "Thao tác khác"

# What kind of record an audit row is about, for subtree histories ("app_label.model_name", as records.py
# and the services write it). A model not listed reads as its Vietnamese verbose name.
OBJECT_TYPES = {
    "organizations.organization": "Tổ chức đảng",
    "organizations.linkedbody": "Tổ chức cùng cấp",
    "organizations.roleassignment": "Phân quyền",
    "auth.user": "Tài khoản đăng nhập",
    "members.member": "Đảng viên",
    "members.memberstatus": "Miễn, đình chỉ sinh hoạt",
    "members.membership": "Quá trình sinh hoạt",
    "facts.meeting": "Kỳ sinh hoạt chi bộ",
    "facts.qualityrating": "Xếp loại chất lượng đảng viên",
    "facts.workplacerating": "Xếp loại công chức, viên chức",
    "facts.residencecomment": "Nhận xét nơi cư trú",
    "facts.orgresult": "Kết quả thực hiện tiêu chí",
    "facts.admissiontarget": "Chỉ tiêu kết nạp đảng viên",
    "facts.discipline": "Kỷ luật",
    "facts.complaint": "Đơn thư",
    "assessments.registration": "Đăng ký xây dựng mô hình",
    "assessments.judgement": "Đánh giá chỉ báo định tính",
    "assessments.assessment": "Bản tự đánh giá",
    "decisions.decision": "Quyết định công nhận",
    "facts.excellentcapoverride": "Lý do vượt tỷ lệ xuất sắc",
    "criteria.evaluationyear": "Năm đánh giá",
    "bundle": "Gói dữ liệu",
}
UNKNOWN_TYPE = "Bản ghi khác"

# Account administration: shown to the office and the superuser only.
ACCOUNT_TYPES = ("auth.user", "organizations.roleassignment")
ACCOUNT_ACTIONS = "accounts."

TRANSFER_VERBS = ("transferred_out", "transferred_in")
OTHER_ORGANIZATION = "tổ chức khác"

DEFAULT_LIMIT = 20


def action_label(action: str) -> str:
    """Return the Vietnamese wording of an action code (its last dotted part), or a generic wording."""
    return VERBS.get(action.rsplit(".", 1)[-1], UNKNOWN_VERB)


def type_label(object_type: str) -> str:
    """Return the Vietnamese name of a kind of record ("facts.meeting"), or a generic name; never the code."""
    if object_type in OBJECT_TYPES:
        return OBJECT_TYPES[object_type]
    if object_type.count(".") == 1:
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            return UNKNOWN_TYPE
        name = str(model._meta.verbose_name)
        return name[:1].upper() + name[1:]
    return UNKNOWN_TYPE


@dataclass(frozen=True)
class HistoryEntry:
    """One audit row as the history partial shows it: `text` is what it is about, already filtered."""

    created_at: datetime.datetime
    actor: Any
    action: str
    object_type: str
    object_id: str
    data: dict[str, Any]
    text: str = ""

    @property
    def label(self) -> str:
        return action_label(self.action)

    @property
    def type_label(self) -> str:
        return type_label(self.object_type)

    @property
    def actor_name(self) -> str:
        """The actor's name (Vietnamese order), else the login name; the row itself is visible to the viewer."""
        if self.actor is None:
            return "Hệ thống"
        name = f"{self.actor.last_name} {self.actor.first_name}".strip()
        return name or str(self.actor.username)


def _visible(path: str, paths: Collection[str] | None) -> bool:
    return paths is None or any(path.startswith(p) for p in paths)


def _org_id(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _transfer_text(row: AuditLog, names: dict[int, str]) -> str:
    """'member → cell' / 'member ← cell' with the other cell's name only when the viewer sees it."""
    data = row.data or {}
    verb = row.action.rsplit(".", 1)[-1]
    outgoing = verb == "transferred_out"
    other = _org_id(data.get("to" if outgoing else "from"))
    member = str(data.get("member") or str(data.get("repr", "")).split(" → ")[0].split(" ← ")[0])
    name = names.get(other, OTHER_ORGANIZATION) if other is not None else OTHER_ORGANIZATION
    return f"{member} {'→' if outgoing else '←'} {name}"


def _account_text(data: dict[str, Any]) -> str:
    """An account row (shown to the office only): the login, and the role on the row's organisation."""
    from bontot.organizations.models import Role

    who = str(data.get("full_name") or data.get("user") or data.get("username") or "")
    role = data.get("role")
    if role is None:
        return who
    label = dict(Role.choices).get(str(role), "Vai trò khác")
    return " — ".join(part for part in (who, str(label), str(data.get("organization_name") or "")) if part)


def _entries(rows: Iterable[AuditLog], paths: Collection[str] | None) -> list[HistoryEntry]:
    rows = list(rows)
    transfers = {r.pk: r for r in rows if r.action.rsplit(".", 1)[-1] in TRANSFER_VERBS}
    names: dict[int, str] = {}
    if transfers:
        from bontot.organizations.models import Organization  # core does not import apps at module level

        ids = {_org_id((r.data or {}).get(key)) for r in transfers.values() for key in ("from", "to")} - {None}
        names = {
            pk: name
            for pk, path, name in Organization.objects.filter(pk__in=ids).values_list("pk", "path", "name")
            if _visible(path, paths)
        }
    entries = []
    for row in rows:
        data = row.data or {}
        if row.pk in transfers:
            text = _transfer_text(row, names)
        elif row.object_type in ACCOUNT_TYPES and not data.get("repr"):
            text = _account_text(data)
        else:
            text = str(data.get("repr", ""))
        entries.append(HistoryEntry(row.created_at, row.actor, row.action, row.object_type, row.object_id, data, text))
    return entries


def _scoped(rows: QuerySet[AuditLog], paths: Collection[str] | None, accounts: bool) -> QuerySet[AuditLog]:
    if paths is not None:
        allowed = Q(pk__in=[])
        for path in paths:
            allowed |= Q(organization_path__startswith=path)
        rows = rows.filter(allowed)
    if not accounts:
        rows = rows.exclude(object_type__in=ACCOUNT_TYPES).exclude(action__startswith=ACCOUNT_ACTIONS)
    return rows


def history_for(
    object_type: str,
    object_id: int | str,
    *,
    paths: Collection[str] | None,
    accounts: bool = False,
    limit: int = DEFAULT_LIMIT,
) -> list[HistoryEntry]:
    """Return the latest `limit` audit rows of one object the viewer may read, newest first (one query)."""
    rows = _scoped(AuditLog.objects.filter(object_type=object_type, object_id=str(object_id)), paths, accounts)
    return _entries(rows.select_related("actor").order_by("-created_at", "-id")[:limit], paths)


def history_of(
    object_type: str,
    object_ids: Collection[int | str],
    *,
    paths: Collection[str] | None,
    limit: int = DEFAULT_LIMIT,
) -> list[HistoryEntry]:
    """Return the latest `limit` audit rows of several objects of one kind the viewer may read (a page's
    rows), newest first (one query; none when there are no ids)."""
    if not object_ids:
        return []
    rows = AuditLog.objects.filter(object_type=object_type, object_id__in=[str(pk) for pk in object_ids])
    return _entries(_scoped(rows, paths, False).select_related("actor").order_by("-created_at", "-id")[:limit], paths)


def history_in(
    path: str, *, paths: Collection[str] | None, accounts: bool = False, limit: int = DEFAULT_LIMIT
) -> list[HistoryEntry]:
    """Return the latest `limit` audit rows of every object in the subtree at `path` the viewer may read,
    newest first (one query).

    Callers show it only to staff of that subtree: rows name members' records (disciplines among them).
    """
    if not path:
        return []
    rows = _scoped(AuditLog.objects.filter(organization_path__startswith=path), paths, accounts)
    return _entries(rows.select_related("actor").order_by("-created_at", "-id")[:limit], paths)
