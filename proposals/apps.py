from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals and ideas")

    def ready(self):
        from accounts.roles import Role, register_role_permissions

        register_role_permissions(Role.MODERATOR, {"proposals.respond_idea"})
        register_role_permissions(Role.ADMINISTRATOR, {"proposals.respond_idea"})
