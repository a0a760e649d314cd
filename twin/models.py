"""The twin's canonical store: KPI definitions and observations with provenance, the data sources
they come from, versioned scoring tables, stored scores, interventions, policy scenarios and the
data catalogue with its licence tiers."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.themes import Theme


class LicenceTier(models.TextChoices):
    OPEN = "open", _("Open")
    RESTRICTED = "restricted", _("Restricted")
    CLOSED = "closed", _("Closed")


class KpiDefinition(models.Model):
    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", _("Higher is better")
        LOWER_IS_BETTER = "lower", _("Lower is better")

    class Aggregation(models.TextChoices):
        MEAN = "mean", _("Average")
        SUM = "sum", _("Total")
        POPULATION_WEIGHTED = "pop_weighted", _("Population-weighted average")
        LATEST = "latest", _("Latest value")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=160)
    unit = models.CharField(_("unit"), max_length=40, help_text="e.g. µg/m³, %, tCO2e per person")
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    description = models.TextField(_("description"), blank=True)
    aggregation = models.CharField(_("aggregation"), max_length=20, choices=Aggregation.choices, default="mean")
    # Plausible range: values outside are rejected by the validator (never silently clipped).
    valid_min = models.FloatField(_("lowest valid value"), null=True, blank=True)
    valid_max = models.FloatField(_("highest valid value"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=120, blank=True)
    licence_url = models.URLField(_("licence link"), blank=True)
    attribution = models.TextField(_("attribution"), blank=True)
    sdg_targets = models.JSONField(_("UN SDG targets"), default=list, blank=True, help_text='e.g. ["11.6", "3.9"]')
    toms_measures = models.JSONField(_("National TOMs measures"), default=list, blank=True, help_text='e.g. ["NT1"]')
    is_demo = models.BooleanField(_("demo data"), default=False, help_text="Values are made up for the demo.")

    class Meta:
        ordering = ["theme", "name"]
        verbose_name = _("KPI")

    def __str__(self):
        return f"{self.name} ({self.unit})"

    @property
    def higher_is_better(self) -> bool:
        return self.direction == self.Direction.HIGHER_IS_BETTER


class DataSource(models.Model):
    class Kind(models.TextChoices):
        SENSORTHINGS = "sensorthings", _("OGC SensorThings API")
        CKAN = "ckan", _("CKAN DataStore")
        TABULAR = "tabular", _("CSV or JSON file")

    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # An http(s) URL, or "project:<path>" for a file shipped in twin/data/ (the demo's real files).
    endpoint = models.CharField(_("endpoint"), max_length=500)
    # Adapter settings: for CSV/JSON the column mapping, for CKAN the resource id, for SensorThings
    # which Datastream feeds which KPI in which area. Documented in twin/adapters/*.py.
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    schedule = models.CharField(
        _("schedule (cron)"), max_length=60, default="15 * * * *", help_text="minute hour day month weekday"
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    tier = models.CharField(_("licence tier"), max_length=12, choices=LicenceTier.choices, default=LicenceTier.OPEN)
    licence = models.CharField(_("licence"), max_length=120, blank=True)
    attribution = models.TextField(_("attribution"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    watermark = models.DateTimeField(_("watermark"), null=True, blank=True, help_text="Newest time already stored")
    dataset_version = models.CharField(_("dataset version"), max_length=80, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("data source")

    def __str__(self):
        return self.name

    def clean(self):
        if self.endpoint.startswith("project:"):
            return
        try:
            URLValidator(schemes=["http", "https"])(self.endpoint)
        except ValidationError:
            raise ValidationError(
                {"endpoint": _("Give an http(s) address, or project:<file> for a file shipped in twin/data/.")}
            ) from None


class SyncRun(models.Model):
    """One attempt to sync a source: what it fetched and stored, or why it failed."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    fetched = models.PositiveIntegerField(default=0)
    stored = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}: {self.status}"


