"""The history selectors: one object's rows, or a subtree's, newest first, in one query."""

from bontot.core.audit import log_action
from bontot.core.history import action_label, history_for, history_in


def test_it_reads_one_objects_history_newest_first_in_one_query(world, django_assert_num_queries):
    office = world.users["office"]
    for action in ("created", "changed", "closed"):
        log_action(f"organizations.organization.{action}", actor=office, object_type="organizations.organization",
                   object_id=str(world.a.pk), organization_path=world.a.path)  # fmt: skip
    log_action(
        "organizations.organization.changed", object_type="organizations.organization", object_id=str(world.b.pk)
    )
    with django_assert_num_queries(1):
        entries = history_for("organizations.organization", world.a.pk)
        assert [e.label for e in entries] == ["Kết thúc hoạt động", "Sửa", "Tạo mới"]
        assert entries[0].actor == office
    assert len(history_for("organizations.organization", world.a.pk, limit=2)) == 2


def test_it_reads_a_subtrees_history_by_path(world):
    log_action("facts.complaint.created", object_type="facts.complaint", object_id="1", organization_path="/SUP/DU/A/")
    log_action("facts.complaint.created", object_type="facts.complaint", object_id="2", organization_path="/SUP/DU/B/")
    log_action("facts.complaint.created", object_type="facts.complaint", object_id="3", organization_path="/SUP/DU2/C/")
    assert [e.object_id for e in history_in("/SUP/DU/")] == ["2", "1"]
    assert [e.object_id for e in history_in("/SUP/DU/A/")] == ["1"]
    assert history_in("") == []


def test_it_words_unknown_actions_as_their_code():
    assert action_label("members.member.left") == "Ra khỏi Đảng / chuyển đi khỏi đảng bộ"
    assert action_label("x.y.unknown") == "x.y.unknown"
