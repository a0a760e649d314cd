"""Visitors' large pages are stored gzipped once and served as they are to clients that accept
gzip, inflated for the others; small pages and personal pages are stored as they are."""

import gzip

import pytest
from django.contrib.gis.geos import Point

from gamification import services

pytestmark = pytest.mark.django_db


def test_a_large_cached_page_is_served_gzipped_or_plain_as_asked(client, district, pothole):
    for n in range(60):
        services.report_submit(
            service=pothole, point=Point(-1.835, 52.455, srid=4326), description=f"Hole number {n} " * 20,
            answers={"depth": "deep"},
        )  # fmt: skip
    plain = client.get("/open311/v2/requests.json")  # stored now
    again = client.get("/open311/v2/requests.json")
    zipped = client.get("/open311/v2/requests.json", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert again["X-Page-Cache"] == zipped["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in again and again.content == plain.content
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 5 and "Accept-Encoding" in zipped["Vary"]


def test_a_small_page_is_stored_as_it_is(client, pothole):
    client.get("/open311/v2/services.json")
    small = client.get("/open311/v2/services.json", HTTP_ACCEPT_ENCODING="gzip")
    assert small["X-Page-Cache"] == "hit" and "Content-Encoding" not in small
