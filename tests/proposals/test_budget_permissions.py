"""Who may see a budget, vote in it, see its results and run it, in every phase: anonymous, a
resident, a resident outside the audience, a blocked resident, a moderator and a policy lead."""

import pytest
from django.utils import timezone

from proposals.budgets.models import Ballot
from tests.proposals.budget_fixtures import PHASES, item_ids, make_budget

pytestmark = pytest.mark.django_db
PERSONAS = ["anonymous", "resident", "outsider", "blocked", "moderator", "policy_lead"]


@pytest.fixture
def acting(request, client_for, resident, neighbour, group_admin, moderator, policy_lead, community_group):
    from accounts.models import Membership

    Membership.objects.get_or_create(organisation=community_group, user=resident)
    neighbour.blocked_at = timezone.now()
    neighbour.save(update_fields=["blocked_at"])
    Membership.objects.get_or_create(organisation=community_group, user=neighbour)
    Membership.objects.get_or_create(organisation=community_group, user=moderator)
    Membership.objects.get_or_create(organisation=community_group, user=policy_lead)
    people = {
        "anonymous": None,
        "resident": resident,
        "outsider": group_admin if False else None,
        "blocked": neighbour,
        "moderator": moderator,
        "policy_lead": policy_lead,
    }
    if request.param == "outsider":
        from tests.factories import UserFactory

        people["outsider"] = UserFactory(email="outsider@example.org")
    return request.param, client_for(people[request.param])


@pytest.fixture
def budget(request, district, community_group):
    made = make_budget(district, phase=request.param, audience="organisations")
    made.audience_organisations.set([community_group])
    return made


matrix = pytest.mark.parametrize(("acting", "budget"), [(p, s) for p in PERSONAS for s in PHASES], indirect=True)
STAFF = {"moderator", "policy_lead"}


@matrix
def test_seeing_a_budget(acting, budget):
    persona, client = acting
    expected = 404 if budget.phase == "draft" and persona not in STAFF else 200
    assert client.get(f"/budgets/{budget.pk}/").status_code == expected


@matrix
def test_casting_a_ballot(acting, budget):
    persona, client = acting
    response = client.post(f"/budgets/{budget.pk}/ballot/", {"item": item_ids(budget, "Trees", "Benches")})
    may_vote = budget.effective_phase == "vote" and persona in {"resident", "moderator", "policy_lead"}
    if budget.phase == "draft" and persona not in STAFF:
        assert response.status_code == 404
    elif may_vote:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    assert Ballot.objects.filter(budget=budget).count() == (1 if may_vote else 0)


@matrix
def test_seeing_results(acting, budget):
    persona, client = acting
    response = client.get(f"/budgets/{budget.pk}/results/")
    if budget.phase == "draft" and persona not in STAFF:
        assert response.status_code == 404
    elif persona in STAFF or budget.effective_phase in {"counting", "results"}:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@matrix
def test_running_a_budget(acting, budget):
    persona, client = acting
    before = (budget.phase, budget.vote_closes_at)
    response = client.post(f"/budgets/{budget.pk}/phase/", {"action": "advance"})
    budget.refresh_from_db()
    if persona == "anonymous":
        assert response.status_code in {302, 404}  # sign in first (a draft is not even there)
        assert (budget.phase, budget.vote_closes_at) == before
    elif persona in STAFF:
        assert response.status_code == 302
        moved = {"draft": "collect", "collect": "review", "review": "vote"}
        assert budget.phase == moved.get(before[0], before[0])
    else:
        assert response.status_code in {403, 404}
        assert (budget.phase, budget.vote_closes_at) == before
    item_page = client.get(f"/budgets/{budget.pk}/items/new/")
    assert item_page.status_code in ({200, 302} if persona in STAFF else {302, 403, 404})
