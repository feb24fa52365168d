"""The rule "không xếp loại / không áp dụng needs a reason": pure, in the models, the database and bundles."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bontot.bundle.schema import Errors, parse_bundle
from bontot.bundle.tests.factories import bundle, quality_rating
from bontot.facts.models import QualityRating
from bontot.facts.rules_ratings import linked_body_lacks_reason, rating_lacks_reason
from bontot.organizations.models import LinkedBody


@pytest.mark.parametrize(
    ("level", "reason", "lacks"),
    [
        ("not_rated", "", True),
        ("not_rated", None, True),
        ("not_rated", "   ", True),
        ("not_rated", "Miễn sinh hoạt", False),
        ("good", "", False),
        ("incomplete", None, False),
        (None, "", False),
    ],
)
def test_it_asks_a_reason_only_when_not_rated(level, reason, lacks):
    assert rating_lacks_reason(level, reason) is lacks


@pytest.mark.parametrize(
    ("level", "reason", "lacks"),
    [
        ("not_applicable", "", True),
        ("not_applicable", " ", True),
        ("not_applicable", "Thôn không có chính quyền riêng", False),
        ("complete", "", False),
        ("not_rated", "", False),
    ],
)
def test_it_asks_a_reason_only_when_a_linked_body_is_not_applicable(level, reason, lacks):
    assert linked_body_lacks_reason(level, reason) is lacks


def test_it_puts_the_vietnamese_message_next_to_the_reason_of_a_rating(world):
    rating = QualityRating(year=2024, member=world.members["member_a"], level="not_rated", reason=" ")
    with pytest.raises(ValidationError) as caught:
        rating.full_clean()
    assert caught.value.message_dict == {"reason": ["Cần ghi lý do khi không xếp loại."]}
    rating.reason = "Miễn công tác và sinh hoạt đảng"
    rating.full_clean()
    QualityRating(year=2024, member=world.members["member_a"], level="good").full_clean()


def test_it_puts_the_vietnamese_message_next_to_the_reason_of_a_linked_body(world):
    body = LinkedBody(year=2024, organization=world.a, name="Chính quyền", level="not_applicable")
    with pytest.raises(ValidationError) as caught:
        body.full_clean()
    assert caught.value.message_dict == {"reason": ["Cần ghi lý do khi không áp dụng."]}
    body.reason = "Thôn không có chính quyền riêng"
    body.full_clean()


def test_it_refuses_a_not_rated_rating_without_reason_in_the_database(world):
    member = world.members["member_a"]
    with pytest.raises(IntegrityError), transaction.atomic():
        QualityRating.objects.create(year=2024, member=member, level="not_rated", reason="")
    QualityRating.objects.create(year=2024, member=member, level="not_rated", reason="Vào Đảng chưa đủ 6 tháng")
    QualityRating.objects.create(year=2023, member=member, level="complete", reason="")


def test_it_refuses_a_not_applicable_linked_body_without_reason_in_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkedBody.objects.create(year=2024, organization=world.a, name="Chính quyền", level="not_applicable")
    LinkedBody.objects.create(
        year=2024, organization=world.a, name="Chính quyền", level="not_applicable", reason="Thôn"
    )
    LinkedBody.objects.create(year=2024, organization=world.a, name="MTTQ", level="good")


def _messages(**sections):
    errors = Errors()
    parse_bundle(bundle(**sections), errors)
    return errors.messages()


def test_it_rejects_a_bundle_rating_not_rated_without_reason_and_keeps_one_with_it():
    assert _messages(quality_ratings=[quality_rating("member:001", level="not_rated", reason=None)]) == [
        'quality_ratings[0].reason: required when level is "not_rated"'
    ]
    assert _messages(quality_ratings=[quality_rating("member:001", level="not_rated", reason="Miễn")]) == []
    assert _messages(quality_ratings=[quality_rating("member:001", level="good")]) == []


def test_it_rejects_a_bundle_linked_body_not_applicable_without_reason():
    body = {"year": 2024, "organization": "CB1", "name": "Chính quyền", "level": "not_applicable"}
    assert _messages(linked_bodies=[body]) == ['linked_bodies[0].reason: required when level is "not_applicable"']
    assert _messages(linked_bodies=[{**body, "reason": "Thôn"}]) == []
