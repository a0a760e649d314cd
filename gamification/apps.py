from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GamificationConfig(AppConfig):
    name = "gamification"
    verbose_name = _("Street reports and rewards")

    def ready(self):
        # Imported here, not at the top: models and the apps' registries are ready only now.
        from gamification import receivers

        receivers.connect()
