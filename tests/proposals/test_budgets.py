"""Voting in a participatory budget, and publishing its results: rules refused with the rule
named, ballots changed and withdrawn with the tallies kept equal to the rows, both counts shown
and explained, winners turned into actions, exports, and query counts."""

import csv
import io

import pytest

from engagement.models import Notification
from proposals.budgets import selectors, services
from proposals.budgets.models import Ballot, BallotChoice, Budget, BudgetItem
from proposals.models import Milestone
from tests.factories import UserFactory
from tests.proposals.budget_fixtures import item_ids, make_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(district):
    return make_budget(district, min_spend_percent=50)


def _tallies_equal_rows(budget):
    counts = selectors.vote_counts(budget=budget)
    for item in BudgetItem.objects.filter(budget=budget):
        assert counts.get(item.pk, 0) == BallotChoice.objects.filter(item=item).count()
    assert selectors.ballot_count(budget=budget) == Ballot.objects.filter(budget=budget).count()


def test_an_over_budget_ballot_is_refused_with_the_rule_named_and_the_choices_kept(client_for, resident, budget):
    client = client_for(resident)
    chosen = item_ids(budget, "Trees", "Crossing", "Benches")  # £120,000 of £100,000
    response = client.post(f"/budgets/{budget.pk}/ballot/", {"item": chosen})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your ballot was not saved" in page
    assert "Your choices cost £120,000, which is £20,000 more than the budget of £100,000." in page
    for pk in chosen:
        assert (
            f'value="{pk}" data-cost' in page
            and f'id="item-{pk}" name="item" type="checkbox" value="{pk}" data-cost="' in page
        )
    assert page.count(" checked") >= 3
    assert not Ballot.objects.exists()
    # Fixed: drop the crossing.
    response = client.post(f"/budgets/{budget.pk}/ballot/", {"item": item_ids(budget, "Trees", "Benches")})
    assert response.status_code == 302
    assert selectors.my_choices(budget=budget, user=resident) == set(item_ids(budget, "Trees", "Benches"))
    _tallies_equal_rows(budget)


def test_a_ballot_under_the_minimum_spend_is_refused(client_for, resident, budget):
    response = client_for(resident).post(f"/budgets/{budget.pk}/ballot/", {"item": item_ids(budget, "Benches")})
    assert response.status_code == 400
    assert "Spend at least £50,000 (50% of the budget): add something." in response.content.decode()


def test_an_approval_ballot_over_its_limit_is_refused(client_for, resident, district):
    budget = make_budget(district, rule="approval", max_approvals=2)
    response = client_for(resident).post(
        f"/budgets/{budget.pk}/ballot/", {"item": item_ids(budget, "Trees", "Benches", "Crossing")}
    )
    assert response.status_code == 400
    assert "You can choose up to 2 items; you chose 3." in response.content.decode()


def test_a_hostile_item_id_is_a_clear_400(client_for, resident, budget):
    response = client_for(resident).post(f"/budgets/{budget.pk}/ballot/", {"item": ["1²"]})
    assert response.status_code == 400
    response = client_for(resident).post(f"/budgets/{budget.pk}/ballot/", {"item": ["999999"]})
    assert response.status_code == 400
    assert "not on this ballot" in response.content.decode()


def test_changing_and_withdrawing_a_ballot_keeps_tallies_equal_to_rows(client_for, resident, neighbour, budget):
    for person in (resident, neighbour):
        services.ballot_cast(budget=budget, user=person, item_ids=item_ids(budget, "Trees", "Benches"))
    services.ballot_cast(budget=budget, user=resident, item_ids=item_ids(budget, "Crossing", "Benches"))
    _tallies_equal_rows(budget)
    counts = selectors.vote_counts(budget=budget)
    assert counts[BudgetItem.objects.get(budget=budget, title="Benches").pk] == 2
    assert counts[BudgetItem.objects.get(budget=budget, title="Trees").pk] == 1
    response = client_for(resident).post(f"/budgets/{budget.pk}/ballot/", {"withdraw": "1"})
    assert response.status_code == 302
    _tallies_equal_rows(budget)
    assert Ballot.objects.filter(budget=budget).count() == 1


