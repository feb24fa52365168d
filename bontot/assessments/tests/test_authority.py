"""Who self-assesses, appraises and decides (DOMAIN.md table), on the persona tree, and who reads an
assessment (`access_assessment`)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from bontot.assessments import authority
from bontot.assessments.access import access_assessment, visible_assessments
from bontot.assessments.models import Assessment

pytestmark = pytest.mark.django_db


def test_member_authorities(world):
    member = world.members["member_a"]
    assert authority.issuer_of(member) == world.du
    assert authority.may_self_assess(world.users["member_a"], member)
    assert authority.may_self_assess(world.users["secretary_a"], member)
    assert not authority.may_self_assess(world.users["member_b"], member)
    assert authority.may_appraise(world.users["secretary_a"], member)
    for other in ("office", "standing", "supervisor_a", "ended", "future", "member_a"):
        assert not authority.may_appraise(world.users[other], member), other
    assert authority.may_decide_recognition(world.users["standing"], member)
    assert not authority.may_decide_recognition(world.users["office"], member)
    assert not authority.may_appraise(world.users["secretary_a"], world.members["member_b"])
    assert list(authority.users_holding(authority.appraiser_of(member))) == [world.users["secretary_a"]]


def test_cell_and_grassroots_authorities(world):
    assert authority.issuer_of(world.a) == world.du
    assert authority.may_self_assess(world.users["secretary_a"], world.a)
    assert authority.may_appraise(world.users["office"], world.a)
    assert not authority.may_appraise(world.users["outsider"], world.a)
    assert authority.may_decide_recognition(world.users["standing"], world.a)
    assert authority.issuer_of(world.du) == world.orgs["SUP"]
    assert authority.may_self_assess(world.users["office"], world.du)
    assert authority.may_appraise(world.users["reviewer"], world.du)
    assert not authority.may_decide_recognition(world.users["standing"], world.du)
    assert authority.issuer_of(world.orgs["SUP"]) is None
    assert not authority.may_appraise(world.users["reviewer"], world.orgs["SUP"])


def test_access_assessment(world):
    own = Assessment.objects.create(year=2024, member=world.members["member_a"])
    cell = Assessment.objects.create(year=2024, organization=world.a)
    assert access_assessment(world.users["member_a"], own.pk) == own
    with pytest.raises(Http404):
        access_assessment(world.users["member_b"], own.pk)
    with pytest.raises(Http404):
        access_assessment(world.users["member_a"], cell.pk)  # an organisation's: staff only
    with pytest.raises(Http404):
        access_assessment(world.users["outsider"], own.pk)
    with pytest.raises(PermissionDenied):
        access_assessment(world.users["office"], own.pk, need="appraise")
    assert access_assessment(world.users["secretary_a"], own.pk, need="appraise") == own
    assert access_assessment(world.users["office"], cell.pk, need="appraise") == cell
    assert access_assessment(world.users["standing"], cell.pk, need="decide") == cell
    with pytest.raises(Http404):
        access_assessment(world.users["member_a"], "x")
    assert set(visible_assessments(world.users["member_a"])) == {own}
    assert set(visible_assessments(world.users["office"])) == {own, cell}
    assert not visible_assessments(world.users["outsider"]).exists()


def test_a_members_assessment_stays_with_the_cell_of_its_year(world):
    """After a transfer from A to B, the 2024 assessment is still A's: appraised by A's secretary."""
    from bontot.members.models import Membership

    member = world.members["member_a"]
    Membership.objects.create(member=member, organization=world.a, kind="official", start=datetime.date(2020, 1, 1),
                              end=datetime.date(2025, 3, 1))  # fmt: skip
    Membership.objects.create(member=member, organization=world.b, kind="official", start=datetime.date(2025, 3, 2))
    member.organization = world.b
    member.save()
    assessment = Assessment.objects.create(year=2024, member=member)
    assert assessment.cell == world.a
    subject = authority.subject_of(assessment)
    assert authority.may_appraise(world.users["secretary_a"], subject)
    assert access_assessment(world.users["secretary_a"], assessment.pk, need="appraise") == assessment
    assert set(visible_assessments(world.users["supervisor_a"])) == {assessment}
    assert Assessment.objects.create(year=2025, member=member).cell == world.b
