import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bontot.bundle.exporter import export_bundle
from bontot.bundle.importer import import_bundle
from bontot.criteria.engine.snapshot import Rating, Span
from bontot.criteria.loader import ScopeError, load_year_facts
from bontot.criteria.models import EvaluationYear
from bontot.facts.models import Complaint, Discipline, Meeting
from bontot.members.models import Member, Membership, MemberStatus
from bontot.organizations.models import Organization
from bontot.organizations.services import rebuild_paths

from .factories import build_ward, make_member, make_org

D = datetime.date
AS_OF = D(2024, 12, 15)


def count_queries(**kw):
    with CaptureQueriesContext(connection) as ctx:
        facts = load_year_facts(2024, as_of=AS_OF, **kw)
    return len(ctx.captured_queries), facts


@pytest.mark.django_db
def test_it_runs_the_same_number_of_queries_whatever_the_number_of_subjects():
    build_ward(cells=2, members_per_cell=2, prefix="S")
    build_ward(cells=6, members_per_cell=7, prefix="L")
    small, small_facts = count_queries(org_code="STU")
    large, large_facts = count_queries(org_code="LTU")
    everything, all_facts = count_queries()
    assert len(all_facts.members) == 46
    assert len(small_facts.members) == 4
    assert len(large_facts.members) == 42
    assert len(large_facts.organizations) == 7
    assert small == large == everything
    assert large <= 15


@pytest.mark.django_db
def test_it_builds_snapshots_with_every_fact():
    build_ward(cells=2, members_per_cell=3)
    facts = load_year_facts(2024, as_of=AS_OF)
    ward, cell0, cell1 = facts.organizations
    assert ward.code == "DU" and ward.model == "grassroots"
    assert [s.code for s in ward.subordinates] == ["CB0", "CB1"]
    assert ward.subordinates[0].rating == Rating(level="good", final=True)
    assert len(ward.disciplines) == 6  # the whole subtree
    assert cell0.model == "cell"
    assert len(cell0.meetings) == 11
    assert len(cell0.members) == 3 and cell0.members[0].rating == Rating(level="good", final=True)
    assert len(cell0.disciplines) == 3
    assert len(cell0.complaints) == 1
    member = facts.members[0]
    assert member.organization_code == "CB0"
    assert member.workplace_rating == "excellent"
    assert member.judgements[0].indicator == "2.1.j1"
    assert facts.period.cutoff == D(2024, 11, 30)


@pytest.mark.django_db
def test_it_limits_the_scope_to_a_subtree():
    build_ward(cells=3, members_per_cell=2)
    facts = load_year_facts(2024, as_of=AS_OF, org_code="CB1")
    assert [o.code for o in facts.organizations] == ["CB1"]
    assert {m.organization_code for m in facts.members} == {"CB1"}
    assert len(facts.members) == 2


@pytest.mark.django_db
def test_it_rejects_an_unknown_scope_or_year():
    build_ward(cells=1, members_per_cell=1)
    with pytest.raises(ScopeError, match="XYZ"):
        load_year_facts(2024, as_of=AS_OF, org_code="XYZ")
    with pytest.raises(ScopeError, match="2023"):
        load_year_facts(2023, as_of=AS_OF)


@pytest.mark.django_db
def test_it_follows_a_reorganisation_through_successor_links():
    """In 2025 the new cell inherits the old cell's meetings; in 2024 its members belong to the old one."""
    for y in (2024, 2025):
        EvaluationYear.objects.create(
            year=y, criteria_set="kh-63-ku-2023", registration_deadline=D(y, 1, 20), cutoff=D(y, 11, 30)
        )
    top = make_org("TU", "superior_committee")
    new_ward = make_org("BT", "grassroots_committee", parent=top, valid_from=D(2025, 7, 1))
    new_cell = make_org("BT-1", "cell", parent=new_ward, valid_from=D(2025, 7, 1))
    old_ward = make_org("TT", "grassroots_committee", parent=top, valid_to=D(2025, 6, 30), successor=new_ward)
    old_cell = make_org("TT-1", "cell", parent=old_ward, valid_to=D(2025, 6, 30), successor=new_cell)
    rebuild_paths()
    make_member("000001", new_cell)
    Meeting.objects.create(organization=old_cell, held_on=D(2025, 3, 5), kind="regular", grade="good")
    Meeting.objects.create(organization=new_cell, held_on=D(2025, 8, 5), kind="regular", grade="good")
    Meeting.objects.create(organization=old_cell, held_on=D(2024, 3, 5), kind="regular", grade="good")

    facts_2024 = load_year_facts(2024, as_of=D(2024, 12, 31))
    assert [o.code for o in facts_2024.organizations] == ["TT", "TT-1"]
    assert [m.organization_code for m in facts_2024.members] == ["TT-1"]
    assert len(facts_2024.organizations[1].meetings) == 1

    facts_2025 = load_year_facts(2025, as_of=D(2025, 12, 31))
    assert [o.code for o in facts_2025.organizations] == ["BT", "BT-1"]
    cell = facts_2025.organizations[1]
    assert [m.held_on for m in cell.meetings] == [D(2025, 3, 5), D(2025, 8, 5)]
    assert cell.valid_from == D(2000, 1, 1)  # the chain started long before the year
    assert [m.organization_code for m in facts_2025.members] == ["BT-1"]

    # Evaluated before the merger, 2025 still has the old organisations.
    early = load_year_facts(2025, as_of=D(2025, 3, 31))
    assert [o.code for o in early.organizations] == ["TT", "TT-1"]


