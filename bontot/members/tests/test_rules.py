"""The member date rules: `Member.clean()` next to the fields, and the same rules as database constraints."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bontot.members.models import Member, Membership

D = datetime.date


def _member(world, **kw):
    values = {
        "card_no": "A-900",
        "full_name": "Đỗ Văn Mới",
        "birth_date": D(1990, 1, 1),
        "gender": "male",
        "organization": world.a,
        "admitted_on": D(2015, 1, 1),
    }
    return Member(**(values | kw))


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"admitted_on": D(1990, 1, 1)}, "admitted_on", "Ngày vào Đảng phải sau ngày sinh."),
        ({"official_on": D(2014, 12, 31)}, "official_on", "Ngày chính thức không được trước ngày vào Đảng."),
        ({"left_on": D(2014, 12, 31)}, "left_on", "Ngày ra khỏi Đảng / chuyển đi không được trước ngày vào Đảng."),
    ],
)
def test_it_refuses_dates_out_of_order_next_to_the_field_and_in_the_database(world, values, field, message):
    member = _member(world, **values)
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert error.value.message_dict == {field: [message]}
    with pytest.raises(ValidationError) as error:
        member.validate_constraints()
    assert error.value.messages == [message]
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()


def test_it_gives_the_shared_period_constraint_a_vietnamese_message(world):
    membership = Membership(
        member=world.members["member_a"], organization=world.a, kind="temporary", start=D(2024, 2, 1), end=D(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        membership.validate_constraints()
    assert error.value.messages == ["Ngày kết thúc không được trước ngày bắt đầu."]
