"""A bundle's registrations are accepted (the format has no status) and late after the year's deadline."""

import datetime

from bontot.assessments.models import Registration, RegistrationStatus
from bontot.bundle.importer import import_bundle
from bontot.bundle.tests.factories import bundle, make_member, make_tree
from bontot.criteria.models import EvaluationYear

D = datetime.date


def test_it_imports_registrations_as_accepted_and_flags_late_ones(db):
    _, ward, (cell, _) = make_tree()
    member = make_member("777", cell)
    EvaluationYear.objects.create(
        year=2024, criteria_set="kh-63-ku-2023", registration_deadline=D(2024, 1, 20), cutoff=D(2024, 11, 30)
    )
    import_bundle(
        bundle(
            registrations=[
                {"year": 2024, "subject": "org:DU", "registered_on": "2024-01-20"},
                {"year": 2024, "subject": "member:777", "registered_on": "2024-01-21"},
            ]
        )
    )
    on_time, late = Registration.objects.get(organization=ward), Registration.objects.get(member=member)
    assert (on_time.status, on_time.late) == (RegistrationStatus.ACCEPTED, False)
    assert (late.status, late.late) == (RegistrationStatus.ACCEPTED, True)