class KpiObservation(models.Model):
    class Quality(models.TextChoices):
        MEASURED = "measured", _("Measured")
        MODELLED = "modelled", _("Modelled")
        INTERPOLATED = "interpolated", _("Interpolated")
        MISSING = "missing", _("Missing")

    # The store takes millions of rows: no database-level foreign keys (each would add a trigger
    # check per row inserted). twin.ingest resolves every KPI, area and source before writing, and
    # Django still cascades deletes.
    kpi = models.ForeignKey(
        KpiDefinition, on_delete=models.CASCADE, related_name="observations", db_constraint=False, db_index=False
    )
    area = models.ForeignKey(
        "places.Area", on_delete=models.CASCADE, related_name="kpi_observations", db_constraint=False, db_index=False
    )
    period_start = models.DateTimeField(_("period start"))
    # Equal to period_start for an instant (a sensor reading).
    period_end = models.DateTimeField(_("period end"))
    value = models.FloatField(_("value"), null=True, blank=True, help_text="Empty when the source said missing")
    quality = models.CharField(_("quality"), max_length=14, choices=Quality.choices, default=Quality.MEASURED)
    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="observations", db_constraint=False)
    dataset_version = models.CharField(_("dataset version"), max_length=80, blank=True)
    retrieved_at = models.DateTimeField(_("retrieved at"))

    class Meta:
        ordering = ["kpi", "area", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "area", "period_start", "period_end", "source"], name="one_observation_per_period"
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="period_ordered"),
        ]
        # The unique constraint's index (kpi, area, period_start, …) serves every read by KPI and area;
        # source has its own (deleting a source, the SpatiaLite writer).

    def __str__(self):
        return f"{self.kpi_id}@{self.area_id} {self.period_start:%Y-%m-%d}: {self.value}"


