from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Content pages"

    def ready(self):
        # Imported here, not at the top: models and the apps' registries are ready only now.
        from cms import receivers

        receivers.connect(self)
