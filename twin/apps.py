from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwinConfig(AppConfig):
    name = "twin"
    verbose_name = _("City twin: KPIs, scores and data")

    def ready(self):
        # Imported here, not at the top: models and the apps' registries are ready only now.
        from twin import receivers

        receivers.connect()
