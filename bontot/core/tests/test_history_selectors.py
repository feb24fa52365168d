"""The history selectors: one object's rows, or a subtree's, newest first, in one query."""

from bontot.core.audit import log_action
from bontot.core.history import action_label, history_for, history_in, history_of


def test_it_reads_one_objects_history_newest_first_in_one_query(world, django_assert_num_queries):
    office = world.users["office"]
    for action in ("created", "changed", "closed"):
        log_action(f"organizations.organization.{action}", actor=office, object_type="organizations.organization",
                   object_id=str(world.a.pk), organization_path=world.a.path)  # fmt: skip
    log_action(
        "organizations.organization.changed", object_type="organizations.organization", object_id=str(world.b.pk)
    )
    with django_assert_num_queries(1):
        entries = history_for("organizations.organization", world.a.pk, paths=None)
        assert [e.label for e in entries] == ["Kết thúc hoạt động", "Sửa", "Tạo mới"]
        assert entries[0].actor == office
    assert len(history_for("organizations.organization", world.a.pk, paths=None, limit=2)) == 2


def test_it_reads_a_subtrees_history_by_path(world):
    log_action("facts.complaint.created", object_type="facts.complaint", object_id="1", organization_path="/SUP/DU/A/")
    log_action("facts.complaint.created", object_type="facts.complaint", object_id="2", organization_path="/SUP/DU/B/")
    log_action("facts.complaint.created", object_type="facts.complaint", object_id="3", organization_path="/SUP/DU2/C/")
    assert [e.object_id for e in history_in("/SUP/DU/", paths=None)] == ["2", "1"]
    assert [e.object_id for e in history_in("/SUP/DU/A/", paths=None)] == ["1"]
    assert history_in("", paths=None) == []


def test_it_words_unknown_actions_in_vietnamese_never_as_their_code():
    assert action_label("members.member.left") == "Ra khỏi Đảng / chuyển đi khỏi đảng bộ"
    assert action_label("x.y.unknown") == "Thao tác khác"


def test_it_keeps_only_the_rows_under_the_viewers_paths(world):
    for code in ("A", "B", "C"):
        log_action("facts.complaint.created", object_type="facts.complaint", object_id="1",
                   organization_path=world.orgs[code].path)  # fmt: skip
    assert [e.object_id for e in history_for("facts.complaint", 1, paths=("/SUP/DU/A/",))] == ["1"]
    assert len(history_for("facts.complaint", 1, paths=("/SUP/DU/",))) == 2
    assert history_for("facts.complaint", 1, paths=()) == []
    assert len(history_in("/SUP/", paths=("/SUP/DU2/",))) == 1


def test_it_shows_account_rows_only_when_asked(world):
    log_action("accounts.role.assigned", object_type="organizations.roleassignment", object_id="1",
               organization_path=world.a.path)  # fmt: skip
    assert history_in(world.a.path, paths=None) == []
    assert [e.label for e in history_in(world.a.path, paths=None, accounts=True)] == ["Giao vai trò"]


def test_it_names_every_kind_of_record_and_action_the_app_writes_in_vietnamese():
    from bontot.core.history import VERBS, type_label

    kinds = [
        "facts.meeting", "facts.qualityrating", "facts.workplacerating", "facts.residencecomment", "facts.orgresult",
        "facts.admissiontarget", "organizations.linkedbody", "organizations.roleassignment", "auth.user",
        "members.member", "members.membership", "members.memberstatus", "organizations.organization", "bundle",
        "assessments.judgement", "criteria.storedverdict", "organization", "", "assessments.assessment",
        "assessments.registration", "decisions.decision", "facts.excellentcapoverride",
    ]  # fmt: skip
    for kind in kinds:
        label = type_label(kind)
        assert label and "." not in label and label != kind, kind
    workflow = (
        "register", "accepted", "refused", "started", "saved", "submitted", "evidence_added", "evidence_removed",
        "opinions", "returned", "concluded", "issued", "revoked", "recognised", "recognition_revoked", "overridden",
    )  # fmt: skip
    for verb in ("assigned", "ended", "deactivated", "reactivated", "password_set", "imported", "resolved", *workflow):
        assert verb in VERBS


def test_it_reads_the_rows_of_a_pages_records_under_the_viewers_paths_in_one_query(world, django_assert_num_queries):
    for pk, code in ((1, "A"), (2, "A"), (3, "C")):
        log_action("facts.qualityrating.created", object_type="facts.qualityrating", object_id=str(pk),
                   organization_path=world.orgs[code].path)  # fmt: skip
    with django_assert_num_queries(1):
        shown = history_of("facts.qualityrating", [1, 2, 3], paths=("/SUP/DU/",))
    assert sorted(e.object_id for e in shown) == ["1", "2"]  # record 3's row sits in another committee
    assert history_of("facts.qualityrating", [], paths=None) == []
