"""Discipline and complaint pages: rules next to the field, deletion of a mistake with its reason, audit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bontot.core.models import AuditLog
from bontot.facts.models import Complaint, Discipline

D = datetime.date


def test_it_refuses_a_resolution_before_the_receipt_in_the_model(world):
    complaint = Complaint(organization=world.a, received_on=D(2024, 4, 1), kind="complaint", resolved_on=D(2024, 3, 31))
    with pytest.raises(ValidationError) as error:
        complaint.full_clean()
    assert error.value.message_dict == {"resolved_on": ["Ngày giải quyết xong không được trước ngày nhận đơn."]}
    complaint.resolved_on = D(2024, 4, 1)
    complaint.full_clean()


def test_it_shows_the_resolution_error_next_to_the_field(client, world):
    complaint = Complaint.objects.create(organization=world.a, received_on=D(2024, 4, 1), kind="complaint")
    client.force_login(world.users["office"])
    response = client.post(reverse("facts:complaint_resolve", args=[complaint.pk]), {"resolved_on": "31/03/2024"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_resolved_on_error">Ngày giải quyết xong không được trước ngày nhận đơn.' in body
    assert Complaint.objects.get(pk=complaint.pk).resolved_on is None


def test_it_records_a_complaint_and_its_resolution_with_audit_rows(client, world):
    client.force_login(world.users["office"])
    response = client.post(
        reverse("facts:complaint_create", args=[world.a.pk]),
        {"received_on": "01/04/2024", "kind": "denunciation", "internal": "on"},
    )
    assert response["Location"] == reverse("facts:complaint_list", args=[world.a.pk])
    complaint = Complaint.objects.get()
    assert (complaint.internal, complaint.mass_or_over_level, complaint.resolved_on) == (True, False, None)
    client.post(reverse("facts:complaint_resolve", args=[complaint.pk]), {"resolved_on": "20/04/2024"})
    assert Complaint.objects.get().resolved_on == D(2024, 4, 20)
    logs = AuditLog.objects.filter(object_type="facts.complaint").order_by("id")
    assert [(log.action, log.organization_path) for log in logs] == [
        ("facts.complaint.created", "/SUP/DU/A/"),
        ("facts.complaint.changed", "/SUP/DU/A/"),
    ]
    assert logs[1].data["fields"] == ["resolved_on"]
    page = client.get(reverse("facts:complaint_list", args=[world.a.pk])).content.decode()
    assert "20/04/2024" in page


def test_it_lets_the_secretary_read_the_complaints_of_the_cell_only(client, world):
    Complaint.objects.create(organization=world.a, received_on=D(2024, 4, 1), kind="complaint")
    Complaint.objects.create(organization=world.b, received_on=D(2024, 4, 2), kind="denunciation")
    client.force_login(world.users["secretary_a"])
    page = client.get(reverse("facts:complaint_list", args=[world.a.pk])).content.decode()
    assert "01/04/2024" in page
    assert "02/04/2024" not in page
    assert "Ghi nhận đơn thư" not in page
    assert client.get(reverse("facts:complaint_list", args=[world.b.pk])).status_code == 404


def test_it_deletes_a_discipline_entered_by_mistake_with_the_reason(client, world):
    discipline = Discipline.objects.create(member=world.members["member_a"], decided_on=D(2024, 5, 2), form="warning")
    client.force_login(world.users["office"])
    missing_reason = client.post(reverse("facts:discipline_delete", args=[discipline.pk]), {"reason": ""})
    assert missing_reason.status_code == 200
    assert Discipline.objects.exists()
    response = client.post(reverse("facts:discipline_delete", args=[discipline.pk]), {"reason": "Nhập nhầm người"})
    assert response["Location"] == reverse("members:detail", args=[world.members["member_a"].pk])
    assert not Discipline.objects.exists()
    log = AuditLog.objects.get(action="facts.discipline.deleted")
    assert (log.object_id, log.organization_path, log.actor) == (
        str(discipline.pk),
        "/SUP/DU/A/",
        world.users["office"],
    )
    assert log.data["reason"] == "Nhập nhầm người"


def test_it_records_a_discipline_on_the_members_page(client, world):
    member = world.members["member_a"]
    client.force_login(world.users["office"])
    client.post(reverse("facts:discipline_create", args=[member.pk]), {"decided_on": "02/05/2024", "form": "warning"})
    discipline = Discipline.objects.get(member=member)
    assert (discipline.decided_on, discipline.created_by) == (D(2024, 5, 2), world.users["office"])
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "Cảnh cáo" in page
    edit = client.get(reverse("facts:discipline_edit", args=[discipline.pk])).content.decode()
    assert "Tạo mới" in edit  # its history


def test_it_answers_404_to_a_member_for_another_members_discipline(client, world):
    discipline = Discipline.objects.create(member=world.members["other_a"], decided_on=D(2024, 5, 2), form="warning")
    client.force_login(world.users["member_a"])
    for name in ("facts:discipline_edit", "facts:discipline_delete"):
        assert client.get(reverse(name, args=[discipline.pk])).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_it_lists_complaints_in_a_constant_number_of_queries(client, world, django_assert_num_queries, count):
    Complaint.objects.bulk_create(
        Complaint(organization=world.a, received_on=D(2024, 1, 1) + datetime.timedelta(days=i), kind="complaint")
        for i in range(count)
    )
    client.force_login(world.users["office"])
    # session, user, grants, the organisation, count, page, the bell's unread count, session save (3)
    with django_assert_num_queries(10):
        response = client.get(reverse("facts:complaint_list", args=[world.a.pk]))
    assert response.status_code == 200
