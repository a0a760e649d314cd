"""Twin pages and API: permission matrix by persona and licence tier, query counts, CSV, scores."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from places.models import Area, Place
from proposals import services as proposal_services
from twin import reach as twin_reach
from twin import services
from twin.models import AccessRequest, Dataset, DataSource, DownloadLog, KpiObservation, Scenario, WeightSet
from twin.permissions import EVERYTHING
from twin.scoring import service as scoring

pytestmark = pytest.mark.django_db
PERSONAS = ["anonymous", "resident", "investor", "moderator", "policy_lead", "administrator"]


@pytest.fixture
def data(areas, reference):
    source = DataSource.objects.create(name="Demo series", kind="tabular", endpoint="project:x.csv", is_demo=True)
    rows = []
    for ward in ("W1", "W2"):
        for year in range(2019, 2026):
            start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year, 12, 31, tzinfo=UTC)
            for code, value in (
                ("employment_rate", 60 + year - 2019),
                ("emissions_per_person", 5 - (year - 2019) * 0.1),
                ("epc_c_share", 40.0),
            ):
                rows.append(
                    KpiObservation(
                        kpi=reference[code],
                        area=areas[ward],
                        value=value,
                        period_start=start,
                        period_end=end,
                        source=source,
                        retrieved_at=end,
                    )
                )
    for lsoa in Area.objects.filter(kind="lsoa"):
        t = datetime(2021, 3, 21, tzinfo=UTC)
        rows.append(
            KpiObservation(
                kpi=reference["population"],
                area=lsoa,
                value=1000,
                period_start=t,
                period_end=t,
                source=source,
                retrieved_at=t,
            )
        )
    KpiObservation.objects.bulk_create(rows)
    services.catalogue_sync()
    Dataset.objects.filter(slug="kpi-emissions_per_person").update(tier="restricted", terms="Do not republish.")
    Dataset.objects.filter(slug="kpi-epc_c_share").update(tier="closed")
    return source


def test_dashboard_shows_series_with_tables_and_hides_gated_data(client_for, resident, data):
    page = client_for(None).get("/twin/?area=D&from=2019&to=2025")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-kpi="employment_rate"' in html
    assert "combined from 2 areas" in html  # district = its two wards
    assert 'data-kpi="emissions_per_person"' not in html and "Restricted: sign in and accept the terms" in html
    csv_link = client_for(None).get("/twin/kpis/employment_rate.csv?area=W1&from=2020&to=2021")
    rows = list(csv.reader(io.StringIO(b"".join(csv_link.streaming_content).decode())))
    assert rows[1][:3] == ["kpi", "area_code", "area_name"] and [r[5] for r in rows[2:]] == ["61.0", "62.0"]


def test_dashboard_queries_do_not_grow_with_years(client_for, data):
    counts = []
    for years in ("from=2020&to=2022", "from=2015&to=2026"):
        cache.clear()  # both measured cold: nothing from the page cache or the visitors' access
        with CaptureQueriesContext(connection) as queries:
            assert client_for(None).get(f"/twin/?area=W1&{years}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 8, counts


def test_dashboard_bad_years_are_explained(client_for, data):
    page = client_for(None).get("/twin/?from=2025&to=2019&area=nowhere&theme=bogus")
    assert page.status_code == 200
    assert "must be the same year" in page.content.decode()


# persona × tier → may download?
TIER_MATRIX = {
    "open": dict.fromkeys(PERSONAS, True),
    "restricted": {p: p != "anonymous" for p in PERSONAS},  # after accepting the terms
    "closed": dict.fromkeys(PERSONAS, False),  # until a moderator approves a request
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize(
    "tier,slug",
    [("open", "kpi-employment_rate"), ("restricted", "kpi-emissions_per_person"), ("closed", "kpi-epc_c_share")],
)
def test_download_permission_matrix(persona, tier, slug, client_for, data):
    client = client_for(persona)
    if tier == "restricted" and persona.is_authenticated:
        assert client.get(f"/twin/data/{slug}/download/").status_code == 302  # back to the terms
        page = client.post(f"/twin/data/{slug}/", {"action": "terms"})
        assert page.status_code == 422 and "Tick the box" in page.content.decode()
        client.post(f"/twin/data/{slug}/", {"action": "terms", "accept": "on"})
    response = client.get(f"/twin/data/{slug}/download/")
    allowed = TIER_MATRIX[tier][persona.__class__.__name__ == "AnonymousUser" and "anonymous" or _name(persona)]
    assert (response.status_code == 200) is allowed, response.status_code
    api = client.get(f"/api/v1/observations/?kpi={slug.removeprefix('kpi-')}")
    assert (api.status_code == 200) is allowed
    if not allowed:
        assert api.status_code == 403 and "detail" in api.json()
    assert DownloadLog.objects.filter(dataset__slug=slug).count() == (1 if allowed else 0)


def _name(user):
    groups = set(user.groups.values_list("name", flat=True))
    for role in ("administrator", "policy_lead", "moderator", "investor"):
        if role in groups:
            return role
    return "resident"


def test_closed_dataset_access_request_approved_by_a_moderator(
    client_for, resident, moderator, policy_lead, data, django_capture_on_commit_callbacks, mailoutbox
):
    from django.core import mail

    from engagement.models import Notification

    slug = "kpi-epc_c_share"
    client = client_for(resident)
    empty = client.post(f"/twin/data/{slug}/", {"action": "access", "purpose": "  "})
    assert empty.status_code == 422
    client.post(f"/twin/data/{slug}/", {"action": "access", "purpose": "Retrofit research with the university"})
    again = client.post(f"/twin/data/{slug}/", {"action": "access", "purpose": "Again"})
    assert "already asked" in again.content.decode()
    access = AccessRequest.objects.get()
    assert client_for(policy_lead).get("/twin/data/requests/").status_code == 403
    assert (
        client_for(resident).post("/twin/data/requests/", {"request": access.pk, "decision": "approve"}).status_code
        == 403
    )
    assert client.get(f"/twin/data/{slug}/download/").status_code == 302
    moderator_client = client_for(moderator)
    assert "Retrofit research" in moderator_client.get("/twin/data/requests/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post("/twin/data/requests/", {"request": access.pk, "decision": "approve", "note": "OK"})
    assert client.get(f"/twin/data/{slug}/download/").status_code == 200
    # The person is told: in the app, and by email at once (their default for this kind).
    told = Notification.objects.get(recipient=resident, kind="data_access")
    assert "You can now download" in told.title and told.url == f"/twin/data/{slug}/" and told.body == "OK"
    assert told.email == "sent" and len(mail.outbox) == 1
    assert client_for(policy_lead).get(f"/twin/data/{slug}/download/").status_code == 302  # approval is per person


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_weights_and_scenarios_permission_matrix(persona, client_for, data):
    client = client_for(persona)
    name = "anonymous" if not persona.is_authenticated else _name(persona)
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


def test_download_my_data_and_erasure_cover_the_twin(client_for, resident, data):
    from accounts import services as account_services

    client = client_for(resident)
    client.post("/twin/data/kpi-emissions_per_person/", {"action": "terms", "accept": "on"})
    client.post("/twin/data/kpi-epc_c_share/", {"action": "access", "purpose": "Research"})
    client.get("/twin/data/kpi-emissions_per_person/download/")
    section = account_services.user_data_export(user=resident)["sections"]["twin"]
    assert [t["dataset"] for t in section["terms_accepted"]] == ["kpi-emissions_per_person"]
    assert section["access_requests"][0]["purpose"] == "Research"
    assert len(section["downloads"]) == 1
    account_services.account_erase(user=resident)
    assert not AccessRequest.objects.exists()
    assert DownloadLog.objects.get().user is None  # the count stays, the person goes


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
