"""Every non-trivial read in participatory budgeting: lists, a person's ballot, the counts and
their explanations, results by area."""

from collections import defaultdict
from dataclasses import asdict, fields

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement import budgeting
from places.models import Area
from proposals.budgets import permissions
from proposals.budgets.models import Ballot, BallotChoice, Budget, BudgetItem

METHODS = (Budget.Method.GREEDY, Budget.Method.EQUAL_SHARES)


def budget_list(*, user):
    budgets = Budget.objects.select_related("area").defer("area__geometry", "results")
    if not permissions.can_manage(user):
        budgets = budgets.exclude(phase=Budget.Phase.DRAFT)
    return budgets.annotate(item_total=Count("items"))


def ballot_count(*, budget: Budget) -> int:
    return Ballot.objects.filter(budget=budget).count()


def vote_counts(*, budget: Budget) -> dict[int, int]:
    """Votes per item, counted from the ballots (one query)."""
    return dict(
        BallotChoice.objects.filter(item__budget=budget)
        .values("item_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("item_id", "n")
    )


def budget_items(*, budget: Budget) -> list[BudgetItem]:
    return list(
        budget.items.select_related("idea", "proposal", "area", "milestone").defer(
            "area__geometry", "idea__location", "proposal__geometry", "proposal__description"
        )
    )


def my_choices(*, budget: Budget, user) -> set[int] | None:
    """The items on this person's ballot, or None if they have not voted."""
    if not user.is_authenticated:
        return None
    ballot = Ballot.objects.filter(budget=budget, user=user).only("pk").first()
    if ballot is None:
        return None
    return set(ballot.choices.values_list("item_id", flat=True))


def ballots_of(*, budget: Budget) -> list[set[int]]:
    """Every ballot as the set of items on it (one query, however many ballots)."""
    grouped = defaultdict(set)
    for ballot_id, item_id in BallotChoice.objects.filter(ballot__budget=budget).values_list("ballot_id", "item_id"):
        grouped[ballot_id].add(item_id)
    return list(grouped.values())


def _outcome_dict(outcome: budgeting.Outcome) -> dict:
    return {
        "winners": outcome.winners,
        "spent": outcome.spent,
        "share": outcome.share,
        "share_used": outcome.share_used,
        "voters": outcome.voters,
        "items": [asdict(result) for result in outcome.items.values()],
    }


def outcome_from(data: dict, *, method: str, budget: int) -> budgeting.Outcome:
    names = {f.name for f in fields(budgeting.ItemResult)}
    items = {row["item"]: budgeting.ItemResult(**{k: v for k, v in row.items() if k in names}) for row in data["items"]}
    return budgeting.Outcome(
        method=method,
        budget=budget,
        winners=data["winners"],
        items=items,
        spent=data["spent"],
        share=data.get("share"),
        share_used=data.get("share_used"),
        voters=data.get("voters", 0),
    )


def budget_count(*, budget: Budget) -> dict:
    """Both counts of the ballots as they stand, as plain data (kept when results are published)."""
    costs = dict(budget.items.values_list("pk", "cost_gbp"))
    ballots = ballots_of(budget=budget)
    return {
        "counted_at": timezone.now().isoformat(),
        "ballots": len(ballots),
        Budget.Method.GREEDY: _outcome_dict(budgeting.greedy(costs, ballots, budget.amount_gbp)),
        Budget.Method.EQUAL_SHARES: _outcome_dict(budgeting.equal_shares(costs, ballots, budget.amount_gbp)),
    }


def results_view(*, budget: Budget, counted: dict, items: list[BudgetItem]) -> dict:
    """The two counts side by side, a sentence per item and method, and what changes between them."""
    outcomes = {m: outcome_from(counted[m], method=m, budget=budget.amount_gbp) for m in METHODS}
    rows = []
    greedy = outcomes[Budget.Method.GREEDY].items

    def votes_for(item):
        return greedy[item.pk].votes if item.pk in greedy else 0

    for item in sorted(items, key=lambda i: (-votes_for(i), i.cost_gbp, i.pk)):
        cells = []
        for method, outcome in outcomes.items():
            result = outcome.items.get(item.pk)
            cells.append(
                {
                    "method": method,
                    "won": result is not None and result.status == budgeting.WON,
                    "why": budgeting.explain(result, outcome) if result else _("Added after the count."),
                }
            )
        votes = outcomes[Budget.Method.GREEDY].items.get(item.pk)
        rows.append({"item": item, "votes": votes.votes if votes else 0, "cells": cells})
    won = {m: set(o.winners) for m, o in outcomes.items()}
    by_pk = {item.pk: item for item in items}
    greedy_won, shares_won = outcomes[Budget.Method.GREEDY].winners, outcomes[Budget.Method.EQUAL_SHARES].winners
    only_greedy = [by_pk[pk] for pk in greedy_won if pk not in won[Budget.Method.EQUAL_SHARES] and pk in by_pk]
    only_shares = [by_pk[pk] for pk in shares_won if pk not in won[Budget.Method.GREEDY] and pk in by_pk]
    differences = [
        {
            "item": item,
            "sentence": _(
                "Funded only by counting votes: it has many votes, but most of its supporters' equal shares had "
                "already paid for other items they chose."
            ),
        }
        for item in only_greedy
    ] + [
        {
            "item": item,
            "sentence": _(
                "Funded only by equal shares: its supporters are a group whose other choices won little, so "
                "their shares were still there to pay for it."
            ),
        }
        for item in only_shares
    ]
    return {
        "outcomes": outcomes,
        "rows": rows,
        "differences": differences,
        "same": not only_greedy and not only_shares,
        "official": budget.method,
        "share": budgeting.pounds(outcomes[Budget.Method.EQUAL_SHARES].share or 0),
        "ballots": counted["ballots"],
        "counted_at": counted["counted_at"],
    }


def votes_by_area(*, budget: Budget, items: list[BudgetItem]) -> dict:
    """Votes for each item overall and by the ward voters gave as home when they voted (for the
    results table, chart and CSV). One query."""
    counts = (
        BallotChoice.objects.filter(ballot__budget=budget)
        .values("item_id", "ballot__area_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_item = defaultdict(dict)
    overall = defaultdict(int)
    area_ids = set()
    for row in counts:
        overall[row["item_id"]] += row["n"]
        if row["ballot__area_id"] is not None:
            by_item[row["item_id"]][row["ballot__area_id"]] = row["n"]
            area_ids.add(row["ballot__area_id"])
    areas = list(Area.objects.filter(pk__in=area_ids).order_by("name").values_list("pk", "name"))
    rows = [
        {"pk": item.pk, "label": item.title, "overall": overall.get(item.pk, 0), "by_area": by_item.get(item.pk, {})}
        for item in sorted(items, key=lambda i: (-overall.get(i.pk, 0), i.pk))
    ]
    return {"rows": rows, "areas": areas}


def source_choices(*, budget: Budget):
    """Ideas and proposals a moderator can draw items from: those in the budget's area (any, for
    a district budget), newest first."""
    from proposals.models import Idea, PlanningProposal

    ideas = Idea.objects.exclude(status=Idea.Status.NOT_TAKEN_FORWARD).only("pk", "title", "area_id")
    proposals = PlanningProposal.objects.only("pk", "title")
    if budget.area.kind != Area.Kind.DISTRICT:
        ideas = ideas.filter(Q(area=budget.area) | Q(area__parent=budget.area))
        proposals = proposals.filter(areas=budget.area)
    return ideas.order_by("-created_at")[:200], proposals.order_by("-created_at").distinct()[:200]


def user_ballots_export(*, user) -> list[dict]:
    """ "Download my data": each budget this person voted in, with what they chose."""
    ballots = Ballot.objects.filter(user=user).select_related("budget").prefetch_related("choices__item")
    return [
        {
            "budget": ballot.budget.title,
            "cast_at": ballot.cast_at.isoformat(),
            "updated_at": ballot.updated_at.isoformat(),
            "chosen": [choice.item.title for choice in ballot.choices.all()],
        }
        for ballot in ballots
    ]
