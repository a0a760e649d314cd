"""/health/ reports database, cache and broker; 503 when any is down."""

import pytest
from django.test import override_settings

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_it_reports_ok_on_postgis_and_redis(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["engine"] == "postgresql"
    assert body["checks"]["cache"]["backend"] == "RedisCache"
    assert body["checks"]["broker"]["mode"] == "broker"


def test_it_answers_503_when_the_broker_is_unreachable(client):
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/health/")
    finally:
        celery_app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "error"


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
)
def test_it_answers_503_when_the_cache_is_unreachable(client):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "error"
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_unknown_page_is_the_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
