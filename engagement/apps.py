from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement")

    def ready(self):
        from accounts import gdpr
        from accounts.roles import Role, register_role_permissions

        for role in (Role.MODERATOR, Role.ADMINISTRATOR):
            register_role_permissions(role, {"engagement.add_consultation", "engagement.change_consultation"})
        from engagement import selectors, services

        gdpr.register("engagement", export=selectors.user_engagement_export, erase=services.user_engagement_erase)
