"""Organisations: who may do what (persona × action), and member management by organisation admins."""

import pytest
from guardian.shortcuts import get_perms

from accounts import services
from accounts.models import Membership, Organisation
from tests.conftest import PERSONAS
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# action -> (method, url template, data) ; expected status per persona
ACTIONS = {
    "list": ("get", "/organisations/", None),
    "detail": ("get", "/organisations/{slug}/", None),
    "create_form": ("get", "/organisations/new/", None),
    "edit_form": ("get", "/organisations/{slug}/edit/", None),
    "members_page": ("get", "/organisations/{slug}/members/", None),
    "add_member": ("post", "/organisations/{slug}/members/", {"email": "neighbour@example.org", "role": "member"}),
}
LOGIN = 302  # anonymous people are sent to sign in
# fmt: off
EXPECTED = {
    #               anonymous resident neighbour group_admin investor moderator policy_lead
    "list":         [200,      200,     200,      200,        200,     200,      200],
    "detail":       [200,      200,     200,      200,        200,     200,      200],
    "create_form":  [LOGIN,    200,     200,      200,        200,     200,      200],
    "edit_form":    [LOGIN,    403,     403,      200,        403,     403,      403],
    "members_page": [LOGIN,    403,     403,      200,        403,     403,      403],
    "add_member":   [LOGIN,    403,     403,      302,        403,     403,      403],
}
# fmt: on
MATRIX = [(persona, action, EXPECTED[action][i]) for action in ACTIONS for i, persona in enumerate(PERSONAS)]


@pytest.mark.parametrize("persona, action, expected", MATRIX, indirect=["persona"])
def test_organisation_permission_matrix(persona, action, expected, client_for, community_group, group_admin, neighbour):
    method, url, data = ACTIONS[action]
    response = getattr(client_for(persona), method)(url.format(slug=community_group.slug), data or {})
    assert response.status_code == expected
    if expected == 403:
        assert "Only admins of Friends of the River Cole can manage its members." in response.content.decode()


def test_creator_becomes_admin_with_object_permission(client_for, resident):
    response = client_for(resident).post(
        "/organisations/new/",
        {"name": "Hay Mills Residents", "kind": "community_group", "description": "We meet monthly."},
    )
    org = Organisation.objects.get(name="Hay Mills Residents")
    assert response["Location"] == f"/organisations/{org.slug}/"
    assert Membership.objects.get(organisation=org, user=resident).role == "admin"
    assert "manage_organisation" in get_perms(resident, org)


def test_only_administrators_may_create_council_teams(client_for, resident, administrator):
    data = {"name": "Planning team", "kind": "council_team"}
    response = client_for(resident).post("/organisations/new/", data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert 'value="Planning team"' in response.content.decode()
    response = client_for(administrator).post("/organisations/new/", data)
    assert response.status_code == 302


def test_admin_adds_promotes_and_removes_members(client_for, community_group, group_admin, neighbour):
    client = client_for(group_admin)
    client.post(f"/organisations/{community_group.slug}/members/", {"email": neighbour.email, "role": "member"})
    membership = Membership.objects.get(organisation=community_group, user=neighbour)
    assert "manage_organisation" not in get_perms(neighbour, community_group)

    client.post(f"/organisations/{community_group.slug}/members/{membership.pk}/", {"role": "admin"})
    assert "manage_organisation" in get_perms(neighbour, community_group)

    client.post(f"/organisations/{community_group.slug}/members/{membership.pk}/", {"action": "remove"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert "manage_organisation" not in get_perms(neighbour, community_group)


def test_adding_an_unknown_email_shows_the_error_and_keeps_the_input(client_for, community_group, group_admin):
    response = client_for(group_admin).post(
        f"/organisations/{community_group.slug}/members/", {"email": "nobody@example.org", "role": "member"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nobody has an account with that email address yet." in html
    assert 'value="nobody@example.org"' in html


def test_the_last_admin_cannot_step_down(client_for, community_group, group_admin):
    membership = Membership.objects.get(organisation=community_group, user=group_admin)
    response = client_for(group_admin).post(
        f"/organisations/{community_group.slug}/members/{membership.pk}/", {"role": "member"}, follow=True
    )
    assert "An organisation needs at least one admin." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "admin"


@pytest.mark.parametrize("count", [3, 30])
def test_organisation_list_query_count_does_not_grow(client, django_assert_num_queries, count):
    for org in OrganisationFactory.create_batch(count):
        services.membership_add(organisation=org, email=UserFactory().email)
    with django_assert_num_queries(2):  # count + page (session-less anonymous request)
        response = client.get("/organisations/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_members_page_query_count_does_not_grow(
    client_for, community_group, group_admin, django_assert_num_queries, count
):
    for user in UserFactory.create_batch(count):
        services.membership_add(organisation=community_group, email=user.email)
    client = client_for(group_admin)
    client.get(f"/organisations/{community_group.slug}/members/")
    # user, organisation, permission check (guardian), organisation with members
    # (1 + prefetch): the same at 2 and 20 members. Session, roles and permissions come from the cache.
    with django_assert_num_queries(6):
        assert client.get(f"/organisations/{community_group.slug}/members/").status_code == 200
