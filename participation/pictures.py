"""Uploaded pictures made safe: recognised by their content, checked, decoded and encoded
again by us, so only pixels we wrote are ever stored.

- Types by content (magic bytes, then Pillow restricted to that one format): JPEG, PNG and
  WebP. Everything else (SVG, GIF, HTML, PDF, …) is UnsupportedMediaType (415), whatever
  its name or the content type the client claimed.
- More than MAX_BYTES is PayloadTooLarge (413). The size in the header is checked before
  any pixel is decoded: more than MAX_PIXELS or a side under MIN_SIDE is InvalidImage
  (422); so is a file Pillow cannot decode (truncated, broken).
- The orientation of the EXIF data is applied first, an ICC profile converted to sRGB, then
  every piece of metadata is dropped (EXIF, GPS, XMP, text chunks, ICC).
- Written as JPEG (quality 85, progressive): the full picture at most FULL_SIDE on its
  longest side and a thumbnail of THUMB_SIDE. Transparency is flattened onto white: the
  pictures are photos and drawings of places, and one format keeps the pages, the PDF
  report and the open-data feed simple.

Pure computation: bytes in, bytes out, no Flask.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .errors import InvalidImage, PayloadTooLarge, UnsupportedMediaType
from .uploads import accepts_upload

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_SIDE = 200
FULL_SIDE = 1600
THUMB_SIDE = 400
QUALITY = 85
SUFFIX = "jpg"
CONTENT_TYPE = "image/jpeg"
ACCEPT = "image/jpeg,image/png,image/webp"

accepts_picture = accepts_upload(MAX_BYTES)  # for the views that take a picture

# Pillow's own bomb guard at our limit (it warns above it and refuses twice as many); we
# check the header before that anyway.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class Encoded:
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    full: Encoded
    thumb: Encoded


def sniff(data: bytes) -> str | None:
    """The format the bytes start like: "JPEG", "PNG", "WEBP" or None."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _open(data: bytes, kind: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidImage(_too_many_pixels()) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidImage() from exc
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise InvalidImage(_too_many_pixels())
    if min(width, height) < MIN_SIDE:
        raise InvalidImage(_("The picture is too small: it needs at least %(min)d pixels on "
                             "each side.", min=MIN_SIDE))
    return image


def _too_many_pixels() -> str:
    return _("The picture has too many pixels (at most %(max)d megapixels).",
             max=MAX_PIXELS // 1_000_000)


def _decode(image: Image.Image) -> Image.Image:
    """Decode (JPEG: straight at a smaller scale when the picture is much larger), apply the
    orientation, convert to sRGB and flatten onto white; the result has no metadata."""
    if image.format == "JPEG":
        width, height = image.size
        scale = FULL_SIDE / max(width, height)
        if scale < 1:
            image.draft("RGB", (int(width * scale), int(height * scale)))
    icc = image.info.get("icc_profile")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as exc:
        raise InvalidImage() from exc
    if image.mode not in ("RGB", "RGBA"):
        has_alpha = image.mode in ("LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    if icc:
        image = _to_srgb(image, icc)
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    clean = Image.new("RGB", image.size)  # a fresh image: no info, no EXIF carried over
    clean.paste(image)
    return clean


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(image, source, target, outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: the pixels as they are


def _encode(image: Image.Image, side: int) -> Encoded:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=QUALITY, progressive=True, optimize=False)
    return Encoded(out.getvalue(), copy.width, copy.height)


def process(data: bytes) -> Picture:
    """Check an upload and encode it anew as the full picture and its thumbnail.

    Raises PayloadTooLarge, UnsupportedMediaType or InvalidImage."""
    if len(data) > MAX_BYTES:
        raise PayloadTooLarge(_("The file is too large: at most %(max)d MB, please.",
                                max=MAX_BYTES // (1024 * 1024)))
    kind = sniff(data)
    if kind is None:
        raise UnsupportedMediaType()
    image = _decode(_open(data, kind))
    return Picture(full=_encode(image, FULL_SIDE), thumb=_encode(image, THUMB_SIDE))
