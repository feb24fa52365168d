"""Writes to members: create, edit, transfer (chuyển sinh hoạt), departure, statuses. Never a delete.

Each function is one transaction that locks the member row, validates as the models do (their `clean()`:
official memberships never overlap), writes an audit row with the organisation path, and announces the
change with `fact_changed` after commit.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from bontot.accounts.services import assign_role, end_role
from bontot.core.audit import log_action
from bontot.core.records import fact_changed, save_record
from bontot.organizations.models import Organization, Role, RoleAssignment

from .models import Member, Membership, MembershipKind, MemberStatus

ONE_DAY = datetime.timedelta(days=1)


def _announce(organization_ids: set[int], member_ids: set[int], years: set[int]) -> None:
    transaction.on_commit(
        lambda: fact_changed.send(sender=Member, organization_ids=organization_ids, member_ids=member_ids, years=years)
    )


def _log(action: str, member: Member, *, actor: Any, path: str, data: dict[str, Any]) -> None:
    log_action(
        f"members.member.{action}",
        actor=actor,
        object_type="members.member",
        object_id=str(member.pk),
        organization_path=path,
        data={"repr": str(member), **data},
    )


def create_member(member: Member, *, actor: Any) -> Member:
    """Create `member` in their cell (validated, stamped, audited)."""
    save_record(member, actor=actor, changed=["card_no", "full_name", "organization"])
    return member


def update_member(member: Member, *, actor: Any, changed: list[str]) -> Member:
    """Save an edited member's identity; the cell changes only by `transfer_member`."""
    save_record(member, actor=actor, changed=changed)
    return member


def _current_official(member: Member) -> Membership | None:
    return (
        Membership.objects.select_for_update()
        .filter(member=member, kind=MembershipKind.OFFICIAL)
        .order_by("-start")
        .first()
    )


def _end_member_role(member: Member, *, actor: Any, organization: Organization, last_day: datetime.date) -> None:
    """End the linked user's `member` role on `organization` on `last_day` (audited), so that their access
    to the cell ends with their membership. Roles that start after `last_day` end the day they start."""
    if member.user_id is None:
        return
    open_roles = RoleAssignment.objects.filter(
        user_id=member.user_id, organization=organization, role=Role.MEMBER
    ).filter(Q(end__isnull=True) | Q(end__gt=last_day))
    for assignment in open_roles:
        end_role(assignment, actor=actor, end=max(last_day, assignment.start))


def _move_member_role(member: Member, *, actor: Any, source: Organization, to: Organization, on: datetime.date) -> None:
    """Move the linked user's `member` role from `source` (ending the day before `on`) to `to` (from `on`)."""
    if member.user_id is None:
        return
    _end_member_role(member, actor=actor, organization=source, last_day=on - ONE_DAY)
    taken = RoleAssignment.objects.filter(user_id=member.user_id, organization=to, role=Role.MEMBER).filter(
        Q(end__isnull=True) | Q(end__gte=on)
    )
    if not taken.exists():
        assign_role(member.user, actor=actor, organization=to, role=Role.MEMBER, start=on)


def transfer_member(member: Member, *, actor: Any, to: Organization, on: datetime.date) -> Membership:
    """Move `member`'s official membership to cell `to` from day `on`: the current one ends the day before.

    A member with no official membership yet gets one in their current cell from `admitted_on` to the day
    before, so that the history stays complete. ValidationError (on `on` or `organization`) when the member
    has left, `to` is their current cell, or `on` is not after the current membership's start.
    """
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
        source = member.organization
        if member.left_on is not None:
            raise ValidationError({"on": f"Đảng viên đã ra khỏi đảng bộ từ ngày {member.left_on:%d/%m/%Y}."})
        if to.pk == source.pk:
            raise ValidationError({"organization": "Đảng viên đang sinh hoạt chính thức tại chi bộ này."})
        if to.valid_to is not None and to.valid_to < on:
            raise ValidationError({"organization": "Chi bộ này đã kết thúc hoạt động trước ngày chuyển."})
        current = _current_official(member)
        if current is None:
            current = Membership(
                member=member, organization=source, kind=MembershipKind.OFFICIAL, start=member.admitted_on
            )
        elif current.end is not None and current.end >= on:
            raise ValidationError({"on": f"Đảng viên còn sinh hoạt chính thức đến ngày {current.end:%d/%m/%Y}."})
        if on <= current.start:
            raise ValidationError(
                {"on": f"Ngày chuyển phải sau ngày bắt đầu sinh hoạt tại chi bộ hiện tại ({current.start:%d/%m/%Y})."}
            )
        if current.end is None:
            current.end = on - ONE_DAY
            current.full_clean()
            current.stamp(actor)
            current.save()
        arrival = Membership(member=member, organization=to, kind=MembershipKind.OFFICIAL, start=on)
        arrival.full_clean()
        arrival.stamp(actor)
        arrival.save()
        member.organization = to
        member.stamp(actor)
        member.save(update_fields=["organization"])
        _move_member_role(member, actor=actor, source=source, to=to, on=on)
        # Organisation ids, not names: the history names the other cell only to those who see it.
        data = {"member": str(member), "from": source.pk, "to": to.pk, "on": on.isoformat()}
        _log("transferred_out", member, actor=actor, path=source.path, data=data)
        _log("transferred_in", member, actor=actor, path=to.path, data=data)
        _announce({source.pk, to.pk}, {member.pk}, {on.year})
    return arrival


def record_departure(member: Member, *, actor: Any, on: datetime.date, reason: str) -> Member:
    """Record that `member` left the party or moved out of the committee on `on`, with the reason.

    The member is kept (history, ratings), their open memberships end on `on`; never a delete.
    """
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
        if member.left_on is not None:
            raise ValidationError(
                {"left_on": f"Đã ghi nhận đảng viên ra khỏi đảng bộ từ ngày {member.left_on:%d/%m/%Y}."}
            )
        member.left_on, member.left_reason = on, reason.strip()
        member.full_clean()
        member.stamp(actor)
        member.save(update_fields=["left_on", "left_reason"])
        for membership in Membership.objects.select_for_update().filter(member=member, end__isnull=True):
            if membership.start > on:
                raise ValidationError({"left_on": f"Đảng viên bắt đầu sinh hoạt từ ngày {membership.start:%d/%m/%Y}."})
            membership.end = on
            membership.stamp(actor)
            membership.save(update_fields=["end"])
        _end_member_role(member, actor=actor, organization=member.organization, last_day=on)
        _log("left", member, actor=actor, path=member.organization.path, data={"on": on.isoformat(), "reason": reason})
        _announce({member.organization_id}, {member.pk}, {on.year})
    return member


def add_status(status: MemberStatus, *, actor: Any) -> MemberStatus:
    """Record a period of exemption or suspension for `status.member` (periods of a kind never overlap)."""
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=status.member_id).first()
        save_record(status, actor=actor, changed=["kind", "start", "end", "reason"])
    return status


def end_status(status: MemberStatus, *, actor: Any, on: datetime.date) -> MemberStatus:
    """End an open period of exemption or suspension on day `on`."""
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=status.member_id).first()
        status = MemberStatus.objects.select_for_update().select_related("member__organization").get(pk=status.pk)
        if status.end is not None:
            raise ValidationError({"end": f"Thời gian này đã kết thúc ngày {status.end:%d/%m/%Y}."})
        status.end = on
        save_record(status, actor=actor, changed=["end"])
    return status
