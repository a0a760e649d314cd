"""Whole-page cache for visitors: served again until anything participatory changes; never shared
with signed-in people (they get their own copy: tests/config/test_personal_page_cache.py), never
for pages holding a CSRF token; a cache outage only slows pages."""

import pytest
from django.core.cache import cache

from engagement import services
from engagement.models import Consultation
from tests.engagement_testapp.models import Thing


@pytest.fixture
def open_consultation(db):
    thing = Thing.objects.create(title="Cycle lane")
    return Consultation.objects.create(target=thing, title="Cycle lane survey", stage="open", results_visibility="live")


@pytest.mark.django_db
def test_visitors_get_the_cached_page_until_a_vote_changes_it(client, client_for, resident, open_consultation):
    url = f"/engagement/consultations/{open_consultation.pk}/"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    services.vote_cast(consultation=open_consultation, user=resident, stance="support")
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Support" in fresh.content.decode() and ">1<" in fresh.content.decode().replace(" ", "")
    signed_in = client_for(resident).get(url)
    assert signed_in.get("X-Page-Cache") != "hit"  # never the visitors' copy


@pytest.mark.django_db
def test_pages_with_a_csrf_token_or_messages_are_not_cached(client, open_consultation, settings):
    client.cookies["messages"] = "x"
    assert "X-Page-Cache" not in client.get(f"/engagement/consultations/{open_consultation.pk}/")
    client.cookies.pop("messages")
    report = client.get("/accounts/login/")  # a form with a CSRF token, not decorated anyway
    assert "X-Page-Cache" not in report


@pytest.mark.django_db
def test_a_cache_outage_only_slows_pages(client, open_consultation, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "add", broken)
    response = client.get(f"/engagement/consultations/{open_consultation.pk}/")
    assert response.status_code == 200 and "X-Page-Cache" not in response


@pytest.mark.django_db
def test_one_url_is_cached_per_format_and_host_and_says_what_it_varies_on(client):
    url = "/api/v1/ideas/"
    json_first = client.get(url, HTTP_ACCEPT="application/json")
    html = client.get(url, HTTP_ACCEPT="text/html")
    assert json_first["X-Page-Cache"] == "miss" and html["X-Page-Cache"] == "miss"
    assert html["Content-Type"].startswith("text/html")
    for _round in range(2):  # alternating formats: each gets its own copy back
        again_json = client.get(url, HTTP_ACCEPT="application/json")
        again_html = client.get(url, HTTP_ACCEPT="text/html")
        assert again_json["X-Page-Cache"] == "hit" and again_json["Content-Type"] == "application/json"
        assert again_json.json() == json_first.json()
        assert again_html["X-Page-Cache"] == "hit" and again_html["Content-Type"].startswith("text/html")
    for response in (json_first, html, again_json, again_html):
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"accept", "cookie", "hx-request"} <= vary
    other_host = client.get(url, HTTP_ACCEPT="application/json", HTTP_HOST="localhost")
    assert other_host["X-Page-Cache"] == "miss"  # the host is part of the key
    assert client.get(url, HTTP_ACCEPT="application/json", HTTP_HOST="localhost")["X-Page-Cache"] == "hit"
    assert client.get(url + "?format=json")["X-Page-Cache"] == "miss"  # so is the query


@pytest.mark.django_db
def test_a_cached_page_is_served_with_its_headers_and_body(client, open_consultation):
    url = f"/engagement/consultations/{open_consultation.pk}/"
    first = client.get(url)
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second["Content-Type"] == first["Content-Type"] and second.content == first.content
    assert second["Content-Language"] == first["Content-Language"] == "en-gb"
