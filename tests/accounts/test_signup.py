"""Sign-up with mandatory email verification, sign-in, rate-limited failures."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from accounts.roles import Role

pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Amina K",
    "email": "amina@example.org",
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
    "privacy_accepted": "on",
}


def _confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_it_signs_up_verifies_email_then_signs_in(client):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="amina@example.org")
    assert user.display_name == "Amina K"
    assert user.groups.filter(name=Role.RESIDENT).exists()
    assert user.profile.priorities  # every theme ranked by default
    assert len(mail.outbox) == 1

    # Unverified: signing in only leads back to the verification notice.
    response = client.post("/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    link = _confirmation_link(mail.outbox[-1])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="amina@example.org").verified

    response = client.post("/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"display_name": ""}, "display_name", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"password2": "something-else-entirely"}, "password2", "You must type the same password each time."),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"privacy_accepted": ""}, "privacy_accepted", "Confirm that you have read the privacy notice"),
    ],
)
def test_it_shows_field_errors_and_keeps_what_was_typed(client, changes, field, message):
    data = {**SIGNUP, **changes}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "govuk-error-summary" in html
    assert f'href="#id_{field}"' in html
    if field != "email":
        assert 'value="amina@example.org"' in html
    if field != "display_name":
        assert 'value="Amina K"' in html
    assert not User.objects.filter(email="amina@example.org").exists()


def test_it_refuses_a_second_account_for_the_same_email_in_any_case(client, resident):
    response = client.post("/accounts/signup/", {**SIGNUP, "email": "RESIDENT@example.org"})
    if response.status_code == 302:
        # allauth hides account existence: it pretends, sends nothing new, creates nothing.
        assert User.objects.filter(email__iexact="resident@example.org").count() == 1
    else:
        assert "already" in response.content.decode()


def test_it_rate_limits_failed_sign_ins(client, resident):
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": resident.email, "password": "wrong-password"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"login": resident.email, "password": "correct-horse-battery"})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_signs_in_with_correct_password(client, resident):
    response = client.post("/accounts/login/", {"login": resident.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_it_resets_a_forgotten_password(client, resident):
    response = client.post("/accounts/password/reset/", {"email": resident.email})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": "brand-new-passphrase-9", "password2": "brand-new-passphrase-9"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("brand-new-passphrase-9")


def test_a_bot_filling_the_honeypot_gets_no_account(client):
    from accounts.models import User

    page = client.get("/accounts/signup/").content.decode()
    assert 'class="civic-hp" aria-hidden="true"' in page and 'tabindex="-1"' in page
    response = client.post("/accounts/signup/", {**SIGNUP, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "If you are a person, leave the last box empty" in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    assert client.post("/accounts/signup/", SIGNUP).status_code == 302  # people leave it empty


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/password/reset/"])
def test_sign_in_and_password_reset_have_the_honeypot_too(client, resident, url):
    assert 'class="civic-hp" aria-hidden="true"' in client.get(url).content.decode()
    data = {"login": "resident@example.org", "password": "x", "email": "resident@example.org", "website": "spam"}
    response = client.post(url, data)
    assert response.status_code == 200 and "leave the last box empty" in response.content.decode()
