"""URL × persona matrix of the meetings pages (bontot/core/tests/test_url_matrix.py runs it).

Readers of a cell's log: its members, its secretary, its supervisor, the committee's office and standing
committee, the superior reviewer. Writers: the secretary and the office. Outside the subtree: 404.
Write actions are called with POST (a valid body: 302 for writers); their GET forms are in test_meeting_views.py.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from bontot.core.testing.matrix import Case, expect
from bontot.core.testing.world import World
from bontot.facts.models import Meeting, MeetingStatus

HELD_ON = datetime.date(2024, 3, 5)
ANNOUNCED_ON = datetime.date(2024, 6, 10)  # announced, then held but not logged yet
SIBLING_TOPIC = "Chuyên đề riêng của Bình Phú"
OUTSIDE_TOPIC = "Thông báo riêng của Cẩm Lý"


def held_meeting(w: World) -> Meeting:
    """Return cell A's held meeting (and give cell B one whose topic names B, for `absent`)."""
    Meeting.objects.get_or_create(
        organization=w.b, held_on=HELD_ON, kind="regular", defaults={"grade": "good", "topic": SIBLING_TOPIC}
    )
    meeting, _ = Meeting.objects.get_or_create(
        organization=w.a, held_on=HELD_ON, kind="regular", defaults={"grade": "fair", "attendance": 2, "expected": 3}
    )
    return meeting


def announced_meeting(w: World) -> Meeting:
    meeting, _ = Meeting.objects.get_or_create(
        organization=w.a,
        held_on=ANNOUNCED_ON,
        kind="regular",
        defaults={"status": MeetingStatus.ANNOUNCED, "topic": "Nghị quyết quý II"},
    )
    return meeting


def upcoming(w: World) -> dict[str, Any]:
    """Announce a meeting ahead in cell A and one in cell C (no persona has C as their own cell)."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    Meeting.objects.create(organization=w.a, held_on=day, kind="regular", status="announced", topic="Họp tháng")
    Meeting.objects.create(
        organization=w.orgs["C"], held_on=day, kind="regular", status="announced", topic=OUTSIDE_TOPIC
    )
    return {}


def log_kwargs(w: World) -> dict[str, Any]:
    held_meeting(w)
    return {"org_pk": w.a.pk}


READERS = {p: 200 for p in ("member_a", "secretary_a", "supervisor_a", "office", "standing", "reviewer")}
# Write actions: the secretary and the office are sent on (302); the other readers get 403.
WRITERS = {"secretary_a": 302, "office": 302, "member_a": 403, "supervisor_a": 403, "standing": 403, "reviewer": 403}


def _held_body(w: World) -> dict[str, Any]:
    return {"held_on": "05/03/2024", "kind": "regular", "grade": "good", "attendance": "3", "expected": "3"}


MATRIX = {
    "facts:meetings": Case(
        expect(200, member_a=302, member_b=302, secretary_a=302, supervisor_a=302),
    ),
    "facts:upcoming_meetings": Case(expect(200), kwargs=upcoming, absent=lambda w: [OUTSIDE_TOPIC]),
    "facts:meeting_log": Case(
        expect(**READERS), kwargs=log_kwargs, query="nam=2024", absent=lambda w: [SIBLING_TOPIC, "Bình Phú"]
    ),
    "facts:meeting_create": Case(
        expect(**WRITERS),
        kwargs=lambda w: {"org_pk": w.a.pk},
        data=_held_body,
    ),
    "facts:meeting_announce": Case(
        expect(**WRITERS),
        kwargs=lambda w: {"org_pk": w.a.pk},
        data=lambda w: {
            "held_on": (timezone.localdate() + datetime.timedelta(days=10)).strftime("%d/%m/%Y"),
            "kind": "thematic",
            "topic": "Học tập nghị quyết",
            "documents": "Nghị quyết số 12",
            "expected": "3",
        },
    ),
    "facts:meeting_quick": Case(
        expect(**WRITERS),
        kwargs=lambda w: {"org_pk": w.a.pk},
        data=lambda w: {
            "held_on": timezone.localdate().strftime("%d/%m/%Y"),
            "grade": "fair",
            "attendance": "2",
            "expected": "3",
        },
    ),
    "facts:meeting_edit": Case(
        expect(**WRITERS),
        kwargs=lambda w: {"pk": held_meeting(w).pk},
        data=_held_body,
    ),
    "facts:meeting_record": Case(
        expect(**WRITERS),
        kwargs=lambda w: {"pk": announced_meeting(w).pk},
        data=lambda w: {"held_on": "10/06/2024", "kind": "regular", "grade": "good", "attendance": "2"},
    ),
    "facts:meeting_delete": Case(
        expect(**WRITERS),
        kwargs=lambda w: {"pk": held_meeting(w).pk},
        data=lambda w: {"reason": "Nhập trùng"},
    ),
}
