"""A real build publishes each cadre's photo as a small JPEG without EXIF (issue 11), at the URL its page uses."""

from __future__ import annotations

import io

from PIL import ExifTags, Image

from .conftest import run_build


def _photo(fmt: str, size: tuple[int, int], **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, fmt, **save)
    return out.getvalue()


def _with_photo(profile, name: str) -> None:
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("---\n", f"---\nphoto: {name}\n", 1), encoding="utf-8")


def test_published_photos_carry_no_exif(site_copy):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "ShowcaseTestCam"
    exif[ExifTags.Base.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (31.0, 43.0, 12.0)}
    folder = site_copy / "cohorts" / "cangxi"
    (folder / "miao-miao.jpg").write_bytes(_photo("JPEG", (3000, 2000), exif=exif))
    (folder / "wang-fu.png").write_bytes(_photo("PNG", (600, 900)))
    _with_photo(folder / "miao-miao.md", "miao-miao.jpg")
    _with_photo(folder / "wang-fu.md", "wang-fu.png")

    build = run_build(site_copy)
    assert build.returncode == 0, build.output

    photos = build.site / "cadres" / "photos" / "cangxi"
    assert sorted(p.name for p in photos.iterdir()) == ["miao-miao.jpg", "wang-fu.jpg"]
    data = (photos / "miao-miao.jpg").read_bytes()
    image = Image.open(io.BytesIO(data))
    assert image.size == (800, 533)
    assert dict(image.getexif()) == {} and b"Exif" not in data and b"ShowcaseTestCam" not in data
    assert Image.open(photos / "wang-fu.jpg").format == "JPEG"
    assert "photos/cangxi/miao-miao.jpg" in build.page("cadres/miao-miao")
    assert "photos/cangxi/wang-fu.jpg" in build.page("cadres/wang-fu")
