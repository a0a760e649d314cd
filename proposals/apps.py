from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals and ideas")

    def ready(self):
        # Imported here, not at the top: models and the apps' registries are ready only now.
        from proposals import receivers

        receivers.connect()
