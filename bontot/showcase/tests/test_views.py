"""Showcase pages: who reads what, the author's pages, the photo behind an access check, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bontot.decisions import services as decisions
from bontot.decisions.tests.factories import header
from bontot.showcase.models import Story, StoryStatus

from .factories import draft, image_bytes, make_writer, published, recognised, upload, withdrawn

pytestmark = pytest.mark.django_db


def _get(client, world, persona, name, **kwargs):
    client.force_login(world.users[persona])
    return client.get(reverse(name, kwargs=kwargs or None))


def test_a_member_of_a_cell_reads_the_stories_of_the_committee_above(client, world):
    for_du = published(world, title="Gương cả xã")
    for_a = published(world, title="Gương riêng thôn An Hòa", code="A")
    body = _get(client, world, "member_a", "showcase:list").content.decode()
    assert "Gương cả xã" in body and "Gương riêng thôn An Hòa" in body
    body = _get(client, world, "member_b", "showcase:list").content.decode()
    assert "Gương cả xã" in body and "Gương riêng thôn An Hòa" not in body
    assert _get(client, world, "member_b", "showcase:detail", pk=for_a.pk).status_code == 404
    assert _get(client, world, "member_b", "showcase:detail", pk=for_du.pk).status_code == 200
    body = _get(client, world, "outsider", "showcase:list").content.decode()
    assert "Gương cả xã" not in body
    assert _get(client, world, "outsider", "showcase:detail", pk=for_du.pk).status_code == 404


def test_a_member_of_another_committee_does_not_read(client, world):
    from bontot.core.testing.world import LONG_AGO
    from bontot.organizations.models import Role, RoleAssignment

    user = world.users["future"]
    world.members["member_c"].user = user
    world.members["member_c"].save()
    RoleAssignment.objects.create(user=user, organization=world.orgs["C"], role=Role.MEMBER, start=LONG_AGO)
    story = published(world)
    assert _get(client, world, "future", "showcase:detail", pk=story.pk).status_code == 404


def test_a_story_whose_decision_is_revoked_is_hidden_from_readers(client, world):
    story = published(world, title="Bài về quyết định cũ")
    decisions.revoke_decision(
        recognised(world)["member_a"].decision, assessment_ids=[], actor=world.users["standing"],
        reason="Nhầm", **header(number="16-QĐ/ĐU"),
    )  # fmt: skip
    assert "Bài về quyết định cũ" not in _get(client, world, "member_a", "showcase:list").content.decode()
    assert _get(client, world, "member_a", "showcase:detail", pk=story.pk).status_code == 404
    body = _get(client, world, "standing", "showcase:manage").content.decode()
    assert "Bài về quyết định cũ" in body and "Quyết định đã bị thu hồi" in body


def test_the_writer_creates_publishes_and_withdraws(client, world):
    make_writer(world)
    entry = recognised(world)["member_a"]
    client.force_login(world.users["standing"])
    page = client.get(reverse("showcase:create")).content.decode()
    assert "Nguyễn Văn An" in page and "Chi bộ thôn An Hòa" in page
    data = {"organization": world.du.pk, "entry": entry.pk, "title": "Người đảng viên gương mẫu", "body": "Chuyện"}
    response = client.post(reverse("showcase:create"), data | {"photo": upload("anh.jpg", fmt="JPEG")})
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("showcase:detail", args=[story.pk])
    assert story.status == StoryStatus.DRAFT and story.photo_type == "image/jpeg"
    assert "Người đảng viên gương mẫu" not in _get(client, world, "member_a", "showcase:list").content.decode()
    client.force_login(world.users["standing"])
    assert "Đăng bài" in client.get(reverse("showcase:detail", args=[story.pk])).content.decode()
    client.post(reverse("showcase:publish", args=[story.pk]), {"version": "0"})
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    assert "Người đảng viên gương mẫu" in _get(client, world, "member_a", "showcase:list").content.decode()
    client.force_login(world.users["standing"])
    response = client.post(reverse("showcase:withdraw", args=[story.pk]), {"withdraw_reason": "", "version": "1"})
    assert "This field is required" not in response.content.decode()
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    client.post(reverse("showcase:withdraw", args=[story.pk]), {"withdraw_reason": "Trùng bài", "version": "1"})
    story.refresh_from_db()
    assert story.status == StoryStatus.WITHDRAWN and story.withdraw_reason == "Trùng bài"
    link = f'href="{reverse("showcase:detail", args=[story.pk])}"'
    assert link not in _get(client, world, "member_a", "showcase:list").content.decode()


def test_a_stale_publish_is_refused_with_a_message(client, world):
    story = draft(world)
    client.force_login(make_writer(world))
    response = client.post(reverse("showcase:publish", args=[story.pk]), {"version": "7"}, follow=True)
    assert "Đã có người khác cập nhật bài này; tải lại trang." in response.content.decode()
    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT


def test_a_text_file_named_jpg_is_refused_by_the_form(client, world):
    client.force_login(make_writer(world))
    entry = recognised(world)["member_a"]
    data = {"organization": world.du.pk, "entry": entry.pk, "title": "T", "body": "B"}
    response = client.post(reverse("showcase:create"), data | {"photo": upload("anh.jpg", "không phải ảnh".encode())})
    assert response.status_code == 200
    assert "không phải ảnh JPEG hoặc PNG" in response.content.decode()
    assert not Story.objects.exists()


def test_an_oversized_photo_is_refused_by_the_form(client, world, settings):
    settings.SHOWCASE_PHOTO_MAX_MB = 1
    client.force_login(make_writer(world))
    data = {"organization": world.du.pk, "entry": recognised(world)["member_a"].pk, "title": "T", "body": "B"}
    big = image_bytes("PNG") + b"\0" * (1024 * 1024)
    response = client.post(reverse("showcase:create"), data | {"photo": upload("to.png", big)})
    assert "lớn quá 1 MB" in response.content.decode()
    assert not Story.objects.exists()


def test_a_published_story_is_not_edited(client, world):
    story = published(world)
    client.force_login(make_writer(world))
    response = client.get(reverse("showcase:edit", args=[story.pk]), follow=True)
    assert "không sửa được" in response.content.decode()


def test_the_photo_is_served_only_through_the_access_checked_view(client, world):
    story = published(world, photo=upload())
    response = _get(client, world, "member_b", "showcase:photo", pk=story.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == story.photo.open("rb").read()
    page = _get(client, world, "member_b", "showcase:detail", pk=story.pk).content.decode()
    assert reverse("showcase:photo", args=[story.pk]) in page and "/media" not in page
    assert _get(client, world, "outsider", "showcase:photo", pk=story.pk).status_code == 404
    no_photo = published(world, title="Không ảnh")
    assert _get(client, world, "member_b", "showcase:photo", pk=no_photo.pk).status_code == 404


def test_a_withdrawn_story_is_read_by_its_writer_with_the_reason(client, world):
    story = withdrawn(world)
    body = _get(client, world, "standing", "showcase:detail", pk=story.pk).content.decode()
    assert "Đã gỡ" in body and "Viết nhầm số liệu" in body
    assert _get(client, world, "member_a", "showcase:detail", pk=story.pk).status_code == 404


def test_the_menu_offers_the_showcase_to_everyone_and_writing_to_the_board(client, world):
    body = _get(client, world, "member_a", "home").content.decode()
    assert "Gương điển hình" in body and "Viết bài" not in body
    make_writer(world)
    body = _get(client, world, "standing", "home").content.decode()
    assert reverse("showcase:manage") in body and "Viết bài" in body


def test_the_list_is_phone_friendly_cards(client, world):
    published(world)
    body = _get(client, world, "member_a", "showcase:list").content.decode()
    assert "row-cols-1" in body and 'class="card h-100"' in body


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(("persona", "name"), [("member_a", "showcase:list"), ("standing", "showcase:manage")])
def test_the_lists_run_the_same_queries_with_3_and_20_stories(client, world, persona, name):
    for n in range(3):
        published(world, title=f"Bài {n}", photo=upload() if n == 0 else None)
    client.force_login(world.users[persona])
    url = reverse(name)
    client.get(url)
    small = _count(client, url)
    for n in range(3, 20):
        published(world, title=f"Bài {n}", entry=recognised(world)["A"] if n % 2 else None)
    large = _count(client, url)
    assert small == large


def test_links_by_recognition_filter_the_list_and_preselect_the_entry(client, world):
    published(world, title="Về đồng chí An")
    published(world, title="Về chi bộ An Hòa", entry=recognised(world)["A"])
    client.force_login(world.users["member_a"])
    entry = recognised(world)["A"]
    body = client.get(reverse("showcase:list") + f"?cong_nhan={entry.pk}").content.decode()
    assert "Về chi bộ An Hòa" in body and "Về đồng chí An" not in body and "Xem mọi bài" in body
    client.force_login(make_writer(world))
    body = client.get(reverse("showcase:create") + f"?cong_nhan={entry.pk}").content.decode()
    assert f'<option value="{entry.pk}" selected>' in body


def test_the_board_reads_the_storys_history_in_vietnamese(client, world):
    story = withdrawn(world)
    body = _get(client, world, "standing", "showcase:detail", pk=story.pk).content.decode()
    for label in ("Tạo mới", "Đăng bài", "Gỡ bài", "Lý do: Viết nhầm số liệu"):
        assert label in body
    assert "Thao tác khác" not in body
    published_story = published(world, title="Bài khác")
    assert (
        "Lịch sử thay đổi"
        not in _get(client, world, "member_a", "showcase:detail", pk=published_story.pk).content.decode()
    )
