"""Language switcher: English, Urdu (right to left) and Polish; remembered on the profile."""

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_switches_to_urdu_and_gets_rtl(client):
    response = client.post("/account/language/", {"language": "ur", "next": "/organisations/"})
    assert response.status_code == 302
    assert response["Location"] == "/organisations/"
    assert response.cookies["civic_language"].value == "ur"
    html = client.get("/organisations/").content.decode()
    assert 'lang="ur"' in html and 'dir="rtl"' in html


def test_signed_in_choice_is_saved_on_the_profile_and_restored_at_next_sign_in(client_for, client, resident):
    signed_in = client_for(resident)
    signed_in.post("/account/language/", {"language": "pl", "next": "/"})
    resident.profile.refresh_from_db()
    assert resident.profile.language == "pl"

    # A fresh browser with no cookie: signing in brings the saved language back.
    client.post("/accounts/login/", {"login": resident.email, "password": "correct-horse-battery"})
    html = client.get("/account/").content.decode()
    assert 'lang="pl"' in html


def test_it_ignores_an_unsupported_language_and_an_offsite_next(client):
    response = client.post("/account/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert "civic_language" not in response.cookies


def test_polish_chrome_is_translated(client):
    client.post("/account/language/", {"language": "pl", "next": "/"})
    html = client.get("/accounts/login/").content.decode()
    assert "Przejdź do głównej treści" in html  # skip link
    assert "Zaloguj" in html
