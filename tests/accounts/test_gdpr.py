"""Download my data, and account erasure that keeps the platform consistent."""

import json

import pytest
from allauth.account.models import EmailAddress

from accounts import gdpr, services
from accounts.models import Membership, User
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_download_contains_everything_held(client_for, resident, community_group):
    ward = AreaFactory(name="Small Heath")
    services.profile_update(user=resident, home_area=ward, language="ur")
    services.membership_add(organisation=community_group, email=resident.email)
    response = client_for(resident).get("/account/data/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="civic-twin-my-data-')
    document = json.loads(response.content)
    account = document["sections"]["account"]
    assert account["email"] == "resident@example.org"
    assert account["display_name"] == "Amina"
    assert account["profile"]["home_area"]["name"] == "Small Heath"
    assert account["profile"]["language"] == "ur"
    assert account["organisations"][0]["organisation"] == "Friends of the River Cole"
    assert account["email_addresses"] == [{"email": "resident@example.org", "verified": True, "primary": True}]


def test_download_includes_sections_registered_by_other_apps(client_for, resident):
    gdpr.register("test_section", export=lambda user: {"contributions": [f"by {user.pk}"]})
    try:
        document = client_for(resident).get("/account/data/download/").json()
        assert document["sections"]["test_section"] == {"contributions": [f"by {resident.pk}"]}
    finally:
        gdpr._SECTIONS.pop("test_section")


def test_erasure_runs_app_erasers_and_deletes_personal_data(resident):
    erased = []
    gdpr.register("test_section", export=lambda user: None, erase=lambda user: erased.append(user.pk))
    try:
        user_id = resident.pk
        services.account_erase(user=resident)
    finally:
        gdpr._SECTIONS.pop("test_section")
    assert erased == [user_id]
    assert not User.objects.filter(pk=user_id).exists()
    assert not EmailAddress.objects.filter(email="resident@example.org").exists()


def test_erasing_the_only_admin_hands_the_organisation_to_a_member(community_group, group_admin, neighbour):
    services.membership_add(organisation=community_group, email=neighbour.email)
    services.account_erase(user=group_admin)
    assert Membership.objects.get(organisation=community_group, user=neighbour).role == "admin"


def test_delete_asks_for_the_password_again_then_for_delete(client_for, resident):
    client = client_for(resident)
    response = client.get("/account/delete/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": "correct-horse-battery"})
    assert response["Location"] == "/account/delete/"
    response = client.post("/account/delete/", {"confirm": "nope"})
    assert response.status_code == 200
    assert "Type DELETE in capital letters to confirm." in response.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()
    response = client.post("/account/delete/", {"confirm": "DELETE"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=resident.pk).exists()
    assert "_auth_user_id" not in client.session
