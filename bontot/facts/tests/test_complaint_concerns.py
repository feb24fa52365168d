"""Complaints about a subject's assessment or rating: the form's fields, the model's rules, the list's hold."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bontot.assessments.holds import holds_for
from bontot.core.models import AuditLog
from bontot.facts.models import (
    COMPLAINT_CONCERNS_NEEDED,
    COMPLAINT_DUPLICATE,
    COMPLAINT_MEMBER_OUTSIDE,
    COMPLAINT_YEAR_NEEDED,
    Complaint,
)

D = datetime.date


def _form(**extra):
    return {"received_on": "02/12/2024", "kind": "complaint", **extra}


def test_it_records_a_complaint_about_a_members_rating_and_holds_the_decision(client, world):
    member = world.members["member_a"]
    client.force_login(world.users["office"])
    response = client.post(
        reverse("facts:complaint_create", args=[world.du.pk]),
        _form(concerns="rating", about_member=str(member.pk), year="2024"),
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.concerns, complaint.about_member_id, complaint.year) == ("rating", member.pk, 2024)
    assert AuditLog.objects.get(object_type="facts.complaint").action == "facts.complaint.created"
    held = holds_for(2024, member_ids=[member.pk], on=D(2024, 12, 3))
    assert held[("member", member.pk)].complaint_id == complaint.pk
    page = client.get(reverse("facts:complaint_list", args=[world.du.pk])).content.decode()
    assert "Kết quả xếp loại chất lượng năm 2024 của Nguyễn Văn An" in page
    assert "Đang tạm dừng xét công nhận năm 2024" in page


def test_it_shows_no_hold_for_a_resolved_complaint_or_one_about_nothing(client, world):
    Complaint.objects.create(
        organization=world.a, received_on=D(2024, 4, 1), kind="complaint", concerns="assessment", year=2024,
        resolved_on=D(2024, 4, 20),
    )  # fmt: skip
    Complaint.objects.create(organization=world.a, received_on=D(2024, 4, 2), kind="complaint")
    client.force_login(world.users["office"])
    page = client.get(reverse("facts:complaint_list", args=[world.a.pk])).content.decode()
    assert "Kết quả đánh giá, công nhận bốn tốt năm 2024 của Chi bộ thôn An Hòa" in page
    assert "Đang tạm dừng xét công nhận" not in page


def test_it_offers_only_members_of_the_receiving_organisation(client, world):
    client.force_login(world.users["office"])
    body = client.get(reverse("facts:complaint_create", args=[world.a.pk])).content.decode()
    assert "Nguyễn Văn An (A-001)" in body
    assert "Phạm Văn Bảo" not in body  # cell B: not under cell A
    assert "Võ Thị Cúc" not in body  # another grassroots organisation


def test_it_refuses_a_member_outside_the_organisation_posted_by_hand(client, world):
    client.force_login(world.users["office"])
    outsider = world.members["member_b"]
    response = client.post(
        reverse("facts:complaint_create", args=[world.a.pk]),
        _form(concerns="rating", about_member=str(outsider.pk), year="2024"),
    )
    assert response.status_code == 200
    assert 'id="id_about_member_error"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_it_refuses_a_member_of_another_grassroots_organisation(client, world):
    # member_c sits in DU2: not under DU, so not among the choices.
    client.force_login(world.users["office"])
    response = client.post(
        reverse("facts:complaint_create", args=[world.du.pk]),
        _form(concerns="rating", about_member=str(world.members["member_c"].pk), year="2024"),
    )
    assert response.status_code == 200 and not Complaint.objects.exists()


def test_it_asks_for_the_year_next_to_the_field(client, world):
    client.force_login(world.users["office"])
    response = client.post(reverse("facts:complaint_create", args=[world.a.pk]), _form(concerns="assessment"))
    assert response.status_code == 200
    assert COMPLAINT_YEAR_NEEDED in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_model_refuses_a_member_outside_and_a_member_without_concerns(world):
    complaint = Complaint(
        organization=world.a, received_on=D(2024, 12, 2), kind="complaint", about_member=world.members["member_b"],
        concerns="rating", year=2024,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        complaint.full_clean()
    assert error.value.message_dict == {"about_member": [COMPLAINT_MEMBER_OUTSIDE]}
    complaint.about_member, complaint.concerns = world.members["member_a"], ""
    with pytest.raises(ValidationError) as error:
        complaint.full_clean()
    assert COMPLAINT_CONCERNS_NEEDED in error.value.messages


def test_it_keeps_two_letters_of_one_day_about_two_members_and_refuses_a_duplicate(world):
    def letter(member=None):
        return Complaint(
            organization=world.a, received_on=D(2024, 12, 2), kind="complaint", about_member=member,
            concerns="rating" if member else "", year=2024 if member else None,
        )  # fmt: skip

    for member in (world.members["member_a"], world.members["other_a"], None):
        c = letter(member)
        c.full_clean()
        c.save()
    for member in (world.members["member_a"], None):
        with pytest.raises(ValidationError) as error:
            letter(member).full_clean()
        assert COMPLAINT_DUPLICATE in error.value.messages