@pytest.mark.django_db
def test_it_leaves_out_members_who_left_or_were_not_yet_admitted():
    build_ward(cells=1, members_per_cell=0)
    cell = Organization.objects.get(code="CB0")
    make_member("1", cell)
    make_member("2", cell, left_on=D(2024, 6, 1))
    make_member("3", cell, admitted_on=D(2024, 12, 10))
    facts = load_year_facts(2024, as_of=AS_OF)
    assert [m.card_no for m in facts.members] == ["1"]


@pytest.mark.django_db
def test_it_keeps_the_discipline_of_a_member_expelled_during_the_year():
    build_ward(cells=1, members_per_cell=0)
    cell = Organization.objects.get(code="CB0")
    make_member("1", cell)
    expelled = make_member("2", cell, left_on=D(2024, 5, 10))
    Discipline.objects.create(member=expelled, decided_on=D(2024, 5, 10), form="expulsion")
    facts = load_year_facts(2024, as_of=AS_OF)
    ward, cell_snapshot = facts.organizations
    assert [m.card_no for m in facts.members] == ["1"]
    assert [m.card_no for m in cell_snapshot.members] == ["1"]
    assert [(d.card_no, d.form) for d in cell_snapshot.disciplines] == [("2", "expulsion")]
    assert [(d.card_no, d.form) for d in ward.disciplines] == [("2", "expulsion")]


@pytest.mark.django_db
def test_it_loads_an_unresolved_mass_complaint_from_an_earlier_year():
    build_ward(cells=1, members_per_cell=0)
    cell = Organization.objects.get(code="CB0")
    Complaint.objects.create(organization=cell, received_on=D(2023, 12, 1), kind="complaint", mass_or_over_level=True)
    Complaint.objects.create(organization=cell, received_on=D(2023, 11, 1), kind="denunciation", internal=True)
    # Resolved before 2024: not a backlog of 2024. Resolved in 2025: still unresolved during 2024.
    Complaint.objects.create(
        organization=cell, received_on=D(2022, 5, 1), kind="complaint", mass_or_over_level=True,
        resolved_on=D(2023, 12, 31),
    )  # fmt: skip
    Complaint.objects.create(
        organization=cell, received_on=D(2022, 6, 1), kind="complaint", mass_or_over_level=True,
        resolved_on=D(2025, 3, 10),
    )  # fmt: skip
    facts = load_year_facts(2024, as_of=AS_OF)
    found = sorted((c.received_on, c.mass_or_over_level, c.resolved_on) for c in facts.organizations[1].complaints)
    assert found == [
        (D(2022, 6, 1), True, None),  # resolved after the as-of date: unresolved as known then
        (D(2023, 12, 1), True, None),
        (D(2024, 3, 1), False, None),
    ]


def two_years():
    for y in (2024, 2025):
        EvaluationYear.objects.create(
            year=y, criteria_set="kh-63-ku-2023", registration_deadline=D(y, 1, 20), cutoff=D(y, 11, 30)
        )


