"""Investor and promoter profiles on organisations, opportunities with their moderation workflow
and transition log, and the additionality factors that turn gross effects into net local ones."""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Sector(models.TextChoices):
    ENERGY = "energy", _("Energy and heat")
    CLEAN_TECH = "clean_tech", _("Clean technology and low carbon")
    MANUFACTURING = "manufacturing", _("Advanced manufacturing")
    WASTE = "waste", _("Waste, recycling and circular economy")
    LOGISTICS = "logistics", _("Logistics and transport")
    HOUSING = "housing", _("Housing")
    COMMERCIAL = "commercial", _("Commercial property and workspace")
    HEALTH = "health", _("Health and life sciences")
    DIGITAL = "digital", _("Digital and technology")
    NATURE = "nature", _("Green space and nature")
    COMMUNITY = "community", _("Community and social enterprise")


class InvestmentType(models.TextChoices):
    EQUITY = "equity", _("Equity")
    DEBT = "debt", _("Debt")
    GRANT = "grant", _("Grant")
    PPP = "ppp", _("Public–private partnership")
    COMMUNITY_SHARES = "community_shares", _("Community share offer")
    CROWDFUNDING = "crowdfunding", _("Crowdfunding")


# Scale bands (lower bound in £, label): an opportunity's band is that of its upper figure.
SCALE_BANDS = [
    ("under_1m", 0, _("Under £1m")),
    ("1m_10m", 1_000_000, _("£1m to £10m")),
    ("10m_50m", 10_000_000, _("£10m to £50m")),
    ("50m_100m", 50_000_000, _("£50m to £100m")),
    ("over_100m", 100_000_000, _("Over £100m")),
]


def scale_band_of(amount_gbp: int | None) -> str:
    band = SCALE_BANDS[0][0]
    for code, lower, _label in SCALE_BANDS:
        if amount_gbp is not None and amount_gbp >= lower:
            band = code
    return band


class InvestorProfile(models.Model):
    """What an organisation invests in or promotes, and its tier. The tier is set by an
    administrator (no payments); a trial ends on its date without anyone acting."""

    class Kind(models.TextChoices):
        INVESTOR = "investor", _("Investor")
        PROMOTER = "promoter", _("Promoter (has projects seeking investment)")
        BOTH = "both", _("Both")

    class Tier(models.TextChoices):
        FREE = "free", _("Free")
        TRIAL = "trial", _("Premium trial")
        PREMIUM = "premium", _("Premium")

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="investor_profile"
    )
    kind = models.CharField(_("what you do here"), max_length=10, choices=Kind.choices, default=Kind.INVESTOR)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    investment_types = models.JSONField(_("types of investment"), default=list, blank=True)
    ticket_min_gbp = models.PositiveBigIntegerField(_("smallest ticket (£)"), null=True, blank=True)
    ticket_max_gbp = models.PositiveBigIntegerField(_("largest ticket (£)"), null=True, blank=True)
    areas = models.ManyToManyField("places.Area", blank=True, related_name="+", verbose_name=_("areas of interest"))
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, default=Tier.FREE)
    trial_ends_on = models.DateField(_("trial ends on"), null=True, blank=True)
    tier_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tier_set_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        permissions = [
            ("set_tier", "Can set an organisation's investor tier"),
            ("verify_investor", "Can mark an investor or promoter as verified by the council"),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.kind})"

    @property
    def verified(self) -> bool:
        return self.verified_at is not None

    def effective_tier(self, today=None) -> str:
        """Premium, a trial still running, or free (a trial that has ended is free)."""
        today = today or timezone.localdate()
        if self.tier == self.Tier.TRIAL and (self.trial_ends_on is None or self.trial_ends_on < today):
            return self.Tier.FREE
        return self.tier


class PublishedManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(status=Opportunity.Status.PUBLISHED)


