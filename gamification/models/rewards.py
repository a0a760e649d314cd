"""Rewards built on the points ledger: points per week and month (what the period leaderboards
read), badges with stated criteria and levels, and each area's champion of the month."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class PointsPeriod(models.Model):
    """A person's points in one week (from Monday) or one month (from the 1st), moved in the same
    transaction as each ledger entry, so a period's leaderboard is one indexed read."""

    class Period(models.TextChoices):
        WEEK = "week", _("This week")
        MONTH = "month", _("This month")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points_periods")
    period = models.CharField(max_length=5, choices=Period.choices)
    starts = models.DateField()
    points = models.IntegerField(default=0)
    # Copies of the person's standing (PointsTotal.ranked and .ward), refreshed with it.
    ranked = models.BooleanField(default=False)
    ward = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "period", "starts"], name="gamification_points_period_once")
        ]
        indexes = [
            models.Index(
                fields=["period", "starts", "-points", "person"],
                condition=models.Q(ranked=True),
                name="gamification_period_board",
            ),
            models.Index(
                fields=["period", "starts", "ward", "-points", "person"],
                condition=models.Q(ranked=True),
                name="gamification_period_ward_board",
            ),
        ]


class Badge(models.Model):
    """A badge with its criteria in words and its levels: the thresholds of one measure, each
    counted from distinct, accepted things only (standing ledger entries, never reversed ones)."""

    class Measure(models.TextChoices):
        REPORTS_ACCEPTED = "reports_accepted", _("Street reports accepted")
        REPORTS_FIXED = "reports_fixed", _("Street reports fixed")
        CONFIRMATIONS = "confirmations", _("Other people's reports confirmed and accepted")
        DATA_FIXES = "data_fixes", _("Corrections to the map's places accepted")
        RESPONSES = "responses", _("Consultations responded to")
        HELPFUL_COMMENTS = "helpful_comments", _("Comments marked helpful")
        IDEAS_SUPPORTED = "ideas_supported", _("Ideas reaching 10 supporters")
        CHAMPION_MONTHS = "champion_months", _("Months as a neighbourhood champion")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    criteria = models.CharField(_("how to earn it"), max_length=300)
    measure = models.CharField(_("what is counted"), max_length=20, choices=Measure.choices)
    thresholds = models.JSONField(_("levels"), default=list, help_text=_("Counts for each level, e.g. [1, 10, 50]"))
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def levels(self) -> list[int]:
        """The thresholds, whole numbers above zero, lowest first (however an administrator typed them)."""
        found = {int(t) for t in self.thresholds if isinstance(t, int | float) and t >= 1}
        return sorted(found)


class BadgeAward(models.Model):
    """A level of a badge earned by a person. Append-only like the ledger: a badge whose count
    falls below its threshold (points taken back) is marked revoked, never deleted."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges")
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="awards")
    level = models.PositiveSmallIntegerField()
    threshold = models.PositiveIntegerField()
    awarded_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-awarded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "badge", "level"],
                condition=models.Q(revoked_at__isnull=True),
                name="gamification_badge_level_once",
            )
        ]


class ChampionTitle(models.Model):
    """The person with the most points in an area's board for a month (one per area and month)."""

    area = models.ForeignKey("places.Area", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="champion_titles")
    points = models.IntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "area"]
        constraints = [models.UniqueConstraint(fields=["area", "month"], name="gamification_champion_once")]
