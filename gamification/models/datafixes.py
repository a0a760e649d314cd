"""Residents improving the map's data (the district plan's "gamification of data cleansing"):
suggestions about the places behind "within a 15-minute walk" – gone, in the wrong place, or
missing – each reviewed by a moderator before it changes anything."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class PlaceSuggestion(models.Model):
    class Kind(models.TextChoices):
        GONE = "gone", _("It is no longer there")
        MOVED = "moved", _("The pin is in the wrong place")
        MISSING = "missing", _("A place is missing")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not accepted")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="place_suggestions"
    )
    kind = models.CharField(_("what is wrong"), max_length=10, choices=Kind.choices)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.CASCADE, related_name="suggestions"
    )
    location = models.PointField(_("the right position"), srid=4326, null=True, blank=True)
    place_kind = models.CharField(_("kind of place"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    note = models.TextField(_("anything else"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("the moderator's reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("review_placesuggestion", "Can accept or reject residents' corrections to places")]
        constraints = [
            # one open suggestion of each kind per person per place (no farming by repeating it)
            models.UniqueConstraint(
                fields=["person", "place", "kind"],
                condition=models.Q(status="pending"),
                name="gamification_suggestion_pending_once",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="missing", place__isnull=True)
                | (~models.Q(kind="missing") & models.Q(place__isnull=False)),
                name="gamification_suggestion_has_its_place",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="gamification_suggestion_queue")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.place or self.name}"
