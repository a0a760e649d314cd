"""A participatory budget, its items, and one ballot per person."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement import budgeting
from engagement.models import Consultation


class Budget(models.Model):
    class Phase(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COLLECT = "collect", _("Collecting ideas")
        REVIEW = "review", _("Reviewing and costing")
        VOTE = "vote", _("Voting")
        RESULTS = "results", _("Results")

    class Rule(models.TextChoices):
        KNAPSACK = budgeting.KNAPSACK, _("Choose items that fit the budget")
        APPROVAL = budgeting.APPROVAL, _("Approve up to a number of items")

    class Method(models.TextChoices):
        GREEDY = "greedy", _("Most votes first (greedy)")
        EQUAL_SHARES = "equal_shares", _("Method of Equal Shares (proportional)")

    # Who may vote: the same choices as a consultation, checked by the same function.
    Audience = Consultation.Audience
    ResultsVisibility = Consultation.ResultsVisibility

    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("what the money is for"), max_length=4000)
    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    amount_gbp = models.PositiveIntegerField(
        _("budget (£)"), validators=[MinValueValidator(1_000), MaxValueValidator(1_000_000_000)]
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.DRAFT)
    rule = models.CharField(_("voting rule"), max_length=10, choices=Rule.choices, default=Rule.KNAPSACK)
    min_spend_percent = models.PositiveSmallIntegerField(
        _("least share of the budget a ballot must spend (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    max_approvals = models.PositiveSmallIntegerField(
        _("most items a person may approve"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    min_items = models.PositiveSmallIntegerField(
        _("fewest items on a ballot"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    max_items = models.PositiveSmallIntegerField(
        _("most items on a ballot"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    method = models.CharField(
        _("official count"),
        max_length=15,
        choices=Method.choices,
        default=Method.EQUAL_SHARES,
        help_text=_("Both counts are shown; this one decides what is funded."),
    )
    vote_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    audience = models.CharField(_("who can vote"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    audience_areas = models.ManyToManyField("places.Area", blank=True, related_name="+")
    audience_organisations = models.ManyToManyField("accounts.Organisation", blank=True, related_name="+")
    results_visibility = models.CharField(
        _("when results are shown"),
        max_length=20,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_CLOSE,
    )
    results = models.JSONField(null=True, blank=True, help_text="The counts as published")
    results_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("manage_budgets", "Can run participatory budgets")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:budget", kwargs={"pk": self.pk})

    @property
    def effective_phase(self) -> str:
        """The phase as people experience it: a vote past its closing time is closed ("counting")."""
        if self.phase == self.Phase.VOTE and self.vote_closes_at and timezone.now() >= self.vote_closes_at:
            return "counting"
        return self.phase

    def get_effective_phase_display(self) -> str:
        if self.effective_phase == "counting":
            return str(_("Voting closed; results to follow"))
        return str(self.Phase(self.phase).label)

    @property
    def voting_closed(self) -> bool:
        return self.effective_phase in {"counting", self.Phase.RESULTS}

    @property
    def rules(self) -> budgeting.Rules:
        return budgeting.Rules(
            kind=self.rule,
            budget=self.amount_gbp,
            min_spend_percent=self.min_spend_percent if self.rule == self.Rule.KNAPSACK else None,
            max_approvals=self.max_approvals if self.rule == self.Rule.APPROVAL else None,
            min_items=self.min_items,
            max_items=self.max_items,
        )


class BudgetItem(models.Model):
    """Something people can vote for: drawn from an idea or a proposal, costed by the council."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("what it would do"), max_length=2000)
    cost_gbp = models.PositiveIntegerField(_("cost (£)"), validators=[MinValueValidator(1)])
    idea = models.ForeignKey(
        "proposals.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_items"
    )
    proposal = models.ForeignKey(
        "proposals.PlanningProposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_items"
    )
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("area")
    )
    # The twin's impact score of the idea or proposal when the item was costed (−100…100).
    score = models.FloatField(_("impact score"), null=True, blank=True)
    milestone = models.OneToOneField(
        "proposals.Milestone", null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_item"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["budget", "position", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(cost_gbp__gt=0), name="budget_item_costs_something")]

    def __str__(self):
        return self.title

    @property
    def source(self):
        return self.idea or self.proposal


class Ballot(models.Model):
    """One person's choices in a budget; changeable until the vote closes."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    # Null after account erasure: the ballot still counts, no longer linked to the person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_ballots"
    )
    # The voter's ward when they voted, for results by area (no link to the person).
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cast_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "user"], condition=models.Q(user__isnull=False), name="one_ballot_per_person"
            )
        ]

    def __str__(self):
        return f"Ballot {self.pk} in budget {self.budget_id}"


class BallotChoice(models.Model):
    """One item on a ballot. Votes are counted from these rows when results are read: no counter
    on a budget or item that every ballot would have to lock (a hot row made 50 voters queue)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    item = models.ForeignKey(BudgetItem, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "item"], name="choose_an_item_once")]

    def __str__(self):
        return f"{self.ballot_id} → {self.item_id}"
