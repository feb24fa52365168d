"""import_bundle: dated memberships, dated statuses and complaint resolutions (additive to the first format)."""

import datetime

import pytest
from django.utils import timezone

from bontot.bundle.exporter import export_bundle
from bontot.bundle.importer import BundleError, import_bundle
from bontot.facts.models import Complaint
from bontot.members.models import Member, Membership, MemberStatus

from .factories import bundle, make_member, make_tree, member, tree

D = datetime.date


def official(card, code, start, end=None):
    return {"member": card, "organization": code, "kind": "official", "from": start, "to": end}


def errors_of(data):
    with pytest.raises(BundleError) as caught:
        import_bundle(data)
    return caught.value.errors


def complaint(**kw):
    return {"organization": "CB1", "received_on": "2024-04-02", "kind": "complaint", "internal": False, **kw}


def test_it_records_a_transfer_and_moves_the_member_to_the_cell_of_the_latest_membership(db):
    make_tree()
    import_bundle(bundle(members=[member("001", "CB1")]))

    summary = import_bundle(
        bundle(
            memberships=[
                official("001", "CB1", "2010-03-02", "2025-02-28"),
                official("001", "CB2", "2025-03-01"),
                {"member": "001", "organization": "CB1", "kind": "residence", "from": "2018-01-01", "to": None},
            ]
        )
    )

    assert summary["memberships"].created == 3
    moved = Member.objects.get(card_no="001")
    assert moved.organization.code == "CB2"
    assert [(m.kind, m.organization.code, m.start, m.end) for m in moved.memberships.order_by("kind", "start")] == [
        ("official", "CB1", D(2010, 3, 2), D(2025, 2, 28)),
        ("official", "CB2", D(2025, 3, 1), None),
        ("residence", "CB1", D(2018, 1, 1), None),
    ]


def test_it_rejects_a_history_that_does_not_start_at_admission_or_overlaps(db):
    make_tree()
    errors = errors_of(
        bundle(
            members=[member("001", "CB1"), member("002", "CB2")],
            memberships=[
                official("001", "CB2", "2024-03-01"),
                official("002", "CB1", "2010-03-02", "2024-06-30"),
                official("002", "CB2", "2024-06-01"),
                {"member": "002", "organization": "DU", "kind": "residence", "from": "2024-01-01"},
                official("002", "CB1", "2024-08-01", "2024-07-01"),
            ],
        )
    )
    assert errors == [
        'members[0].organization: "CB1" is not the cell of the member\'s latest official membership ("CB2"); '
        "a transfer is recorded in memberships",
        'memberships[0].from: the first official membership of member "001" starts on "2024-03-01", '
        'not on admitted_on "2010-03-02" (give the whole history, from admission)',
        'memberships[2].from: overlaps the official membership of member "002" in "CB1" '
        'from "2010-03-02" to "2024-06-30"',
        'memberships[3].organization: "DU" is a grassroots_committee, not a cell or grassroots_cell',
        'memberships[4].to: "2024-07-01" is before from "2024-08-01"',
    ]
    assert Member.objects.count() == Membership.objects.count() == 0


def test_it_checks_a_history_against_the_memberships_already_recorded(db):
    _, _, (first, second) = make_tree()
    kept = make_member("001", second)
    Membership.objects.create(member=kept, organization=first, kind="official", start=kept.admitted_on)

    errors = errors_of(bundle(memberships=[official("001", "CB2", "2024-03-01")]))

    assert errors == [
        'memberships[0].from: overlaps the official membership of member "001" in "CB1" from "2012-05-06" '
        "(still running)"
    ]


def test_it_records_a_status_flag_without_a_period_as_running_from_the_day_of_the_import(db):
    make_tree()
    import_bundle(bundle(members=[member("001", "CB1", suspended=True), member("002", "CB1", exempt=True)]))

    today = timezone.localdate()
    assert [(s.member.card_no, s.kind, s.start, s.end) for s in MemberStatus.objects.order_by("member")] == [
        ("001", "suspended", today, None),
        ("002", "exempt", today, None),
    ]
    again = import_bundle(bundle(members=[member("001", "CB1", suspended=True), member("002", "CB1", exempt=True)]))
    assert again["member_statuses"].created == 0 and MemberStatus.objects.count() == 2


