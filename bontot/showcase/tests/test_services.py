"""Story transitions: who writes, which subjects, each state change audited; nothing deleted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bontot.core.models import AuditLog
from bontot.decisions import services as decisions
from bontot.decisions.tests.factories import header, issue, ready
from bontot.showcase import services
from bontot.showcase.access import manageable_stories, visible_stories
from bontot.showcase.models import Story, StoryStatus

from .factories import camera_photo, draft, make_writer, published, recognised, upload, withdrawn

pytestmark = pytest.mark.django_db


def _create(w, actor, *, code="DU", entry=None, **kwargs):
    return services.create_story(
        organization=w.orgs[code], entry=entry or recognised(w)["member_a"], title="Gương", body="Nội dung",
        actor=actor, **kwargs,
    )  # fmt: skip


@pytest.mark.parametrize("persona", ["office", "standing", "secretary_a", "member_a", "reviewer", "outsider"])
def test_only_the_propaganda_board_writes(world, persona):
    with pytest.raises(PermissionDenied, match="Chỉ Ban Tuyên giáo"):
        _create(world, world.users[persona])


def test_a_propaganda_board_above_writes_for_a_cell_below(world):
    writer = make_writer(world, "reviewer", "SUP")
    story = _create(world, writer, code="A")
    assert story.organization == world.a and story.status == StoryStatus.DRAFT


def test_a_propaganda_board_of_a_cell_does_not_write_for_its_committee(world):
    writer = make_writer(world, "secretary_a", "A")
    _create(world, writer, code="A", entry=recognised(world)["A"])
    with pytest.raises(PermissionDenied):
        _create(world, writer, code="DU")


def test_another_committees_propaganda_board_does_not_write(world):
    writer = make_writer(world, "outsider", "DU2")
    with pytest.raises(PermissionDenied):
        _create(world, writer)


def test_only_a_recognised_subject_is_featured(world):
    writer = make_writer(world)
    entry = recognised(world)["member_a"]
    decisions.revoke_decision(
        entry.decision, assessment_ids=[], actor=world.users["standing"], reason="Nhầm đối tượng",
        **header(number="16-QĐ/ĐU"),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="quyết định còn hiệu lực"):
        _create(world, writer, entry=entry)
    with pytest.raises(ValidationError, match="Chọn đối tượng được công nhận"):
        services.create_story(organization=world.du, entry=None, title="T", body="B", actor=writer)


def test_the_subject_must_be_inside_the_organisation(world):
    writer = make_writer(world, "reviewer", "SUP")
    with pytest.raises(ValidationError, match="không thuộc tổ chức đảng"):
        _create(world, writer, code="B", entry=recognised(world)["member_a"])
    # An entry of another committee is not offered to DU's board.
    entry = issue(world, [ready(member=world.members["member_b"])], number="20-QĐ/ĐU").entries.get()
    assert set(services.candidate_entries(world.a.path)) == set(recognised(world).values())
    assert entry in services.candidate_entries(world.du.path)


def test_transitions_are_audited_and_nothing_is_deleted(world):
    story = withdrawn(world)
    assert story.status == StoryStatus.WITHDRAWN and story.version == 2
    assert story.withdraw_reason == "Viết nhầm số liệu"
    rows = list(AuditLog.objects.filter(object_type="showcase.story", object_id=str(story.pk)).order_by("pk"))
    assert [r.action for r in rows] == [
        "showcase.story.created",
        "showcase.story.published",
        "showcase.story.withdrawn",
    ]
    assert rows[1].data["from"] == "draft" and rows[1].data["to"] == "published"
    assert rows[2].data == {"repr": story.title, "from": "published", "to": "withdrawn", "reason": "Viết nhầm số liệu"}
    assert {r.organization_path for r in rows} == {world.du.path}
    assert rows[0].actor == world.users["standing"]
    assert Story.objects.filter(pk=story.pk).exists()
    assert story in manageable_stories(world.users["standing"])
    assert story not in visible_stories(world.users["member_a"])


def test_a_stale_version_is_refused(world):
    story = draft(world)
    services.update_story(story, version=0, entry=story.entry, title="Mới", body="Mới", actor=make_writer(world))
    with pytest.raises(ValidationError, match="Đã có người khác cập nhật bài này; tải lại trang."):
        services.publish_story(story, version=0, actor=make_writer(world))


def test_a_published_story_is_not_edited_nor_published_again(world):
    story = published(world)
    writer = make_writer(world)
    with pytest.raises(ValidationError, match=r"đã được đăng bởi standing lúc .*, không thể sửa"):
        services.update_story(story, version=None, entry=story.entry, title="X", body="Y", actor=writer)
    with pytest.raises(ValidationError, match="không thể đăng lại"):
        services.publish_story(story, version=None, actor=writer)


def test_withdrawing_needs_a_reason_and_a_published_story(world):
    writer = make_writer(world)
    story = draft(world)
    with pytest.raises(ValidationError, match="chưa được đăng, không thể gỡ"):
        services.withdraw_story(story, version=None, reason="Lý do", actor=writer)
    story = services.publish_story(story, version=None, actor=writer)
    with pytest.raises(ValidationError, match="Phải ghi lý do gỡ bài"):
        services.withdraw_story(story, version=None, reason="  ", actor=writer)
    services.withdraw_story(story, version=None, reason="Lý do", actor=writer)
    with pytest.raises(ValidationError, match="đã được gỡ bởi standing .* không thể gỡ lại"):
        services.withdraw_story(story, version=None, reason="Lần nữa", actor=writer)


def test_a_photo_is_stored_under_a_random_name(world):
    story = draft(world, photo=upload("Ảnh của tôi.png"))
    assert story.photo.name.startswith("showcase/") and "tôi" not in story.photo.name
    assert story.photo.name.endswith(".png") and story.photo_type == "image/png"


def test_a_stored_photo_is_upright_capped_and_keeps_no_metadata(world):
    """The phone photo's GPS position, camera and owner never reach the disk; the photo stands upright."""
    from PIL import Image

    story = draft(world, photo=upload("dien-thoai.jpg", camera_photo("JPEG")))
    assert story.photo.name.endswith(".jpg") and story.photo_type == "image/jpeg"
    with story.photo.open("rb") as handle:
        data = handle.read()
    assert b"Nguyen Van Chu" not in data and b"Canon" not in data and b"xmpmeta" not in data
    with Image.open(story.photo.path) as image:
        assert image.format == "JPEG" and image.size == (667, 2000) and not image.getexif()
        assert "icc_profile" not in image.info and "comment" not in image.info


