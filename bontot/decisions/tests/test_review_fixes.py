"""What a review found: names from outside the issuer's subtree, a revoking reason shown to members, and
notification links a recipient could not open."""

import pytest
from django.urls import reverse

from bontot.decisions import services
from bontot.notifications.models import Notification

from .factories import header, issue, ready

pytestmark = pytest.mark.django_db


def test_the_issue_preview_never_names_a_subject_outside_the_subtree(client, world):
    foreign = ready(member=world.members["member_c"])  # DU2's member: not the standing committee's to see
    client.force_login(world.users["standing"])
    response = client.post(
        reverse("decisions:issue"),
        {
            "year": 2024, "number": "99-QĐ/ĐU", "issued_on": "05/01/2025", "place": "X", "signer_name": "S",
            "signer_title": "BÍ THƯ", "signing_mode": "on_behalf", "title": "T", "recipients": "- A",
            "action": "preview", "assessments": [str(foreign.pk)],
        },
    )  # fmt: skip
    body = response.content.decode()
    assert "Võ Thị Cúc" not in body
    assert services.NOT_FOUND in body  # the same answer as an id that does not exist


def test_a_member_kept_by_a_revoking_decision_reads_neither_its_reason_nor_its_summary(client, world):
    mine, theirs = ready(member=world.members["member_a"]), ready(member=world.members["secretary_a"])
    old = issue(world, [mine, theirs])
    new = services.revoke_decision(
        old,
        assessment_ids=[mine.pk],
        reason="Đồng chí Lê Văn Hùng bị kỷ luật khiển trách",
        actor=world.users["standing"],
        **header(number="16-QĐ/ĐU", summary="Thay thế quyết định trước vì đồng chí Lê Văn Hùng bị kỷ luật."),
    )
    client.force_login(world.users["member_a"])
    body = client.get(reverse("decisions:detail", kwargs={"pk": new.pk})).content.decode()
    assert "Nguyễn Văn An" in body and "Lê Văn Hùng" not in body
    client.force_login(world.users["standing"])
    assert "Lê Văn Hùng" in client.get(reverse("decisions:detail", kwargs={"pk": new.pk})).content.decode()


def test_every_recipient_can_open_the_decision_its_notification_links_to(
    client, world, django_capture_on_commit_callbacks
):
    cell, mine = ready(organization=world.a), ready(member=world.members["member_a"])
    with django_capture_on_commit_callbacks(execute=True):
        old = issue(world, [cell, mine])
    note = Notification.objects.get(user=world.users["secretary_a"], kind="decision.recognised")
    client.force_login(world.users["secretary_a"])
    body = client.get(note.url).content.decode()
    assert "Chi bộ thôn An Hòa" in body and "Nguyễn Văn An" not in body  # the cell's line, not the member's
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_decision(
            old, assessment_ids=[cell.pk], reason="Sai sót", actor=world.users["standing"], **header(number="16-QĐ/ĐU")
        )
    dropped = Notification.objects.get(user=world.users["member_a"], kind="decision.revoked")
    client.force_login(world.users["member_a"])
    assert client.get(dropped.url).status_code == 200  # the decision that named them
