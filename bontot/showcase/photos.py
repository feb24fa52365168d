"""A story's photo: a JPEG or PNG image checked by its content, never by its name.

The first bytes must be a PNG or JPEG signature (`assessments.evidence.detect_type`, the same check as for
evidence), the size at most `SHOWCASE_PHOTO_MAX_MB`, and Pillow must read the image header as the same format
with each side at most `SHOWCASE_PHOTO_MAX_PX` pixels (a phone photo fits; a decompression bomb does not).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

from bontot.assessments.evidence import JPEG, PNG, FileType, detect_type

ACCEPT_ATTRIBUTE = ".jpg,.jpeg,.png,image/jpeg,image/png"
PILLOW_FORMAT = {PNG: "PNG", JPEG: "JPEG"}


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
