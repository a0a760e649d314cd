from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals and ideas")

    def ready(self):
        from accounts.roles import Role, register_role_permissions

        staff = {
            "proposals.respond_idea",
            "proposals.publish_decision",
            "proposals.manage_layers",
            "proposals.change_planningproposal",
        }
        register_role_permissions(Role.MODERATOR, staff)
        register_role_permissions(Role.ADMINISTRATOR, staff)
        register_role_permissions(Role.POLICY_LEAD, {"proposals.publish_decision"})

        from accounts import gdpr
        from proposals import selectors, services

        gdpr.register("proposals", export=selectors.user_ideas_export, erase=services.user_ideas_erase)