class Opportunity(index.Indexed, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class PlanningStatus(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Planning permission not needed")
        PRE_APPLICATION = "pre_application", _("Pre-application")
        SUBMITTED = "submitted", _("Application submitted")
        OUTLINE = "outline", _("Outline permission granted")
        FULL = "full", _("Full permission granted")

    class DecisionTime(models.TextChoices):
        NOW = "now", _("Ready now")
        MONTHS_6 = "6m", _("Within 6 months")
        MONTHS_12 = "12m", _("6 to 12 months")
        YEARS_2 = "24m", _("1 to 2 years")
        LATER = "later", _("More than 2 years")

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(max_length=180, unique=True)
    summary = models.TextField(_("summary"), max_length=1000)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    sub_sector = models.CharField(_("sub-sector"), max_length=120, blank=True)
    investment_type = models.CharField(_("type of investment"), max_length=20, choices=InvestmentType.choices)
    scale_min_gbp = models.PositiveBigIntegerField(_("scale from (£)"))
    scale_max_gbp = models.PositiveBigIntegerField(_("scale to (£)"))
    scale_band = models.CharField(max_length=12, editable=False, default=SCALE_BANDS[0][0])
    planning_status = models.CharField(_("planning status"), max_length=20, choices=PlanningStatus.choices)
    decision_time = models.CharField(_("time to an investment decision"), max_length=6, choices=DecisionTime.choices)
    timeline = models.TextField(_("timeline"), blank=True, max_length=2000)
    promoter = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("promoter"), on_delete=models.PROTECT, related_name="opportunities"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A site (polygon) or a point; the areas it touches are computed from it.
    geometry = models.GeometryField(srid=4326)
    areas = models.ManyToManyField("places.Area", blank=True, related_name="opportunities")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Projected effects (gross, as the promoter states them); the twin scores the net local ones.
    jobs_created = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)
    local_hires = models.PositiveIntegerField(_("of which local hires"), null=True, blank=True)
    apprenticeships = models.PositiveIntegerField(_("apprenticeships"), null=True, blank=True)
    homes = models.PositiveIntegerField(_("homes"), null=True, blank=True)
    floorspace_m2 = models.PositiveIntegerField(_("floorspace (m²)"), null=True, blank=True)
    tco2e_per_year = models.FloatField(_("carbon (tCO2e per year, negative is a saving)"), null=True, blank=True)
    energy_generated_mwh = models.FloatField(_("energy generated (MWh per year)"), null=True, blank=True)
    green_blue_space_change_m2 = models.IntegerField(_("green and blue space (m²)"), null=True, blank=True)
    # The business case's sections as the promoter wrote them ({section: text}; see business_case.py);
    # a section not written yet is shown as the twin's draft.
    business_case = models.JSONField(default=dict, blank=True)
    # The current impact score, copied from the twin's current ScoreRun when it changes (for
    # filtering and sorting 10,000 opportunities without a join); the run itself explains it.
    impact_score = models.FloatField(null=True, blank=True, editable=False)
    # Once it is being built: projected effects are then compared with what the twin observes.
    delivery_stage = models.CharField(
        _("delivery"),
        max_length=12,
        blank=True,
        choices=[("in_delivery", _("In delivery")), ("completed", _("Completed"))],
    )
    delivery_started_on = models.DateField(_("delivery started on"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = models.Manager()
    published = PublishedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"]),
            models.Index(fields=["status", "-impact_score", "-id"]),
            models.Index(fields=["status", "sector"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(scale_max_gbp__gte=models.F("scale_min_gbp")), name="scale_range"),
            models.CheckConstraint(
                condition=Q(local_hires__isnull=True)
                | Q(jobs_created__isnull=True)
                | Q(local_hires__lte=models.F("jobs_created")),
                name="local_hires_within_jobs",
            ),
        ]
        permissions = [
            ("moderate_opportunity", "Can review, publish and close investment opportunities"),
            # Held per opportunity (django-guardian object permissions) by the investors its promoter
            # lets into the data room; see investors.dataroom.
            ("view_dataroom", "Can read an opportunity's data room documents in the browser"),
            ("download_dataroom", "Can download an opportunity's data room documents"),
        ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("sub_sector"),
        index.FilterField("id"),
        index.FilterField("status"),
    ]

    EFFECT_FIELDS = (
        "jobs_created",
        "local_hires",
        "apprenticeships",
        "homes",
        "floorspace_m2",
        "tco2e_per_year",
        "energy_generated_mwh",
        "green_blue_space_change_m2",
    )

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.title)[:160] or "opportunity"
            slug, n = base, 2
            while Opportunity.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        self.scale_band = scale_band_of(self.scale_max_gbp)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("investors:detail", kwargs={"slug": self.slug})

    @property
    def effects(self) -> dict:
        """Gross effects as stated (None means not stated, never zero)."""
        return {name: getattr(self, name) for name in self.EFFECT_FIELDS}

    @property
    def is_public(self) -> bool:
        return self.status in {self.Status.PUBLISHED, self.Status.CLOSED}

    @classmethod
    def score_visible(cls, user):
        """What the twin's "why this score" page may show this reader (drafts: their promoter and
        moderators only)."""
        from investors.permissions import visible_filter  # permissions imports this module

        return cls.objects.filter(visible_filter(user))

    # The site search: published and closed opportunities are public.
    @classmethod
    def search_visible(cls, user):
        return cls.objects.filter(status__in=[cls.Status.PUBLISHED, cls.Status.CLOSED]).defer("geometry")

    @classmethod
    def search_in_area(cls, queryset, area):
        return queryset.filter(areas=area)

    def search_result(self) -> dict:
        return {"status": self.get_status_display(), "text": strip_tags(self.summary)}


class OpportunityTransition(models.Model):
    """Every change of an opportunity's status: who, when and why (moderators' requests for
    changes are the `reason` the promoter reads)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Opportunity.Status.choices)
    to_status = models.CharField(max_length=20, choices=Opportunity.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True, max_length=4000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["opportunity", "-at"])]

    def __str__(self):
        return f"{self.opportunity_id}: {self.from_status} -> {self.to_status}"


class AdditionalityFactors(models.Model):
    """The factors that turn an opportunity's gross effects into net local ones. The newest row is
    in force; older rows are the log of every change (who, when, why)."""

    leakage = models.DecimalField(_("leakage"), max_digits=4, decimal_places=3)
    displacement = models.DecimalField(_("displacement"), max_digits=4, decimal_places=3)
    deadweight = models.DecimalField(_("deadweight"), max_digits=4, decimal_places=3)
    multiplier = models.DecimalField(_("multiplier"), max_digits=4, decimal_places=2)
    note = models.TextField(_("why these factors"), max_length=2000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name_plural = _("additionality factors")
        permissions = [("edit_additionality", "Can change the additionality factors")]
        constraints = [
            models.CheckConstraint(
                condition=Q(leakage__gte=0, leakage__lte=1, displacement__gte=0, displacement__lte=1)
                & Q(deadweight__gte=0, deadweight__lte=1, multiplier__gte=1, multiplier__lte=3),
                name="additionality_factors_in_range",
            )
        ]

    def __str__(self):
        return f"L {self.leakage} D {self.displacement} DW {self.deadweight} M {self.multiplier}"


class SavedComparison(models.Model):
    """Two to four opportunities a premium or trial user keeps side by side."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_comparisons")
    title = models.CharField(_("name"), max_length=120)
    opportunities = models.ManyToManyField(Opportunity, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class OpportunityAlert(models.Model):
    """Tell me about newly published opportunities matching these filters, at once or in a weekly
    digest (premium and trial tiers; checked again whenever an alert is sent)."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As soon as one is published")
        WEEKLY = "weekly", _("In a weekly digest")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opportunity_alerts")
    name = models.CharField(_("name"), max_length=120)
    filters = models.JSONField(default=dict, help_text="The listing's filters: sector, investment_type, …")
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name