def test_a_refused_photo_leaves_no_story(world):
    with pytest.raises(ValidationError, match="không phải ảnh"):
        draft(world, photo=upload("gia.jpg", b"van ban thuong"))
    assert not Story.objects.exists()


def test_replacing_or_removing_the_photo_of_a_draft(world):
    story = draft(world, photo=upload())
    first = story.photo.name
    writer = make_writer(world)
    story = services.update_story(
        story, version=0, entry=story.entry, title="T", body="B", actor=writer, photo=upload("b.jpg", fmt="JPEG")
    )
    assert story.photo.name != first and story.photo_type == "image/jpeg"
    assert story.photo.storage.exists(first)  # the former file is kept
    story = services.update_story(
        story, version=1, entry=story.entry, title="T", body="B", actor=writer, remove_photo=True
    )
    assert not story.photo and story.photo_type == ""


def test_publishing_tells_the_featured_member_and_the_cells_secretary(world, django_capture_on_commit_callbacks):
    from bontot.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        story = published(world)
        cell_story = published(world, title="Chi bộ An Hòa", entry=recognised(world)["A"])
    member_note = Notification.objects.get(user=world.users["member_a"], kind="showcase.published")
    assert member_note.text == f"Ban Tuyên giáo đã đăng bài “{story.title}” giới thiệu gương Nguyễn Văn An."
    assert member_note.url == f"/guong-dien-hinh/{story.pk}/"
    cell_note = Notification.objects.get(user=world.users["secretary_a"], kind="showcase.published")
    assert cell_note.url == f"/guong-dien-hinh/{cell_story.pk}/"
    assert Notification.objects.filter(kind="showcase.published").count() == 2