def _vote(budget, groups):
    for titles, people in groups:
        for _ in range(people):
            services.ballot_cast(budget=budget, user=UserFactory(), item_ids=item_ids(budget, *titles))


def test_publishing_counts_both_ways_explains_and_turns_winners_into_actions(client_for, moderator, district):
    budget = make_budget(district)
    # 6 want the crossing and benches; 4 want trees and the play area.
    _vote(budget, [(("Crossing", "Benches"), 6), (("Trees", "Play area"), 4)])
    client = client_for(moderator)
    response = client.post(f"/budgets/{budget.pk}/phase/", {"action": "publish"})
    assert "Close the vote before publishing the results." in [str(m) for m in response.wsgi_request._messages]
    client.post(f"/budgets/{budget.pk}/phase/", {"action": "close"})
    client.post(f"/budgets/{budget.pk}/phase/", {"action": "publish"})
    budget.refresh_from_db()
    assert budget.phase == Budget.Phase.RESULTS
    greedy = budget.results["greedy"]["winners"]
    shares = budget.results["equal_shares"]["winners"]
    titles = dict(BudgetItem.objects.values_list("pk", "title"))
    # Greedy: crossing (6) and benches (6) first, £80,000; trees £40,000 no longer fits.
    assert [titles[pk] for pk in greedy] == ["Benches", "Crossing"]
    # Equal shares: each of 10 voters has £10,000; the 4 have £40,000, enough for the trees.
    assert "Trees" in {titles[pk] for pk in shares}
    page = client.get(f"/budgets/{budget.pk}/results/").content.decode()
    assert "Funded only by equal shares" in page
    assert "its supporters could pay for it from their equal shares" in page
    assert "only £20,000 was left when its turn came; it costs £40,000." in page
    # The official count (equal shares) became actions on the ideas the items came from.
    for pk in shares:
        item = BudgetItem.objects.get(pk=pk)
        assert item.milestone is not None
        assert list(item.milestone.ideas.all()) == [item.idea]
    assert Milestone.objects.count() == len(shares)
    idea_page = client.get(BudgetItem.objects.get(pk=shares[0]).idea.get_absolute_url()).content.decode()
    assert "Funded by Green Streets Fund" in idea_page
    # Everyone who voted is told, once, with a link to the results.
    told = Notification.objects.filter(object_id=budget.pk, title__contains="are published")
    assert told.count() == Ballot.objects.filter(budget=budget).count() == 10
    assert {n.url for n in told} == {f"/budgets/{budget.pk}/results/"}
    # Published again: refused, nothing doubled.
    client.post(f"/budgets/{budget.pk}/phase/", {"action": "publish"})
    assert Milestone.objects.count() == len(shares)
    assert told.count() == 10


def test_results_csv_has_both_counts_and_wards(client_for, moderator, district):
    budget = make_budget(district, phase="counting")
    rows = list(
        csv.DictReader(io.StringIO(client_for(moderator).get(f"/budgets/{budget.pk}/results.csv").content.decode()))
    )
    assert [r["item"] for r in rows] and {"won_greedy", "won_equal_shares", "why_equal_shares"} <= set(rows[0])


def test_results_stay_hidden_while_voting_unless_live(client_for, resident, district):
    hidden = make_budget(district)
    live = make_budget(district, results_visibility="live")
    assert client_for(resident).get(f"/budgets/{hidden.pk}/results/").status_code == 403
    assert client_for(resident).get(f"/budgets/{live.pk}/results/").status_code == 200


def test_rules_cannot_change_once_voting_opened(client_for, moderator, budget):
    budget.amount_gbp = 5_000
    with pytest.raises(Exception, match="cannot change once voting has opened"):
        services.budget_save(editor=moderator, budget=budget)


def test_voting_cannot_open_without_items(client_for, moderator, district):
    budget = Budget.objects.create(title="Empty", description="x", area=district, amount_gbp=10_000, phase="review")
    response = client_for(moderator).post(f"/budgets/{budget.pk}/phase/", {"action": "advance"}, follow=True)
    assert "Add at least one costed item before voting opens." in response.content.decode()
    budget.refresh_from_db()
    assert budget.phase == "review"


