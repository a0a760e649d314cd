"""Uploads kept on this server's disk (no object storage) are served from their public folders
only, with caching and no-sniff headers; nothing else under MEDIA_ROOT is reachable."""

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from gamification.models import Report, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "reports" / "7").mkdir(parents=True)
    (tmp_path / "reports" / "7" / "hole.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.txt").write_text("no")
    return tmp_path


def test_a_report_photo_is_served_with_its_headers(client, media):
    response = client.get("/media/reports/7/hole.jpg")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff" and "max-age" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/media/private/secret.txt",
        "/media/reports/../private/secret.txt",
        "/media/reports/7/../../private/secret.txt",
        "/media/reports//7/hole.jpg",
        "/media/reports/7/missing.jpg",
    ],
)
def test_other_files_are_not_served(client, media, path):
    assert client.get(path).status_code == 404


def test_a_hidden_reports_photo_goes_with_it(client, media, district):
    service = Service.objects.create(code="pothole", name="Pothole")
    report = Report.objects.create(service=service, location=Point(-1.835, 52.455, srid=4326), description="x")
    folder = media / "reports" / str(report.pk)
    folder.mkdir(parents=True)
    (folder / "hole.jpg").write_bytes(b"\xff\xd8\xff\xe0 photo")
    assert client.get(f"/media/reports/{report.pk}/hole.jpg").status_code == 200
    Report.objects.filter(pk=report.pk).update(hidden_at=timezone.now())
    assert client.get(f"/media/reports/{report.pk}/hole.jpg").status_code == 404
