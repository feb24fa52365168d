"""Review fixes of the yearly facts pages: deleting with a reason, grid saves in constant queries, and a past
year's grid keeping the members who were in the cell that year."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bontot.core.models import AuditLog
from bontot.core.testing.world import YEAR
from bontot.facts.models import ExcellentCapOverride, OrgResult, QualityRating
from bontot.members import services as member_services
from bontot.members.models import Member
from bontot.organizations.models import LinkedBody, Organization

REASON_REQUIRED = "Trường này là bắt buộc."


def _root():
    return get_user_model().objects.create_superuser("root", "r@x.vn", "pw-root-123456")


# -- deleting an organisation result or a linked body needs a reason ---------------------------------------


def _result(world):
    return OrgResult.objects.create(year=YEAR, organization=world.a, area="other", name="Khác", level="good")


def _body(world):
    return LinkedBody.objects.create(year=YEAR, organization=world.a, name="Chi hội Nông dân", level="good")


@pytest.mark.parametrize(("name", "make"), [("facts:org_result_delete", _result), ("facts:linked_body_delete", _body)])
def test_it_refuses_to_delete_without_a_reason_next_to_the_field(client, world, name, make):
    record = make(world)
    client.force_login(world.users["office"])
    response = client.post(reverse(name, args=[record.pk]), {"reason": "  "})
    assert response.status_code == 200
    body = response.content.decode()
    assert REASON_REQUIRED in body and "invalid-feedback" in body
    assert type(record).objects.filter(pk=record.pk).exists()
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize(("name", "make"), [("facts:org_result_delete", _result), ("facts:linked_body_delete", _body)])
def test_it_deletes_with_the_reason_in_the_audit_log(client, world, name, make):
    record = make(world)
    client.force_login(world.users["office"])
    url = reverse(name, args=[record.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Lý do xóa" in page.content.decode()
    response = client.post(url, {"reason": "Nhập nhầm năm"})
    assert response.status_code == 302
    assert not type(record).objects.filter(pk=record.pk).exists()
    log = AuditLog.objects.get()
    assert log.action.endswith(".deleted") and log.data.get("reason") == "Nhập nhầm năm"


def test_it_links_each_table_row_to_its_delete_page(client, world):
    result = _result(world)
    client.force_login(world.users["office"])
    body = client.get(reverse("facts:org_results", args=[world.a.pk, YEAR])).content.decode()
    assert f'href="{reverse("facts:org_result_delete", args=[result.pk])}"' in body


# -- saving a grid costs the same queries at any size -------------------------------------------------------


def _post_member_grid(client, world, level):
    members = list(Member.objects.filter(organization=world.a))
    for m in members:
        QualityRating.objects.get_or_create(year=YEAR, member=m, defaults={"level": "good"})
    data: dict[str, str] = {}
    for m in members:
        data |= {f"r{m.pk}-level": level, f"r{m.pk}-state": "proposed", f"r{m.pk}-reason": ""}
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(reverse("facts:member_ratings", args=[world.a.pk, YEAR]), data)
    assert response.status_code == 302
    assert set(QualityRating.objects.filter(member__in=members).values_list("level", flat=True)) == {level}
    return len(ctx.captured_queries)


def test_it_saves_a_grid_in_the_same_queries_at_3_and_21_rows(client, world):
    client.force_login(world.users["office"])
    small = _post_member_grid(client, world, "excellent")
    for i in range(18):
        Member.objects.create(
            card_no=f"A-9{i:02d}",
            full_name=f"Đỗ Văn Thêm {i:02d}",
            birth_date=datetime.date(1990, 1, 1),
            gender="male",
            organization=world.a,
            admitted_on=datetime.date(2015, 1, 1),
        )
    large = _post_member_grid(client, world, "complete")
    assert small == large
    assert AuditLog.objects.count() == 3 + 21


def _post_committee_grid(client, world, level):
    cells = list(Organization.objects.filter(parent=world.du))
    for cell in cells:
        QualityRating.objects.get_or_create(year=YEAR, organization=cell, defaults={"level": "good"})
    data: dict[str, str] = {}
    for cell in cells:
        data |= {f"r{cell.pk}-level": level, f"r{cell.pk}-state": "final", f"r{cell.pk}-reason": ""}
    data["cap_reason"] = "Các chi bộ đều hoàn thành xuất sắc nhiệm vụ chính trị"  # all HTXSNV: over the cap
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(reverse("facts:org_ratings", args=[world.du.pk, YEAR]), data)
    assert response.status_code == 302
    assert set(QualityRating.objects.filter(organization__in=cells).values_list("level", flat=True)) == {level}
    return len(ctx.captured_queries)


def test_it_saves_a_committee_grid_in_the_same_queries_at_2_and_20_rows(client, world):
    client.force_login(world.users["standing"])
    small = _post_committee_grid(client, world, "excellent")
    for i in range(18):
        Organization.objects.create(
            code=f"X{i:02d}",
            name=f"Chi bộ thêm {i:02d}",
            kind="cell",
            parent=world.du,
            valid_from=datetime.date(2000, 1, 1),
            path=f"{world.du.path}X{i:02d}/",
            depth=world.du.depth + 1,
        )
    large = _post_committee_grid(client, world, "excellent")
    assert small == large
    # each save went over the cap (2 of 2, then 20 of 20) and recorded the reason once
    assert list(ExcellentCapOverride.objects.values_list("excellent", flat=True).order_by("excellent")) == [2, 20]


# -- a past year's grid keeps the members who were in the cell that year -----------------------------------


def test_it_keeps_a_transferred_member_in_the_grid_of_the_year_they_were_in_the_cell(client, world):
    member_services.transfer_member(
        world.members["other_a"], actor=_root(), to=world.orgs["C"], on=datetime.date(YEAR + 1, 2, 1)
    )
    client.force_login(world.users["office"])
    body = client.get(reverse("facts:member_ratings", args=[world.a.pk, YEAR])).content.decode()
    assert "Trần Thị Ánh" in body
    after = client.get(reverse("facts:member_ratings", args=[world.a.pk, YEAR + 2])).content.decode()
    assert "Trần Thị Ánh" not in after


def test_it_saves_a_past_year_rating_of_a_transferred_member_under_the_cell(client, world):
    other = world.members["other_a"]
    member_services.transfer_member(other, actor=_root(), to=world.orgs["C"], on=datetime.date(YEAR + 1, 2, 1))
    client.force_login(world.users["secretary_a"])
    data = {f"r{other.pk}-level": "complete", f"r{other.pk}-state": "proposed", f"r{other.pk}-reason": ""}
    assert client.post(reverse("facts:member_ratings", args=[world.a.pk, YEAR]), data).status_code == 302
    assert QualityRating.objects.get(member=other, year=YEAR).level == "complete"
    log = AuditLog.objects.get(object_type="facts.qualityrating")
    assert log.organization_path == world.a.path


def test_it_leaves_a_member_who_arrived_later_out_of_an_earlier_year(client, world):
    mover = world.members["member_b"]
    member_services.transfer_member(mover, actor=_root(), to=world.a, on=datetime.date(YEAR + 1, 2, 1))
    client.force_login(world.users["office"])
    earlier = client.get(reverse("facts:member_ratings", args=[world.a.pk, YEAR])).content.decode()
    assert "Phạm Văn Bảo" not in earlier
    later = client.get(reverse("facts:member_ratings", args=[world.a.pk, YEAR + 1])).content.decode()
    assert "Phạm Văn Bảo" in later


def test_it_leaves_a_member_who_was_gone_before_the_year_out(client, world):
    gone = world.members["other_a"]
    Member.objects.filter(pk=gone.pk).update(left_on=datetime.date(YEAR - 1, 6, 1))
    client.force_login(world.users["office"])
    body = client.get(reverse("facts:member_ratings", args=[world.a.pk, YEAR])).content.decode()
    assert "Trần Thị Ánh" not in body


@pytest.mark.parametrize(("persona", "status"), [("supervisor_a", 403), ("outsider", 404), ("member_a", 403)])
def test_it_shows_the_delete_page_only_to_editors(client, world, persona, status):
    result = _result(world)
    client.force_login(world.users[persona])
    assert client.get(reverse("facts:org_result_delete", args=[result.pk])).status_code == status
    assert client.post(reverse("facts:org_result_delete", args=[result.pk]), {"reason": "x"}).status_code == status
    assert OrgResult.objects.filter(pk=result.pk).exists()
