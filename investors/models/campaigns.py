"""Community-led crowdfunding: a campaign on a community group's opportunity, its cost items,
pledges (promises, no payments), and match funds that add to pledges up to their caps.

All-or-nothing: at the deadline each campaign is settled once; matches are paid only if it
reached its target. Running totals live on the campaign and the fund and change only under their
row locks, in the same transaction as the rows they sum."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investors.models.opportunities import Opportunity

MAX_PLEDGE_GBP = 100_000


class Campaign(models.Model):
    class Outcome(models.TextChoices):
        OPEN = "open", _("Open for pledges")
        FUNDED = "funded", _("Funded")
        NOT_FUNDED = "not_funded", _("Did not reach its target")

    opportunity = models.OneToOneField(Opportunity, on_delete=models.CASCADE, related_name="campaign")
    # The idea it grew from, if any (a generic reference: investors does not import proposals).
    source_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"))
    target_gbp = models.PositiveIntegerField(_("target (£)"), default=0)  # the required cost items
    stretch_gbp = models.PositiveIntegerField(default=0)  # required and optional items
    pledged_gbp = models.PositiveIntegerField(default=0)  # live pledges, under the row lock
    matched_gbp = models.PositiveIntegerField(default=0)  # reserved or paid matches, likewise
    pledge_count = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.OPEN)
    settled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["outcome", "deadline"])]

    def __str__(self):
        return f"Campaign for {self.opportunity_id}"

    def get_absolute_url(self):
        return reverse("investors:campaign", kwargs={"slug": self.opportunity.slug})

    @property
    def raised_gbp(self) -> int:
        return self.pledged_gbp + self.matched_gbp

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.raised_gbp / self.target_gbp)) if self.target_gbp else 0

    def is_open(self, now=None) -> bool:
        return self.outcome == self.Outcome.OPEN and (now or timezone.now()) < self.deadline


class CostItem(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="cost_items")
    label = models.CharField(_("what it pays for"), max_length=160)
    amount_gbp = models.PositiveIntegerField(_("cost (£)"))
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class Pledge(models.Model):
    """One person's promise to a campaign; changed or withdrawn until the deadline."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="pledges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="pledges"
    )
    amount_gbp = models.PositiveIntegerField(_("amount (£)"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="one_pledge_per_person_per_campaign"),
            models.CheckConstraint(
                condition=Q(amount_gbp__gte=1, amount_gbp__lte=MAX_PLEDGE_GBP), name="pledge_amount_in_range"
            ),
        ]

    def __str__(self):
        return f"£{self.amount_gbp} to {self.campaign_id}"

    @property
    def live(self) -> bool:
        return self.withdrawn_at is None


class MatchFund(models.Model):
    """A fund (the council's net-zero fund, say) that matches pledges pound for pound to campaigns
    meeting its criteria, up to a cap per pledge, per campaign and in all (`pot_gbp`)."""

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(max_length=180, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="match_funds", verbose_name=_("run by")
    )
    description = models.TextField(_("about the fund"), blank=True, max_length=2000)
    sectors = models.JSONField(_("categories it matches"), default=list, blank=True)  # empty: any
    areas = models.ManyToManyField("places.Area", blank=True, related_name="+", verbose_name=_("areas it matches"))
    min_impact_score = models.FloatField(_("minimum impact score"), null=True, blank=True)
    cap_per_pledge_gbp = models.PositiveIntegerField(_("most it adds to one pledge (£)"))
    cap_per_campaign_gbp = models.PositiveIntegerField(_("most it adds to one campaign (£)"))
    pot_gbp = models.PositiveIntegerField(_("the whole fund (£)"))
    committed_gbp = models.PositiveIntegerField(default=0)  # reserved + paid, under the row lock
    paid_gbp = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(committed_gbp__lte=models.F("pot_gbp")), name="fund_within_pot"),
        ]

    def __str__(self):
        return self.name

    @property
    def remaining_gbp(self) -> int:
        return max(0, self.pot_gbp - self.committed_gbp)


class FundMatch(models.Model):
    """What a fund adds to one pledge: reserved while the campaign runs, paid if it is funded,
    released if it is not (or the pledge shrinks or is withdrawn)."""

    class State(models.TextChoices):
        RESERVED = "reserved", _("Reserved")
        PAID = "paid", _("Paid")
        RELEASED = "released", _("Released")

    fund = models.ForeignKey(MatchFund, on_delete=models.PROTECT, related_name="matches")
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="matches")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="matches")
    amount_gbp = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RESERVED)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fund", "pledge"], name="one_match_per_fund_per_pledge")]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self):
        return f"{self.fund_id} matches {self.pledge_id}: £{self.amount_gbp} ({self.state})"
