"""Federated sign-in end to end against a real OpenID Connect provider running locally: Civic Twin
on pytest-django's live server, django-oauth-toolkit in its OIDC mode as a second server standing
in for LinkedIn (tests/oidc_provider). Every step is an HTTP request between the two servers:
discovery, the authorisation request with PKCE, the provider's sign-in, the code exchange, the
ID token's signature (RS256, the provider's published key) and the userinfo call. The new account
is pre-filled with what LinkedIn gives (name, verified email, locale) and the profile asks for the
rest. Complements test_social_adapter.py, which maps recorded payloads."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rsa_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture
def provider(tmp_path, live_server):
    """The stand-in LinkedIn on 127.0.0.1 (Civic Twin is on localhost: the two keep their cookies
    apart), with Priya's account and Civic Twin registered as a confidential client."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DB": str(tmp_path / "provider.sqlite3"),
        "OIDC_PROVIDER_RSA_KEY": _rsa_key(),
    }
    env.pop("DATABASE_URL", None)
    django = [sys.executable, "-m", "django"]
    subprocess.run([*django, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    callback = f"{live_server.url}/accounts/oidc/linkedin/login/callback/"
    setup = (
        "from django.contrib.auth.models import User; from oauth2_provider.models import Application; "
        "User.objects.create_user('priya', 'priya@example.org', 'provider-pass-2026'); "
        "Application.objects.create(name='Civic Twin', client_id='civic-twin', client_secret='civic-secret', "
        "client_type='confidential', authorization_grant_type='authorization-code', algorithm='RS256', "
        f"redirect_uris='{callback}', skip_authorization=True)"
    )
    subprocess.run([*django, "shell", "-c", setup], cwd=ROOT, env=env, check=True)
    log = open(tmp_path / "provider.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [*django, "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/o/.well-known/openid-configuration", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            raise AssertionError((tmp_path / "provider.log").read_text())
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _csrf(session, html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def test_signing_in_with_linkedin_creates_a_prefilled_account_and_the_profile_asks_for_the_rest(
    provider, live_server, settings
):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "linkedin",
                    "name": "LinkedIn",
                    "client_id": "civic-twin",
                    "secret": "civic-secret",
                    "settings": {"server_url": f"{provider}/o"},
                }
            ],
        }
    }
    browser = requests.Session()
    start = f"{live_server.url}/accounts/oidc/linkedin/login/"
    page = browser.get(start)
    assert page.status_code == 200 and "LinkedIn" in page.text
    # Civic Twin sends the person to the provider's authorisation endpoint (with PKCE).
    to_provider = browser.post(start, data={"csrfmiddlewaretoken": _csrf(browser, page.text)}, allow_redirects=False)
    assert to_provider.status_code == 302 and to_provider.headers["Location"].startswith(f"{provider}/o/authorize/")
    assert "code_challenge=" in to_provider.headers["Location"]
    # The provider asks them to sign in, then sends them back with a code.
    login = browser.get(to_provider.headers["Location"])
    assert login.url.startswith(f"{provider}/login/")
    back = browser.post(
        login.url,
        data={
            "csrfmiddlewaretoken": _csrf(browser, login.text),
            "username": "priya",
            "password": "provider-pass-2026",
            "next": re.search(r'name="next" value="([^"]+)"', login.text).group(1).replace("&amp;", "&"),
        },
        allow_redirects=False,
    )
    authorize = browser.get(f"{provider}{back.headers['Location']}", allow_redirects=False)
    callback = authorize.headers["Location"]
    assert callback.startswith(f"{live_server.url}/accounts/oidc/linkedin/login/callback/?code=")
    # Civic Twin exchanges the code, checks the ID token and reads the userinfo: signed in.
    done = browser.get(callback, allow_redirects=False)
    assert done.status_code == 302, done.text[:2000]
    profile = browser.get(f"{live_server.url}{done.headers['Location']}")
    assert profile.status_code == 200
    user = User.objects.get(email="priya@example.org")
    assert user.display_name == "Priya Shah"  # from the name; never the email address
    assert user.profile.language == "pl"  # from the locale
    assert user.profile.imported_from == "linkedin"
    assert user.emailaddress_set.get().verified  # the provider says it is verified
    account = SocialAccount.objects.get(user=user)
    assert account.provider == "linkedin" and account.uid
    # What LinkedIn cannot give, the profile asks for: their home area and priorities.
    assert '<html lang="pl"' in profile.text  # in her language from the first page
    assert 'value="Priya Shah"' in profile.text
    assert 'id="id_home_area"' in profile.text  # the home area (and priorities) are hers to add
