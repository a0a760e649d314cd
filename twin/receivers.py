"""What the twin listens to and registers, connected once from TwinConfig.ready(): roles'
permissions, its "download my data" section, re-scoring and chart caches after a KPI refresh,
and a beat schedule per data source."""

from django.db.models.signals import post_delete, post_save
from guardian.models import GroupObjectPermission, UserObjectPermission

from accounts import gdpr
from accounts.backends import permissions_bump
from accounts.roles import Role, register_role_permissions
from pagecache import content_bump
from twin import selectors, services, tasks
from twin.models import (
    CoefficientSet,
    Dataset,
    DataSource,
    Intervention,
    KpiDefinition,
    Scenario,
    TermsAcceptance,
    WeightSet,
)
from twin.signals import kpis_refreshed


def connect() -> None:
    register_role_permissions(Role.POLICY_LEAD, {"twin.edit_weights", "twin.manage_scenarios"})
    register_role_permissions(Role.MODERATOR, {"twin.review_access"})
    register_role_permissions(
        Role.ADMINISTRATOR,
        {"twin.edit_weights", "twin.manage_scenarios", "twin.review_access", "twin.change_datasource"},
    )
    gdpr.register("twin", export=selectors.user_data_export, erase=services.user_data_erase)
    kpis_refreshed.connect(tasks.on_kpis_refreshed, dispatch_uid="twin_rescore_after_refresh")
    # Cached chart series go stale when the store changes: a sync, or a source deleted with its
    # observations (no receiver on KpiObservation itself: that would turn bulk deletes row by row).
    kpis_refreshed.connect(selectors.bump_series_version, dispatch_uid="twin_series_after_refresh")
    post_delete.connect(selectors.bump_series_version, sender=DataSource, dispatch_uid="twin_series_source")
    # The twin's pages are cached for visitors under the content version (pagecache): new figures
    # and anything the dashboards, catalogue and scores show make them out of date.
    kpis_refreshed.connect(content_bump, dispatch_uid="twin_content_after_refresh")
    for model in (Dataset, DataSource, KpiDefinition, WeightSet, CoefficientSet, Scenario, Intervention):
        post_save.connect(content_bump, sender=model, dispatch_uid=f"content_bump_save_{model._meta.label}")
        post_delete.connect(content_bump, sender=model, dispatch_uid=f"content_bump_delete_{model._meta.label}")
    # Who may see which figures (permissions.figure_access) is cached per person under the
    # permissions version: accepting terms, an access grant or a dataset's tier moves it.
    for model in (TermsAcceptance, UserObjectPermission, GroupObjectPermission, Dataset):
        post_save.connect(permissions_bump, sender=model, dispatch_uid=f"perms_bump_save_{model._meta.label}")
        post_delete.connect(permissions_bump, sender=model, dispatch_uid=f"perms_bump_delete_{model._meta.label}")
    post_save.connect(_schedule, sender=DataSource, dispatch_uid="twin_source_schedule")
    post_delete.connect(_unschedule, sender=DataSource, dispatch_uid="twin_source_unschedule")


def _schedule(sender, instance, **kwargs):
    services.source_schedule(source=instance)


def _unschedule(sender, instance, **kwargs):
    services.source_unschedule(source_id=instance.pk)
