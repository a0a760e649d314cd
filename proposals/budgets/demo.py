"""A demo participatory budget, open for voting, with items costed from the demo ideas
(idempotent: load_demo_data runs it every time)."""

from datetime import timedelta

from django.utils import timezone

from places.models import Area
from proposals.budgets.models import Budget, BudgetItem
from proposals.models import Idea

TITLE = "East Birmingham Green Streets Fund 2027"
COSTS = [45_000, 120_000, 18_000, 60_000, 95_000, 30_000, 150_000, 25_000]
# Items the council costed from residents' suggestions in the collection phase.
COUNCIL_ITEMS = [
    (
        "Sixty street trees on Coventry Road",
        "Trees with pits and three years' care between Hay Mills and Small Heath.",
        72_000,
    ),
    ("Wildflower verges", "Sow and manage wildflower verges on six main-road verges.", 25_000),
    ("Play area refresh in Small Heath Park", "Replace worn equipment and add accessible swings.", 150_000),
    ("Secure bike hangars", "Ten on-street hangars for residents without space to store a bike.", 30_000),
    ("Pocket park on a vacant Tyseley plot", "Turn a fenced-off plot into a small garden with seating.", 95_000),
]


def load() -> None:
    district = Area.objects.filter(kind=Area.Kind.DISTRICT).first()
    if district is None or Budget.objects.filter(title=TITLE).exists():
        return
    budget = Budget.objects.create(
        title=TITLE,
        description=(
            "£400,000 for small green improvements residents choose: trees, planting, safer crossings, "
            "play and places to sit. Choose the items you want within the budget; the council funds the "
            "winners in 2027 and reports progress on each idea's page."
        ),
        area=district,
        amount_gbp=400_000,
        phase=Budget.Phase.VOTE,
        rule=Budget.Rule.KNAPSACK,
        min_spend_percent=25,
        max_items=6,
        vote_closes_at=timezone.now() + timedelta(days=21),
    )
    ideas = list(Idea.objects.order_by("pk")[: len(COSTS)])
    BudgetItem.objects.bulk_create(
        [
            BudgetItem(
                budget=budget, title=title, description=description, cost_gbp=cost, area=district, position=50 + i
            )
            for i, (title, description, cost) in enumerate(COUNCIL_ITEMS)
        ]
    )
    BudgetItem.objects.bulk_create(
        [
            BudgetItem(
                budget=budget,
                title=idea.title[:160],
                description=idea.description[:300],
                cost_gbp=cost,
                idea=idea,
                area_id=idea.area_id or district.pk,
                position=index,
            )
            for index, (idea, cost) in enumerate(zip(ideas, COSTS, strict=False))
        ]
    )