def merged_tree():
    """TT (with TT-1, TT-2) merged into BT (with BT-1) on 01/07/2025."""
    top = make_org("TU", "superior_committee")
    new_ward = make_org("BT", "grassroots_committee", parent=top, valid_from=D(2025, 7, 1))
    new_cell = make_org("BT-1", "cell", parent=new_ward, valid_from=D(2025, 7, 1))
    old_ward = make_org("TT", "grassroots_committee", parent=top, valid_to=D(2025, 6, 30), successor=new_ward)
    first = make_org("TT-1", "cell", parent=old_ward, valid_to=D(2025, 6, 30), successor=new_cell)
    second = make_org("TT-2", "cell", parent=old_ward, valid_to=D(2025, 6, 30), successor=new_cell)
    rebuild_paths()
    return old_ward, first, second, new_ward, new_cell


def codes(discipline_list):
    return [(d.card_no, d.form, d.decided_on) for d in discipline_list]


@pytest.mark.django_db
def test_it_keeps_the_discipline_of_a_member_who_left_a_cell_that_merged_later():
    """Expelled from TT-1 on 15/03/2025, before TT-1 became BT-1 on 01/07/2025: 2025 keeps it for both."""
    two_years()
    _, old_cell, _, _, _ = merged_tree()
    expelled = make_member("9", old_cell, left_on=D(2025, 3, 15))
    Discipline.objects.create(member=expelled, decided_on=D(2025, 3, 15), form="expulsion")

    facts = load_year_facts(2025, as_of=D(2025, 12, 31))

    ward, cell = facts.organizations
    assert (ward.code, cell.code) == ("BT", "BT-1")
    assert codes(cell.disciplines) == codes(ward.disciplines) == [("9", "expulsion", D(2025, 3, 15))]
    assert facts.members == ()


@pytest.mark.django_db
def test_it_keeps_a_warning_in_the_cell_the_member_belonged_to_on_its_day():
    """Warned on 01/04/2024 in CB0, moved on 01/12/2024 to a cell founded that day: 2024 keeps it in CB0."""
    build_ward(cells=1, members_per_cell=0)
    ward = Organization.objects.get(code="DU")
    old_cell = Organization.objects.get(code="CB0")
    new_cell = make_org("CB-NEW", "cell", parent=ward, valid_from=D(2024, 12, 1))
    rebuild_paths()
    mover = make_member("7", new_cell)
    Membership.objects.create(member=mover, organization=old_cell, kind="official", start=D(2010, 1, 1),
                              end=D(2024, 11, 30))  # fmt: skip
    Membership.objects.create(member=mover, organization=new_cell, kind="official", start=D(2024, 12, 1))
    Discipline.objects.create(member=mover, decided_on=D(2024, 4, 1), form="warning")

    facts = load_year_facts(2024, as_of=D(2024, 12, 31))

    ward_snapshot, cell = facts.organizations
    assert cell.code == "CB0"
    assert codes(cell.disciplines) == codes(ward_snapshot.disciplines) == [("7", "warning", D(2024, 4, 1))]
    assert [m.card_no for m in cell.members] == ["7"]  # still in CB0 on the cut-off date 30/11/2024
    assert [(m.card_no, m.organization_code) for m in facts.members] == [("7", "CB0")]


@pytest.mark.django_db
def test_it_counts_members_of_merged_cells_in_their_own_cell():
    two_years()
    _, first, second, _, new_cell = merged_tree()
    for card, cell in (("1", first), ("2", second)):
        member = make_member(card, new_cell)
        Membership.objects.create(member=member, organization=cell, kind="official", start=D(2010, 1, 1),
                                  end=D(2025, 6, 30))  # fmt: skip
        Membership.objects.create(member=member, organization=new_cell, kind="official", start=D(2025, 7, 1))
        Discipline.objects.create(member=member, decided_on=D(2024, 2, int(card)), form="reprimand")

    facts_2024 = load_year_facts(2024, as_of=D(2024, 12, 31))
    _, cell_1, cell_2 = facts_2024.organizations
    assert [m.card_no for m in cell_1.members] == ["1"] and [m.card_no for m in cell_2.members] == ["2"]
    assert [d.card_no for d in cell_1.disciplines] == ["1"] and [d.card_no for d in cell_2.disciplines] == ["2"]
    assert [(m.card_no, m.organization_code) for m in facts_2024.members] == [("1", "TT-1"), ("2", "TT-2")]

    facts_2025 = load_year_facts(2025, as_of=D(2025, 12, 31))
    _, merged = facts_2025.organizations
    assert [m.card_no for m in merged.members] == ["1", "2"]


