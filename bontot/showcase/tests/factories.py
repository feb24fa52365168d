"""Stories for the tests: a propaganda board on DU, a decision of DU recognising member_a and cell A, and
stories in each state; image bytes made with Pillow."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bontot.core.testing.world import LONG_AGO
from bontot.decisions.models import DecisionEntry
from bontot.decisions.tests.factories import issue, ready
from bontot.organizations.models import Role, RoleAssignment
from bontot.showcase import services
from bontot.showcase.models import Story

WRITER = "standing"  # DU's standing committee member who also heads its propaganda board (matrix tests)


def make_writer(w: Any, persona: str = WRITER, code: str = "DU") -> Any:
    """Give `persona` the propaganda role on organisation `code` (once)."""
    user = w.users[persona]
    RoleAssignment.objects.get_or_create(
        user=user, organization=w.orgs[code], role=Role.PROPAGANDA, defaults={"start": LONG_AGO}
    )
    return user


def recognised(w: Any) -> dict[str, DecisionEntry]:
    """A decision of DU recognising member_a and cell A (made once per world); its entries by subject."""
    entries = getattr(w, "_entries", None)
    if entries is None:
        decision = issue(w, [ready(member=w.members["member_a"]), ready(organization=w.a)])
        rows = list(decision.entries.all())
        entries = {"member_a": next(e for e in rows if e.member_id), "A": next(e for e in rows if e.organization_id)}
        w._entries = entries
    return entries


def draft(w: Any, *, title: str = "Đồng chí An, người đảng viên tận tụy", code: str = "DU", **kwargs: Any) -> Story:
    writer = make_writer(w)
    entry = kwargs.pop("entry", None) or recognised(w)["member_a"]
    return services.create_story(
        organization=w.orgs[code], entry=entry, title=title, body="Nhiều năm liền hoàn thành tốt nhiệm vụ.",
        actor=writer, **kwargs,
    )  # fmt: skip


def published(w: Any, **kwargs: Any) -> Story:
    story = draft(w, **kwargs)
    return services.publish_story(story, version=story.version, actor=make_writer(w))


def withdrawn(w: Any, **kwargs: Any) -> Story:
    story = published(w, **kwargs)
    return services.withdraw_story(story, version=story.version, reason="Viết nhầm số liệu", actor=make_writer(w))


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name: str = "anh.png", content: bytes | None = None, fmt: str = "PNG") -> SimpleUploadedFile:
    data = image_bytes(fmt) if content is None else content
    return SimpleUploadedFile(name, data, content_type="image/png")


def camera_photo(fmt: str = "JPEG", size: tuple[int, int] = (3000, 1000)) -> bytes:
    """A photo as a phone writes it: stored sideways (left half red, right half blue) with EXIF orientation 6
    (turn 90° clockwise to view), the GPS position, the camera and the owner, an XMP packet, an ICC profile
    and a comment."""
    from PIL import ExifTags, ImageCms

    image = Image.new("RGB", size, (255, 0, 0))
    image.paste((0, 0, 255), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Artist] = "Nguyen Van Chu"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (15.0, 34.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (108.0, 29.0, 3.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description dc:creator="Nguyen Van Chu"/></x:xmpmeta>'
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", exif=exif.tobytes(), icc_profile=icc, comment=b"Nguyen Van Chu", xmp=xmp)
    else:
        from PIL.PngImagePlugin import PngInfo

        text = PngInfo()
        text.add_text("Author", "Nguyen Van Chu")
        text.add_itxt("XML:com.adobe.xmp", xmp.decode())
        image.save(buffer, "PNG", exif=exif.tobytes(), icc_profile=icc, pnginfo=text)
    return buffer.getvalue()
