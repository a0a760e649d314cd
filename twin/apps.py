from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwinConfig(AppConfig):
    name = "twin"
    verbose_name = _("City twin: KPIs, scores and data")

    def ready(self):
        from accounts.roles import Role, register_role_permissions

        register_role_permissions(Role.POLICY_LEAD, {"twin.edit_weights", "twin.manage_scenarios"})
        register_role_permissions(Role.MODERATOR, {"twin.review_access"})
        register_role_permissions(
            Role.ADMINISTRATOR,
            {"twin.edit_weights", "twin.manage_scenarios", "twin.review_access", "twin.change_datasource"},
        )

        from accounts import gdpr
        from twin import selectors, services

        gdpr.register("twin", export=selectors.user_data_export, erase=services.user_data_erase)

        from django.db.models.signals import post_delete, post_save

        from twin import tasks
        from twin.models import DataSource
        from twin.signals import kpis_refreshed

        kpis_refreshed.connect(tasks.on_kpis_refreshed, dispatch_uid="twin_rescore_after_refresh")
        # Cached chart series go stale when the store changes: a sync, or a source deleted with its
        # observations (no receiver on KpiObservation itself: that would turn bulk deletes row by row).
        kpis_refreshed.connect(selectors.bump_series_version, dispatch_uid="twin_series_after_refresh")
        post_delete.connect(selectors.bump_series_version, sender=DataSource, dispatch_uid="twin_series_source")
        post_save.connect(_schedule, sender=DataSource, dispatch_uid="twin_source_schedule")
        post_delete.connect(_unschedule, sender=DataSource, dispatch_uid="twin_source_unschedule")


def _schedule(sender, instance, **kwargs):
    from twin import services

    services.source_schedule(source=instance)


def _unschedule(sender, instance, **kwargs):
    from twin import services

    services.source_unschedule(source_id=instance.pk)
