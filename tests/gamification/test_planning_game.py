"""The planning game: moves never pass the budget and say why, the board re-projects with the
player's objectives, plans are saved, shared to the gallery and to a consultation (where they
appear in its results), compared with a policy scenario, counted for policy leads, and who may
see or change a plan."""

import csv
import io

import pytest
from django.utils import timezone

from engagement.models import Consultation
from gamification import game, game_plans
from gamification.models import GameChoice, GamePlan
from tests.engagement_testapp.models import Thing
from twin.models import Scenario
from twin.reference import reference_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def twin(district):
    reference_load()
    return district


def _post(client, data, **extra):
    return client.post("/plan/play/", data, **extra)


def test_anyone_can_play_by_keyboard_and_plus_adds_a_step(client_for, anonymous, twin):
    client = client_for(anonymous)
    page = client.get(f"/plan/play/?area={twin.pk}&budget=500000&objective=green_blue_space")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="more-street-trees"' in html and "Add 10 tree of Street tree planting" in html
    response = _post(
        client, {"area": twin.pk, "budget": 500_000, "objective": "green_blue_space", "more": "street-trees"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="q_street-trees" type="text" inputmode="decimal" value="10"' in html
    assert "£12,000 of £500,000 spent" in html
    assert 'data-theme="green_blue_space"' in html  # the balance table


def test_a_move_past_the_budget_is_undone_and_explained(client_for, resident, twin):
    client = client_for(resident)
    data = {
        "area": twin.pk,
        "budget": 2_000_000,
        "was_bus-priority": "0.5",
        "q_bus-priority": "0.5",
        "more": "bus-priority",
    }
    response = _post(client, data)  # 1 km would cost £2,500,000
    html = response.content.decode()
    assert response.status_code == 400
    assert "That change was not made" in html
    assert (
        "Bus priority and protected cycle lane: 1 km would cost £2,500,000, "
        "£500,000 more than the budget of £2,000,000 allows." in html
    )
    assert 'name="q_bus-priority" type="text" inputmode="decimal" value="0.5"' in html
    assert "£1,250,000 of £2,000,000 spent" in html


def test_a_typed_quantity_that_is_not_a_number_keeps_the_last_one(client_for, resident, twin):
    response = _post(
        client_for(resident), {"area": twin.pk, "budget": 500_000, "was_street-trees": "20", "q_street-trees": "lots"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="20"' in html and "Street tree planting:" in html


def test_a_smaller_budget_than_the_plan_spends_is_refused(client_for, resident, twin):
    data = {
        "area": twin.pk,
        "budget": 250_000,
        "was_budget": 2_000_000,
        "was_home-retrofit": "20",
        "q_home-retrofit": "20",
    }
    html = _post(client_for(resident), data).content.decode()
    assert "Your plan costs £560,000, more than a budget of £250,000: remove something first." in html
    assert "£560,000 of £2,000,000 spent" in html


def test_htmx_moves_return_only_the_board(client_for, resident, twin):
    response = _post(
        client_for(resident), {"area": twin.pk, "budget": 500_000, "more": "ev-charging-hub"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="game-board"')
    assert "Plan cost £45,000 of £500,000" in html


def test_objectives_change_the_score_not_the_cost(twin):
    items = game.catalogue()
    area = game.game_areas()[twin.pk]
    boards = [
        game.Board(area=area, budget=1_000_000, objectives=o, quantities={"ev-charging-hub": 10})
        for o in (["air_quality"], ["housing"])
    ]
    air, housing = (game.project(b, items, access=_open()) for b in boards)
    assert air["cost"] == housing["cost"] == 450_000
    assert air["score"] is not None and air["score"] > (housing["score"] or 0)
    assert air["balance"][0]["theme"] == "air_quality" and air["balance"][0]["rank"] == 1
    assert housing["balance"][0]["theme"] == "housing"
    assert any(b["theme"] == "air_quality" and not b["objective"] for b in housing["balance"])  # trade-offs show


def _open():
    from django.contrib.auth.models import AnonymousUser

    from twin.permissions import figure_access

    return figure_access(AnonymousUser())


def _saved(client, twin):
    response = _post(
        client, {"area": twin.pk, "budget": 500_000, "was_street-trees": "50", "q_street-trees": "50", "save": "1"}
    )
    assert response.status_code == 302
    return GamePlan.objects.latest("pk")


def test_saving_keeps_cost_score_and_ward_and_only_the_owner_sees_it(client_for, resident, neighbour, anonymous, twin):
    plan = _saved(client_for(resident), twin)
    assert plan.cost_gbp == 60_000 and plan.owner == resident
    assert list(plan.choices.values_list("intervention__code", "quantity")) == [("street-trees", 50.0)]
    assert client_for(resident).get(plan.get_absolute_url()).status_code == 200
    assert client_for(neighbour).get(plan.get_absolute_url()).status_code == 404
    assert client_for(anonymous).get(plan.get_absolute_url()).status_code == 404
    assert (
        client_for(neighbour)
        .post(f"/plan/{plan.pk}/edit/", {"area": twin.pk, "budget": 500_000, "save": "1"})
        .status_code
        == 404
    )
    assert client_for(neighbour).post(f"/plan/{plan.pk}/delete/").status_code == 404


def test_an_anonymous_player_is_asked_to_sign_in_with_the_board_kept(client_for, anonymous, twin):
    html = _post(client_for(anonymous), {"area": twin.pk, "budget": 500_000, "more": "street-trees"}).content.decode()
    assert "Sign in to save and share your plan" in html
    assert "q_street-trees%3D10" in html  # the board comes back after signing in
    resumed = client_for(anonymous).get(f"/plan/play/?area={twin.pk}&budget=500000&q_street-trees=10").content.decode()
    assert "£12,000 of £500,000 spent" in resumed


def test_sharing_to_the_gallery_and_a_consultation_shows_it_in_the_results(
    client_for, resident, neighbour, moderator, twin
):
    consultation = Consultation.objects.create(
        target=Thing.objects.create(title="Green plan"), title="Green plan", stage="open", results_visibility="live"
    )
    plan = _saved(client_for(resident), twin)
    response = client_for(resident).post(
        f"/plan/{plan.pk}/share/", {"gallery": "1", "consultation": consultation.pk, "note": "More trees please"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.shared_at and plan.consultation == consultation
    gallery = client_for(neighbour).get("/plan/").content.decode()
    assert f'href="/plan/{plan.pk}/"' in gallery and "Street tree planting: 50 tree" in gallery
    assert client_for(neighbour).get(plan.get_absolute_url()).status_code == 200
    results = client_for(neighbour).get(f"/engagement/consultations/{consultation.pk}/results/").content.decode()
    assert "1 plan from the planning game" in results and "Street tree planting: 50 tree" in results
    assert "More trees please" not in results  # notes are for staff
    assert (
        "More trees please"
        in client_for(moderator).get(f"/engagement/consultations/{consultation.pk}/results/").content.decode()
    )


def test_a_plan_cannot_go_to_a_closed_consultation_or_one_for_others(client_for, resident, twin, community_group):
    closed = Consultation.objects.create(target=Thing.objects.create(title="Old"), title="Old", stage="closed")
    members = Consultation.objects.create(
        target=Thing.objects.create(title="Members"), title="Members", stage="open", audience="organisations"
    )
    members.audience_organisations.set([community_group])
    plan = _saved(client_for(resident), twin)
    for consultation in (closed, members):
        response = client_for(resident).post(f"/plan/{plan.pk}/share/", {"consultation": consultation.pk}, follow=True)
        assert response.status_code == 200
        plan.refresh_from_db()
        assert plan.consultation is None
    page = client_for(resident).get(plan.get_absolute_url()).content.decode()
    assert "Old</option>" not in page and "Members</option>" not in page


def test_policy_leads_see_what_residents_chose_by_ward_and_export_it(
    client_for, resident, neighbour, policy_lead, twin
):
    _saved(client_for(resident), twin)
    _saved(client_for(neighbour), twin)
    assert client_for(resident).get("/plan/insights/").status_code == 403
    page = client_for(policy_lead).get("/plan/insights/").content.decode()
    assert "2 saved plans." in page and "Street tree planting" in page and "100%" in page
    rows = list(csv.DictReader(io.StringIO(client_for(policy_lead).get("/plan/insights.csv").content.decode())))
    assert (
        rows[0]["intervention"] == "Street tree planting"
        and rows[0]["plans"] == "2"
        and rows[0]["total_quantity"] == "100"
    )


def test_a_plan_is_compared_side_by_side_with_a_policy_scenario(client_for, resident, policy_lead, twin):
    plan = _saved(client_for(resident), twin)
    plan.shared_at = timezone.now()
    plan.save()
    scenario = Scenario.objects.create(title="Council green plan")
    scenario.plans.create(area=twin, interventions=[{"code": "pocket-park", "quantity": 500}])
    response = client_for(policy_lead).get(f"/plan/{plan.pk}/compare/?scenario={scenario.pk}", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Council green plan" in html and f"Residents&#x27; plan {plan.pk}" in html
    assert "scored with the council" in html
    # A private plan is not shown to other residents through the comparison either.
    private = _saved(client_for(resident), twin)
    from tests.factories import UserFactory

    other = client_for(UserFactory())
    response = other.get(f"/twin/scenarios/compare/?id={scenario.pk}&game={private.pk}")
    assert response.status_code == 302  # one column left: nothing to compare
    html = client_for(policy_lead).get(f"/twin/scenarios/compare/?id={scenario.pk}&game={private.pk}").content.decode()
    assert f"plan {private.pk}" in html  # policy leads may see any plan (insights)


def test_the_gallery_query_count_does_not_grow(client_for, resident, anonymous, twin, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client = client_for(anonymous)
        client.get("/plan/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/plan/").status_code == 200
        return len(captured)

    plan = _saved(client_for(resident), twin)
    GamePlan.objects.filter(pk=plan.pk).update(shared_at=timezone.now())
    small = count()
    for _ in range(5):
        more = _saved(client_for(resident), twin)
        GamePlan.objects.filter(pk=more.pk).update(shared_at=timezone.now())
    assert count() == small


def test_erasure_keeps_plans_given_to_consultations_unnamed(client_for, resident, twin):
    consultation = Consultation.objects.create(target=Thing.objects.create(title="C"), title="C", stage="open")
    kept = _saved(client_for(resident), twin)
    gone = _saved(client_for(resident), twin)
    game_plans.plan_share(owner=resident, plan=kept, gallery=True, consultation=consultation, note="mine")
    game_plans.user_plans_erase(user=resident)
    assert not GamePlan.objects.filter(pk=gone.pk).exists()
    kept.refresh_from_db()
    assert kept.owner is None and kept.note == "" and kept.consultation == consultation
    assert GameChoice.objects.filter(plan=kept).exists()
