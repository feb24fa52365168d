"""Two first uploads of the same kind at once (PostgreSQL): one template is stored, the other upload gets a
clear Vietnamese message; one audit row."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bontot.core.models import AuditLog
from bontot.documents import uploads
from bontot.documents.models import DocumentTemplate

from .factories import built_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_first_uploads_at_once_store_one(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(name):
        upload = built_in("registration", name=name)
        barrier.wait()
        try:
            uploads.upload_template(world.du, "registration", upload, actor=world.users["office"])
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f"mau-{i}.docx",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert DocumentTemplate.objects.count() == 1
    assert AuditLog.objects.filter(action="documents.template.uploaded").count() == outcomes.count("ok")
    assert "ok" in outcomes
    assert set(outcomes) <= {"ok", "Đã có người khác cập nhật mẫu này; tải lại trang."}
