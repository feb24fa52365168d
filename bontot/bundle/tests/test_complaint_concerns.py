"""Complaints about a subject's assessment or rating in the bundle: optional keys, their checks, round trip;
and the HTXSNV cap told (not refused) on import."""

import datetime

import pytest

from bontot.bundle.exporter import export_bundle
from bontot.bundle.importer import BundleError, import_bundle
from bontot.facts.models import Complaint

from .factories import YEAR, bundle, member, quality_rating, tree


def complaint(organization="DU", received_on="2024-12-02", **kw):
    return {"organization": organization, "received_on": received_on, "kind": "complaint", "internal": False, **kw}


def base(**sections):
    return bundle(organizations=tree(), members=[member("A1", "CB1"), member("A2", "CB1"), member("B1", "CB2")],
                  **sections)  # fmt: skip


def errors_of(data):
    with pytest.raises(BundleError) as caught:
        import_bundle(data)
    return caught.value.errors


def test_an_old_complaint_concerns_nothing(db):
    import_bundle(base(complaints=[complaint()]))
    stored = Complaint.objects.get()
    assert (stored.concerns, stored.about_member, stored.year) == ("", None, None)
    assert export_bundle()["complaints"][0] == {
        **complaint(), "mass_or_over_level_unresolved": False, "mass_or_over_level": False, "resolved_on": None,
        "concerns": None, "about_member": None, "year": None,
    }  # fmt: skip


def test_it_imports_complaints_about_members_and_round_trips_them(db):
    items = [
        complaint(concerns="rating", about_member="A1", year=2024),
        complaint(concerns="rating", about_member="A2", year=2024),  # same day, another member: another letter
        complaint(concerns="assessment", year=2024),  # about the organisation itself
    ]
    import_bundle(base(complaints=items))
    stored = {(c.about_member.card_no if c.about_member else None): c for c in Complaint.objects.all()}
    assert set(stored) == {"A1", "A2", None}
    assert (stored["A1"].concerns, stored["A1"].year) == ("rating", 2024)
    assert stored[None].concerns == "assessment"
    exported = export_bundle()
    assert [(c["about_member"], c["concerns"], c["year"]) for c in exported["complaints"]] == [
        (None, "assessment", 2024), ("A1", "rating", 2024), ("A2", "rating", 2024),
    ]  # fmt: skip
    summary = import_bundle(exported)  # the same again: nothing changes, nothing is duplicated
    assert (summary["complaints"].unchanged, Complaint.objects.count()) == (3, 3)


def test_it_updates_a_complaint_by_its_member(db):
    import_bundle(base(complaints=[complaint(concerns="rating", about_member="A1", year=2024)]))
    summary = import_bundle(
        base(complaints=[complaint(concerns="rating", about_member="A1", year=2024, resolved_on="2024-12-20")])
    )
    assert summary["complaints"].updated == 1
    assert Complaint.objects.get().resolved_on == datetime.date(2024, 12, 20)


def test_it_names_each_wrong_complaint_with_its_row(db):
    assert errors_of(
        base(
            complaints=[
                complaint(concerns="rating"),
                complaint(received_on="2024-12-03", concerns="rating", about_member="ZZ9", year=2024),
                complaint(received_on="2024-12-04", about_member="A1"),
                complaint(
                    received_on="2024-12-05", organization="CB2", concerns="rating", about_member="A1", year=2024
                ),
                complaint(received_on="2024-12-06", concerns="promotion", year=2024),
                complaint(concerns="rating", year=2024),
            ]
        )
    ) == [
        "complaints[0].year: required when concerns is set (the year assessed or rated)",
        'complaints[1].about_member: unknown member "ZZ9"',
        "complaints[2].concerns: required when about_member is set (assessment or rating)",
        'complaints[3].about_member: member "A1" belongs to "CB1", which is not under "CB2"',
        'complaints[4].concerns: "promotion" is not one of assessment, rating',
        "complaints[5]: duplicate of complaints[0] (same organization, received_on, kind, about_member: "
        "DU, 2024-12-02, complaint, null)",
    ]
    assert not Complaint.objects.exists()


def test_it_tells_final_htxsnv_over_the_cap_and_imports_them(db):
    members = [member(f"M{i}", "CB1") for i in range(10)]
    ratings = [quality_rating(f"member:M{i}", level="excellent" if i < 3 else "good") for i in range(10)]
    summary = import_bundle(bundle(organizations=tree(), members=members, quality_ratings=ratings))
    assert summary["quality_ratings"].created == 10
    assert summary.warnings == (
        "Vượt tỷ lệ 20 % “Hoàn thành xuất sắc nhiệm vụ” mà chưa có lý do được ghi: “Hoàn thành xuất sắc nhiệm vụ” "
        f"trong Chi bộ DU năm {YEAR}: 3, tối đa 2 (20 % của 10 đảng viên xếp loại “Hoàn thành tốt nhiệm vụ” trở lên).",
    )
    ratings[2]["level"] = "good"  # exactly 20 %: nothing to tell
    assert import_bundle(bundle(quality_ratings=ratings)).warnings == ()
