from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from twin import models, selectors
from twin.tasks import source_sync_task


class SyncRunInline(admin.TabularInline):
    model = models.SyncRun
    extra = 0
    can_delete = False
    fields = ["started_at", "finished_at", "status", "fetched", "stored", "rejected", "error"]
    readonly_fields = fields
    ordering = ["-started_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "tier",
        "enabled",
        "is_demo",
        "watermark",
        "last_success_at",
        "last_error_at",
        "consecutive_failures",
    ]
    list_filter = ["kind", "tier", "enabled", "is_demo"]
    search_fields = ["name", "endpoint"]
    readonly_fields = [
        "watermark",
        "dataset_version",
        "last_success_at",
        "last_error_at",
        "last_error",
        "consecutive_failures",
    ]
    inlines = [SyncRunInline]
    actions = ["sync_now"]

    @admin.action(description=_("Sync now (in the background)"))
    def sync_now(self, request, queryset):

        for source in queryset:
            source_sync_task.delay(source.pk)
        messages.info(request, _("%(n)d sync(s) queued; refresh to see the result.") % {"n": queryset.count()})


@admin.register(models.KpiDefinition)
class KpiDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "theme", "direction", "is_demo"]
    list_filter = ["theme", "direction", "is_demo"]
    search_fields = ["code", "name"]


@admin.register(models.KpiObservation)
class KpiObservationAdmin(admin.ModelAdmin):
    list_display = ["kpi", "area", "period_start", "period_end", "value", "quality", "source"]
    list_filter = ["quality", "kpi"]
    list_select_related = ["kpi", "area", "source"]
    raw_id_fields = ["area"]
    show_full_result_count = False  # millions of rows: no COUNT(*) on every page

    def has_change_permission(self, request, obj=None):
        return False  # observations come from sources, never typed in

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        selectors.bump_series_version()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        selectors.bump_series_version()


class CoefficientInline(admin.TabularInline):
    model = models.Coefficient
    extra = 0


class BoundInline(admin.TabularInline):
    model = models.KpiBound
    extra = 0


@admin.register(models.CoefficientSet)
class CoefficientSetAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at", "created_at"]
    inlines = [CoefficientInline, BoundInline]

    def has_change_permission(self, request, obj=None):
        # A published set is what stored scores point to: never edited, a new version instead.
        return obj is None or obj.published_at is None

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.published_at is None


@admin.register(models.WeightSet)
class WeightSetAdmin(admin.ModelAdmin):
    list_display = ["version", "created_by", "created_at", "note"]
    readonly_fields = ["version", "weights", "note", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False  # published from /twin/weights/, which checks they add up to 100


@admin.register(models.Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "cost_per_unit_gbp"]


class ScenarioAreaInline(admin.TabularInline):
    model = models.ScenarioArea
    raw_id_fields = ["area"]
    extra = 0


@admin.register(models.Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "updated_at"]
    raw_id_fields = ["owner"]
    inlines = [ScenarioAreaInline]


@admin.register(models.Dataset)
class DatasetAdmin(GuardedModelAdmin):
    list_display = ["title", "kind", "tier", "licence", "is_demo", "updated_at"]
    list_filter = ["kind", "tier", "is_demo"]
    search_fields = ["title", "slug"]


@admin.register(models.AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["dataset", "user", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    raw_id_fields = ["user", "decided_by"]


@admin.register(models.DownloadLog)
class DownloadLogAdmin(admin.ModelAdmin):
    list_display = ["dataset", "user", "downloaded_at", "rows"]
    list_filter = ["dataset"]
    raw_id_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.ScoreRun)
class ScoreRunAdmin(admin.ModelAdmin):
    list_display = [
        "content_type",
        "object_id",
        "total",
        "equity",
        "current",
        "weight_set",
        "coefficient_set",
        "created_at",
    ]
    list_filter = ["current", "content_type"]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False