@pytest.mark.django_db
def test_it_attributes_facts_of_a_transfer_inside_the_year_to_each_cell_by_date():
    build_ward(cells=2, members_per_cell=0)
    first, second = Organization.objects.get(code="CB0"), Organization.objects.get(code="CB1")
    mover = make_member("5", second, admitted_on=D(2024, 2, 10))
    Membership.objects.create(member=mover, organization=first, kind="official", start=D(2024, 2, 10),
                              end=D(2024, 5, 31))  # fmt: skip
    Membership.objects.create(member=mover, organization=second, kind="official", start=D(2024, 6, 1))
    Discipline.objects.create(member=mover, decided_on=D(2024, 3, 1), form="reprimand")
    Discipline.objects.create(member=mover, decided_on=D(2024, 7, 1), form="warning")

    facts = load_year_facts(2024, as_of=AS_OF)

    _, cell_0, cell_1 = facts.organizations
    assert [d.form for d in cell_0.disciplines] == ["reprimand"]
    assert [d.form for d in cell_1.disciplines] == ["warning"]
    assert [a.card_no for a in cell_0.admissions] == ["5"] and cell_1.admissions == ()
    assert [m.card_no for m in cell_0.members] == [] and [m.card_no for m in cell_1.members] == ["5"]
    (member,) = facts.members
    assert [d.form for d in member.disciplines] == ["reprimand", "warning"]


@pytest.mark.django_db
def test_it_reads_a_scope_whose_predecessors_lie_in_another_subtree():
    two_years()
    _, old_cell, _, _, _ = merged_tree()
    expelled = make_member("9", old_cell, left_on=D(2025, 3, 15))
    Discipline.objects.create(member=expelled, decided_on=D(2025, 3, 15), form="expulsion")
    Meeting.objects.create(organization=old_cell, held_on=D(2025, 3, 5), kind="regular", grade="good")

    facts = load_year_facts(2025, as_of=D(2025, 12, 31), org_code="BT")

    ward, cell = facts.organizations
    assert [d.card_no for d in ward.disciplines] == ["9"]
    assert [m.held_on for m in cell.meetings] == [D(2025, 3, 5)]


@pytest.mark.django_db
def test_it_loads_dated_statuses_and_residence_cells_of_the_year():
    build_ward(cells=2, members_per_cell=0)
    home, residence = Organization.objects.get(code="CB0"), Organization.objects.get(code="CB1")
    worker = make_member("1", home)
    Membership.objects.create(member=worker, organization=residence, kind="residence", start=D(2020, 1, 1))
    Membership.objects.create(member=worker, organization=home, kind="temporary", start=D(2020, 1, 1))
    MemberStatus.objects.create(member=worker, kind="suspended", start=D(2024, 3, 1), end=D(2024, 8, 31),
                                reason="Đang xem xét kỷ luật")  # fmt: skip
    MemberStatus.objects.create(member=worker, kind="suspended", start=D(2022, 1, 1), end=D(2022, 6, 30))
    MemberStatus.objects.create(member=worker, kind="exempt", start=D(2023, 1, 1))

    (member,) = load_year_facts(2024, as_of=AS_OF).members

    assert member.suspensions == (Span(D(2024, 3, 1), D(2024, 8, 31), "Đang xem xét kỷ luật"),)
    assert member.exemptions == (Span(D(2023, 1, 1), None, ""),)
    assert member.residence_cells == (Span(D(2020, 1, 1), None, "Tổ chức CB1"),)


@pytest.mark.django_db
def test_it_gives_the_same_snapshots_whatever_is_recorded_after_the_as_of_date():
    build_ward(cells=2, members_per_cell=2)
    Complaint.objects.filter(organization__code="CB0").update(mass_or_over_level=True)
    before = load_year_facts(2024, as_of=D(2024, 12, 31))
    cell_0, cell_1 = Organization.objects.get(code="CB0"), Organization.objects.get(code="CB1")
    ward = Organization.objects.get(code="DU")
    # 2025: a transfer, a merger, a resolution and a discipline.
    mover = Member.objects.filter(organization=cell_0).earliest("card_no")
    Membership.objects.create(member=mover, organization=cell_0, kind="official", start=mover.admitted_on,
                              end=D(2025, 2, 28))  # fmt: skip
    Membership.objects.create(member=mover, organization=cell_1, kind="official", start=D(2025, 3, 1))
    Member.objects.filter(pk=mover.pk).update(organization=cell_1)
    merged = make_org("CB-M", "cell", parent=ward, valid_from=D(2025, 7, 1))
    Organization.objects.filter(pk__in=[cell_0.pk, cell_1.pk]).update(valid_to=D(2025, 6, 30), successor=merged)
    rebuild_paths()
    Complaint.objects.filter(organization=cell_0).update(resolved_on=D(2025, 1, 5))
    Discipline.objects.create(member=mover, decided_on=D(2025, 4, 1), form="warning")

    after = load_year_facts(2024, as_of=D(2024, 12, 31))

    assert after == before


