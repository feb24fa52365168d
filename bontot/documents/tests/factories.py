"""Registrations of 2024 in cells A and B (and cell C of DU2) for the document tests."""

from __future__ import annotations

import datetime
from typing import Any

from bontot.assessments.models import Registration, RegistrationStatus

YEAR = 2024


def registered(w: Any) -> None:
    """member_a and cell A registered in time; other_a late and pending; member_b (cell B) and member_c
    (DU2) registered too, so that a list of cell A must leave them out."""
    on = datetime.date(YEAR, 1, 10)
    for key in ("member_a", "member_b", "member_c"):
        Registration.objects.create(
            year=YEAR, member=w.members[key], registered_on=on, status=RegistrationStatus.ACCEPTED
        )
    Registration.objects.create(year=YEAR, organization=w.a, registered_on=on, status=RegistrationStatus.ACCEPTED)
    Registration.objects.create(
        year=YEAR,
        member=w.members["other_a"],
        registered_on=datetime.date(YEAR, 4, 2),
        status=RegistrationStatus.PENDING,
        late=True,
    )


def built_in(kind: str, name: str = "mau.docx") -> Any:
    """The built-in Word template of `kind` as an upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bontot.documents.render import DOCX_DIR, DOCX_TYPE

    return SimpleUploadedFile(name, (DOCX_DIR / f"{kind}.docx").read_bytes(), content_type=DOCX_TYPE)
