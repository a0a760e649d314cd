"""Choosing items within a budget: the rules a participatory-budgeting ballot must keep, and the
two ways of counting ballots (the usual greedy count and the Method of Equal Shares). Pure
functions on plain numbers, no database: the planning game's budget and a budget vote share them.

Money is in whole pounds. Items are identified by any hashable key (the callers use primary keys).

The Method of Equal Shares is the one published at equalshares.net (Peters, Pierczyński and
Skowron), for approval ballots with cost utilities, "Add1" completion (the per-voter share is
raised step by step while the result still fits the budget) and then the greedy count for what is
left. The step is 1% of the budget, so a small ballot and a city-sized one take the same number
of steps. Ballots that approve exactly the same items always hold the same money, so they are
counted as one group with a weight: the count is exact, and much faster when ballots repeat.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

KNAPSACK, APPROVAL = "knapsack", "approval"
EPSILON = 1e-9
ADD1_STEPS = 300  # at most three times the budget: enough for every published instance


def pounds(amount: float) -> str:
    return f"£{amount:,.0f}" if abs(amount - round(amount)) < 0.005 else f"£{amount:,.2f}"


@dataclass(frozen=True)
class Rules:
    """What a ballot must keep. KNAPSACK: choose items whose costs fit the budget, spending at
    least `min_spend_percent` of it if set. APPROVAL: choose up to `max_approvals` items. Both:
    between `min_items` and `max_items` items if set."""

    kind: str
    budget: int
    min_spend_percent: int | None = None
    max_approvals: int | None = None
    min_items: int | None = None
    max_items: int | None = None

    def describe(self) -> list[str]:
        lines = []
        if self.kind == KNAPSACK:
            lines.append(
                _("Choose items that together cost no more than %(budget)s.") % {"budget": pounds(self.budget)}
            )
            if self.min_spend_percent:
                lines.append(
                    _("Spend at least %(percent)s%% of the budget (%(amount)s).")
                    % {"percent": self.min_spend_percent, "amount": pounds(self.minimum_spend)}
                )
        elif self.max_approvals:
            lines.append(
                ngettext("Choose up to %(n)s item.", "Choose up to %(n)s items.", self.max_approvals)
                % {"n": self.max_approvals}
            )
        if self.min_items:
            lines.append(
                ngettext("Choose at least %(n)s item.", "Choose at least %(n)s items.", self.min_items)
                % {"n": self.min_items}
            )
        if self.max_items:
            lines.append(
                ngettext("Choose no more than %(n)s item.", "Choose no more than %(n)s items.", self.max_items)
                % {"n": self.max_items}
            )
        return lines

    @property
    def minimum_spend(self) -> float:
        return self.budget * (self.min_spend_percent or 0) / 100


def ballot_problems(rules: Rules, costs: dict, chosen) -> list[str]:
    """Every rule the chosen items break, each in a sentence that says what to change; [] if none."""
    chosen = set(chosen)
    problems = []
    unknown = chosen - set(costs)
    if unknown:
        problems.append(_("Some of your choices are not on this ballot. Choose again from the list."))
        chosen -= unknown
    count = len(chosen)
    if count == 0:
        problems.append(_("Choose at least one item."))
        return problems
    total = sum(costs[item] for item in chosen)
    if rules.kind == KNAPSACK:
        if total > rules.budget:
            problems.append(
                _(
                    "Your choices cost %(total)s, which is %(over)s more than the budget of %(budget)s. "
                    "Remove something."
                )
                % {"total": pounds(total), "over": pounds(total - rules.budget), "budget": pounds(rules.budget)}
            )
        elif rules.min_spend_percent and total < rules.minimum_spend - EPSILON:
            problems.append(
                _(
                    "Your choices cost %(total)s. Spend at least %(minimum)s (%(percent)s%% of the budget): "
                    "add something."
                )
                % {
                    "total": pounds(total),
                    "minimum": pounds(rules.minimum_spend),
                    "percent": rules.min_spend_percent,
                }
            )
    elif rules.max_approvals and count > rules.max_approvals:
        problems.append(
            ngettext(
                "You can choose up to %(max)s item; you chose %(count)s.",
                "You can choose up to %(max)s items; you chose %(count)s.",
                rules.max_approvals,
            )
            % {"max": rules.max_approvals, "count": count}
        )
    if rules.min_items and count < rules.min_items:
        problems.append(
            ngettext(
                "Choose at least %(min)s item; you chose %(count)s.",
                "Choose at least %(min)s items; you chose %(count)s.",
                rules.min_items,
            )
            % {"min": rules.min_items, "count": count}
        )
    if rules.max_items and count > rules.max_items:
        problems.append(
            ngettext(
                "Choose no more than %(max)s item; you chose %(count)s.",
                "Choose no more than %(max)s items; you chose %(count)s.",
                rules.max_items,
            )
            % {"max": rules.max_items, "count": count}
        )
    return problems


# ---- counting -------------------------------------------------------------------------------------

WON, NO_FIT, NOT_ENOUGH_SUPPORT, NO_VOTES = "won", "no_fit", "not_enough_support", "no_votes"
BY_VOTES, BY_SHARES, BY_COMPLETION = "votes", "shares", "completion"


@dataclass
class ItemResult:
    item: object
    cost: int
    votes: int
    status: str = NO_VOTES
    order: int | None = None  # 1 = chosen first
    how: str = ""  # BY_VOTES | BY_SHARES | BY_COMPLETION for winners
    left_before: float | None = None  # greedy: money left when its turn came
    payment: float | None = None  # equal shares: the most any supporter paid
    paid_all: int = 0  # equal shares: supporters who paid everything they had left
    money_behind: float | None = None  # equal shares, not won: what its supporters had left at the end


@dataclass
class Outcome:
    method: str
    budget: int
    winners: list = field(default_factory=list)
    items: dict = field(default_factory=dict)  # item → ItemResult
    spent: int = 0
    share: float | None = None  # equal shares: each voter's share at the start
    share_used: float | None = None  # after Add1 completion
    voters: int = 0


def _tie_key(item, costs, votes):
    """Who goes first when two items are level: more votes, then the cheaper, then the lower key."""
    return (-votes[item], costs[item], item)


def greedy(costs: dict, ballots: list, budget: int) -> Outcome:
    """The usual count: most votes first; an item that no longer fits is skipped, and counting goes
    on with the next (so cheaper items further down can still win)."""
    votes = Counter(item for ballot in ballots for item in ballot if item in costs)
    outcome = Outcome(method="greedy", budget=budget, voters=len(ballots))
    outcome.items = {item: ItemResult(item=item, cost=costs[item], votes=votes[item]) for item in costs}
    left = budget
    for item in sorted(costs, key=lambda i: _tie_key(i, costs, votes)):
        result = outcome.items[item]
        if votes[item] == 0:
            continue
        result.left_before = left
        if costs[item] <= left:
            left -= costs[item]
            outcome.winners.append(item)
            result.status, result.order, result.how = WON, len(outcome.winners), BY_VOTES
        else:
            result.status = NO_FIT
    outcome.spent = budget - left
    return outcome


def _groups(costs: dict, ballots: list):
    """Identical ballots as one group: (weights, approvers per item as group indexes)."""
    counted = Counter(frozenset(i for i in ballot if i in costs) for ballot in ballots)
    counted.pop(frozenset(), None)
    kinds = list(counted)
    weights = [counted[k] for k in kinds]
    approvers = {item: [] for item in costs}
    for index, kind in enumerate(kinds):
        for item in kind:
            approvers[item].append(index)
    return weights, approvers


def _equal_shares_fixed(costs, votes, weights, approvers, voters: int, budget: float):
    """One run of the method with each voter's share = budget / voters. Returns the winners in
    order, each with the most a supporter paid and how many paid all they had left, and what each
    group has left at the end."""
    share = budget / voters
    money = [share] * len(weights)
    # Items still in the running, with their effective vote count from the last look (an upper
    # bound on the next: supporters only ever lose money).
    remaining = {item: float(votes[item]) for item in costs if costs[item] > 0 and votes[item] > 0}
    winners = []
    while remaining:
        best, best_eff, best_payment = None, 0.0, 0.0
        for item in sorted(remaining, key=lambda i: (-remaining[i], *_tie_key(i, costs, votes))):
            if remaining[item] < best_eff - EPSILON:
                break  # it cannot beat the best any more
            cost = costs[item]
            supporters = approvers[item]
            if sum(weights[g] * money[g] for g in supporters) < cost - EPSILON:
                del remaining[item]  # its supporters can no longer afford it
                continue
            paid, count = 0.0, float(votes[item])
            for group in sorted(supporters, key=lambda g: money[g]):
                payment = (cost - paid) / count
                if payment > money[group] + EPSILON:
                    paid += weights[group] * money[group]
                    count -= weights[group]
                    continue
                eff = cost / payment
                remaining[item] = eff
                better = eff > best_eff + EPSILON or (
                    best is not None
                    and abs(eff - best_eff) <= EPSILON
                    and _tie_key(item, costs, votes) < _tie_key(best, costs, votes)
                )
                if best is None or better:
                    best, best_eff, best_payment = item, eff, payment
                break
        if best is None:
            break
        del remaining[best]
        paid_all = 0
        for group in approvers[best]:
            if money[group] > best_payment + EPSILON:
                money[group] -= best_payment
            else:
                paid_all += weights[group]
                money[group] = 0.0
        winners.append((best, best_payment, paid_all))
    return winners, money


def equal_shares(costs: dict, ballots: list, budget: int) -> Outcome:
    """The Method of Equal Shares (approval ballots, cost utilities, Add1 then greedy completion)."""
    votes = Counter(item for ballot in ballots for item in ballot if item in costs)
    outcome = Outcome(method="equal_shares", budget=budget, voters=len(ballots))
    outcome.items = {item: ItemResult(item=item, cost=costs[item], votes=votes[item]) for item in costs}
    if not ballots or budget <= 0:
        return outcome
    weights, approvers = _groups(costs, ballots)
    voters = len(ballots)

    def spent(winners):
        return sum(costs[item] for item, _payment, _all in winners)

    def exhaustive(winners):
        chosen = {item for item, _p, _a in winners}
        left = budget - spent(winners)
        return all(item in chosen or costs[item] > left for item in costs)

    used = float(budget)
    winners, money = _equal_shares_fixed(costs, votes, weights, approvers, voters, used)
    step = budget / 100
    for _step in range(ADD1_STEPS):
        if exhaustive(winners):
            break
        bigger = used + step
        next_winners, next_money = _equal_shares_fixed(costs, votes, weights, approvers, voters, bigger)
        if spent(next_winners) > budget:
            break
        used, winners, money = bigger, next_winners, next_money
    outcome.share, outcome.share_used = budget / voters, used / voters
    for item, payment, paid_all in winners:
        result = outcome.items[item]
        outcome.winners.append(item)
        result.status, result.order, result.how = WON, len(outcome.winners), BY_SHARES
        result.payment, result.paid_all = payment, paid_all
    left = budget - spent(winners)
    for item in sorted(costs, key=lambda i: _tie_key(i, costs, votes)):
        result = outcome.items[item]
        if result.status == WON or votes[item] == 0:
            continue
        result.money_behind = sum(weights[g] * money[g] for g in approvers[item])
        if costs[item] <= left:  # completion: what still fits, most votes first
            left -= costs[item]
            outcome.winners.append(item)
            result.status, result.order, result.how = WON, len(outcome.winners), BY_COMPLETION
            result.left_before = left + costs[item]
        elif result.money_behind + EPSILON < costs[item]:
            result.status = NOT_ENOUGH_SUPPORT
        else:
            result.status = NO_FIT
            result.left_before = left
    outcome.spent = budget - left
    return outcome


def explain(result: ItemResult, outcome: Outcome) -> str:
    """One sentence on why an item won or did not, under this method."""
    votes = ngettext("%(n)s vote", "%(n)s votes", result.votes) % {"n": f"{result.votes:,}"}
    if result.status == NO_VOTES:
        return _("Nobody chose it.")
    if result.how == BY_VOTES:
        return _("Won with %(votes)s: when its turn came, %(left)s was left, enough for its cost of %(cost)s.") % {
            "votes": votes,
            "left": pounds(result.left_before),
            "cost": pounds(result.cost),
        }
    if result.how == BY_SHARES:
        if outcome.share_used and outcome.share and outcome.share_used > outcome.share + EPSILON:
            sentence = _(
                "Won with %(votes)s: its supporters could pay for it from their equal shares, each paying at "
                "most %(payment)s (each share was %(share)s, raised to %(raised)s to spend as much of the "
                "budget as the votes allow)."
            ) % {
                "votes": votes,
                "payment": pounds(result.payment),
                "share": pounds(outcome.share),
                "raised": pounds(outcome.share_used),
            }
        else:
            sentence = _(
                "Won with %(votes)s: its supporters could pay for it from their equal shares, each paying at "
                "most %(payment)s of a share of %(share)s."
            ) % {"votes": votes, "payment": pounds(result.payment), "share": pounds(outcome.share)}
        if result.paid_all:
            sentence += " " + ngettext(
                "%(n)s of them paid all they had left.", "%(n)s of them paid all they had left.", result.paid_all
            ) % {"n": f"{result.paid_all:,}"}
        return sentence
    if result.how == BY_COMPLETION:
        return _(
            "Won with %(votes)s after the equal shares were spent: %(left)s was left, and it had the most "
            "votes of the items that still fitted."
        ) % {"votes": votes, "left": pounds(result.left_before)}
    if result.status == NOT_ENOUGH_SUPPORT:
        return _(
            "Not chosen (%(votes)s): its supporters had %(behind)s left of their shares after paying for "
            "the other items they chose, less than its cost of %(cost)s."
        ) % {"votes": votes, "behind": pounds(result.money_behind or 0), "cost": pounds(result.cost)}
    return _("Not chosen (%(votes)s): only %(left)s was left when its turn came; it costs %(cost)s.") % {
        "votes": votes,
        "left": pounds(result.left_before or 0),
        "cost": pounds(result.cost),
    }
