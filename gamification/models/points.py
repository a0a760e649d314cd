"""Points: rules with their values and caps, the append-only ledger and running totals."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class PointRule(models.Model):
    """What taking part earns: a value and a daily cap per person, set by administrators."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    points = models.IntegerField(_("points"))
    daily_cap = models.PositiveIntegerField(_("at most this many times a day per person"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.points})"


class LedgerEntry(models.Model):
    """One payment of points, append-only: who, how many, by which rule, for which object, when.
    A rule pays a person once per object (a constraint, so concurrent requests cannot pay twice);
    taking points back is a second, reversing entry, never an edit."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ledger")
    rule = models.ForeignKey(PointRule, on_delete=models.PROTECT, related_name="entries")
    points = models.IntegerField()
    object_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    reason = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "rule", "object_type", "object_id"],
                condition=models.Q(reverses__isnull=True),
                name="gamification_ledger_once_per_object",
            )
        ]
        indexes = [models.Index(fields=["person", "rule", "created_at"])]
        permissions = [("revoke_points", "Can take back points with a reason")]


class PointsTotal(models.Model):
    """A person's standing: the running total, moved in the same transaction as each ledger entry,
    and the pseudonym leaderboards show instead of their name. Whether they are ranked (not
    staff, not blocked, not opted out) and their home ward are kept here too, refreshed when any
    of those change (gamification.leaderboards.standings_refresh), so a board is one indexed read."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points_total")
    total = models.IntegerField(default=0)
    pseudonym = models.CharField(_("pseudonym on leaderboards"), max_length=60, unique=True, null=True, blank=True)
    ranked = models.BooleanField(default=False)
    ward = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["-total", "person"], condition=models.Q(ranked=True), name="gamification_alltime_board"
            ),
            models.Index(
                fields=["ward", "-total", "person"], condition=models.Q(ranked=True), name="gamification_ward_board"
            ),
        ]
