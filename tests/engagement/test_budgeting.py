"""Ballot rules and the two counts (engagement/budgeting.py): published worked examples, the
reference implementation (pabutools) on random elections, and properties that must always hold."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engagement import budgeting
from engagement.budgeting import APPROVAL, KNAPSACK, Rules, ballot_problems, equal_shares, greedy


def red_blue():
    """The motivating example (equalshares.net, Wikipedia "Method of Equal Shares"): 51 voters
    want 10 red projects, 49 want 10 blue ones, each costs 1 and the budget buys 10."""
    costs = {f"red{i}": 1 for i in range(10)} | {f"blue{i}": 1 for i in range(10)}
    ballots = [{f"red{i}" for i in range(10)}] * 51 + [{f"blue{i}" for i in range(10)}] * 49
    return costs, ballots


def test_greedy_gives_the_majority_everything_in_the_published_example():
    costs, ballots = red_blue()
    outcome = greedy(costs, ballots, 10)
    assert sorted(outcome.winners) == sorted(f"red{i}" for i in range(10))
    assert outcome.spent == 10


def test_equal_shares_gives_five_and_five_in_the_published_example():
    costs, ballots = red_blue()
    outcome = equal_shares(costs, ballots, 10)
    assert sum(w.startswith("red") for w in outcome.winners) == 5
    assert sum(w.startswith("blue") for w in outcome.winners) == 5
    assert outcome.spent == 10


def test_equal_shares_funds_a_cheap_local_item_a_majority_ignores():
    """Wikipedia's point in words: a small group can win a cheap project proportional to its size.
    100 voters share 100: 80 want one 80 project, 20 want a 20 project."""
    costs = {"big": 80, "small": 20, "other_big": 80}
    ballots = [{"big", "other_big"}] * 80 + [{"small"}] * 20
    assert greedy(costs, ballots, 100).winners == ["big", "small"]  # other_big no longer fits
    outcome = equal_shares(costs, ballots, 100)
    assert set(outcome.winners) == {"big", "small"}
    assert outcome.items["small"].payment == pytest.approx(1.0)  # each of the 20 paid their whole share


def _pabutools_mes(costs, ballots, budget):
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project
    from pabutools.fractions import frac
    from pabutools.rules import (
        completion_by_rule_combination,
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )
    from pabutools.tiebreaking import TieBreakingRule

    votes = {i: sum(i in b for b in ballots) for i in costs}
    ours = TieBreakingRule(lambda _inst, _prof, project: (-votes[project.name], project.cost, project.name))
    projects = {name: Project(name, cost) for name, cost in costs.items()}
    instance = Instance(projects.values(), budget_limit=budget)
    profile = ApprovalProfile([ApprovalBallot(projects[i] for i in ballot) for ballot in ballots])
    chosen = completion_by_rule_combination(
        instance,
        profile,
        [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
        [
            {
                "rule": method_of_equal_shares,
                "rule_params": {"sat_class": Cost_Sat, "tie_breaking": ours},
                "budget_step": frac(budget, 100),
            },
            {"sat_class": Cost_Sat, "tie_breaking": ours},
        ],
    )
    return {p.name for p in chosen}


@pytest.mark.parametrize("seed", range(12))
def test_equal_shares_agrees_with_the_reference_implementation(seed):
    """pabutools (the academic reference, cross-checked by equalshares.net) on random elections
    with distinct costs and enough voters that ties are unlikely."""
    rng = random.Random(seed)
    items = [f"p{i}" for i in range(rng.randint(4, 12))]
    costs = {item: rng.randrange(1_000, 60_000, 7) for item in items}
    popularity = {item: rng.random() for item in items}
    ballots = []
    for _ in range(rng.randint(30, 120)):
        ballot = {item for item in items if rng.random() < popularity[item]}
        if ballot:
            ballots.append(ballot)
    budget = rng.randrange(50_000, 200_000, 1_000)
    ours = equal_shares(costs, ballots, budget)
    assert set(ours.winners) == _pabutools_mes(costs, ballots, budget)


def test_a_ballot_over_the_budget_is_refused_with_the_amount_over():
    rules = Rules(kind=KNAPSACK, budget=100_000)
    problems = ballot_problems(rules, {1: 60_000, 2: 50_000}, {1, 2})
    assert problems == [
        "Your choices cost £110,000, which is £10,000 more than the budget of £100,000. Remove something."
    ]


def test_a_ballot_under_the_minimum_spend_is_refused():
    rules = Rules(kind=KNAPSACK, budget=100_000, min_spend_percent=50)
    assert "Spend at least £50,000" in ballot_problems(rules, {1: 30_000, 2: 50_000}, {1})[0]
    assert ballot_problems(rules, {1: 30_000, 2: 50_000}, {2}) == []


def test_approval_limits_and_item_counts_are_each_named():
    rules = Rules(kind=APPROVAL, budget=1, max_approvals=2, min_items=2)
    costs = {1: 5, 2: 5, 3: 5}
    assert ballot_problems(rules, costs, {1, 2, 3}) == ["You can choose up to 2 items; you chose 3."]
    assert ballot_problems(rules, costs, {1}) == ["Choose at least 2 items; you chose 1."]
    assert ballot_problems(rules, costs, set()) == ["Choose at least one item."]
    assert ballot_problems(rules, costs, {1, 99}) == [
        "Some of your choices are not on this ballot. Choose again from the list.",
        "Choose at least 2 items; you chose 1.",
    ]


rules_strategy = st.builds(
    Rules,
    kind=st.sampled_from([KNAPSACK, APPROVAL]),
    budget=st.integers(1, 500),
    min_spend_percent=st.one_of(st.none(), st.integers(1, 100)),
    max_approvals=st.one_of(st.none(), st.integers(1, 6)),
    min_items=st.one_of(st.none(), st.integers(1, 4)),
    max_items=st.one_of(st.none(), st.integers(1, 6)),
)


@given(
    rules=rules_strategy,
    costs=st.dictionaries(st.integers(1, 12), st.integers(1, 200), min_size=1, max_size=10),
    chosen=st.sets(st.integers(0, 14), max_size=10),
)
def test_no_ballot_that_passes_the_check_breaks_a_rule(rules, costs, chosen):
    if ballot_problems(rules, costs, chosen):
        return
    total = sum(costs[i] for i in chosen)
    assert chosen and chosen <= set(costs)
    if rules.kind == KNAPSACK:
        assert total <= rules.budget
        assert total >= rules.budget * (rules.min_spend_percent or 0) / 100
    elif rules.max_approvals:
        assert len(chosen) <= rules.max_approvals
    assert len(chosen) >= (rules.min_items or 0)
    assert len(chosen) <= (rules.max_items or len(chosen))


elections = st.fixed_dictionaries(
    {
        "costs": st.dictionaries(st.integers(1, 15), st.integers(1, 100), min_size=1, max_size=12),
        "ballots": st.lists(st.sets(st.integers(1, 15), max_size=8), max_size=60),
        "budget": st.integers(0, 400),
    }
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(election=elections)
def test_neither_count_ever_spends_more_than_the_budget(election):
    costs, ballots, budget = election["costs"], election["ballots"], election["budget"]
    for outcome in (greedy(costs, ballots, budget), equal_shares(costs, ballots, budget)):
        assert sum(costs[i] for i in outcome.winners) == outcome.spent <= budget
        assert len(set(outcome.winners)) == len(outcome.winners)
        for item in outcome.winners:
            assert outcome.items[item].votes > 0
            assert budgeting.explain(outcome.items[item], outcome).startswith("Won")


@given(election=elections)
def test_greedy_stops_only_when_nothing_else_with_votes_fits(election):
    costs, ballots, budget = election["costs"], election["ballots"], election["budget"]
    outcome = greedy(costs, ballots, budget)
    left = budget - outcome.spent
    for item, result in outcome.items.items():
        if item not in outcome.winners and result.votes:
            assert costs[item] > left
