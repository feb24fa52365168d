"""Photos are checked by content: real PNG/JPEG accepted, a text file renamed .jpg refused, size and
dimensions limited by settings."""

import io

import pytest
from django.core.exceptions import ValidationError

from bontot.showcase.photos import check_photo

from .factories import image_bytes


def _check(data: bytes, name: str = "anh.jpg"):
    return check_photo(io.BytesIO(data), name=name, size=len(data))


def test_it_accepts_real_png_and_jpeg_bytes():
    png = _check(image_bytes("PNG"), "a.png")
    jpeg = _check(image_bytes("JPEG"), "b.jpg")
    assert (png.kind.code, png.width, png.height) == ("png", 40, 30)
    assert (jpeg.kind.content_type, jpeg.width) == ("image/jpeg", 40)


def test_it_judges_by_content_not_by_name():
    assert _check(image_bytes("PNG"), "anh.jpg").kind.code == "png"


def test_it_refuses_a_text_file_renamed_jpg():
    with pytest.raises(ValidationError, match="không phải ảnh JPEG hoặc PNG"):
        _check("Đây là văn bản, không phải ảnh".encode(), "gia-mao.jpg")


def test_it_refuses_a_pdf_though_evidence_accepts_it():
    with pytest.raises(ValidationError, match="không phải ảnh JPEG hoặc PNG"):
        _check(b"%PDF-1.7\n...", "anh.png")


def test_it_refuses_a_png_signature_followed_by_garbage():
    with pytest.raises(ValidationError, match="bị hỏng hoặc không đọc được"):
        _check(b"\x89PNG\r\n\x1a\n" + b"rac" * 50, "anh.png")


def test_it_refuses_an_oversized_file(settings):
    settings.SHOWCASE_PHOTO_MAX_MB = 1
    data = image_bytes("PNG")
    with pytest.raises(ValidationError, match="lớn quá 1 MB"):
        check_photo(io.BytesIO(data), name="to.png", size=1024 * 1024 + 1)


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError, match="rỗng"):
        _check(b"", "rong.png")


def test_it_refuses_an_image_too_large_in_pixels(settings):
    settings.SHOWCASE_PHOTO_MAX_PX = 100
    assert _check(image_bytes("PNG", (100, 80))).width == 100
    with pytest.raises(ValidationError, match=r"101×20 điểm ảnh, quá 100 điểm ảnh"):
        _check(image_bytes("PNG", (101, 20)))
