"""What people participate on: planning proposals (with projected effects) and ideas."""

from django.conf import settings
from django.contrib.gis.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.themes import Theme


class PlanningProposal(models.Model):
    class Status(models.TextChoices):
        PRE_APPLICATION = "pre_application", _("Pre-application")
        CONSULTATION = "consultation", _("Consultation")
        DECIDED = "decided", _("Decided")
        IN_DELIVERY = "in_delivery", _("In delivery")
        COMPLETED = "completed", _("Completed")

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(max_length=180, unique=True)
    summary = models.TextField(_("plain-language summary"), max_length=600)
    description = models.TextField(_("full description"), blank=True, help_text="Sanitised HTML")
    promoter = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("promoter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PRE_APPLICATION)
    # A site (polygon) or a single point; the areas it touches are computed from it.
    geometry = models.GeometryField(srid=4326)
    areas = models.ManyToManyField("places.Area", blank=True, related_name="proposals")
    # Projected effects, read by the twin's impact scoring (as a plain effects structure).
    jobs_created = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)
    homes = models.PositiveIntegerField(_("homes"), null=True, blank=True)
    floorspace_m2 = models.PositiveIntegerField(_("floorspace (m²)"), null=True, blank=True)
    green_blue_space_change_m2 = models.IntegerField(_("green/blue space change (m²)"), null=True, blank=True)
    tco2e_per_year = models.FloatField(_("carbon (tCO2e per year, negative is a saving)"), null=True, blank=True)
    ev_chargers = models.PositiveIntegerField(_("EV chargers"), null=True, blank=True)
    trees = models.IntegerField(_("trees (planted minus felled)"), null=True, blank=True)
    other_effects = models.JSONField(_("other effects"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", kwargs={"slug": self.slug})

    def engagement_permission(self, user, action):
        if action in {"comment", "react"} and self.status == self.Status.COMPLETED:
            return str(_("This proposal is completed, so comments have closed."))
        return None

    @property
    def effects(self) -> dict:
        """The plain effects structure the twin scores (None means not stated, never zero)."""
        names = [
            "jobs_created",
            "homes",
            "floorspace_m2",
            "green_blue_space_change_m2",
            "tco2e_per_year",
            "ev_chargers",
            "trees",
        ]
        return {name: getattr(self, name) for name in names} | {"other": list(self.other_effects)}


class ProposalTheme(models.Model):
    proposal = models.ForeignKey(PlanningProposal, on_delete=models.CASCADE, related_name="theme_links")
    theme = models.CharField(max_length=30, choices=Theme.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "theme"], name="unique_proposal_theme")]

    def __str__(self):
        return f"{self.proposal_id}: {self.theme}"


class Idea(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        NOT_TAKEN_FORWARD = "not_taken_forward", _("Not taken forward")

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    location = models.PointField(_("location"), srid=4326)
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        verbose_name=_("on behalf of"),
    )
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.NEW)
    official_response = models.TextField(_("official response"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"]), models.Index(fields=["theme", "-created_at"])]
        permissions = [("respond_idea", "Can give the official status and response on ideas")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:idea-detail", kwargs={"pk": self.pk})
