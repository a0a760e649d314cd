"""Street reports. Categories are Open311 services (with their extra questions, the spec's
"attributes"); a report is an Open311 service request with its history."""

import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Service(models.Model):
    """A category of problem a resident can report (an Open311 service)."""

    class Type(models.TextChoices):
        # Open311: realtime answers a service_request_id at once, batch a token to look it up later.
        REALTIME = "realtime", _("Realtime (an id at once)")
        BATCH = "batch", _("Batch (a token, the id later)")

    code = models.SlugField(_("service code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=80, blank=True, help_text=_("e.g. Roads, Street cleaning"))
    keywords = models.CharField(_("keywords"), max_length=300, blank=True, help_text=_("Comma-separated"))
    type = models.CharField(_("Open311 type"), max_length=10, choices=Type.choices, default=Type.REALTIME)
    public = models.BooleanField(_("public"), default=True, help_text=_("Staff-only categories are not listed."))
    active = models.BooleanField(_("accepting reports"), default=True)
    instead_message = models.TextField(
        _("don't report here, do this instead"),
        blank=True,
        help_text=_("Shown instead of the form, e.g. for emergencies or other organisations' assets."),
    )
    nearby_radius_m = models.PositiveIntegerField(_("radius for nearby reports (m)"), default=250)
    # Routed: each report is also sent to this council system (the Open311 client).
    endpoint = models.ForeignKey(
        "Open311Endpoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
        verbose_name=_("send reports to"),
    )
    external_code = models.CharField(
        _("its service_code there"), max_length=100, blank=True, help_text=_("If it differs from ours")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["group", "order", "name"]

    def __str__(self):
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class ServiceAttribute(models.Model):
    """An extra question for one service, with the Open311 datatypes."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Long text")
        SINGLE = "singlevaluelist", _("One of a list")
        MULTI = "multivaluelist", _("Any of a list")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(_("code"), max_length=60)
    description = models.CharField(_("question"), max_length=300)
    datatype = models.CharField(_("datatype"), max_length=20, choices=Datatype.choices, default=Datatype.STRING)
    datatype_description = models.CharField(_("hint"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # Open311 "variable": false marks an informational line the client shows but does not ask.
    variable = models.BooleanField(_("asks for an answer"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    values = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_('For lists: [{"key": "...", "name": "..."}]')
    )

    class Meta:
        ordering = ["service", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="gamification_attribute_code_unique")]

    def __str__(self):
        return f"{self.service.code}: {self.code}"

    @property
    def is_list(self) -> bool:
        return self.datatype in (self.Datatype.SINGLE, self.Datatype.MULTI)

    def value_keys(self) -> list[str]:
        return [str(v.get("key")) for v in self.values if isinstance(v, dict) and "key" in v]


class VisibleReportManager(models.Manager):
    """Reports a moderator has not hidden (spam, abuse): every public read goes through this."""

    def get_queryset(self):
        return super().get_queryset().filter(hidden_at__isnull=True)


class Report(models.Model):
    """A reported street problem (an Open311 service request)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        IN_PROGRESS = "in_progress", _("In progress")
        ACTION_SCHEDULED = "action_scheduled", _("Action scheduled")
        FIXED = "fixed", _("Fixed")
        CLOSED = "closed", _("Closed")
        DUPLICATE = "duplicate", _("Duplicate")
        NOT_RESPONSIBLE = "not_responsible", _("Not the council's responsibility")
        NO_FURTHER_ACTION = "no_further_action", _("No further action")

    CLOSED_STATES = frozenset({"fixed", "closed", "duplicate", "not_responsible", "no_further_action"})

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    location = models.PointField(_("location"), srid=4326)
    address = models.CharField(_("address or place"), max_length=300, blank=True)
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports", verbose_name=_("ward")
    )
    attributes = models.JSONField(_("answers"), default=dict, blank=True)
    media_url = models.URLField(_("photo address"), max_length=500, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    name_shown = models.BooleanField(_("show my name"), default=False)
    # Contact details given through Open311 by a partner's user: staff only, never published.
    contact = models.JSONField(_("contact details"), default=dict, blank=True)
    partner_key = models.ForeignKey(
        "PartnerKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    support_count = models.PositiveIntegerField(_("supporters"), default=0)  # engagement's support_toggle
    status_notes = models.TextField(_("public note on the status"), blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reports",
        verbose_name=_("assigned to"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    closed_at = models.DateTimeField(_("marked fixed or closed"), null=True, blank=True)
    agency_responsible = models.CharField(_("agency responsible"), max_length=200, blank=True)
    service_notice = models.CharField(_("service notice"), max_length=300, blank=True)
    expected_at = models.DateTimeField(_("expected by"), null=True, blank=True)
    # Hidden by a moderator (engagement's queue: spam, abuse): gone from every public page and the
    # Open311 API, its words kept for the audit, its points taken back.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisibleReportManager()
    all_objects = models.Manager()  # hidden ones too: staff, moderation, "download my data", erasure

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["service", "status", "-created_at"]),
            models.Index(fields=["status", "-updated_at"]),
        ]
        permissions = [("manage_report", "Can change the status of street reports")]

    def __str__(self):
        return f"{self.service.name} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("gamification:report-detail", kwargs={"pk": self.pk})

    moderation_author_field = "reporter"  # engagement's moderation pages: who wrote it

    @property
    def author_id(self):
        """Who wrote it, as engagement asks of every item (nobody supports their own report)."""
        return self.reporter_id

    @property
    def author(self):
        """Who wrote it, as engagement asks (a moderator hiding it tells them why)."""
        return self.reporter

    @property
    def moderation_area(self):
        return self.area

    @property
    def moderation_text(self) -> str:
        return " ".join(part for part in (self.address, self.description) if part)

    def engagement_permission(self, user, action):
        """Engagement (comments, support, follows) on a report: a closed one takes no more support."""
        if action == "react" and self.status in self.CLOSED_STATES:
            return str(_("This report is closed, so it takes no more support."))
        return None

    @property
    def open311_status(self) -> str:
        """Open311 knows two states; ours say more in status_notes."""
        return "closed" if self.status in self.CLOSED_STATES else "open"


def _report_photo_path(instance, filename):
    return f"reports/{instance.report_id}/{filename}"


class ReportPhoto(models.Model):
    """A photo of the problem: checked, turned upright, at most 2048 px, without EXIF (no GPS)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_report_photo_path, width_field="width", height_field="height")
    alt_text = models.CharField(_("what the photo shows"), max_length=250)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.alt_text


class ResponseTemplate(models.Model):
    """A ready-made public note for a status, chosen by staff when they move a report on."""

    title = models.CharField(_("title"), max_length=120)
    status = models.CharField(_("for the status"), max_length=20, choices=Report.Status.choices, blank=True)
    text = models.TextField(_("text"), max_length=4000)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["status", "order", "title"]

    def __str__(self):
        return self.title


class Questionnaire(models.Model):
    """Four weeks after a report is marked fixed or closed, its reporter is asked: was it fixed?"""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        DONT_KNOW = "dont_know", _("Don't know")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="questionnaires")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    closure = models.DateTimeField(help_text="The report's closed_at this question is about")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    comment = models.TextField(blank=True, max_length=2000)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            # one question per closing (the periodic task can run twice, or in two workers)
            models.UniqueConstraint(fields=["report", "closure"], name="gamification_questionnaire_once")
        ]


class ReportUpdate(models.Model):
    """One step in a report's history: a status change with its public note (and a staff-only one)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=Report.Status.choices)
    public_note = models.TextField(_("public note"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
