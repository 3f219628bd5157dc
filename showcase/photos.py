"""Cadres' photos: checked when the data is read, published as a small JPEG without metadata.

A phone photo is several megabytes and carries EXIF: the camera, the time and often the GPS
position of where it was taken (a home, an office). The site never serves the contributed file:
it publishes a copy at most ``WEB_SIDE`` pixels on its longest side, turned upright as the camera
recorded, colours converted to sRGB, and encoded afresh with no metadata at all.

The copy is always a JPEG, whatever the source (JPEG, PNG or WebP): its URL can then be known
from the profile alone (``<stem>.jpg``, see ``views.Urls.photo``), and a portrait needs no
transparency; a transparent background is filled with white. The same file always gives the
same bytes (nothing in the output depends on the time or the machine), so a rebuild changes no
published photo that was not changed.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from showcase.issues import Report

FORMATS = ("JPEG", "PNG", "WEBP")
MAX_BYTES = 10 * 1024 * 1024
#: Far above any camera's photo; a small file declaring more pixels is a decompression bomb.
MAX_PIXELS = 50_000_000
MIN_SIDE = 120
WEB_SIDE = 800
JPEG_QUALITY = 85
_SRGB = ImageCms.createProfile("sRGB")
#: What a file that is not one of FORMATS really is, by its first bytes: for the message only.
_KINDS = (
    (0, b"GIF8", "GIF 动图"),
    (0, b"BM", "BMP 位图"),
    (0, b"II*\x00", "TIFF 图片"),
    (0, b"MM\x00*", "TIFF 图片"),
    (4, b"ftypheic", "HEIC 照片（苹果手机的默认格式）"),
    (4, b"ftypheix", "HEIC 照片（苹果手机的默认格式）"),
    (4, b"ftypmif1", "HEIF 照片"),
    (4, b"ftypavif", "AVIF 图片"),
    (0, b"%PDF", "PDF 文档"),
    (0, b"PK\x03\x04", "压缩包或 Word/Excel 文档"),
    (0, b"\xd0\xcf\x11\xe0", "旧版 Word/Excel 文档"),
    (0, b"8BPS", "Photoshop 文件（PSD）"),
)
_RESAVE = "用手机相册的“编辑/导出”或电脑的“画图”打开照片，另存为 JPG 格式，再提交。"


class PhotoError(ValueError):
    """Why a photo cannot be published: a code of ``issues.CODES`` with a Chinese message and fix."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def check_photo(path: Path, report: Report, rel: str, line: int) -> bool:
    """Report at the profile's ``photo:`` line what keeps the photo from being published; True when it can be.

    Pillow's ``verify()`` checks nothing in a JPEG or a WebP, so the photo is decoded instead (a
    JPEG at an eighth of its size, which is fast): a truncated or damaged file fails here, in
    ``showcase validate``, and never halfway through a build.
    """
    try:
        with _open(path) as image:
            width, height = image.size
            image.draft(None, (1, 1))
            _decode(image, path.name)
    except PhotoError as exc:
        report.add(rel, line, exc.code, exc.message, exc.hint)
        return False
    if min(width, height) < MIN_SIDE:
        report.add(
            rel, line, "I805", f"照片 “{path.name}” 只有 {width}×{height} 像素，在页面上会模糊。",
            f"换一张更清晰的照片：至少 {MIN_SIDE}×{MIN_SIDE} 像素，最好长边 {WEB_SIDE} 像素以上。",
        )
    return True


def publish(source: Path) -> bytes:
    """The web copy of a checked photo: at most WEB_SIDE pixels, upright, sRGB, a JPEG with no metadata."""
    with _open(source) as image:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
            image = image.convert("RGBA")  # palette and 16-bit images: resized in full colour, not by nearest pixel
        image.thumbnail((WEB_SIDE, WEB_SIDE), Image.Resampling.LANCZOS)  # a JPEG is decoded at a reduced scale first
        ImageOps.exif_transpose(image, in_place=True)  # after the resize: the box is square, so the result is the same
        upright = _srgb(image).convert("RGBA")
    # A new image carries nothing of the source's info: no EXIF, GPS, XMP, comment or colour profile.
    canvas = Image.new("RGBA", upright.size, "white")
    canvas.alpha_composite(upright)
    out = io.BytesIO()
    canvas.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _open(path: Path) -> Image.Image:
    """The image with only its header read, within the limits on bytes and pixels; raises PhotoError."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PhotoError(
            "I802", f"照片 “{path.name}” 有 {size / 1024 / 1024:.1f} MB，超过上限 {MAX_BYTES // 1024 // 1024} MB。",
            f"缩小后再提交：长边 2000 像素以内的 JPG 一般不到 1 MB（网站上只显示 {WEB_SIDE} 像素）。",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path, formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(path.name) from None
    except UnidentifiedImageError:
        kind = _kind(path)
        raise PhotoError("I801", f"照片 “{path.name}” 不是 JPG、PNG 或 WebP 图片{f'，而是{kind}' if kind else ''}。", _RESAVE) from None
    except Exception:  # a malformed header can make a decoder raise nearly anything
        raise _damaged(path.name) from None
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise _too_many_pixels(path.name, image.size)
    return image


def _decode(image: Image.Image, name: str) -> None:
    try:
        image.load()
    except Exception:  # truncated data, a bad checksum, a broken stream: each decoder has its own exception
        raise _damaged(name) from None


def _srgb(image: Image.Image) -> Image.Image:
    """Colours as the source's profile means them (a phone's Display P3, a print shop's CMYK), in sRGB."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        return ImageCms.profileToProfile(image, io.BytesIO(profile), _SRGB, outputMode="RGBA" if image.mode == "RGBA" else "RGB")
    except ImageCms.PyCMSError:  # a broken or mismatched profile: the colours as stored
        return image


def _kind(path: Path) -> str:
    """What the file is by its first bytes, in words; "" when unknown."""
    with path.open("rb") as handle:
        head = handle.read(512)
    if not head:
        return "空文件"
    for offset, magic, kind in _KINDS:
        if head[offset : offset + len(magic)] == magic:
            return kind
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
            return "文本文件"
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # a character cut by the 512-byte window
                return "文本文件"
    return ""


def _too_many_pixels(name: str, size: tuple[int, int] | None = None) -> PhotoError:
    pixels = f"有 {size[0]}×{size[1]} 像素，" if size else "的像素数"
    return PhotoError(
        "I803", f"照片 “{name}” {pixels}超过上限 {MAX_PIXELS // 10_000} 万像素，不会被读取。",
        "缩小到长边 2000 像素左右再提交。",
    )


def _damaged(name: str) -> PhotoError:
    return PhotoError("I804", f"照片 “{name}” 已损坏或不完整，无法读取。", "用看图软件打开看看是否完整；从原图重新导出一份 JPG 再提交。")
