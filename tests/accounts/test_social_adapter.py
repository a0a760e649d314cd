"""Federated sign-in maps provider data onto the profile (recorded OIDC userinfo payloads)."""

import json
from pathlib import Path

import pytest
from allauth.socialaccount.adapter import get_adapter
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory, override_settings

from accounts.adapters import profile_fields_from_provider

pytestmark = pytest.mark.django_db
PAYLOADS = Path(__file__).parent / "payloads"

PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "linkedin",
                "name": "LinkedIn",
                "client_id": "id",
                "secret": "s",
                "settings": {"server_url": "https://www.linkedin.com/oauth"},
            },
            {
                "provider_id": "council",
                "name": "Birmingham City Council",
                "client_id": "id",
                "secret": "s",
                "settings": {"server_url": "https://login.council.example"},
            },
        ],
    }
}


def _request():
    request = RequestFactory().get("/accounts/oidc/linkedin/login/callback/")
    SessionMiddleware(lambda r: None).process_request(request)
    return request


def _sign_in_with(provider_id, payload_file):
    request = _request()
    payload = json.loads((PAYLOADS / payload_file).read_text())
    provider = get_adapter().get_provider(request, provider_id)
    sociallogin = provider.sociallogin_from_response(request, {"userinfo": payload})
    return get_adapter().save_user(request, sociallogin)


@override_settings(SOCIALACCOUNT_PROVIDERS=PROVIDERS)
def test_linkedin_profile_is_imported():
    user = _sign_in_with("linkedin", "linkedin_userinfo.json")
    assert user.email == "priya.sharma@example.com"
    assert user.display_name == "Priya Sharma"
    assert user.profile.imported_from == "linkedin"
    assert user.profile.language == "en-gb"
    assert user.groups.filter(name="resident").exists()


@override_settings(SOCIALACCOUNT_PROVIDERS=PROVIDERS)
def test_council_identity_provider_sets_language_from_locale():
    user = _sign_in_with("council", "council_idp_userinfo.json")
    assert user.display_name == "Anna Kowalska"  # never the email-like username
    assert user.profile.language == "pl"
    assert user.profile.imported_from == "council"


@override_settings(SOCIALACCOUNT_PROVIDERS=PROVIDERS)
def test_configured_providers_appear_on_the_sign_in_page(client):
    html = client.get("/accounts/login/").content.decode()
    assert "LinkedIn" in html and "Birmingham City Council" in html


@pytest.mark.parametrize(
    "claims, expected",
    [
        ({"name": "Jo Bloggs", "locale": "ur-PK"}, {"display_name": "Jo Bloggs", "language": "ur"}),
        ({"given_name": "Jo", "family_name": "Bloggs"}, {"display_name": "Jo Bloggs", "language": ""}),
        ({"nickname": "jb", "locale": {"language": "de"}}, {"display_name": "jb", "language": ""}),
        ({}, {"display_name": "", "language": ""}),
    ],
)
def test_profile_fields_from_provider(claims, expected):
    assert profile_fields_from_provider(claims) == expected
