"""Assessments ready for a decision (made with the ORM: the self-assessment and appraisal slices are built
elsewhere) and a helper to issue a decision as a persona."""

from __future__ import annotations

import datetime
from typing import Any

from bontot.assessments.models import Assessment, AssessmentStatus, Proposal, Registration, RegistrationStatus
from bontot.decisions import services
from bontot.decisions.models import Decision, SigningMode

YEAR = 2024
ISSUED_ON = datetime.date(2025, 1, 5)


def ready(
    *,
    member: Any = None,
    organization: Any = None,
    year: int = YEAR,
    status: str = AssessmentStatus.APPRAISED,
    proposal: str = Proposal.RECOGNISE,
    registered: bool = True,
) -> Assessment:
    """Return an assessment of the subject in `status` (appraised and proposed for recognition by default),
    with an accepted registration unless `registered=False`."""
    if registered:
        Registration.objects.create(
            year=year,
            member=member,
            organization=organization,
            registered_on=datetime.date(year, 1, 5),
            status=RegistrationStatus.ACCEPTED,
        )
    appraised = status in (AssessmentStatus.APPRAISED, AssessmentStatus.RECOGNISED)
    return Assessment.objects.create(
        year=year,
        member=member,
        organization=organization,
        status=status,
        proposal=proposal if appraised else "",
        round=1 if status != AssessmentStatus.DRAFT else 0,
    )


def header(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "number": "15-QĐ/ĐU",
        "issued_on": ISSUED_ON,
        "place": "Tam Thăng",
        "signer_name": "Nguyễn Văn Bí",
        "signer_title": "Bí thư",
        "signing_mode": SigningMode.ON_BEHALF,
        "recipients": "- Như Điều 3;\n- Lưu VP.",
    }
    return values | overrides


def issue(world: Any, assessments: list[Assessment], *, actor: str = "standing", **overrides: Any) -> Decision:
    return services.issue_decision(
        issuer=world.du,
        year=YEAR,
        assessment_ids=[a.pk for a in assessments],
        actor=world.users[actor],
        **header(**overrides),
    )
