"""A budget in any phase with four costed items (shared by the budget tests)."""

from datetime import timedelta

from django.utils import timezone

from proposals.budgets.models import Budget, BudgetItem
from tests.factories import IdeaFactory

PHASES = ["draft", "collect", "review", "vote", "counting", "results"]


def make_budget(district, *, phase="vote", **fields) -> Budget:
    counting = phase == "counting"
    budget = Budget.objects.create(
        title="Green Streets Fund",
        description="Small green improvements.",
        area=district,
        amount_gbp=100_000,
        phase="vote" if counting else phase,
        vote_closes_at=timezone.now() - timedelta(minutes=1) if counting else None,
        **fields,
    )
    for index, (title, cost) in enumerate(
        [("Trees", 40_000), ("Benches", 20_000), ("Crossing", 60_000), ("Play area", 50_000)]
    ):
        BudgetItem.objects.create(
            budget=budget, title=title, description=f"{title} for the park.", cost_gbp=cost, position=index,
            idea=IdeaFactory(title=f"Idea: {title}"),
        )  # fmt: skip
    return budget


def item_ids(budget, *titles) -> list[int]:
    return list(budget.items.filter(title__in=titles).values_list("pk", flat=True))
