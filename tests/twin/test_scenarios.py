"""Policy what-if: weights and scenarios by persona, sliders that never touch observed data,
several areas, comparison, consultation, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from places.models import Area
from tests.twin.conftest import PERSONAS, persona_name
from twin import services
from twin.models import KpiObservation, Scenario, WeightSet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_weights_and_scenarios_permission_matrix(persona, client_for, data):
    client = client_for(persona)
    name = "anonymous" if not persona.is_authenticated else persona_name(persona)
    may_edit = name in {"policy_lead", "administrator"}
    assert client.get("/twin/weights/").status_code == 200
    weights = {f"w_{k}": v for k, v in WeightSet.objects.get().weights.items()}
    response = client.post("/twin/weights/", {**weights, "note": "test"})
    assert (response.status_code == 302) is may_edit
    assert WeightSet.objects.count() == (2 if may_edit else 1)
    new = client.get("/twin/scenarios/new/")
    assert (new.status_code == 200) is may_edit
    post = client.post("/twin/scenarios/new/", {"title": "T", "area": Area.objects.get(code="D").pk})
    assert (post.status_code == 302 and "/accounts/login" not in post.url) is may_edit
    assert Scenario.objects.count() == (1 if may_edit else 0)


def test_weights_must_add_up_to_100(client_for, policy_lead, data):
    weights = {f"w_{k}": v for k, v in WeightSet.objects.get().weights.items()}
    weights["w_jobs_skills"] = 90
    page = client_for(policy_lead).post("/twin/weights/", {**weights, "note": "too much"})
    assert page.status_code == 422 and "must add up to 100" in page.content.decode()
    assert WeightSet.objects.count() == 1


def test_scenario_sliders_project_without_touching_observed_data(client_for, policy_lead, data):
    before = list(KpiObservation.objects.order_by("pk").values_list("pk", "value"))
    client = client_for(policy_lead)
    ward = Area.objects.get(code="W1")
    a = f"a{ward.pk}-"
    form = {
        "title": "Jobs push",
        "area": ward.pk,
        a + "mode_employment_rate": "absolute",
        a + "adj_employment_rate": "2",
        a + "int_skills-hub": "100",
    }
    partial = client.post("/twin/scenarios/new/", form, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in html
    # observed 66 (2025) + 2 absolute + 100 local hires × 1.587 ÷ 2,000 residents × 100 = 75.9
    assert 'data-kpi="employment_rate"' in html and "75.9" in html
    bad = client.post("/twin/scenarios/new/", {**form, a + "adj_employment_rate": "500"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422
    client.post("/twin/scenarios/new/", form)
    client.post("/twin/scenarios/new/", {**form, "title": "Smaller", a + "adj_employment_rate": "1"})
    ids = list(Scenario.objects.values_list("pk", flat=True))
    compare = client_for(None).get(f"/twin/scenarios/compare/?id={ids[0]}&id={ids[1]}")
    assert compare.status_code == 200 and "Jobs push" in compare.content.decode()
    assert client_for(None).get(f"/twin/scenarios/compare/?id={ids[0]}").status_code == 302
    assert list(KpiObservation.objects.order_by("pk").values_list("pk", "value")) == before


def test_a_policy_lead_puts_a_scenario_to_consultation(client_for, policy_lead, resident, data):
    from engagement.models import Consultation

    scenario = Scenario.objects.create(title="Green streets", owner=policy_lead)
    scenario.plans.create(area=Area.objects.get(code="D"))
    client = client_for(policy_lead)
    page = client.get(f"/twin/scenarios/{scenario.pk}/")
    link = f"/engagement/twin.scenario/{scenario.pk}/consultations/new/"
    assert link in page.content.decode()
    assert client.get(link).status_code == 200
    assert client_for(resident).get(link).status_code == 403
    assert link not in client_for(resident).get(f"/twin/scenarios/{scenario.pk}/").content.decode()
    consultation = Consultation.objects.create(target=scenario, title="Should we plant 5,000 trees?", stage="open")
    assert consultation.target == scenario
    assert "Comments" in client_for(resident).get(f"/twin/scenarios/{scenario.pk}/").content.decode()


def test_moving_sliders_costs_the_same_queries_for_one_or_many_figures(client_for, policy_lead, data):
    client = client_for(policy_lead)
    ward = Area.objects.get(code="W1").pk
    a = f"a{ward}-"
    one = {"title": "T", "area": ward, a + "adj_employment_rate": "2", a + "int_street-trees": "100"}
    many = {**one, a + "adj_emissions_per_person": "-5", a + "adj_epc_c_share": "3", a + "int_home-retrofit": "50"}
    client.post("/twin/scenarios/new/", one, HTTP_HX_REQUEST="true")  # sign-in and permission caches warm
    counts = []
    for form in (one, many):
        with CaptureQueriesContext(connection) as queries:
            assert client.post("/twin/scenarios/new/", form, HTTP_HX_REQUEST="true").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_scenario_covers_several_areas_each_with_its_own_sliders(client_for, policy_lead, data):
    client = client_for(policy_lead)
    w1, w2 = Area.objects.get(code="W1"), Area.objects.get(code="W2")
    base = {"title": "Two wards", "description": "Jobs in W1, retrofit in W2", "area": [w1.pk]}
    base[f"a{w1.pk}-adj_employment_rate"] = "2"
    base[f"a{w1.pk}-mode_employment_rate"] = "absolute"
    # Adding an area brings the page back with every value kept and nothing saved.
    added = client.post("/twin/scenarios/new/", {**base, "add": "1", "add_area": w2.pk})
    html = added.content.decode()
    assert added.status_code == 200 and Scenario.objects.count() == 0
    assert f'name="a{w2.pk}-adj_employment_rate"' in html and 'value="Two wards"' in html
    slider = f'id="id_a{w1.pk}-adj_employment_rate" name="a{w1.pk}-adj_employment_rate" min="-50" max="50" step="0.5"'
    assert f'{slider} value="2"' in html
    # The same area twice, or none chosen: a clear error on the field, values kept.
    twice = client.post("/twin/scenarios/new/", {**base, "add": "1", "add_area": w1.pk})
    assert twice.status_code == 422 and "W1 is already in the scenario." in twice.content.decode()
    none = client.post("/twin/scenarios/new/", {**base, "add": "1", "add_area": ""})
    assert none.status_code == 422 and "Choose the area to add." in none.content.decode()
    both = {**base, "area": [w1.pk, w2.pk], f"a{w2.pk}-int_home-retrofit": "200"}
    # A slider moves: one projection per area, nothing saved.
    partial = client.post("/twin/scenarios/new/", both, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert partial.status_code == 200 and 'data-area="W1"' in html and 'data-area="W2"' in html
    assert Scenario.objects.count() == 0
    saved = client.post("/twin/scenarios/new/", {**both, "save": "1"})
    assert saved.status_code == 302
    scenario = Scenario.objects.get()
    plans = list(scenario.plans.values_list("area__code", "adjustments", "interventions"))
    assert plans == [
        ("W1", [{"kpi": "employment_rate", "mode": "absolute", "value": 2.0}], []),
        ("W2", [], [{"code": "home-retrofit", "quantity": 200.0}]),
    ]
    page = client_for(None).get(scenario.get_absolute_url()).content.decode()
    assert "Employment rate (aged 16–64): +2 " in page and "Home retrofit package: 200 × home" in page
    # Removing an area (before saving again) keeps the other's values; saving stores one area.
    removed = client.post(scenario.get_absolute_url(), {**both, "remove_area": str(w1.pk)})
    assert removed.status_code == 200 and f'name="a{w1.pk}-adj_employment_rate"' not in removed.content.decode()
    assert scenario.plans.count() == 2  # nothing saved yet
    client.post(scenario.get_absolute_url(), {**both, "area": [w2.pk], "save": "1"})
    assert list(scenario.plans.values_list("area__code", flat=True)) == ["W2"]


def test_a_scenario_needs_an_area_and_ignores_areas_it_may_not_cover(client_for, policy_lead, data, areas):
    client = client_for(policy_lead)
    lsoa = Area.objects.exclude(kind__in=[Area.Kind.DISTRICT, Area.Kind.WARD]).first()
    posted = {"title": "Nowhere", "area": [lsoa.pk] if lsoa else ["999999"], "save": "1"}
    page = client.post("/twin/scenarios/new/", posted)
    assert page.status_code == 422 and "Add at least one area to the scenario." in page.content.decode()
    assert Scenario.objects.count() == 0


def test_comparing_scenarios_lines_up_their_areas(client_for, policy_lead, data):
    w1, w2 = Area.objects.get(code="W1"), Area.objects.get(code="W2")
    one = services.scenario_save(
        user=policy_lead,
        scenario=None,
        title="W1 only",
        description="",
        plans=[
            {
                "area": w1,
                "adjustments": [{"kpi": "employment_rate", "mode": "percent", "value": 5}],
                "interventions": [],
            }
        ],
    )
    two = services.scenario_save(
        user=policy_lead,
        scenario=None,
        title="Both wards",
        description="",
        plans=[
            {
                "area": w1,
                "adjustments": [{"kpi": "employment_rate", "mode": "absolute", "value": 1}],
                "interventions": [],
            },
            {"area": w2, "adjustments": [], "interventions": [{"code": "street-trees", "quantity": 100}]},
        ],
    )
    with CaptureQueriesContext(connection) as queries:
        page = client_for(None).get(f"/twin/scenarios/compare/?id={one.pk}&id={two.pk}")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-area="W1"' in html and 'data-area="W2"' in html
    assert "not in this scenario" in html  # W2 is only in the second
    assert html.index('data-area="W1"') < html.index('data-area="W2"')
    assert len(queries) < 40, len(queries)


def test_each_area_of_a_scenario_adds_only_its_own_few_queries(client_for, policy_lead, data, areas):
    client = client_for(policy_lead)
    wards = [Area.objects.get(code="W1"), Area.objects.get(code="W2"), Area.objects.get(code="D")]
    form = {"title": "T"}
    for ward in wards:
        form[f"a{ward.pk}-adj_employment_rate"] = "2"
        form[f"a{ward.pk}-int_street-trees"] = "100"
    client.post("/twin/scenarios/new/", {**form, "area": [wards[0].pk]}, HTTP_HX_REQUEST="true")  # caches warm
    counts = []
    for n in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                "/twin/scenarios/new/", {**form, "area": [w.pk for w in wards[:n]]}, HTTP_HX_REQUEST="true"
            )
        assert response.status_code == 200
        counts.append(len(queries))
    # Each area adds only its own figures: one query for the newest period of each, at most four to
    # read it (the district has no figures of its own, so it reads its wards'); tables, weights and
    # catalogue are read once.
    assert counts[1] - counts[0] <= 5 and counts[2] - counts[1] <= 5, counts
