"""`manage.py clean_showcase_photos`: photos stored before uploads were cleaned are rewritten in place."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from .factories import camera_photo, image_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _run() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("clean_showcase_photos", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_cleans_old_photos_in_place_and_leaves_clean_ones_alone():
    dirty = default_storage.save("showcase/2025/cu.jpg", ContentFile(camera_photo("JPEG")))
    former = default_storage.save("showcase/2024/da-thay.png", ContentFile(camera_photo("PNG", (400, 300))))
    clean_bytes = image_bytes("JPEG", (800, 600))
    clean = default_storage.save("showcase/2025/sach.jpg", ContentFile(clean_bytes))
    broken = default_storage.save("showcase/2025/hong.jpg", ContentFile(b"khong phai anh"))
    out, err = _run()
    assert out.strip() == "Đã làm sạch 2 ảnh; 1 ảnh đã sạch từ trước."
    assert f"Không đọc được {broken}" in err
    with default_storage.open(dirty, "rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG" and image.size == (667, 2000) and not image.getexif()
    with default_storage.open(former, "rb") as handle:
        assert b"Nguyen Van Chu" not in handle.read()  # the former photo of an edited draft too
    with default_storage.open(clean, "rb") as handle:
        assert handle.read() == clean_bytes  # not re-encoded again
    assert _run()[0].strip() == "Đã làm sạch 0 ảnh; 3 ảnh đã sạch từ trước."


def test_it_does_nothing_without_stored_photos():
    assert _run()[0].strip() == "Đã làm sạch 0 ảnh; 0 ảnh đã sạch từ trước."
