"""Two confirmations of the same previewed file at once (a double click, two tabs): exactly one imports, the
other is told the upload is spent; nothing is imported twice."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from bontot.core.models import AuditLog
from bontot.members.models import Member
from bontot.spreadsheets.sheets import MEMBERS

from .files import excel_file
from .test_upload import member_row, post

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL"),
]


def test_a_previewed_file_is_imported_once_when_confirmed_twice_at_once(world):
    office = Client()
    office.force_login(world.users["office"])
    rows = [member_row(card=f"A-{300 + n}", name=f"Đỗ Văn Số {n}") for n in range(30)]
    token = post(office, "dang-vien", excel_file(MEMBERS, rows)).context["token"]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm():
        client = Client()
        client.force_login(world.users["office"])
        barrier.wait()
        try:
            response = client.post(
                reverse("spreadsheets:confirm", kwargs={"kind": "dang-vien"}), {"token": token}, follow=True
            )
            body = response.content.decode()
            outcomes.append("imported" if "Đã nhập 30 dòng" in body else "spent" if "đã hết hạn" in body else body)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["imported", "spent"]
    assert Member.objects.filter(card_no__startswith="A-3").count() == 30
    assert AuditLog.objects.filter(action="spreadsheet.imported").count() == 1
