"""Two-step sign-in: offered to everyone, required for moderators, policy leads and administrators."""

import pytest
from allauth.mfa.models import Authenticator

from accounts import services
from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.POLICY_LEAD, Role.ADMINISTRATOR])
def test_it_sends_staff_without_mfa_to_set_it_up(client_for, role):
    user = UserFactory()
    services.role_grant(user=user, role=role)
    response = client_for(user).get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_it_lets_staff_with_mfa_through(client_for, moderator):
    assert client_for(moderator).get("/account/").status_code == 200


def test_it_offers_but_does_not_force_mfa_on_residents(client_for, resident):
    client = client_for(resident)
    assert client.get("/account/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200


def test_staff_cannot_remove_their_only_second_factor(client_for, moderator):
    client = client_for(moderator)
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    assert response.status_code in {302, 403, 200}


def test_new_moderator_signs_in_and_is_led_to_set_up_totp(client):
    user = UserFactory()
    services.role_grant(user=user, role=Role.MODERATOR)
    response = client.post("/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})
    response = client.get(response["Location"])
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    response = client.get(response["Location"])
    # allauth asks for the password again before any change to sign-in methods.
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": "correct-horse-battery"})
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Authenticator" in page.content.decode()
    assert client.get("/accounts/logout/").status_code == 200


def _current_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_staff_sign_in_asks_for_the_authenticator_code(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory()
    services.role_grant(user=user, role=Role.ADMINISTRATOR)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = client.post("/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/cms/").status_code == 200


@pytest.mark.parametrize("url", ["/cms/login/", "/django-admin/login/"])
def test_admin_sign_in_pages_hand_over_to_the_main_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    response = client.post(url, {"username": "x@example.org", "password": "y"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
