"""Photos (DESIGN §6, issue 11): checked where the profile names them, published small, upright and without EXIF."""

from __future__ import annotations

import io
import os
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from showcase import photos
from showcase.issues import Report, Severity

from .conftest import FRONT, PROFILE_PATH, md, only

PHOTO_PATH = "cohorts/c1/zhang-san.jpg"
WITH_PHOTO = {PROFILE_PATH: md(FRONT + "photo: zhang-san.jpg\n")}  # the photo: line is line 6
RED, BLUE = (220, 20, 20), (20, 20, 220)


def image_bytes(size=(400, 300), fmt="JPEG", mode="RGB", color=RED, **save) -> bytes:
    """An image whose top-left quarter is blue, to tell which way up it was published."""
    image = Image.new(mode, size, color)
    if mode == "RGB":
        image.paste(BLUE, (0, 0, size[0] // 4, size[1] // 4))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def camera_exif(orientation: int = 1) -> Image.Exif:
    """What a phone writes: its make, the orientation it was held in, and where the photo was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "ShowcaseTestCam"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (31.0, 43.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (105.0, 56.0, 24.0),
    }
    return exif


def published(path: Path) -> Image.Image:
    return Image.open(io.BytesIO(photos.publish(path)))


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def color_at(image: Image.Image, x: float, y: float) -> tuple[int, ...]:
    """The colour at a fraction of the width and height."""
    return image.getpixel((int(x * (image.width - 1)), int(y * (image.height - 1))))


def near(color: tuple[int, ...], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(color, expected))


# -- publishing ---------------------------------------------------------------------------------


def test_published_copy_has_no_exif_and_is_turned_upright(tmp_path):
    # Orientation 6: the phone was turned a quarter clockwise; the stored top-left shows at the top right.
    source = write(tmp_path, "a.jpg", image_bytes(exif=camera_exif(orientation=6)))
    assert Image.open(source).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo does carry a position
    data = photos.publish(source)
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.size == (300, 400)
    assert near(color_at(image, 0.95, 0.05), BLUE) and near(color_at(image, 0.05, 0.05), RED)
    assert dict(image.getexif()) == {}
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
    assert b"Exif" not in data and b"ShowcaseTestCam" not in data


def test_large_photo_is_reduced_to_the_web_size(tmp_path):
    image = published(write(tmp_path, "big.jpg", image_bytes((4000, 3000))))
    assert image.size == (photos.WEB_SIDE, 600)
    assert near(color_at(image, 0.05, 0.05), BLUE)


def test_small_photo_is_not_enlarged(tmp_path):
    assert published(write(tmp_path, "small.jpg", image_bytes((300, 200)))).size == (300, 200)


def test_png_and_webp_are_published_as_jpeg_and_transparency_becomes_white(tmp_path):
    transparent = write(tmp_path, "cutout.png", image_bytes((200, 200), "PNG", mode="RGBA", color=(0, 0, 0, 0)))
    image = published(transparent)
    assert image.format == "JPEG" and near(color_at(image, 0.5, 0.5), (255, 255, 255))
    assert published(write(tmp_path, "a.webp", image_bytes(fmt="WEBP"))).format == "JPEG"


def test_the_same_photo_always_gives_the_same_bytes(tmp_path):
    content = image_bytes((1600, 1200), exif=camera_exif(orientation=3))
    first, second = write(tmp_path, "a.jpg", content), write(tmp_path, "b.jpg", content)
    assert photos.publish(first) == photos.publish(first) == photos.publish(second)


# -- checks where the profile names the photo -------------------------------------------------------


def test_a_good_photo_passes(check):
    dataset, report = check({**WITH_PHOTO, PHOTO_PATH: image_bytes(exif=camera_exif())})
    assert report.sorted() == []
    assert dataset.cadres[0].photo == "zhang-san.jpg"


def test_text_file_named_jpg_is_an_error_at_the_photo_line(check):
    dataset, report = check({**WITH_PHOTO, PHOTO_PATH: "这不是照片，是照片的说明。\n"})
    issue = only(report)
    assert (issue.path, issue.line, issue.code, issue.severity) == (PROFILE_PATH, 6, "I801", Severity.ERROR)
    assert "zhang-san.jpg" in issue.message and "文本文件" in issue.message
    assert "JPG" in issue.hint
    assert dataset.cadres[0].photo == ""


@pytest.mark.parametrize(
    "content, kind",
    [
        (image_bytes(fmt="GIF"), "GIF"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64), "HEIC"),
        (b"%PDF-1.4\n" + bytes(64), "PDF"),
    ],
    ids=["gif", "heic", "pdf"],
)
def test_other_file_types_are_named(check, content, kind):
    _, report = check({**WITH_PHOTO, PHOTO_PATH: content})
    issue = only(report, "I801")
    assert kind in issue.message


def test_huge_file_is_refused_by_its_size_without_being_read(make_tree, validate, monkeypatch):
    root = make_tree({"cohorts/c1/cohort.yml": "name: 测试批次\n", **WITH_PHOTO})
    with open(root / PHOTO_PATH, "wb") as handle:
        handle.truncate(40 * 1024 * 1024)  # sparse: 40 MB that take no disk space
    monkeypatch.setattr(photos.Image, "open", lambda *a, **k: pytest.fail("a photo over the size limit was opened"))
    _, report = validate(root)
    issue = only(report)
    assert (issue.path, issue.line, issue.code) == (PROFILE_PATH, 6, "I802")
    assert "40.0 MB" in issue.message and "10 MB" in issue.message
    assert "缩小" in issue.hint


def png_header(width: int, height: int) -> bytes:
    """A valid PNG signature and header declaring ``width``×``height``, and no pixels at all."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("width, height", [(30000, 30000), (10000, 8000)], ids=["beyond-pillow-limit", "beyond-our-limit"])
def test_decompression_bomb_is_refused_from_its_header(check, width, height):
    started = time.perf_counter()
    _, report = check({**WITH_PHOTO, PHOTO_PATH: png_header(width, height)})
    assert time.perf_counter() - started < 5  # decoding 900 million pixels would take minutes and gigabytes
    issue = only(report)
    assert (issue.line, issue.code) == (6, "I803")
    assert "5000 万像素" in issue.message


def test_truncated_photo_is_damaged(check):
    content = image_bytes((800, 600))
    _, report = check({**WITH_PHOTO, PHOTO_PATH: content[: len(content) // 2]})
    assert (only(report).code, only(report).line) == ("I804", 6)


def test_tiny_photo_is_a_warning_and_still_published(check):
    dataset, report = check({**WITH_PHOTO, PHOTO_PATH: image_bytes((100, 80))})
    issue = only(report)
    assert (issue.code, issue.severity, issue.line) == ("I805", Severity.WARNING, 6)
    assert "100×80" in issue.message
    assert dataset.cadres[0].photo == "zhang-san.jpg"


def test_check_and_publish_read_the_same_limits(tmp_path):
    source = write(tmp_path, "a.jpg", b"")
    os.truncate(source, photos.MAX_BYTES + 1)
    report = Report()
    assert photos.check_photo(source, report, "a.md", 3) is False
    with pytest.raises(photos.PhotoError) as raised:
        photos.publish(source)
    assert raised.value.code == report.issues[0].code == "I802"