@pytest.mark.django_db
def test_it_keeps_for_the_committee_a_discipline_in_a_cell_dissolved_during_the_year():
    """CB-OLD closed on 30/04/2024 without a successor; its member, warned on 01/04, moved to CB0 on 01/05."""
    build_ward(cells=1, members_per_cell=0)
    ward, cb0 = Organization.objects.get(code="DU"), Organization.objects.get(code="CB0")
    old = make_org("CB-OLD", "cell", parent=ward, valid_to=D(2024, 4, 30))
    rebuild_paths()
    mover = make_member("7", cb0)
    Membership.objects.create(member=mover, organization=old, kind="official", start=D(2010, 1, 1),
                              end=D(2024, 4, 30))  # fmt: skip
    Membership.objects.create(member=mover, organization=cb0, kind="official", start=D(2024, 5, 1))
    Discipline.objects.create(member=mover, decided_on=D(2024, 4, 1), form="warning")

    ward_snapshot, cell = load_year_facts(2024, as_of=D(2024, 12, 31)).organizations

    assert [d.card_no for d in ward_snapshot.disciplines] == ["7"]
    assert cell.disciplines == ()  # the warning was given in CB-OLD, not in CB0


@pytest.mark.django_db
def test_it_keeps_for_the_committee_a_discipline_in_a_cell_founded_after_the_cutoff():
    build_ward(cells=1, members_per_cell=0)
    ward, cb0 = Organization.objects.get(code="DU"), Organization.objects.get(code="CB0")
    new = make_org("CB-NEW", "cell", parent=ward, valid_from=D(2024, 12, 1))
    rebuild_paths()
    mover = make_member("7", new)
    Membership.objects.create(member=mover, organization=cb0, kind="official", start=D(2010, 1, 1),
                              end=D(2024, 11, 30))  # fmt: skip
    Membership.objects.create(member=mover, organization=new, kind="official", start=D(2024, 12, 1))
    Discipline.objects.create(member=mover, decided_on=D(2024, 12, 10), form="warning")

    facts = load_year_facts(2024, as_of=D(2024, 12, 31))

    ward_snapshot, cell = facts.organizations
    assert [d.card_no for d in ward_snapshot.disciplines] == ["7"] and cell.disciplines == ()
    assert [d.form for d in facts.members[0].disciplines] == ["warning"]


@pytest.mark.django_db
def test_it_counts_a_member_between_two_cells_on_the_cutoff_in_the_cell_they_left():
    """Left CB0 on 20/11/2024, received by CB1 on 05/12/2024: on 30/11 the member is still evaluated."""
    build_ward(cells=2, members_per_cell=0)
    cb0, cb1 = Organization.objects.get(code="CB0"), Organization.objects.get(code="CB1")
    mover = make_member("7", cb1)
    Membership.objects.create(member=mover, organization=cb0, kind="official", start=D(2010, 1, 1),
                              end=D(2024, 11, 20))  # fmt: skip
    Membership.objects.create(member=mover, organization=cb1, kind="official", start=D(2024, 12, 5))

    facts = load_year_facts(2024, as_of=D(2024, 12, 31))

    assert [(m.card_no, m.organization_code) for m in facts.members] == [("7", "CB0")]
    assert [m.card_no for m in facts.organizations[1].members] == ["7"]


@pytest.mark.django_db
def test_it_keeps_a_past_year_when_a_first_format_bundle_moves_a_member():
    build_ward(cells=2, members_per_cell=2)
    before = load_year_facts(2024, as_of=D(2024, 12, 31))
    data = export_bundle()
    moved = {**data["members"][0], "organization": "CB1"}
    assert data["members"][0]["organization"] == "CB0"

    import_bundle({"format": data["format"], "members": [moved]})

    assert load_year_facts(2024, as_of=D(2024, 12, 31)) == before
