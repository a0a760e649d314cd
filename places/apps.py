from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Places")

    def ready(self):
        # Imported here, not at the top: models are ready only now. Importing connects them.
        from places import receivers  # noqa: F401
