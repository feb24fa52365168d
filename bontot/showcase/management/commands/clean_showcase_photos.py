"""Re-encode the showcase photos stored before uploads were cleaned: run once after deploying (re-runnable)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.management.base import BaseCommand
from PIL import Image, UnidentifiedImageError

from bontot.showcase.photos import PILLOW_FORMAT, clean_photo, is_clean

ROOT = "showcase"


def stored_files(storage: Storage, folder: str = ROOT) -> Iterator[str]:
    """Every file under `folder` of the storage, former photos of edited drafts included (they are kept)."""
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}"
    for sub in sorted(folders):
        yield from stored_files(storage, f"{folder}/{sub}")


def clean_stored(storage: Storage) -> tuple[int, int, list[str]]:
    """Rewrite, under the same name, every stored photo that still carries metadata or is larger than
    `photos.MAX_SIDE`; return (rewritten, already clean, unreadable names)."""
    rewritten, clean, unreadable = 0, 0, []
    for name in stored_files(storage):
        try:
            with storage.open(name, "rb") as handle, Image.open(handle) as image:
                if image.format not in PILLOW_FORMAT.values():
                    raise ValueError(image.format)
                if is_clean(image):
                    clean += 1
                    continue
                handle.seek(0)
                content = clean_photo(handle, name=name)
        except (OSError, SyntaxError, ValueError, UnidentifiedImageError, ValidationError):
            unreadable.append(name)
            continue
        storage.delete(name)
        saved = storage.save(name, ContentFile(content))
        if saved != name:  # a file appeared under the name meanwhile: keep ours where the story looks
            raise RuntimeError(f"{name} was saved as {saved}")
        rewritten += 1
    return rewritten, clean, unreadable


class Command(BaseCommand):
    help = (
        "Làm sạch các ảnh bài giới thiệu đã lưu trước khi có bước làm sạch: xoay đúng chiều, thu về tối đa "
        "2000 điểm ảnh, bỏ EXIF (vị trí GPS, máy ảnh, chủ sở hữu), XMP, ICC. Chạy lại không đổi ảnh đã sạch."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rewritten, clean, unreadable = clean_stored(default_storage)
        self.stdout.write(f"Đã làm sạch {rewritten} ảnh; {clean} ảnh đã sạch từ trước.")
        for name in unreadable:
            self.stderr.write(f"Không đọc được {name} (không phải ảnh JPEG/PNG hoặc bị hỏng), giữ nguyên.")
