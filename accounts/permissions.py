"""Who may do what in accounts. Views call these; they never repeat the rules inline."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Organisation


def can_manage_organisation(user, organisation: Organisation) -> bool:
    return user.is_authenticated and (
        user.has_perm("accounts.manage_organisation", organisation) or user.has_perm("accounts.change_organisation")
    )


def check_manage_organisation(user, organisation: Organisation) -> None:
    if not can_manage_organisation(user, organisation):
        raise PermissionDenied(_("Only admins of %(name)s can manage its members.") % {"name": organisation.name})


def can_create_organisation_kind(user, kind: str) -> bool:
    if kind == Organisation.Kind.COUNCIL_TEAM:
        return user.has_perm("accounts.create_council_team")
    return user.is_authenticated
