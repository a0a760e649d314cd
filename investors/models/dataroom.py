"""An opportunity's data room: documents kept in private storage, the grants a promoter gives
investors (mirrored as django-guardian object permissions on the opportunity, with an optional
expiry), and the log of every view and download."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investors.models.opportunities import Opportunity


def _private_storage():
    return storages["private"]


def _document_path(instance, filename):
    return f"dataroom/{instance.opportunity_id}/{filename}"


class DataRoomDocument(models.Model):
    """A PDF in an opportunity's data room. Never at a public URL: Django serves it after a
    permission check, watermarked with the reader's name and the date."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="dataroom_documents")
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("what it contains"), blank=True, max_length=1000)
    file = models.FileField(_("PDF file"), upload_to=_document_path, storage=_private_storage)
    size_bytes = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)  # kept for the access log, not listed

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class DataRoomGrant(models.Model):
    """A promoter lets one person into the data room: view only (read in the browser) or also
    download. The level is held as a guardian object permission on the opportunity; this row says
    who granted it, when it ends and when it was withdrawn. Access is checked against both where
    documents are read, so an expired grant stops working on its date without anyone acting."""

    class Level(models.TextChoices):
        VIEW = "view", _("View in the browser")
        DOWNLOAD = "download", _("View and download")

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="dataroom_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dataroom_grants")
    level = models.CharField(_("access"), max_length=10, choices=Level.choices, default=Level.VIEW)
    expires_on = models.DateField(_("access ends after"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "user"], condition=Q(revoked_at__isnull=True), name="one_live_grant_per_person"
            )
        ]

    def __str__(self):
        return f"{self.user_id} → {self.opportunity_id} ({self.level})"

    def is_live(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and (self.expires_on is None or self.expires_on >= today)


class DataRoomAccess(models.Model):
    """One view or download of a data room document: who, which, when. The promoter can export it."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")

    document = models.ForeignKey(DataRoomDocument, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="dataroom_accesses"
    )
    # Kept after an account is erased so the promoter's log still says an access happened.
    user_label = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["document", "-at"])]

    def __str__(self):
        return f"{self.user_label} {self.action} {self.document_id}"
