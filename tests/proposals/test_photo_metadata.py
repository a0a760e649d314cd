"""Stored photos carry pixels and colour profile only: no EXIF, XMP, IPTC, comments or PNG text,
whatever the format, in what reaches storage through a page as well as from the checker."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from engagement.uploads import clean_image
from proposals.models import IdeaPhoto

SECRET = "owner Jane Doe, 12 Example Road"
XMP = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description dc:creator="{SECRET}"/></x:xmpmeta>'.encode()
# IPTC-IIM in a Photoshop APP13 segment: record 2, dataset 80 (by-line), as cameras and editors write it.
_IIM = b"\x1c\x02\x50" + len(SECRET).to_bytes(2, "big") + SECRET.encode()
_IRB = b"8BIM\x04\x04\x00\x00" + len(_IIM).to_bytes(4, "big") + _IIM
APP13 = b"\xff\xed" + (len(b"Photoshop 3.0\x00" + _IRB) + 2).to_bytes(2, "big") + b"Photoshop 3.0\x00" + _IRB


def _exif():
    exif = Image.Exif()
    exif[0x013B] = SECRET  # Artist
    exif[0x8825] = {1: "N", 2: (52.0, 27.0, 21.0), 3: "W", 4: (1.0, 50.0, 7.0)}
    return exif


ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()  # made once: it holds its creation time


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="JPEG", exif=_exif(), comment=SECRET, xmp=XMP, icc_profile=ICC)
    raw = out.getvalue()
    return raw[:2] + APP13 + raw[2:]  # IPTC straight after SOI


def _png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_text("Comment", SECRET, zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 128, 0, 200)).save(out, format="PNG", pnginfo=info, exif=_exif(), icc_profile=ICC)
    return out.getvalue()


def _webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="WEBP", exif=_exif(), xmp=XMP, icc_profile=ICC)
    return out.getvalue()


def _assert_clean(data: bytes, size=(40, 30)):
    assert SECRET.encode() not in data and b"Jane Doe" not in data
    assert b"xmpmeta" not in data and b"Photoshop 3.0" not in data and b"8BIM" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == size
        assert not image.getexif()
        assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp", "Author", "Comment", "photoshop"} & set(image.info)
        assert not getattr(image, "text", {})
        assert image.info.get("icc_profile") == ICC  # the colour profile is kept


@pytest.mark.parametrize("make, name", [(_jpeg, "p.jpg"), (_png, "p.png"), (_webp, "p.webp")])
def test_a_cleaned_photo_keeps_pixels_and_colour_profile_only(make, name):
    raw = make()
    assert SECRET.encode() in raw  # the fixture really carries the metadata
    with Image.open(io.BytesIO(raw)) as planted:
        assert planted.getexif()
    _assert_clean(clean_image(SimpleUploadedFile(name, raw)).read())


def test_the_stored_idea_photo_has_no_metadata(client_for, resident, district, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client_for(resident).post(
        "/ideas/new/",
        {
            "title": "Benches",
            "description": "Please",
            "theme": "green_blue_space",
            "latitude": 52.455,
            "longitude": -1.835,
            "photo": SimpleUploadedFile("b.jpg", _jpeg()),
            "photo_description": "The path",
        },
    )
    assert response.status_code == 302
    with open(IdeaPhoto.objects.get().image.path, "rb") as stored:
        _assert_clean(stored.read())