def test_a_moderator_sets_up_a_budget_and_adds_an_item_from_an_idea(client_for, moderator, district):
    from tests.factories import IdeaFactory

    idea = IdeaFactory(title="Wildflower verges")
    client = client_for(moderator)
    response = client.post(
        "/budgets/new/",
        {
            "title": "Verges", "description": "Flowers", "area": district.pk, "amount_gbp": 50_000, "rule": "approval",
            "method": "greedy", "audience": "everyone", "results_visibility": "after_close",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "Say how many items a person may approve." in response.content.decode()
    response = client.post(
        "/budgets/new/",
        {
            "title": "Verges", "description": "Flowers", "area": district.pk, "amount_gbp": 50_000, "rule": "approval",
            "max_approvals": 3, "method": "greedy", "audience": "everyone", "results_visibility": "after_close",
        },
    )  # fmt: skip
    budget = Budget.objects.get(title="Verges")
    assert response.status_code == 302
    response = client.post(
        f"/budgets/{budget.pk}/items/new/",
        {"title": "Verges", "description": "Sow wildflowers", "cost_gbp": 8_000, "source": f"idea:{idea.pk}"},
    )
    assert response.status_code == 302
    item = budget.items.get()
    assert item.idea == idea and item.cost_gbp == 8_000


def test_the_budget_list_and_page_queries_do_not_grow(client_for, resident, district):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(path, client):
        client.get(path)  # warm: the first request after a change also refills what is cached by content version
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    client = client_for(resident)
    small = make_budget(district)
    counts_small = (count("/budgets/", client), count(f"/budgets/{small.pk}/", client))
    big = make_budget(district, results_visibility="live")
    for n in range(6):
        BudgetItem.objects.create(budget=big, title=f"Extra {n}", description="x", cost_gbp=1_000)
    _vote(big, [(("Trees", "Benches"), 5)])
    for _ in range(3):
        make_budget(district)
    assert (count("/budgets/", client), count(f"/budgets/{big.pk}/", client)) == counts_small
    results_small = count(f"/budgets/{make_budget(district, results_visibility='live').pk}/results/", client)
    assert count(f"/budgets/{big.pk}/results/", client) == results_small


def test_the_api_casts_refuses_and_withdraws_a_ballot(client_for, resident, anonymous, budget):
    url = f"/api/v1/budgets/{budget.pk}/ballot/"
    over = item_ids(budget, "Trees", "Crossing", "Benches")
    assert client_for(anonymous).put(url, {"items": over}, content_type="application/json").status_code in {401, 403}
    client = client_for(resident)
    response = client.put(url, {"items": over}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": ["Your choices cost £120,000, which is £20,000 more than the budget of £100,000. Remove something."]
    }
    assert client.put(url, {"items": ["x"]}, content_type="application/json").status_code == 400
    response = client.put(url, {"items": item_ids(budget, "Trees", "Benches")}, content_type="application/json")
    assert response.status_code == 200
    assert client.get(url).json() == {"items": sorted(item_ids(budget, "Trees", "Benches"))}
    detail = client.get(f"/api/v1/budgets/{budget.pk}/").json()
    assert detail["rules"]["min_spend_percent"] == 50 and len(detail["items"]) == 4
    assert client.get(f"/api/v1/budgets/{budget.pk}/results/").status_code == 403  # hidden until it closes
    assert client.delete(url).status_code == 204
    assert client.get(url).json() == {"items": None}


def test_the_api_results_once_closed(client_for, anonymous, district):
    budget = make_budget(district, phase="counting")
    _vote_closed = Ballot.objects.create(budget=budget, user=UserFactory())
    BallotChoice.objects.create(ballot=_vote_closed, item=budget.items.get(title="Trees"))
    data = client_for(anonymous).get(f"/api/v1/budgets/{budget.pk}/results/").json()
    assert data["ballots"] == 1 and data["published"] is False
    trees = budget.items.get(title="Trees").pk
    assert data["greedy"]["winners"] == [trees] and data["equal_shares"]["winners"] == [trees]
    assert data["equal_shares"]["items"][0]["why"]
