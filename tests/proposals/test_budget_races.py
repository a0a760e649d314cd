"""Racing ballots: fifty threads casting and changing ballots at once on real PostgreSQL
transactions never lose or double one, and the tallies always equal the rows. Its own file
because it commits (see tests/engagement/test_vote_races.py)."""

import pytest

from proposals.budgets import services
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
    budget.refresh_from_db()
    ballots = Ballot.objects.filter(budget=budget)
    assert budget.ballot_count == ballots.count()
    assert ballots.values("user").distinct().count() == ballots.count()
    for item in BudgetItem.objects.filter(budget=budget):
        assert item.vote_count == BallotChoice.objects.filter(item=item).count()
    withdrawn = {i % 40 for i in range(50) if i % 7 == 0}
    # Everyone who did not withdraw last has exactly one ballot (a racing twin may have voted again).
    assert ballots.count() >= 40 - len(withdrawn)
