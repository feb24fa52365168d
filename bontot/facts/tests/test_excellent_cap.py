"""The HTXSNV cap: its arithmetic at the boundaries, the refusal of a final HTXSNV over it, the decider's reason."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from bontot.core.models import AuditLog
from bontot.core.testing.world import YEAR
from bontot.facts.excellent_cap import CapExceededError, cap_scope, cap_status, grassroots_code, over_cap_statuses
from bontot.facts.models import ExcellentCapOverride, QualityRating
from bontot.facts.rules_ratings import cap_base, excellent_cap, over_cap
from bontot.facts.services_ratings import GridRow, save_quality_ratings
from bontot.organizations.models import Organization, Role, RoleAssignment

from .factories import rate_members

# -- arithmetic (no database) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("excellent", "denominator", "over"),
    [(2, 10, False), (3, 10, True), (1, 5, False), (1, 4, True), (0, 0, False), (1, 0, True), (20, 100, False),
     (21, 100, True), (4, 24, False), (5, 24, True)],
)  # fmt: skip
def test_it_allows_exactly_20_percent_and_not_one_more(excellent, denominator, over):
    assert over_cap(excellent, denominator, 20) is over


def test_it_floors_the_cap_in_integers():
    assert [excellent_cap(n, 20) for n in (0, 4, 5, 9, 10, 14, 15)] == [0, 0, 1, 1, 2, 2, 3]
    assert excellent_cap(7, 30) == 2  # 2.1


def test_it_counts_the_denominator_by_the_setting():
    levels = ("excellent", "good", "good", "complete", "incomplete", "not_rated")
    assert cap_base(levels, "good_and_above") == 3
    assert cap_base(levels, "good") == 2


# -- the service -------------------------------------------------------------------------------------------


def _row(member, level, *, final=True):
    stored = QualityRating.objects.filter(year=YEAR, member=member).first()
    rating = stored or QualityRating(year=YEAR, member=member)
    rating.member = member
    rating.level, rating.final = level, final
    return GridRow(rating, ["level", "final"])


def test_the_scope_of_a_cell_is_its_grassroots_organisation_and_of_a_committee_itself(world):
    assert cap_scope(world.a) == (world.du, True)
    assert cap_scope(world.du) == (world.du, False)


def test_it_saves_a_final_htxsnv_exactly_at_the_cap_across_the_cells(world):
    rate_members(world.b, YEAR, good=8, excellent=1)  # cell B, same grassroots organisation
    save_quality_ratings(world.a, [_row(world.members["member_a"], "excellent")], actor=world.users["office"])
    status = cap_status(world.du, YEAR, members=True)
    assert (status.excellent, status.denominator, status.cap, status.over) == (2, 10, 2, False)
    assert not ExcellentCapOverride.objects.exists()


def test_it_refuses_one_more_final_htxsnv_without_a_reason(world):
    rate_members(world.b, YEAR, good=8, excellent=1)
    office = world.users["office"]
    save_quality_ratings(world.a, [_row(world.members["member_a"], "excellent")], actor=office)
    with pytest.raises(CapExceededError) as refused:
        save_quality_ratings(world.a, [_row(world.members["other_a"], "excellent")], actor=office)
    assert str(refused.value) == (
        "Chưa lưu: số đảng viên xếp loại “Hoàn thành xuất sắc nhiệm vụ” vượt tỷ lệ 20 % của Đảng ủy xã Thử Nghiệm "
        "(3, tối đa 2). Cần Văn phòng hoặc Ban Thường vụ Đảng ủy xã Thử Nghiệm ghi lý do vượt tỷ lệ."
    )
    assert not QualityRating.objects.filter(member=world.members["other_a"]).exists()


def test_it_saves_over_the_cap_with_the_deciders_reason_and_audits_it(world):
    rate_members(world.b, YEAR, good=8, excellent=2)
    standing = world.users["standing"]
    save_quality_ratings(
        world.a, [_row(world.members["member_a"], "excellent")], actor=standing, cap_reason="Thành tích đột xuất"
    )
    override = ExcellentCapOverride.objects.get()
    assert (override.organization, override.year, override.members) == (world.du, YEAR, True)
    assert (override.excellent, override.cap, override.denominator, override.percent) == (3, 2, 11, 20)
    assert (override.reason, override.decided_by) == ("Thành tích đột xuất", standing)
    log = AuditLog.objects.get(action="facts.excellent_cap.overridden")
    assert (log.actor, log.organization_path, log.data["reason"]) == (standing, world.du.path, "Thành tích đột xuất")
    # The reason covers the count it was given for; one more HTXSNV needs a new one.
    save_quality_ratings(world.a, [_row(world.members["member_a"], "excellent")], actor=standing)
    with pytest.raises(CapExceededError):
        save_quality_ratings(world.a, [_row(world.members["other_a"], "excellent")], actor=standing)


def test_a_proposed_htxsnv_over_the_cap_is_saved(world):
    rate_members(world.b, YEAR, good=3, excellent=1)
    rows = [_row(m, "excellent", final=False) for m in (world.members["member_a"], world.members["other_a"])]
    assert save_quality_ratings(world.a, rows, actor=world.users["secretary_a"]) == 2
    assert cap_status(world.du, YEAR, members=True).over
    assert not ExcellentCapOverride.objects.exists()


def test_lowering_a_rating_is_never_refused(world):
    rate_members(world.b, YEAR, good=1, excellent=3)  # already over the cap (imported, say)
    QualityRating.objects.create(year=YEAR, member=world.members["member_a"], level="excellent", final=True)
    save_quality_ratings(world.a, [_row(world.members["member_a"], "good")], actor=world.users["office"])
    assert QualityRating.objects.get(member=world.members["member_a"]).level == "good"


def test_the_denominator_setting_good_counts_httnv_alone(world, settings):
    rate_members(world.b, YEAR, good=8, excellent=1)
    settings.EXCELLENT_CAP_BASE = "good"  # denominator 8 → cap 1: the second HTXSNV is one too many
    with pytest.raises(CapExceededError):
        save_quality_ratings(world.a, [_row(world.members["member_a"], "excellent")], actor=world.users["office"])
    settings.EXCELLENT_CAP_BASE = "good_and_above"  # denominator 10 → cap 2
    save_quality_ratings(world.a, [_row(world.members["member_a"], "excellent")], actor=world.users["office"])


def test_the_percentage_is_a_setting(world, settings):
    rate_members(world.b, YEAR, good=8, excellent=1)
    settings.EXCELLENT_CAP_PERCENT = 10  # 10 % of 10 = 1
    with pytest.raises(CapExceededError):
        save_quality_ratings(world.a, [_row(world.members["member_a"], "excellent")], actor=world.users["office"])


def test_only_the_office_or_standing_committee_of_the_grassroots_organisation_records_the_reason(world):
    # An office role on the cell alone may make ratings final, not go over the cap of the whole organisation.
    clerk = get_user_model().objects.create_user(username="clerk_a", password="x")  # noqa: S106
    RoleAssignment.objects.create(user=clerk, organization=world.a, role=Role.OFFICE, start=datetime.date(2000, 1, 1))
    rate_members(world.b, YEAR, good=8, excellent=2)
    with pytest.raises(CapExceededError) as refused:
        save_quality_ratings(world.a, [_row(world.members["member_a"], "excellent")], actor=clerk, cap_reason="Vì")
    assert str(refused.value).endswith("Bạn không giữ vai trò đó nên lý do chưa được ghi.")
    assert not refused.value.may_override
    assert not ExcellentCapOverride.objects.exists()


def test_the_cap_of_organisations_counts_the_committees_subordinates(world):
    for code in ("X1", "X2", "X3"):
        cell = Organization.objects.create(
            code=code, name=f"Chi bộ {code}", kind="cell", parent=world.du, valid_from=datetime.date(2000, 1, 1),
            path=f"{world.du.path}{code}/", depth=world.du.depth + 1,
        )  # fmt: skip
        QualityRating.objects.create(year=YEAR, organization=cell, level="good", final=True)
    QualityRating.objects.create(year=YEAR, organization=world.b, level="good", final=True)
    row = GridRow(QualityRating(year=YEAR, organization=world.a, level="excellent", final=True), ["level", "final"])
    save_quality_ratings(world.du, [row], actor=world.users["standing"])  # 1 of 5: exactly 20 %
    status = cap_status(world.du, YEAR, members=False)
    assert (status.excellent, status.denominator, status.cap) == (1, 5, 1)
    QualityRating.objects.filter(organization=world.b).update(level="excellent", final=False)
    assert cap_status(world.du, YEAR, members=False).over


def test_the_import_reports_the_scopes_over_the_cap_with_a_final_htxsnv(world):
    rate_members(world.b, YEAR, good=8, excellent=3)
    rate_members(world.orgs["C"], YEAR, good=1, excellent=3, final=False)  # DU2: over, but nothing final
    found = over_cap_statuses([YEAR])
    assert [(s.scope, s.excellent, s.cap) for s in found] == [(world.du, 3, 2)]
    ExcellentCapOverride.objects.create(
        organization=world.du, year=YEAR, members=True, reason="Đã xét", excellent=3, cap=2, denominator=11, percent=20
    )
    assert over_cap_statuses([YEAR]) == []


# -- the grid page -----------------------------------------------------------------------------------------


def _url(world):
    return reverse("facts:member_ratings", args=[world.a.pk, YEAR])


def _post(member, level, state="final"):
    p = f"r{member.pk}"
    return {f"{p}-level": level, f"{p}-state": state, f"{p}-reason": ""}


def test_the_grid_shows_the_count_against_the_cap(client, world):
    rate_members(world.b, YEAR, good=8, excellent=2)
    client.force_login(world.users["secretary_a"])
    body = client.get(_url(world)).content.decode()
    assert "<span data-cap-count>2</span> / tối đa <span data-cap-max>2</span>" in body
    assert "tính trên toàn Đảng ủy xã Thử Nghiệm năm 2024" in body
    assert "data-cap-over hidden" in body
    assert 'name="cap_reason"' not in body


def test_the_grid_warns_a_secretary_proposing_over_the_cap_and_saves(client, world):
    rate_members(world.b, YEAR, good=8, excellent=2)
    client.force_login(world.users["secretary_a"])
    response = client.post(_url(world), _post(world.members["member_a"], "excellent", state="proposed"))
    assert response.status_code == 302
    body = client.get(_url(world)).content.decode()
    assert "<span data-cap-count>3</span> / tối đa <span data-cap-max>2</span>" in body
    assert "Vượt tỷ lệ 20 %" in body and "data-cap-over hidden" not in body
    assert 'name="cap_reason"' not in body  # the secretary cannot give the reason


def test_the_grid_refuses_a_final_htxsnv_over_the_cap_then_takes_the_reason(client, world):
    rate_members(world.b, YEAR, good=8, excellent=2)
    member = world.members["member_a"]
    client.force_login(world.users["office"])
    response = client.post(_url(world), _post(member, "excellent"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chưa lưu: số đảng viên xếp loại “Hoàn thành xuất sắc nhiệm vụ” vượt tỷ lệ 20 %" in body
    assert "Lý do vượt tỷ lệ 20 %" in body and 'name="cap_reason"' in body
    assert not QualityRating.objects.filter(member=member).exists()
    response = client.post(_url(world), {**_post(member, "excellent"), "cap_reason": "Được khen thưởng đột xuất"})
    assert response.status_code == 302
    assert QualityRating.objects.get(member=member).final
    assert ExcellentCapOverride.objects.get().reason == "Được khen thưởng đột xuất"
    body = client.get(_url(world)).content.decode()
    assert "Đã ghi lý do vượt tỷ lệ cho tối đa 3 đảng viên." in body


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("/SUP/DU/A/", "DU"),  # a cell under a grassroots committee
        ("/SUP/DU/SUB/A/", "DU"),  # under a partial committee: still the grassroots committee
        ("/SUP/GC/", "GC"),  # a grassroots cell is its own grassroots organisation
        ("/WARD/V1/", "WARD"),  # a village cell directly under a ward committee (grassroots kind)
        ("/SUP/X/", "SUP"),  # no grassroots kind on the path: the parent
    ],
)
def test_it_finds_the_grassroots_organisation_on_a_path(path, scope):
    kinds = {"SUP": "superior_committee", "DU": "grassroots_committee", "SUB": "sub_committee", "A": "cell",
             "GC": "grassroots_cell", "WARD": "grassroots_committee", "V1": "cell", "X": "cell"}  # fmt: skip
    assert grassroots_code(path, kinds) == scope
