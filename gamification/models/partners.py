"""Partner keys let other systems write reports through the Open311 API; every such write is
logged with its key."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class PartnerKey(models.Model):
    """An Open311 api_key for a partner system. Only its SHA-256 is stored; the key is shown once."""

    name = models.CharField(_("partner"), max_length=120)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str, created_by=None) -> tuple["PartnerKey", str]:
        key = secrets.token_urlsafe(32)
        return cls.objects.create(name=name, prefix=key[:8], digest=_digest(key), created_by=created_by), key

    @classmethod
    def find(cls, key: str) -> "PartnerKey | None":
        return cls.objects.filter(digest=_digest(key)).first() if key else None


class PartnerWrite(models.Model):
    """Every write made through the Open311 API, with the key that made it."""

    key = models.ForeignKey(PartnerKey, on_delete=models.PROTECT, related_name="writes")
    report = models.ForeignKey("Report", null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


# --- The Open311 client: sending reports on to a council's own system ------------------------------
class Open311Endpoint(models.Model):
    """A council's Open311 GeoReport v2 server that some categories' reports are sent to."""

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        XML = "xml", "XML"

    name = models.CharField(_("name"), max_length=120)
    base_url = models.URLField(
        _("endpoint"), help_text=_("The GeoReport v2 base, e.g. https://council.example/open311/v2/")
    )
    api_key = models.CharField(_("our api_key there"), max_length=200, blank=True)
    jurisdiction_id = models.CharField(_("jurisdiction_id"), max_length=100, blank=True)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices, default=Format.JSON)
    fallback_email = models.EmailField(
        _("email reports here if sending fails"),
        help_text=_("A report the endpoint refuses, or that fails for an hour, is emailed."),
    )
    status_map = models.JSONField(
        _("their statuses to ours"),
        default=dict,
        blank=True,
        help_text=_('Extra or different mappings, e.g. {"closed": "fixed", "in_progress": "in_progress"}'),
    )
    active = models.BooleanField(_("in use"), default=True)
    last_pulled_at = models.DateTimeField(_("last pulled updates"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Open311Send(models.Model):
    """Sending one report to its category's endpoint: the state, each attempt, what came back."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        RETRYING = "retrying", _("Failed; trying again")
        SENT = "sent", _("Sent")
        EMAILED = "emailed", _("Sending failed; emailed instead")

    report = models.OneToOneField("Report", on_delete=models.CASCADE, related_name="open311_send")
    endpoint = models.ForeignKey(Open311Endpoint, on_delete=models.PROTECT, related_name="sends")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    token = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    external_status = models.CharField(max_length=40, blank=True)
    external_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="gamification_send_due"),
            models.Index(fields=["endpoint", "state"], name="gamification_send_endpoint"),
        ]

    def __str__(self):
        return f"report {self.report_id} → {self.endpoint}: {self.state}"
