"""The grid service: all rows or none, one audit row per changed record, who may propose and who decides."""

import pytest
from django.core.exceptions import PermissionDenied

from bontot.core.models import AuditLog
from bontot.core.records import fact_changed
from bontot.core.testing.world import YEAR
from bontot.facts.models import QualityRating, ResidenceComment
from bontot.facts.services_ratings import (
    GridConflictError,
    GridInvalidError,
    GridRow,
    get_cell_members,
    save_member_facts,
    save_quality_ratings,
)


def _row(member, level, reason="", final=False, year=YEAR):
    stored = QualityRating.objects.filter(member=member, year=year).first()
    rating = stored or QualityRating(member=member, year=year)
    rating.level, rating.reason, rating.final = level, reason, final
    return GridRow(rating, ["level", "reason", "final"])


def test_it_writes_nothing_when_one_row_is_invalid(world):
    a, b = world.members["member_a"], world.members["other_a"]
    with pytest.raises(GridInvalidError) as caught:
        save_quality_ratings(world.a, [_row(a, "good"), _row(b, "not_rated")], actor=world.users["secretary_a"])
    assert list(caught.value.errors) == [1]
    assert caught.value.errors[1].message_dict == {"reason": ["Cần ghi lý do khi không xếp loại."]}
    assert not QualityRating.objects.exists()
    assert not AuditLog.objects.exists()


def test_it_saves_the_grid_with_one_audit_row_per_changed_rating(world, django_capture_on_commit_callbacks):
    a, b = world.members["member_a"], world.members["other_a"]
    QualityRating.objects.create(year=YEAR, member=b, level="complete")
    sent = []
    fact_changed.connect(lambda **kw: sent.append(kw), weak=False, dispatch_uid="test-ratings")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            count = save_quality_ratings(
                world.a, [_row(a, "good"), _row(b, "not_rated", "Miễn sinh hoạt")], actor=world.users["office"]
            )
    finally:
        fact_changed.disconnect(dispatch_uid="test-ratings")
    assert count == 2
    ratings = {r.member_id: r for r in QualityRating.objects.all()}
    assert (ratings[a.pk].level, ratings[b.pk].level, ratings[b.pk].reason) == ("good", "not_rated", "Miễn sinh hoạt")
    assert ratings[a.pk].created_by == world.users["office"] and ratings[b.pk].updated_by == world.users["office"]
    logs = sorted(AuditLog.objects.values_list("action", "object_id", "organization_path", "actor"))
    assert logs == sorted(
        [
            ("facts.qualityrating.created", str(ratings[a.pk].pk), world.a.path, world.users["office"].pk),
            ("facts.qualityrating.changed", str(ratings[b.pk].pk), world.a.path, world.users["office"].pk),
        ]
    )
    assert len(sent) == 1
    assert sent[0]["member_ids"] == {a.pk, b.pk} and sent[0]["organization_ids"] == {world.a.pk}
    assert sent[0]["years"] == {YEAR}


def test_it_lets_the_secretary_propose_but_not_mark_final(world):
    secretary, a = world.users["secretary_a"], world.members["member_a"]
    assert save_quality_ratings(world.a, [_row(a, "good")], actor=secretary) == 1
    with pytest.raises(PermissionDenied):
        save_quality_ratings(world.a, [_row(a, "excellent", final=True)], actor=secretary)
    assert QualityRating.objects.get().level == "good"


@pytest.mark.parametrize("decider", ["office", "standing"])
def test_it_lets_only_a_decider_change_a_final_rating(world, decider):
    a = world.members["member_a"]
    QualityRating.objects.create(year=YEAR, member=a, level="good", final=True)
    with pytest.raises(PermissionDenied):
        save_quality_ratings(world.a, [_row(a, "excellent")], actor=world.users["secretary_a"])
    assert QualityRating.objects.get().level == "good"
    save_quality_ratings(world.a, [_row(a, "complete", final=True)], actor=world.users[decider])
    assert (QualityRating.objects.get().level, QualityRating.objects.get().final) == ("complete", True)


@pytest.mark.parametrize("persona", ["member_a", "supervisor_a", "reviewer", "outsider", "ended"])
def test_it_refuses_member_ratings_to_other_roles(world, persona):
    with pytest.raises(PermissionDenied):
        save_quality_ratings(world.a, [_row(world.members["member_a"], "good")], actor=world.users[persona])
    assert not QualityRating.objects.exists()


def test_it_lets_only_office_and_standing_rate_the_subordinate_organisations(world):
    row = GridRow(QualityRating(organization=world.a, year=YEAR, level="good", final=True), ["level", "final"])
    with pytest.raises(PermissionDenied):
        save_quality_ratings(world.du, [row], actor=world.users["secretary_a"])
    with pytest.raises(PermissionDenied):
        save_quality_ratings(world.du, [row], actor=world.users["reviewer"])
    save_quality_ratings(world.du, [row], actor=world.users["standing"])
    assert QualityRating.objects.get(organization=world.a).final is True
    assert AuditLog.objects.get().organization_path == world.a.path


def test_it_lets_the_secretary_and_the_office_record_residence_comments(world):
    def row(verdict):
        return GridRow(ResidenceComment(member=world.members["member_a"], year=YEAR, verdict=verdict), ["verdict"])

    with pytest.raises(PermissionDenied):
        save_member_facts(world.a, [row("positive")], actor=world.users["standing"])
    save_member_facts(world.a, [row("positive")], actor=world.users["secretary_a"])
    assert ResidenceComment.objects.get().verdict == "positive"


def test_it_lists_the_members_of_the_cell_in_the_year_by_vietnamese_name(world):
    left = world.members["other_a"]
    left.left_on = left.admitted_on.replace(year=YEAR - 1)
    left.save()
    names = [m.full_name for m in get_cell_members(world.a, YEAR)]
    assert names == ["Nguyễn Văn An", "Lê Văn Hùng"]
    assert "Trần Thị Ánh" in [m.full_name for m in get_cell_members(world.a, YEAR - 1)]


def test_it_reports_a_conflict_when_someone_else_created_a_row_meanwhile(world):
    a = world.members["member_a"]
    mine = GridRow(QualityRating(member=a, year=YEAR, level="good"), ["level"])
    QualityRating.objects.create(member=a, year=YEAR, level="complete")  # the other writer, first
    with pytest.raises(GridConflictError):
        save_quality_ratings(world.a, [mine], actor=world.users["secretary_a"])
    assert QualityRating.objects.get().level == "complete"
    assert not AuditLog.objects.exists()
    assert mine.obj.pk is None


def test_it_lists_in_a_past_year_the_members_recorded_only_in_a_later_successor(world):
    import datetime

    from bontot.organizations.models import Organization

    a = world.a
    successor = Organization.objects.create(
        code="A2", name="Chi bộ khu phố An Hòa", kind="cell", parent=world.du, path=f"{world.du.path}A2/",
        depth=a.depth, valid_from=datetime.date(YEAR + 1, 7, 1),
    )  # fmt: skip
    a.valid_to, a.successor = datetime.date(YEAR + 1, 6, 30), successor
    a.save(update_fields=["valid_to", "successor"])
    moved = world.members["member_a"]
    moved.organization = successor  # the member sits in the successor today, with no membership history
    moved.save(update_fields=["organization"])
    assert moved.full_name in [m.full_name for m in get_cell_members(a, YEAR)]
    assert moved.full_name not in [m.full_name for m in get_cell_members(a, YEAR + 1)]  # the successor's year
    assert moved.full_name in [m.full_name for m in get_cell_members(successor, YEAR + 1)]
