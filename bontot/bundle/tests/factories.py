"""Builders of bundle items (plain dicts, as written in the JSON) and of a ward full of facts."""

import copy
import datetime

from bontot.bundle.schema import FORMAT
from bontot.members.models import Member
from bontot.organizations.models import Organization
from bontot.organizations.services import rebuild_paths

D = datetime.date
YEAR = 2024
CRITERIA_SET = "kh-63-ku-2023"


def bundle(**sections):
    return {"format": FORMAT, **copy.deepcopy(sections)}


def org(code, kind="cell", parent=None, **kw):
    return {
        "code": code,
        "name": f"Chi bộ {code}",
        "kind": kind,
        "parent": parent,
        "valid_from": "2020-01-01",
        "valid_to": None,
        "successor": None,
        **kw,
    }


def member(card_no, organization, **kw):
    return {
        "card_no": card_no,
        "full_name": f"Nguyễn Văn {card_no}",
        "birth_date": "1980-05-17",
        "gender": "male",
        "organization": organization,
        "admitted_on": "2010-03-02",
        "official_on": "2011-03-02",
        "civil_servant": False,
        "exempt": False,
        "suspended": False,
        "left_on": None,
        **kw,
    }


def year(value=YEAR, **kw):
    return {
        "year": value,
        "criteria_set": CRITERIA_SET,
        "registration_deadline": f"{value}-01-20",
        "cutoff": f"{value}-11-30",
        **kw,
    }


def meeting(organization, held_on, kind="regular", grade="good", **kw):
    return {"organization": organization, "held_on": held_on, "kind": kind, "grade": grade, **kw}


def quality_rating(subject, level="good", **kw):
    return {"year": YEAR, "subject": subject, "level": level, "final": True, **kw}


def tree():
    """A superior committee, a grassroots committee and two cells under it."""
    return [
        org("TU", "superior_committee"),
        org("DU", "grassroots_committee", parent="TU"),
        org("CB1", parent="DU"),
        org("CB2", parent="DU"),
    ]


def ward_bundle(members, prefix="", members_per_cell=10, meetings_per_cell=12, in_year=YEAR):
    """A ward: its committees, cells of `members_per_cell` members, and facts of `in_year` in every section."""
    top, ward = f"{prefix}TU", f"{prefix}DU"
    y = in_year
    sections: dict[str, list[dict[str, object]]] = {name: [] for name in SECTION_ORDER}
    sections["organizations"] += [org(top, "superior_committee"), org(ward, "grassroots_committee", parent=top)]
    sections["years"].append(year(y))
    sections["registrations"].append({"year": y, "subject": f"org:{ward}", "registered_on": f"{y}-01-10"})
    cells: list[str] = []
    for index in range(members):
        if index % members_per_cell == 0:
            cell = f"{prefix}CB{len(cells) + 1:02d}"
            cells.append(cell)
            sections["organizations"].append(org(cell, parent=ward))
        card = f"{prefix}{index + 1:06d}"
        subject = f"member:{card}"
        sections["members"].append(member(card, cell, civil_servant=index % 3 == 0))
        sections["registrations"].append({"year": y, "subject": subject, "registered_on": f"{y}-01-15"})
        sections["quality_ratings"].append(quality_rating(subject, year=y))
        sections["workplace_ratings"].append({"year": y, "member": card, "level": "excellent"})
        sections["residence_comments"].append({"year": y, "member": card, "verdict": "positive"})
        sections["disciplines"].append({"member": card, "decided_on": f"{y}-06-01", "form": "reprimand"})
        sections["judgements"].append(
            {"year": y, "subject": subject, "indicator": "2.1.j1", "verdict": "pass", "by": "self"}
        )
    for index, cell in enumerate(cells):
        subject = f"org:{cell}"
        sections["registrations"].append({"year": y, "subject": subject, "registered_on": f"{y}-01-12"})
        for month in range(1, meetings_per_cell + 1):
            sections["meetings"].append(
                meeting(cell, f"{y}-{month:02d}-05", attendance=9, expected=10, minutes=90, score=92)
            )
        sections["quality_ratings"].append(quality_rating(subject, year=y, final=False, reason="Đề xuất"))
        sections["org_results"].append(
            {"year": y, "organization": cell, "area": "party_building", "name": "Xây dựng Đảng", "level": "good"}
        )
        sections["linked_bodies"].append(
            {"year": y, "organization": cell, "name": "Chính quyền", "level": "not_applicable", "reason": "Thôn"}
        )
        sections["admission_targets"].append({"year": y, "organization": cell, "target": 1})
        sections["complaints"].append(
            {
                "organization": cell,
                "received_on": f"{y}-04-02",
                "kind": "complaint",
                "internal": False,
                "mass_or_over_level_unresolved": False,
                "mass_or_over_level": index % 2 == 1,
                "resolved_on": f"{y}-05-02" if index % 2 == 1 else None,
            }
        )
        sections["judgements"].append(
            {"year": y, "subject": subject, "indicator": "1.1.j1", "verdict": "pass", "by": "appraiser"}
        )
    return {"format": FORMAT, **sections}


SECTION_ORDER = (
    "organizations",
    "members",
    "years",
    "registrations",
    "meetings",
    "quality_ratings",
    "workplace_ratings",
    "org_results",
    "linked_bodies",
    "admission_targets",
    "disciplines",
    "complaints",
    "residence_comments",
    "judgements",
    "memberships",
    "member_statuses",
)


def make_org(code, kind="cell", parent=None, **kw):
    """Create an organisation directly in the database (paths are rebuilt by the caller)."""
    defaults = {"name": f"Chi bộ {code}", "valid_from": D(2020, 1, 1), "path": f"/{code}/"}
    return Organization.objects.create(code=code, kind=kind, parent=parent, **{**defaults, **kw})


def make_member(card_no, cell, **kw):
    defaults = {
        "full_name": f"Trần Thị {card_no}",
        "birth_date": D(1985, 2, 3),
        "gender": "female",
        "admitted_on": D(2012, 5, 6),
    }
    return Member.objects.create(card_no=card_no, organization=cell, **{**defaults, **kw})


def make_tree():
    """The same tree as `tree()`, written straight to the database."""
    top = make_org("TU", "superior_committee")
    ward = make_org("DU", "grassroots_committee", parent=top)
    cells = [make_org("CB1", parent=ward), make_org("CB2", parent=ward)]
    rebuild_paths()
    return top, ward, cells
