"""Global roles are Django groups; each app contributes the permissions its roles need."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    MODERATOR = "moderator", _("Moderator")
    POLICY_LEAD = "policy_lead", _("Policy lead")
    INVESTOR = "investor", _("Investor (verified)")
    ADMINISTRATOR = "administrator", _("Administrator")


# "app_label.codename" per role. Feature apps extend this through register_role_permissions()
# in their AppConfig.ready(); roles_sync() (run after every migrate) applies it.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.RESIDENT: {"accounts.add_organisation"},
    Role.MODERATOR: {"accounts.view_organisation", "accounts.view_user", "accounts.verify_resident"},
    Role.POLICY_LEAD: {"accounts.view_organisation"},
    Role.INVESTOR: {"accounts.add_organisation"},
    Role.ADMINISTRATOR: {
        "accounts.grant_role",
        "accounts.create_council_team",
        "accounts.view_user",
        "accounts.view_organisation",
        "accounts.change_organisation",
        "accounts.verify_resident",
    },
}


def register_role_permissions(role: str, permissions: set[str]) -> None:
    ROLE_PERMISSIONS.setdefault(role, set()).update(permissions)
