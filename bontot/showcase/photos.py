"""A story's photo: a JPEG or PNG image checked by its content, never by its name.

The first bytes must be a PNG or JPEG signature (`assessments.evidence.detect_type`, the same check as for
evidence), the size at most `SHOWCASE_PHOTO_MAX_MB`, and Pillow must read the image header as the same format
with each side at most `SHOWCASE_PHOTO_MAX_PX` pixels (a phone photo fits; a decompression bomb does not).

An accepted photo is then re-encoded (`clean_photo`): turned upright by its EXIF orientation, its longest side
brought down to `MAX_SIDE`, its pixels copied into a new image of the same type, so no EXIF (GPS position,
camera, owner), XMP, ICC profile or comment of the original survives.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

from bontot.assessments.evidence import JPEG, PNG, FileType, detect_type

ACCEPT_ATTRIBUTE = ".jpg,.jpeg,.png,image/jpeg,image/png"
PILLOW_FORMAT = {PNG: "PNG", JPEG: "JPEG"}
# The longest side of a stored photo: a story's card and page show it at most about 1000 px wide (2x screens).
MAX_SIDE = 2000
JPEG_QUALITY = 85
# What our own re-encoding leaves in `Image.info`: nothing about the camera, the place or the owner.
HARMLESS_INFO = frozenset({"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"})


@dataclass(frozen=True)
class Photo:
    kind: FileType
    width: int
    height: int


def check_photo(stream: IO[bytes], *, name: str, size: int | None) -> Photo:
    """Return the photo's type and dimensions, or raise a Vietnamese ValidationError naming the file."""
    limit_mb = settings.SHOWCASE_PHOTO_MAX_MB
    if size is None or size > limit_mb * 1024 * 1024:
        raise ValidationError(f"Ảnh “{name}” lớn quá {limit_mb} MB, không nhận.")
    if size == 0:
        raise ValidationError(f"Ảnh “{name}” rỗng, không nhận.")
    kind = detect_type(stream)
    if kind is None or kind.code not in PILLOW_FORMAT:
        raise ValidationError(f"Tệp “{name}” không phải ảnh JPEG hoặc PNG (kiểm tra theo nội dung tệp), không nhận.")
    max_px = settings.SHOWCASE_PHOTO_MAX_PX
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                image_format, (width, height) = image.format, image.size
                if image_format == PILLOW_FORMAT[kind.code] and width <= max_px and height <= max_px:
                    image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise ValidationError(f"Ảnh “{name}” bị hỏng hoặc không đọc được, không nhận.") from None
    finally:
        stream.seek(0)
    if image_format != PILLOW_FORMAT[kind.code]:
        raise ValidationError(f"Ảnh “{name}” bị hỏng hoặc không đọc được, không nhận.")
    if width > max_px or height > max_px:
        raise ValidationError(
            f"Ảnh “{name}” có kích thước {width}×{height} điểm ảnh, quá {max_px} điểm ảnh mỗi chiều; hãy thu nhỏ ảnh."
        )
    return Photo(kind, width, height)


def is_clean(image: Image.Image) -> bool:
    """Whether a stored photo already is what `clean_photo` writes: no metadata, the longest side ≤ MAX_SIDE."""
    return set(image.info) <= HARMLESS_INFO and not image.getexif() and max(image.size) <= MAX_SIDE


def clean_photo(stream: IO[bytes], *, name: str) -> bytes:
    """Return the photo re-encoded in its own format (JPEG or PNG): upright by its EXIF orientation, the longest
    side at most MAX_SIDE, without EXIF, XMP, ICC profile or comments. Check it with `check_photo` first."""
    try:
        with Image.open(stream) as image:
            image_format = image.format
            if image_format not in PILLOW_FORMAT.values():
                raise ValueError(image_format)
            if image_format == "JPEG":
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode a large JPEG at a reduced scale (≥ MAX_SIDE)
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            keep = ("RGB", "L") if image_format == "JPEG" else ("RGB", "RGBA", "L", "LA")
            if upright.mode not in keep:
                upright = upright.convert("RGBA" if image_format == "PNG" else "RGB")
            # Only the pixels go into the new image: its `info` (EXIF, XMP, ICC, text chunks) starts empty.
            bare = Image.frombytes(upright.mode, upright.size, upright.tobytes())
        out = io.BytesIO()
        if image_format == "JPEG":
            bare.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        else:
            bare.save(out, "PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(f"Ảnh “{name}” bị hỏng hoặc không đọc được, không nhận.") from None
    finally:
        stream.seek(0)
    return out.getvalue()
