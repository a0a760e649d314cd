"""Licence tiers hold on every route that shows figures: route × tier × persona.

Each KPI's figures carry a value found nowhere else on the site; a person sees it only where
they may download the KPI's dataset (Open: everyone; Restricted: after accepting its terms;
Closed: with approved access). Scores still use restricted figures and say what they are based
on, with the way to get access."""

import csv
import io
import json

import pytest
from django.contrib.gis.geos import Point
from guardian.shortcuts import assign_perm

from places.models import Area
from proposals import services as proposal_services
from tests.factories import UserFactory
from twin import services
from twin.models import Dataset, KpiObservation, TermsAcceptance
from twin.scoring import service as scoring

# A figure per tier that appears nowhere else: (KPI, value, how templates and JSON print it).
FIGURES = {
    "open": ("employment_rate", 61.37, ["61.37"]),
    "restricted": ("emissions_per_person", 9.73, ["9.73"]),
    "closed": ("epc_c_share", 55.51, ["55.51"]),
}
PERSONAS = {
    "anonymous": set(),
    "resident": set(),  # signed in, nothing accepted
    "accepted_terms": {"restricted"},
    "granted_closed": {"restricted", "closed"},
    "policy_lead": set(),  # runs scenarios, but sees restricted data only like anyone else
}


@pytest.fixture
def world(data, policy_lead):  # noqa: F811
    for _tier, (code, value, _shown) in FIGURES.items():
        KpiObservation.objects.filter(kpi__code=code).update(value=value)
    w1 = Area.objects.get(code="W1")
    proposal = proposal_services.proposal_save(
        title="Homes and heat pumps",
        summary="s",
        status="consultation",
        themes=["housing"],
        geometry=Point(-1.845, 52.455, srid=4326),
        jobs_created=20,
        homes=50,
        tco2e_per_year=-200,
    )
    scoring.rescore(label="proposals.planningproposal")
    plans = [
        {
            "area": w1,
            "adjustments": [{"kpi": FIGURES[t][0], "mode": "absolute", "value": 1} for t in FIGURES],
            "interventions": [],
        }
    ]
    one = services.scenario_save(user=policy_lead, scenario=None, title="One", description="", plans=plans)
    two = services.scenario_save(user=policy_lead, scenario=None, title="Two", description="", plans=plans)
    return {"proposal": proposal, "scenarios": (one, two)}


def _person(name, policy_lead):
    if name == "anonymous":
        return None
    if name == "policy_lead":
        return policy_lead
    user = UserFactory()
    if name in ("accepted_terms", "granted_closed"):
        TermsAcceptance.objects.create(user=user, dataset=Dataset.objects.get(kpi__code=FIGURES["restricted"][0]))
    if name == "granted_closed":
        assign_perm("twin.download_dataset", user, Dataset.objects.get(kpi__code=FIGURES["closed"][0]))
    return user


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _routes(world) -> dict[str, str]:
    proposal, (one, two) = world["proposal"], world["scenarios"]
    return {
        "dashboard": "/twin/?area=W1&from=2019&to=2026",
        "scenario": f"/twin/scenarios/{one.pk}/",
        "compare": f"/twin/scenarios/compare/?id={one.pk}&id={two.pk}",
        "score page": f"/twin/scores/proposals.planningproposal/{proposal.pk}/",
        "score api": f"/api/v1/scores/proposals.planningproposal/{proposal.pk}/",
        "proposal page": f"/proposals/{proposal.slug}/",
        "proposal api": f"/api/v1/proposals/{proposal.slug}/",
    }


# Where each tier's KPI is shown at all, to the people who may see it.
SHOWN_ON = {
    "dashboard": {"open", "restricted", "closed"},
    "scenario": {"open", "restricted", "closed"},
    "compare": {"open", "restricted", "closed"},
    "score page": {"open", "restricted", "closed"},
    "score api": {"open", "restricted", "closed"},
    "proposal page": set(),  # the score's total and reach only
    "proposal api": set(),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_shows_a_figure_only_to_who_may_see_it(persona, world, client_for, policy_lead):
    client = client_for(_person(persona, policy_lead))
    for route, url in _routes(world).items():
        response = client.get(url)
        assert response.status_code == 200, (route, response.status_code)
        body = _body(response)
        for tier, (code, _value, printed) in FIGURES.items():
            visible = tier == "open" or tier in PERSONAS[persona]
            seen = any(text in body for text in printed)
            if visible and tier in SHOWN_ON[route]:
                assert seen, f"{persona} should see {code} ({tier}) on {route}"
            if not visible:
                assert not seen, f"{persona} sees {code} ({tier}) on {route}"
    score = client.get(_routes(world)["score api"]).json()
    withheld = {line["kpi"]: line.get("withheld") for line in score["lines"] if line.get("kpi_summary")}
    for tier, (code, _value, _printed) in FIGURES.items():
        visible = tier == "open" or tier in PERSONAS[persona]
        assert code in withheld, f"the score uses {code}"  # a score may still use any figure
        assert (withheld[code] is None) is visible
        if not visible:
            assert withheld[code]["tier"] == tier and withheld[code]["url"].startswith("/twin/data/")
    page = _body(client.get(_routes(world)["score page"]))
    assert ("which you do not have access to" in page) is (persona != "granted_closed")


@pytest.mark.parametrize("persona", PERSONAS)
def test_csv_and_observations_api_follow_the_same_rule(persona, world, client_for, policy_lead):
    client = client_for(_person(persona, policy_lead))
    for tier, (code, _value, printed) in FIGURES.items():
        visible = tier == "open" or tier in PERSONAS[persona]
        api = client.get(f"/api/v1/observations/?kpi={code}&area=W1")
        assert (api.status_code == 200) is visible, (code, api.status_code)
        if visible:
            assert printed[0] in json.dumps(api.json())
        table = client.get(f"/twin/kpis/{code}.csv?area=W1")
        if visible:
            rows = list(csv.reader(io.StringIO(_body(table))))
            assert any(printed[0] in row for row in rows), rows[:4]
        else:
            assert table.status_code == 302 and printed[0] not in _body(table)


def test_reach_withholds_people_when_population_is_restricted(world, client_for, resident):
    url = f"/api/v1/proposals/{world['proposal'].slug}/"
    assert client_for(None).get(url).json()["properties"]["reach"]["people"] is not None
    population = Dataset.objects.get(kpi__code="population")
    population.tier = "restricted"
    population.save()  # as the admin does: a tier change reaches every cached page and access
    reach = client_for(None).get(url).json()["properties"]["reach"]
    assert reach["people"] is None and reach["people_withheld"]["tier"] == "restricted"
    page = _body(client_for(resident).get(f"/proposals/{world['proposal'].slug}/"))
    assert "which you do not have access to" in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_without_a_filter_page_everything_the_person_may_see(persona, world, client_for, policy_lead):
    client = client_for(_person(persona, policy_lead))
    seen, url, pages = set(), "/api/v1/observations/?page_size=5", 0
    while url:
        body = client.get(url).json()
        seen |= {row["kpi"] for row in body["results"]}
        url, pages = body["next"], pages + 1
    assert pages > 1  # paged
    for tier, (code, _value, _printed) in FIGURES.items():
        assert (code in seen) is (tier == "open" or tier in PERSONAS[persona]), (persona, code)
    scores = client.get("/api/v1/scores/").json()
    assert scores["results"] and all(row["breakdown"].startswith("/api/v1/scores/") for row in scores["results"])
