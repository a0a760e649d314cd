"""Racing ballots: fifty threads casting, changing and withdrawing ballots at once on real
PostgreSQL transactions never lose or double one, never leave a ballot half old and half new,
and the count reads exactly the rows. Its own file because it commits (see
tests/engagement/test_vote_races.py)."""

import pytest

from proposals.budgets import selectors, services
from proposals.budgets.models import Ballot, BallotChoice, BudgetItem
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.proposals.budget_fixtures import make_budget

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_people_casting_and_changing_ballots_at_once_lose_and_double_nothing(district):
    budget = make_budget(district)
    items = list(BudgetItem.objects.filter(budget=budget).order_by("pk").values_list("pk", flat=True))
    choices = [[items[0], items[1]], [items[2]], [items[1], items[3]], [items[0]], [items[3], items[1]]]
    people = UserFactory.create_batch(40)  # 10 of them race themselves in two threads

    def worker(i):
        person = people[i % 40]
        for round_ in range(5):
            services.ballot_cast(budget=budget, user=person, item_ids=choices[(i + round_) % len(choices)])
        if i % 7 == 0:
            services.ballot_withdraw(budget=budget, user=person)

    errors = run_together(worker, threads=50)
    assert errors == []
    ballots = Ballot.objects.filter(budget=budget)
    assert ballots.values("user").distinct().count() == ballots.count()  # nobody has two
    withdrawn = {i % 40 for i in range(50) if i % 7 == 0}
    never_withdrew = [people[i] for i in range(40) if i not in withdrawn]
    assert set(ballots.filter(user__in=never_withdrew).values_list("user", flat=True)) == {p.pk for p in never_withdrew}
    valid = {frozenset(c) for c in choices}
    for ballot in ballots:
        assert frozenset(ballot.choices.values_list("item_id", flat=True)) in valid  # whole, never mixed
    counted = selectors.budget_count(budget=budget)
    assert counted["ballots"] == ballots.count()
    votes = {r["item"]: r["votes"] for r in counted["greedy"]["items"]}
    for item in items:
        assert votes[item] == BallotChoice.objects.filter(item_id=item, ballot__budget=budget).count()
