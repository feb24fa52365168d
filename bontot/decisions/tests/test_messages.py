"""Who hears of a decision: each subject's users (`authority.subject_users`), read in a fixed number of
queries whatever the number of subjects."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from bontot.assessments import authority
from bontot.decisions import services
from bontot.organizations.models import Organization, Role, RoleAssignment

from .factories import issue, ready

pytestmark = pytest.mark.django_db


def _cell_with_secretary(world, code: str) -> Organization:
    cell = Organization.objects.create(
        code=code, name=f"Chi bộ {code}", kind="cell", parent=world.du, valid_from=datetime.date(2000, 1, 1)
    )
    user = get_user_model().objects.create_user(username=f"bt-{code}", password="x")
    start = datetime.date(2000, 1, 1)
    RoleAssignment.objects.create(user=user, organization=cell, role=Role.CELL_SECRETARY, start=start)
    return cell


def _messages(rows, decision):
    return services._messages(rows, lambda r: "Đã được công nhận", kind="decision.recognised", decision=decision)


def test_it_reads_the_users_of_any_number_of_subjects_in_two_queries(world, django_assert_num_queries):
    decision = issue(world, [ready(member=world.members["other_a"])])
    small = [ready(organization=world.a), ready(member=world.members["member_a"])]
    cells = [_cell_with_secretary(world, f"X{i}") for i in range(4)]
    big = (
        small + [ready(organization=o) for o in (world.b, world.du, *cells)] + [ready(member=world.members["member_b"])]
    )
    for assessments in (small, big):
        rows = services._rows({a.pk for a in assessments}, lock=False)
        with django_assert_num_queries(2):  # the members' logins, every self-assessor role at once
            found = _messages(rows, decision)
        # The same users as `authority.subject_users`, subject by subject, in the same order.
        for row in rows:
            expected = list(authority.subject_users(authority.subject_of(row)))
            key = f"decision.recognised:{decision.pk}:{row.subject}"
            assert [m.user for m in found if m.key == key] == expected, row.subject
    by_user = {m.user.username for m in found}
    # Cell A's secretary (not the ended or future one), the committee's office and standing committee, the
    # new cells' secretaries, the members' logins; cell B has no secretary.
    assert by_user == {"secretary_a", "office", "standing", "member_a", "member_b"} | {f"bt-X{i}" for i in range(4)}
