from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from accounts import gdpr, selectors, signals

        signals.connect_post_migrate(self)
        gdpr.register("account", export=selectors.user_account_export)