def test_it_rejects_status_flags_that_contradict_their_periods(db):
    make_tree()
    errors = errors_of(
        bundle(
            members=[member("001", "CB1", suspended=True), member("002", "CB1")],
            member_statuses=[
                {"member": "001", "kind": "suspended", "from": "2024-01-01", "to": "2024-03-01"},
                {"member": "002", "kind": "suspended", "from": "2024-01-01", "to": None},
            ],
        )
    )
    assert errors == [
        'members[0].suspended: true, but every suspended period of member "001" has ended (member_statuses)',
        'members[1].suspended: false, but member_statuses has a suspended period of member "002" that is still running',
    ]


def test_it_reads_the_first_format_complaint_flag_and_the_new_keys(db):
    make_tree()
    import_bundle(
        bundle(
            complaints=[
                complaint(received_on="2024-01-02", mass_or_over_level_unresolved=True),
                complaint(received_on="2024-01-03", mass_or_over_level_unresolved=False),
                complaint(received_on="2024-01-04", mass_or_over_level=True, resolved_on="2025-03-10"),
                complaint(
                    received_on="2024-01-05",
                    mass_or_over_level_unresolved=False,
                    mass_or_over_level=True,
                    resolved_on="2024-02-01",
                ),
            ]
        )
    )
    rows = Complaint.objects.order_by("received_on").values_list("mass_or_over_level", "resolved_on")
    assert list(rows) == [(True, None), (False, None), (True, D(2025, 3, 10)), (True, D(2024, 2, 1))]
    exported = export_bundle()["complaints"]
    assert [(c["mass_or_over_level_unresolved"], c["mass_or_over_level"], c["resolved_on"]) for c in exported] == [
        (True, True, None),
        (False, False, None),
        (False, True, "2025-03-10"),
        (False, True, "2024-02-01"),
    ]


def test_it_rejects_complaint_flags_that_contradict_each_other(db):
    errors = errors_of(
        bundle(
            organizations=tree(),
            complaints=[
                complaint(received_on="2024-01-02", mass_or_over_level_unresolved=True, mass_or_over_level=False),
                complaint(received_on="2024-01-03", mass_or_over_level_unresolved=True, resolved_on="2024-02-01"),
                complaint(received_on="2024-01-04", mass_or_over_level_unresolved=False, mass_or_over_level=True),
                complaint(received_on="2024-01-05", resolved_on="2023-12-01"),
            ],
        )
    )
    assert errors == [
        "complaints[0].mass_or_over_level_unresolved: true, but mass_or_over_level is false",
        'complaints[1].mass_or_over_level_unresolved: true, but resolved_on is "2024-02-01"',
        "complaints[2].mass_or_over_level_unresolved: false, but mass_or_over_level is true and resolved_on is null",
        'complaints[3].resolved_on: "2023-12-01" is before received_on "2024-01-05"',
    ]


def test_it_ends_a_running_period_the_day_before_a_first_format_flag_says_false(db):
    _, _, (cell, _) = make_tree()
    kept = make_member("001", cell)
    MemberStatus.objects.create(member=kept, kind="suspended", start=D(2024, 3, 1))

    import_bundle(bundle(members=[member("001", "CB1", suspended=False)]))

    assert MemberStatus.objects.get().end == timezone.localdate() - datetime.timedelta(days=1)


def test_it_records_a_first_format_move_as_a_transfer_on_the_day_of_the_import(db):
    _, _, (first, second) = make_tree()
    make_member("001", first, admitted_on=D(2010, 3, 2))

    import_bundle(bundle(members=[member("001", "CB2")]))

    today = timezone.localdate()
    rows = Membership.objects.order_by("start").values_list("organization__code", "kind", "start", "end")
    assert list(rows) == [
        ("CB1", "official", D(2010, 3, 2), today - datetime.timedelta(days=1)),
        ("CB2", "official", today, None),
    ]
    assert Member.objects.get().organization == second


def test_it_checks_a_corrected_admission_date_against_the_memberships_on_record(db):
    _, _, (cell, _) = make_tree()
    kept = make_member("001", cell, admitted_on=D(2010, 3, 2))
    Membership.objects.create(member=kept, organization=cell, kind="official", start=D(2010, 3, 2))

    errors = errors_of(bundle(members=[member("001", "CB1", admitted_on="2010-02-01")]))

    assert errors == [
        'members[0].admitted_on: the first official membership of member "001" starts on "2010-03-02", '
        'not on admitted_on "2010-02-01" (give the whole history, from admission)'
    ]
