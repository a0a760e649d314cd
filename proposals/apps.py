from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals and ideas")

    def ready(self):
        # Imported here, not at the top: models and the apps' registries are ready only now.
        from accounts import gdpr
        from accounts.roles import Role, register_role_permissions
        from proposals import receivers, selectors, services

        staff = {
            "proposals.respond_idea",
            "proposals.publish_decision",
            "proposals.manage_layers",
            "proposals.change_planningproposal",
        }
        register_role_permissions(Role.MODERATOR, staff)
        register_role_permissions(Role.ADMINISTRATOR, staff)
        register_role_permissions(Role.POLICY_LEAD, {"proposals.publish_decision"})
        gdpr.register("proposals", export=selectors.user_ideas_export, erase=services.user_ideas_erase)
        receivers.connect()