class CoefficientSet(models.Model):
    """A versioned table turning effects into KPI changes. Published versions are never edited."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    notes = models.TextField(_("notes"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.version


class Coefficient(models.Model):
    class Scale(models.TextChoices):
        ABSOLUTE = "absolute", _("Change in the KPI per unit of the effect")
        PER_RESIDENT = "per_resident", _("Per resident of the areas it touches")
        PERCENT_OF_RESIDENTS = "percent_of_residents", _("Per resident, as percentage points")

    coefficient_set = models.ForeignKey(CoefficientSet, on_delete=models.CASCADE, related_name="rows")
    effect = models.CharField(_("effect"), max_length=40)
    kpi = models.ForeignKey(KpiDefinition, on_delete=models.PROTECT, related_name="coefficients")
    factor = models.FloatField(_("factor"))
    scale = models.CharField(_("scale"), max_length=20, choices=Scale.choices, default=Scale.ABSOLUTE)
    source = models.TextField(_("source"), help_text="Citation for the factor")
    source_url = models.URLField(_("source link"), blank=True)

    class Meta:
        ordering = ["effect", "kpi__code"]
        constraints = [
            models.UniqueConstraint(fields=["coefficient_set", "effect", "kpi"], name="one_coefficient_per_pair")
        ]

    def __str__(self):
        return f"{self.effect} → {self.kpi_id} × {self.factor}"


class KpiBound(models.Model):
    """The change in a KPI that counts as the full effect (+1 or −1 after the direction)."""

    coefficient_set = models.ForeignKey(CoefficientSet, on_delete=models.CASCADE, related_name="bounds")
    kpi = models.ForeignKey(KpiDefinition, on_delete=models.PROTECT, related_name="+")
    full_effect = models.FloatField(_("change counted as full effect"), validators=[MinValueValidator(1e-9)])
    rationale = models.TextField(_("why this bound"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["coefficient_set", "kpi"], name="one_bound_per_kpi")]

    def __str__(self):
        return f"{self.kpi_id}: ±{self.full_effect}"


class WeightSet(models.Model):
    """How much each theme counts in a score. Policy leads publish new versions; weights sum to 100."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    weights = models.JSONField(_("weights by theme"))
    note = models.TextField(_("why it changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        permissions = [("edit_weights", "Can publish a new set of scoring weights")]

    def __str__(self):
        return f"v{self.version}"


class ScoreRun(models.Model):
    """One computed impact score for one item, with everything needed to explain it again."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    current = models.BooleanField(default=True)
    inputs_hash = models.CharField(max_length=64)
    effects = models.JSONField()
    area_codes = models.JSONField(default=list)
    weight_set = models.ForeignKey(WeightSet, on_delete=models.PROTECT, related_name="+")
    coefficient_set = models.ForeignKey(CoefficientSet, on_delete=models.PROTECT, related_name="+")
    total = models.FloatField(null=True, blank=True, help_text="−100…100; empty when nothing could be scored")
    equity = models.FloatField(null=True, blank=True)
    contributions = models.JSONField(default=dict)
    lines = models.JSONField(default=list)
    missing = models.JSONField(default=list)
    observation_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], condition=Q(current=True), name="one_current_score"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} = {self.total}"


class Intervention(models.Model):
    """A reusable option with its effects per unit and its cost (used by scenarios and the game)."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"))
    unit = models.CharField(_("unit"), max_length=40, help_text="e.g. charger, home, tree, km")
    cost_per_unit_gbp = models.PositiveIntegerField(_("cost per unit (£)"))
    effects_per_unit = models.JSONField(_("effects per unit"))
    source = models.TextField(_("source of the figures"))
    step = models.FloatField(
        _("step"),
        default=1,
        validators=[MinValueValidator(0.01)],
        help_text=_("How much one press of + or − adds or removes in the planning game, e.g. 10 trees or 0.5 km."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Scenario(models.Model):
    """A policy what-if: per area, adjustments and interventions over observed data, which it
    never changes. Its areas are ScenarioArea rows ("plans")."""

    MAX_AREAS = 6

    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        permissions = [("manage_scenarios", "Can create and edit policy scenarios")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("twin:scenario", kwargs={"pk": self.pk})

    def engagement_permission(self, user, action):
        return None


class ScenarioArea(models.Model):
    """One area of a scenario with its own KPI adjustments and interventions."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="plans")
    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    position = models.PositiveSmallIntegerField(default=0)
    # [{"kpi": code, "mode": "percent"|"absolute", "value": float}]
    adjustments = models.JSONField(default=list, blank=True)
    # [{"code": intervention code, "quantity": float}]
    interventions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["scenario", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["scenario", "area"], name="twin_scenario_area_once")]

    def __str__(self):
        return f"{self.scenario} – {self.area_id}"


class Dataset(models.Model):
    """One entry in the data catalogue: a KPI series or one of the platform's open exports."""

    class Kind(models.TextChoices):
        KPI = "kpi", _("KPI series")
        EXPORT = "export", _("Platform export")

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"))
    kind = models.CharField(max_length=10, choices=Kind.choices)
    kpi = models.ForeignKey(KpiDefinition, null=True, blank=True, on_delete=models.CASCADE, related_name="datasets")
    export_url = models.CharField(max_length=200, blank=True, help_text="For exports: the URL name or path")
    licence = models.CharField(_("licence"), max_length=120)
    licence_url = models.URLField(_("licence link"), blank=True)
    attribution = models.TextField(_("attribution"), blank=True)
    tier = models.CharField(_("tier"), max_length=12, choices=LicenceTier.choices, default=LicenceTier.OPEN)
    terms = models.TextField(_("terms of use"), blank=True, help_text="Shown before a Restricted download")
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(_("last update"), null=True, blank=True)

    class Meta:
        ordering = ["title"]
        permissions = [
            ("download_dataset", "Can download a closed dataset"),
            ("review_access", "Can approve access to closed datasets"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("twin:dataset", kwargs={"slug": self.slug})


class TermsAcceptance(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dataset", "user"], name="accept_terms_once")]

    def __str__(self):
        return f"{self.user_id} accepted {self.dataset_id}"


class AccessRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="access_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.TextField(_("what you will use it for"), max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "user"], condition=Q(status="pending"), name="one_pending_request"
            )
        ]

    def __str__(self):
        return f"{self.user_id} → {self.dataset_id}: {self.status}"


class DownloadLog(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    downloaded_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    query = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-downloaded_at"]
        indexes = [models.Index(fields=["dataset", "-downloaded_at"])]

    def __str__(self):
        return f"{self.dataset_id} at {self.downloaded_at:%Y-%m-%d %H:%M}"
