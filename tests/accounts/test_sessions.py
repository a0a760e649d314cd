"""Sessions come from the cache and are written through to the database: a Redis outage must
not sign anyone out or break a page, and a sign-out must end the session everywhere."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from engagement.models import Comment
from tests.engagement_testapp.models import Thing

pytestmark = pytest.mark.django_db
DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def test_a_signed_in_session_is_read_from_the_cache(client_for, resident):
    client = client_for(resident)
    client.get("/feed/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/feed/").status_code == 200
    assert not any("django_session" in q["sql"] for q in queries.captured_queries)


def test_with_redis_down_people_stay_signed_in_and_can_take_part(settings, resident):
    thing = Thing.objects.create(title="Cycle lane")
    client = Client()
    client.force_login(resident)  # the session is saved while the cache still works
    settings.CACHES = DEAD_REDIS
    assert client.get("/feed/").status_code == 200  # read from the database
    response = client.post(f"/engagement/engagement_testapp.thing/{thing.pk}/comments/", {"body": "Still here"})
    assert response.status_code == 302
    assert Comment.objects.filter(author=resident, body="Still here").exists()
    fresh = Client()
    fresh.force_login(resident)  # signing in during the outage works too
    assert fresh.get("/feed/").status_code == 200
    assert fresh.post("/accounts/logout/").status_code == 302
    assert fresh.get("/feed/").status_code == 302  # signed out: sent to sign in


def test_signing_out_removes_the_cached_session(client_for, resident):
    client = client_for(resident)
    client.get("/feed/")
    key = client.session.session_key
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is not None
    client.post("/accounts/logout/")
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is None
    replay = Client()
    replay.cookies["sessionid"] = key
    assert replay.get("/feed/").status_code == 302
