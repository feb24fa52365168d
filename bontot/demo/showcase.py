"""A demo story of the showcase (plan III.1): `tuyengiao` (Ban Tuyên giáo of Đảng ủy xã Tam Thăng) publishes a
story about the first member recognised by Quyết định số 15-QĐ/ĐU, with a small generated photo.

Call after `ensure_demo_workflow()` (seed_demo): it needs the 2024 decision. Safe to run again: nothing is
written when a story already exists or the decision is missing.
"""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from bontot.decisions.models import DecisionEntry
from bontot.organizations.models import Organization
from bontot.showcase import services
from bontot.showcase.models import Story

from .workflow import COMMITTEE, DECISION_NUMBER, YEAR

WRITER = "tuyengiao"
BODY = (
    "Là đảng viên Chi bộ thôn Vĩnh Bình, đồng chí luôn gương mẫu đi đầu trong các phong trào của thôn: vận động "
    "bà con hiến đất mở rộng đường giao thông nông thôn, giúp các hộ khó khăn chuyển đổi cây trồng, tham gia "
    "đầy đủ sinh hoạt chi bộ và sinh hoạt nơi cư trú.\n\n"
    "Năm {year}, đồng chí được Ban Thường vụ Đảng ủy xã công nhận “Đảng viên bốn tốt” theo Quyết định số "
    "{number}. Tấm gương của đồng chí là minh chứng sinh động cho việc “dám nghĩ, dám làm, dám chịu trách "
    "nhiệm” mà kế hoạch xây dựng mô hình “bốn tốt” đề ra."
)


def _photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 360), (255, 244, 229))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 360), fill=(46, 125, 50))  # rice fields
    draw.ellipse((500, 40, 580, 120), fill=(220, 38, 38))  # the sun
    draw.polygon([(120, 300), (220, 200), (320, 300)], fill=(180, 83, 9))  # a roof
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile("guong-dien-hinh.jpg", buffer.getvalue(), content_type="image/jpeg")


def ensure_demo_story() -> Story | None:
    """Publish the demo story unless one exists; None when the demo's decision or writer is missing."""
    if Story.objects.exists():
        return Story.objects.order_by("pk").first()
    committee = Organization.objects.filter(code=COMMITTEE).first()
    writer = get_user_model().objects.filter(username=WRITER).first()
    entry = (
        DecisionEntry.objects.filter(
            decision__issuer=committee, decision__year=YEAR, decision__number=DECISION_NUMBER, member__isnull=False
        )
        .order_by("position")
        .first()
    )
    if committee is None or writer is None or entry is None:
        return None
    story = services.create_story(
        organization=committee,
        entry=entry,
        title=f"Đồng chí {entry.name}: người đảng viên “bốn tốt” của thôn Vĩnh Bình",
        body=BODY.format(year=YEAR, number=DECISION_NUMBER),
        photo=_photo(),
        actor=writer,
    )
    return services.publish_story(story, version=story.version, actor=writer)
