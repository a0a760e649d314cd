from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestorsConfig(AppConfig):
    name = "investors"
    verbose_name = _("Investment opportunities")

    def ready(self):
        # Imported here, not at the top: models and the apps' registries are ready only now.
        from investors import receivers

        receivers.connect()
