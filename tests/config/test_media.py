"""Uploads kept on this server's disk (no object storage) are served from their public folders
only, with caching and no-sniff headers; nothing else under MEDIA_ROOT is reachable."""

import pytest

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
