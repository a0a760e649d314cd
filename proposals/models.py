"""What people participate on: planning proposals (with projected effects) and ideas."""

from django.conf import settings
from django.contrib.gis.db import models
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from accounts.themes import Theme


class PlanningProposal(index.Indexed, models.Model):
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
    # In delivery or completed since: its projected effects are then compared with what the twin
    # observes in its wards from this date (twin.delivery).
    delivery_started_on = models.DateField(_("delivery started on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"]), models.Index(fields=["-created_at", "-id"])]

    # The site search (sitesearch/): every proposal is public.
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.FilterField("id"),
    ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", kwargs={"slug": self.slug})

    @classmethod
    def search_visible(cls, user):
        return cls.objects.defer("geometry")

    @classmethod
    def search_in_area(cls, queryset, area):
        return queryset.filter(areas=area)

    def search_result(self) -> dict:
        return {"status": self.get_status_display(), "text": self.summary or strip_tags(self.description)}

    def engagement_permission(self, user, action):
        if action in {"comment", "react"} and self.status == self.Status.COMPLETED:
            return str(_("This proposal is completed, so comments have closed."))
        return None

    # The projected effects, in the order they are shown and exported.
    EFFECT_FIELDS = (
        "jobs_created",
        "homes",
        "floorspace_m2",
        "green_blue_space_change_m2",
        "tco2e_per_year",
        "ev_chargers",
        "trees",
    )

    @property
    def effects(self) -> dict:
        """The plain effects structure the twin scores (None means not stated, never zero)."""
        return {name: getattr(self, name) for name in self.EFFECT_FIELDS} | {"other": list(self.other_effects)}


class ProposalTheme(models.Model):
    proposal = models.ForeignKey(PlanningProposal, on_delete=models.CASCADE, related_name="theme_links")
    theme = models.CharField(max_length=30, choices=Theme.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "theme"], name="unique_proposal_theme")]

    def __str__(self):
        return f"{self.proposal_id}: {self.theme}"


class VisibleIdeaManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(hidden_at__isnull=True)


class Idea(index.Indexed, models.Model):
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
    support_count = models.PositiveIntegerField(default=0)
    official_response = models.TextField(_("official response"), blank=True)
    # What it would take, from the twin's catalogue (optional): its effects feed the impact score.
    intervention = models.ForeignKey(
        "twin.Intervention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        verbose_name=_("what it would take"),
    )
    intervention_quantity = models.PositiveIntegerField(_("how many"), null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moderation (engagement/moderation.py): a hidden idea disappears from every list, map and
    # API but keeps its words for the audit; a held one waits for a moderator's approval.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True, max_length=1000)
    held = models.BooleanField(default=False)

    objects = VisibleIdeaManager()
    all_objects = models.Manager()  # hidden ones too: moderation, "download my data", erasure

    class Meta:
        ordering = ["-created_at", "-pk"]
        base_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["theme", "-created_at"]),
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["-support_count", "-created_at"]),
        ]
        permissions = [("respond_idea", "Can give the official status and response on ideas")]

    # The site search (sitesearch/) and "similar ideas nearby": hidden and held ideas never show.
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.FilterField("id"),
        index.FilterField("hidden_at"),  # the default manager's filter
    ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:idea-detail", kwargs={"pk": self.pk})

    @classmethod
    def search_visible(cls, user):
        return cls.objects.all()  # the default manager leaves out hidden and held ideas

    @classmethod
    def search_in_area(cls, queryset, area):
        return queryset.filter(location__within=area.geometry)

    def search_result(self) -> dict:
        return {"status": self.get_status_display(), "text": self.description}

    @property
    def effects(self) -> dict:
        """The plain effects structure the twin scores: the chosen intervention × how many."""
        if self.intervention is None or not self.intervention_quantity:
            return {}
        return {k: v * self.intervention_quantity for k, v in self.intervention.effects_per_unit.items()}

    @property
    def moderation_text(self) -> str:
        return f"{self.title}\n\n{self.description}"

    @property
    def moderation_area(self):
        return self.area


class Decision(models.Model):
    """The decision on a proposal: "you said, we did"."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("Approved with changes")
        REFUSED = "refused", _("Refused")
        DEFERRED = "deferred", _("Deferred")

    proposal = models.OneToOneField(PlanningProposal, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    reasoning = models.TextField(_("reasoning"), max_length=8000)
    what_changed = models.TextField(_("what changed because of the consultation"), blank=True, max_length=4000)
    # The projected effects as they stood when the decision was made (the twin scores these).
    projected_effects = models.JSONField(_("projected impacts"), default=dict)
    consultation = models.ForeignKey(
        "engagement.Consultation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        permissions = [("publish_decision", "Can publish the decision on a proposal")]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.proposal}"


class Milestone(models.Model):
    """An action the council or a promoter commits to, linked to the ideas it answers."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    title = models.CharField(_("action"), max_length=160)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    due_date = models.DateField(_("expected by"), null=True, blank=True)
    proposal = models.ForeignKey(
        PlanningProposal, null=True, blank=True, on_delete=models.CASCADE, related_name="milestones"
    )
    ideas = models.ManyToManyField(Idea, blank=True, related_name="milestones", verbose_name=_("ideas it answers"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.title


def _document_path(instance, filename):
    return f"proposals/{instance.proposal_id}/documents/{filename}"


def _proposal_image_path(instance, filename):
    return f"proposals/{instance.proposal_id}/images/{filename}"


def _idea_photo_path(instance, filename):
    return f"ideas/{instance.idea_id}/{filename}"


class ProposalDocument(models.Model):
    proposal = models.ForeignKey(PlanningProposal, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=160)
    file = models.FileField(_("PDF file"), upload_to=_document_path)
    size_bytes = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title


class ProposalImage(models.Model):
    proposal = models.ForeignKey(PlanningProposal, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=_proposal_image_path, width_field="width", height_field="height")
    alt_text = models.CharField(_("description for people who cannot see it"), max_length=250)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.alt_text


class IdeaPhoto(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_idea_photo_path, width_field="width", height_field="height")
    alt_text = models.CharField(_("what the photo shows"), max_length=250)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.alt_text


class ThematicLayer(models.Model):
    """A map layer a moderator defines from chosen proposals, e.g. a proposed EV-charging network."""

    class Colour(models.TextChoices):
        # Colours with at least 3:1 contrast against the map tiles and each other's symbols.
        PURPLE = "#4c2c92", _("Purple")
        GREEN = "#00703c", _("Green")
        ORANGE = "#b35900", _("Orange")
        PINK = "#912b88", _("Pink")
        TEAL = "#28a197", _("Turquoise")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(max_length=90, unique=True)
    description = models.TextField(_("what this layer shows"), max_length=600)
    colour = models.CharField(_("colour"), max_length=7, choices=Colour.choices, default=Colour.PURPLE)
    proposals = models.ManyToManyField(PlanningProposal, related_name="layers", verbose_name=_("proposals"))
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "name"]
        permissions = [("manage_layers", "Can define thematic map layers")]

    def __str__(self):
        return self.name


# Participatory budgeting lives in its own sub-package; its models belong to this app.
from proposals.budgets.models import Ballot, BallotChoice, Budget, BudgetItem  # noqa: E402, F401
