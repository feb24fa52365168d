"""Writes to the organisation tree: create a child, edit, close (never delete), rebuild paths."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from bontot.core.audit import log_action
from bontot.core.records import fact_changed, save_record

from .models import Organization


def compute_path(code: str, parent: Organization | None) -> tuple[str, int]:
    """Return the materialised path and depth of the organisation `code` under `parent`."""
    if parent is None:
        return f"/{code}/", 0
    return f"{parent.path}{code}/", parent.depth + 1


def rebuild_paths() -> int:
    """Recompute `path` and `depth` of every organisation, parents first; save only the changed ones.

    Runs a constant number of queries (one read, one bulk update) whatever the size of the tree.
    """
    orgs = list(Organization.objects.all())
    children: dict[int | None, list[Organization]] = {}
    for org in orgs:
        children.setdefault(org.parent_id, []).append(org)
    changed: list[Organization] = []
    stack: list[tuple[Organization, Organization | None]] = [(o, None) for o in children.get(None, [])]
    reached = 0
    while stack:
        org, parent = stack.pop()
        reached += 1
        path, depth = compute_path(org.code, parent)
        if (org.path, org.depth) != (path, depth):
            org.path, org.depth = path, depth
            changed.append(org)
        stack.extend((child, org) for child in children.get(org.pk, []))
    if reached != len(orgs):
        raise ValueError("The organisation tree has a cycle")
    if changed:
        Organization.objects.bulk_update(changed, ["path", "depth"], batch_size=500)
    return len(changed)


def create_organization(org: Organization, *, actor: Any, parent: Organization) -> Organization:
    """Create `org` as a child of `parent`: its path follows the parent's (validated, stamped, audited).

    Refused when the parent is a cell (cells have members, not children: `Organization.clean()`) or has closed.
    """
    if parent.valid_to is not None:
        raise ValidationError(f"{parent.name} đã kết thúc hoạt động từ ngày {parent.valid_to:%d/%m/%Y}.")
    org.parent = parent
    org.path, org.depth = compute_path(org.code, parent)
    save_record(org, actor=actor, changed=["code", "name", "kind", "valid_from", "parent"])
    return org


def update_organization(org: Organization, *, actor: Any, changed: list[str]) -> Organization:
    """Save the edited name, kind or start date of `org`; its code and parent (its path) never change here."""
    save_record(org, actor=actor, changed=changed)
    return org


def close_organization(
    org: Organization, *, actor: Any, on: datetime.date, successor: Organization | None
) -> Organization:
    """End `org` on day `on` (its `valid_to`), naming an optional successor; nothing is deleted.

    Refused (ValidationError on the field) when it is already closed, when `on` is before its start, or while
    one of its children is still open after `on` (close or move those first). Paths never change.
    """
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=org.pk)
        errors: dict[str, list[str]] = {}
        if org.valid_to is not None:
            errors["valid_to"] = [f"Tổ chức này đã kết thúc hoạt động từ ngày {org.valid_to:%d/%m/%Y}."]
        elif org.children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).exists():
            errors["valid_to"] = ["Tổ chức còn tổ chức trực thuộc đang hoạt động: hãy kết thúc các tổ chức đó trước."]
        org.valid_to = on
        org.successor = successor
        try:
            org.full_clean()  # Organization.clean(): the successor is outside the closed subtree, dates in order
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        org.stamp(actor)
        org.save(update_fields=["valid_to", "successor"])
        log_action(
            "organizations.organization.closed",
            actor=actor,
            object_type="organizations.organization",
            object_id=str(org.pk),
            organization_path=org.path,
            data={
                "repr": str(org),
                "valid_to": on.isoformat(),
                "successor": successor.pk if successor else None,
                "successor_name": successor.name if successor else "",
            },
        )
        org_ids = {org.pk} | ({successor.pk} if successor else set())
        transaction.on_commit(
            lambda: fact_changed.send(sender=Organization, organization_ids=org_ids, member_ids=set(), years={on.year})
        )
    return org
