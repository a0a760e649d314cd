from django.apps import AppConfig


class ParamsConfig(AppConfig):
    """`params` is a library; it is installed only to register its integer `in` lookup."""

    name = "params"

    def ready(self):
        from .lookups import register

        register()
