"""Small builders of organisations, members and a ward full of facts."""

import datetime

from bontot.assessments.models import Judgement
from bontot.criteria.models import EvaluationYear
from bontot.facts.models import Complaint, Discipline, Meeting, QualityRating, WorkplaceRating
from bontot.members.models import Member
from bontot.organizations.models import Organization
from bontot.organizations.services import rebuild_paths

D = datetime.date

LONG_AGO = D(2000, 1, 1)


def make_org(code, kind, parent=None, valid_from=LONG_AGO, valid_to=None, successor=None):
    return Organization.objects.create(
        code=code,
        name=f"Tổ chức {code}",
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        successor=successor,
        path=f"/{code}/",
    )


def make_member(card_no, cell, **kw):
    defaults = dict(
        full_name=f"Nguyễn Văn {card_no}",
        birth_date=D(1980, 1, 1),
        gender="male",
        admitted_on=D(2010, 1, 1),
        official_on=D(2011, 1, 1),
    )
    if "admitted_on" in kw and "official_on" not in kw and kw["admitted_on"] > defaults["official_on"]:
        defaults["official_on"] = None  # admitted later: still probationary (official never before admitted)
    return Member.objects.create(card_no=card_no, organization=cell, **{**defaults, **kw})


def build_ward(cells: int, members_per_cell: int, prefix: str = ""):
    """A superior committee, one grassroots committee and `cells` cells full of facts."""
    EvaluationYear.objects.get_or_create(
        year=2024,
        defaults=dict(criteria_set="kh-63-ku-2023", registration_deadline=D(2024, 1, 20), cutoff=D(2024, 11, 30)),
    )
    top = make_org(f"{prefix}TU", "superior_committee")
    ward = make_org(f"{prefix}DU", "grassroots_committee", parent=top)
    n = Member.objects.count()
    for c in range(cells):
        cell = make_org(f"{prefix}CB{c}", "cell", parent=ward)
        QualityRating.objects.create(year=2024, organization=cell, level="good", final=True)
        for month in range(1, 12):
            Meeting.objects.create(organization=cell, held_on=D(2024, month, 5), kind="regular", grade="fair")
        Complaint.objects.create(organization=cell, received_on=D(2024, 3, 1), kind="complaint")
        for _ in range(members_per_cell):
            n += 1
            member = make_member(f"{n:06d}", cell, civil_servant=True)
            QualityRating.objects.create(year=2024, member=member, level="good", final=True)
            WorkplaceRating.objects.create(year=2024, member=member, level="excellent")
            Judgement.objects.create(year=2024, member=member, indicator="2.1.j1", verdict="pass", by="self")
            Discipline.objects.create(member=member, decided_on=D(2024, 5, 1), form="reprimand")
    rebuild_paths()
