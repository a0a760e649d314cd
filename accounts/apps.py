from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        # Imported here, not at the top: models and the apps' registries are ready only now.
        from accounts import receivers

        receivers.connect(self)
