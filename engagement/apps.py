from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement")

    def ready(self):
        from accounts import gdpr
        from engagement import selectors, services

        gdpr.register("engagement", export=selectors.user_engagement_export, erase=services.user_engagement_erase)
