"""Checks for files people upload: PDFs and photos. Shared by every app that takes uploads.

Photos are decoded, size- and pixel-checked, turned upright and re-encoded with their pixels and
colour profile only, so EXIF (including GPS location), XMP, IPTC, comments and PNG text never
reach storage. PDFs are parsed, must not be
encrypted and must have pages.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_PDF_BYTES = 20 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
KEPT_INFO = {"icc_profile", "transparency"}  # everything else an image carries is dropped


def _size_mb(n: int) -> int:
    return n // (1024 * 1024)


def clean_image(upload, *, max_side: int | None = None) -> ContentFile:
    """Validate an uploaded photo and return a clean copy without metadata (EXIF/GPS/XMP),
    scaled down to at most `max_side` pixels on its longer side when given."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("The photo must be smaller than %(mb)s MB.") % {"mb": _size_mb(MAX_IMAGE_BYTES)})
    upload.seek(0)
    head = upload.read(MAX_IMAGE_BYTES + 1)
    try:
        with Image.open(io.BytesIO(head)) as probe:
            fmt = probe.format
            width, height = probe.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP image.")) from exc
    if fmt not in IMAGE_FORMATS:
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."))
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("The photo is too large: at most %(mp)s megapixels.") % {"mp": MAX_IMAGE_PIXELS // 1_000_000}
        )
    try:
        with Image.open(io.BytesIO(head)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)  # keep it upright once the orientation tag is gone
            if max_side and max(image.size) > max_side:
                image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            # Pillow writes some of `info` back when saving (a JPEG's comment, WebP's XMP): the
            # copy keeps only its pixels, the colour profile and transparency that the pixels need.
            icc_profile = image.info.get("icc_profile")
            image = image.copy()
            image.info = {k: v for k, v in image.info.items() if k in KEPT_INFO}
            options = {"quality": 88, "optimize": True} if fmt in ("JPEG", "WEBP") else {"optimize": True}
            if icc_profile:
                options["icc_profile"] = icc_profile
            image.save(out, format=fmt, **options)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The photo could not be read. Try saving it again as a JPEG.")) from exc
    stem = (getattr(upload, "name", "") or "photo").rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "photo"
    return ContentFile(out.getvalue(), name=f"{stem}.{IMAGE_FORMATS[fmt]}")


GPS_IFD = 0x8825


def _degrees(value, ref) -> float | None:
    try:
        degrees = float(value[0]) + float(value[1]) / 60 + float(value[2]) / 3600
    except (TypeError, ValueError, IndexError, ZeroDivisionError):
        return None
    return -degrees if str(ref).upper() in ("S", "W") else degrees


def photo_position(upload) -> tuple[float, float] | None:
    """Where a photo says it was taken (EXIF GPS), as (latitude, longitude), read before the
    metadata is stripped so the pin can be offered; None when it has no usable position."""
    try:
        upload.seek(0)
        with Image.open(io.BytesIO(upload.read(MAX_IMAGE_BYTES + 1))) as image:
            gps = image.getexif().get_ifd(GPS_IFD)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    latitude = _degrees(gps.get(2), gps.get(1)) if gps else None  # GPSLatitude, GPSLatitudeRef
    longitude = _degrees(gps.get(4), gps.get(3)) if gps else None  # GPSLongitude, GPSLongitudeRef
    if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    if latitude == 0 and longitude == 0:
        return None
    return round(latitude, 6), round(longitude, 6)


def clean_pdf(upload) -> tuple[ContentFile, int]:
    """Validate an uploaded PDF; returns the file and its page count."""
    if upload.size > MAX_PDF_BYTES:
        raise ValidationError(_("The document must be smaller than %(mb)s MB.") % {"mb": _size_mb(MAX_PDF_BYTES)})
    upload.seek(0)
    data = upload.read(MAX_PDF_BYTES + 1)
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("The document must be a PDF."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("The document is password-protected. Upload a version without a password."))
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise ValidationError(_("The document could not be read as a PDF.")) from exc
    if pages < 1:
        raise ValidationError(_("The document has no pages."))
    stem = (getattr(upload, "name", "") or "document").rsplit("/", 1)[-1].rsplit(".", 1)[0][:80] or "document"
    return ContentFile(data, name=f"{stem}.pdf"), pages
