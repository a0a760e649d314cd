"""Signed-in people get their own cached copy of a page (pagecache.cache_page): served again only
while nothing it can show has changed – their own writes, rows that point at them written by
anyone, their roles, their unread count, the site's content – and never to anyone else."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache

from accounts import services as account_services
from accounts.roles import Role
from engagement import notifications, services
from engagement.models import Consultation
from tests.engagement_testapp.models import Thing


@pytest.fixture
def consultation(db):
    thing = Thing.objects.create(title="Cycle lane")
    return Consultation.objects.create(target=thing, title="Cycle lane survey", stage="open", results_visibility="live")


def _stance(page) -> str | None:
    """The stance the person's vote form shows as chosen."""
    for tag in re.findall(r"<input[^>]*name=\"stance\"[^>]*>", page.content.decode()):
        if "checked" in tag:
            return re.search(r'value="([a-z]+)"', tag).group(1)
    return None


def _warm(client, url):
    """The first request fills the unread count and versions the key is built from; the next one
    is stored; the one after that is served from the cache."""
    client.get(url)
    client.get(url)
    return client.get(url)


@pytest.mark.django_db
def test_a_person_gets_their_own_copy_again(client_for, resident, consultation):
    url = f"/engagement/consultations/{consultation.pk}/"
    client = client_for(resident)
    again = _warm(client, url)
    assert again["X-Page-Cache"] == "hit" and again.status_code == 200
    assert "Cookie" in again["Vary"]
    assert 'name="csrfmiddlewaretoken"' in again.content.decode()


@pytest.mark.django_db
def test_their_own_vote_shows_at_once_through_the_page_and_through_a_service(client_for, resident, consultation):
    url = f"/engagement/consultations/{consultation.pk}/"
    client = client_for(resident)
    assert _warm(client, url)["X-Page-Cache"] == "hit"
    response = client.post(f"{url}vote/", {"stance": "support"})
    assert response.status_code in (200, 302)
    after = client.get(url)
    assert after.get("X-Page-Cache") != "hit" and _stance(after) == "support"
    assert _warm(client, url)["X-Page-Cache"] == "hit"
    services.vote_cast(consultation=consultation, user=resident, stance="oppose")  # e.g. from the API
    assert _stance(client.get(url)) == "oppose"


@pytest.mark.django_db
def test_two_people_never_share_a_copy(client_for, resident, neighbour, consultation):
    url = f"/engagement/consultations/{consultation.pk}/"
    first, second = client_for(resident), client_for(neighbour)
    assert _warm(first, url)["X-Page-Cache"] == "hit"
    services.vote_cast(consultation=consultation, user=resident, stance="support")
    _warm(first, url)
    theirs = second.get(url)
    assert theirs.get("X-Page-Cache") != "hit" and _stance(theirs) is None
    assert _stance(first.get(url)) == "support"


@pytest.mark.django_db
def test_what_others_write_about_a_person_shows_at_once(
    client_for, resident, moderator, consultation, django_capture_on_commit_callbacks
):
    url = "/proposals/"
    client = client_for(resident)
    assert _warm(client, url)["X-Page-Cache"] == "hit"
    # A notification: the header's unread count.
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(recipients=[resident], kind="reply", title="Someone replied")
    page = client.get(url).content.decode()
    assert "data-unread-count>1<" in page.replace(" ", "")
    # A role: the moderation link appears.
    assert _warm(client, url)["X-Page-Cache"] == "hit"
    TOTP.activate(resident, generate_totp_secret())  # staff roles need two-step sign-in
    account_services.role_grant(user=resident, role=Role.MODERATOR)
    assert "/engagement/moderation/" in client.get(url).content.decode()
    # A row pointing at them written by someone else (a moderator verifies them).
    assert _warm(client, url)["X-Page-Cache"] == "hit"
    account_services.resident_verify(user=resident, verified_by=moderator)
    assert client.get(url).get("X-Page-Cache") != "hit"


@pytest.mark.django_db
def test_pending_messages_and_new_csrf_cookies_are_never_cached(client_for, resident, consultation):
    url = f"/engagement/consultations/{consultation.pk}/"
    client = client_for(resident)
    _warm(client, url)
    client.cookies["messages"] = "x"  # a message waiting in the cookie store
    assert client.get(url).get("X-Page-Cache") is None
    client.cookies.pop("messages")
    session = client.session
    session["_messages"] = "[]"  # or in the session store
    session.save()
    assert client.get(url).get("X-Page-Cache") is None
    session = client.session
    del session["_messages"]
    session.save()
    # A first visit without a CSRF cookie gets a new one: that page is not stored.
    client.cookies.pop("csrftoken", None)
    fresh = client.get(url)
    assert fresh.get("X-Page-Cache") != "hit"
    assert client.get(url).get("X-Page-Cache") != "hit"  # the key holds the new cookie


@pytest.mark.django_db
def test_a_cache_outage_only_slows_personal_pages(client_for, resident, consultation, monkeypatch):
    client = client_for(resident)
    _warm(client, f"/engagement/consultations/{consultation.pk}/")

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(cache, name, broken)
    response = client.get(f"/engagement/consultations/{consultation.pk}/")
    assert response.status_code == 200 and "X-Page-Cache" not in response
