from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement")

    def ready(self):
        # Imported here, not at the top: models and the apps' registries are ready only now.
        from engagement import receivers

        receivers.connect()
