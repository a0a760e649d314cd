"""The planning game ("Plan your neighbourhood"): a resident's saved plan of interventions for an
area within a budget, scored by the objectives they chose."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class GamePlan(models.Model):
    MIN_BUDGET, MAX_BUDGET = 100_000, 100_000_000

    # Null after account erasure: a plan shared to a consultation still counts there, unnamed.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="game_plans"
    )
    area = models.ForeignKey("places.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    budget_gbp = models.PositiveIntegerField(
        _("budget (£)"), validators=[MinValueValidator(MIN_BUDGET), MaxValueValidator(MAX_BUDGET)]
    )
    objectives = models.JSONField(_("objectives, most important first"), default=list)
    # Kept when saved: what the plan cost and scored then (the gallery and insights read these).
    cost_gbp = models.PositiveBigIntegerField(default=0)
    score = models.FloatField(null=True, blank=True)
    note = models.TextField(_("why you chose this plan"), blank=True, max_length=1000)
    # The player's home ward when they saved: plans by ward for the policy lead (no link to the person).
    ward = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(_("in the public gallery since"), null=True, blank=True)
    consultation = models.ForeignKey(
        "engagement.Consultation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="game_plans",
        verbose_name=_("shared with the consultation"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["-shared_at"], name="game_plan_gallery", condition=models.Q(shared_at__isnull=False))
        ]
        permissions = [("view_game_insights", "Can see what residents chose in the planning game")]

    def __str__(self):
        return f"Plan {self.pk} for {self.area_id}"

    def get_absolute_url(self):
        return reverse("game:plan", kwargs={"pk": self.pk})


class GameChoice(models.Model):
    plan = models.ForeignKey(GamePlan, on_delete=models.CASCADE, related_name="choices")
    intervention = models.ForeignKey("twin.Intervention", on_delete=models.PROTECT, related_name="+")
    quantity = models.FloatField(validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["plan", "intervention__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "intervention"], name="game_choose_intervention_once"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="game_choice_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity:g} × {self.intervention_id}"
