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
