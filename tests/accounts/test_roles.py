"""Global roles are groups with permissions, granted by a command or the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts import services
from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    admin_perms = set(Group.objects.get(name=Role.ADMINISTRATOR).permissions.values_list("codename", flat=True))
    assert {"grant_role", "create_council_team"} <= admin_perms


def test_everyone_who_signs_up_is_a_resident():
    assert UserFactory().groups.filter(name=Role.RESIDENT).exists()


def test_grant_role_command_grants_and_revokes(capsys):
    user = UserFactory(email="mod@example.org")
    call_command("grant_role", "MOD@example.org", "moderator")
    assert user.groups.filter(name="moderator").exists()
    assert "now has: moderator, resident" in capsys.readouterr().out
    call_command("grant_role", "mod@example.org", "moderator", "--revoke")
    assert not user.groups.filter(name="moderator").exists()


def test_grant_role_command_reports_unknown_people_and_roles():
    with pytest.raises(CommandError, match="No user with email"):
        call_command("grant_role", "ghost@example.org", "moderator")
    UserFactory(email="x@example.org")
    with pytest.raises(CommandError):
        call_command("grant_role", "x@example.org", "emperor")
    with pytest.raises(CommandError, match="cannot be revoked"):
        call_command("grant_role", "x@example.org", "resident", "--revoke")


def test_administrator_role_gives_admin_site_access(client_for, administrator):
    administrator.refresh_from_db()
    assert administrator.is_staff
    assert client_for(administrator).get("/django-admin/").status_code == 200


def test_moderator_is_not_let_into_the_admin_site(client_for, moderator):
    response = client_for(moderator).get("/django-admin/")
    assert response.status_code == 302
    assert "/django-admin/login/" in response["Location"]


@pytest.mark.django_db
def test_cached_permissions_follow_a_role_change_on_the_next_request(resident, django_assert_num_queries):
    from accounts.middleware import mfa_required_for
    from accounts.models import User

    person = User.objects.get(pk=resident.pk)
    assert not person.has_perm("proposals.respond_idea") and not mfa_required_for(person)
    again = User.objects.get(pk=resident.pk)
    with django_assert_num_queries(0):  # both sets and the roles come from the cache
        assert not again.has_perm("proposals.respond_idea") and not mfa_required_for(again)
    services.role_grant(user=resident, role=Role.MODERATOR)
    fresh = User.objects.get(pk=resident.pk)
    assert fresh.has_perm("proposals.respond_idea") and mfa_required_for(fresh)
    services.role_revoke(user=resident, role=Role.MODERATOR)
    assert not User.objects.get(pk=resident.pk).has_perm("proposals.respond_idea")
