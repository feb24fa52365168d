"""Photos are checked by content: real PNG/JPEG accepted, a text file renamed .jpg refused, size and
dimensions limited by settings."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from bontot.showcase.photos import check_photo, clean_photo, is_clean

from .factories import camera_photo, image_bytes


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


def _reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _assert_bare(data: bytes) -> None:
    image = _reopen(data)
    assert not image.getexif()  # no EXIF at all: no GPS, camera, owner, orientation
    assert set(image.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}, image.info.keys()
    for trace in (b"Exif", b"Canon", b"Nguyen Van Chu", b"xmpmeta", b"ICC_PROFILE", b"iCCP"):
        assert trace not in data, trace


@pytest.mark.parametrize(("fmt", "mode"), [("JPEG", "RGB"), ("PNG", "RGB")])
def test_a_camera_photo_comes_out_upright_capped_and_without_metadata(fmt, mode):
    original = camera_photo(fmt)
    assert b"Nguyen Van Chu" in original and _reopen(original).getexif()  # the fixture carries it all
    data = clean_photo(io.BytesIO(original), name="anh")
    image = _reopen(data)
    assert (image.format, image.mode) == (fmt, mode)
    assert image.size == (667, 2000)  # 3000×1000 turned upright (1000×3000), the longest side brought to 2000
    rgb = image.convert("RGB")
    red, blue = rgb.getpixel((333, 100)), rgb.getpixel((333, 1900))
    assert isinstance(red, tuple) and isinstance(blue, tuple)
    assert red[0] > 200 and red[2] < 60  # the stored left half is on top once turned clockwise
    assert blue[2] > 200 and blue[0] < 60
    _assert_bare(data)


def test_a_small_photo_keeps_its_size_and_a_clean_one_is_recognised():
    data = clean_photo(io.BytesIO(image_bytes("JPEG", (1200, 900))), name="anh")
    image = _reopen(data)
    assert image.size == (1200, 900)
    assert is_clean(image) and not is_clean(_reopen(camera_photo("JPEG", (400, 300))))
    assert not is_clean(_reopen(image_bytes("PNG", (2001, 10))))  # too large, though without metadata


def test_an_image_that_pillow_cannot_read_is_refused():
    # Not a truncated file: WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES once imported, so those may load.
    with pytest.raises(ValidationError, match="bị hỏng"):
        clean_photo(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"rac" * 50), name="anh.png")
