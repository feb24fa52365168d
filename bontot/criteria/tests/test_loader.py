import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bontot.criteria.loader import ScopeError, load_year_facts
from bontot.criteria.models import EvaluationYear
from bontot.facts.models import Complaint, Discipline, Meeting
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
    assert ward.subordinates[0].rating.level == "good"
    assert len(ward.disciplines) == 6  # the whole subtree
    assert cell0.model == "cell"
    assert len(cell0.meetings) == 11
    assert len(cell0.members) == 3 and cell0.members[0].rating.level == "good"
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
    Complaint.objects.create(
        organization=cell, received_on=D(2023, 12, 1), kind="complaint", mass_or_over_level_unresolved=True
    )
    Complaint.objects.create(organization=cell, received_on=D(2023, 11, 1), kind="denunciation", internal=True)
    facts = load_year_facts(2024, as_of=AS_OF)
    received = sorted(c.received_on for c in facts.organizations[1].complaints)
    assert received == [D(2023, 12, 1), D(2024, 3, 1)]
