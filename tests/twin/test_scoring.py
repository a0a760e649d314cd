"""Impact scores: the calculation, stored runs, batching and re-weighting."""

from datetime import UTC, datetime

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.themes import DEFAULT_PRIORITIES
from places.models import Area
from proposals import services as proposal_services
from proposals.models import PlanningProposal
from twin.models import DataSource, KpiObservation, ScoreRun, WeightSet
from twin.scoring import engine, service

pytestmark = pytest.mark.django_db
LABEL = "proposals.planningproposal"


@pytest.fixture
def observed(areas, reference):
    """Population and deprivation per LSOA, ward baselines for two KPIs."""
    source = DataSource.objects.create(name="test", kind="tabular", endpoint="project:x.csv")
    period = datetime(2025, 1, 1, tzinfo=UTC)
    rows = []
    for lsoa in Area.objects.filter(kind="lsoa"):
        rows.append(
            KpiObservation(
                kpi=reference["population"],
                area=lsoa,
                value=1500,
                period_start=period,
                period_end=period,
                source=source,
                retrieved_at=period,
            )
        )
        rows.append(
            KpiObservation(
                kpi=reference["imd_decile"],
                area=lsoa,
                value=1 if lsoa.code.startswith("W1") else 5,
                period_start=period,
                period_end=period,
                source=source,
                retrieved_at=period,
            )
        )
    for ward in ("W1", "W2"):
        rows.append(
            KpiObservation(
                kpi=reference["employment_rate"],
                area=areas[ward],
                value=60.0,
                period_start=period,
                period_end=period,
                source=source,
                retrieved_at=period,
            )
        )
    KpiObservation.objects.bulk_create(rows)
    return source


def _proposal(n, ward="W1", **effects):
    proposal = proposal_services.proposal_save(
        title=f"Scheme {n}",
        summary="s",
        status="consultation",
        themes=["jobs_skills"],
        geometry=Point(-1.845 if ward == "W1" else -1.815, 52.455, srid=4326),
        **effects,
    )
    return proposal


def test_engine_missing_is_never_zero_and_direction_counts():
    kpis = {
        "jobs": engine.KpiInfo("jobs", "Employment", "%", "jobs_skills", True),
        "co2": engine.KpiInfo("co2", "Emissions", "t", "energy_net_zero", False),
    }
    tables = engine.Tables(
        "t",
        [
            engine.Row("jobs_created", "jobs", 1.0, "percent_of_residents", "src"),
            engine.Row("tco2e_per_year", "co2", 1.0, "per_resident", "src"),
        ],
        {"jobs": 1.0, "co2": 0.1},
        kpis,
    )
    weights = {"jobs_skills": 50, "energy_net_zero": 50}
    context = engine.Context(["W1"], 1000.0, 1.0, {})
    result = engine.score({"jobs_created": 5, "tco2e_per_year": -50}, context, tables, weights)
    # 5 jobs / 1000 residents × 100 = 0.5 pp → 0.5; −50 t / 1000 = −0.05 t each, lower is better → +0.5
    assert result.contributions["jobs_skills"]["normalised"] == pytest.approx(0.5)
    assert result.contributions["energy_net_zero"]["normalised"] == pytest.approx(0.5)
    assert result.total == 50.0
    assert result.equity == pytest.approx(50 * 0.25 * 1.0)

    unknown = engine.score({"jobs_created": None, "tco2e_per_year": None}, context, tables, weights)
    assert unknown.total is None and "effect not stated: jobs_created" in unknown.missing

    no_people = engine.score({"jobs_created": 5}, engine.Context(["W1"], None, None, {}), tables, weights)
    assert no_people.total is None
    assert any("population unknown" in m for m in no_people.missing)


def test_reweighting_by_ranked_priorities():
    weights = engine.weights_from_priorities(["jobs_skills", "air_quality"], DEFAULT_PRIORITIES)
    assert sum(weights.values()) == pytest.approx(100)
    assert weights["jobs_skills"] > weights["air_quality"]
    contributions = {"jobs_skills": {"normalised": 0.5}, "air_quality": {"normalised": -1.0}}
    assert engine.reweighted(contributions, weights) == pytest.approx(round(66.67 * 0.5 - 33.33, 1), abs=0.1)


def test_rescore_stores_a_run_with_its_inputs_and_skips_unchanged(observed):
    proposal = _proposal(1, jobs_created=30)
    result = service.rescore(label=LABEL)
    assert result == {"label": LABEL, "items": 1, "considered": 1, "rescored": 1}
    run = ScoreRun.objects.get(object_id=proposal.pk, current=True)
    # 30 jobs × 0.556 ÷ 3,000 residents of W1 × 100 = 0.556 pp of a 1 pp bound → 0.556 × weight 20
    assert run.total == pytest.approx(20 * 30 * 0.556 / 3000 * 100, abs=0.1)
    assert run.area_codes == ["W1"]
    assert run.equity == pytest.approx(run.total * 0.25, abs=0.1)  # decile 1: the full uplift
    assert run.weight_set.version == 1 and run.coefficient_set.version == "2026.1"
    assert len(run.observation_ids) == 3  # the ward baseline and the two LSOA populations
    assert service.rescore(label=LABEL)["rescored"] == 0  # nothing changed: no new run

    PlanningProposal.objects.filter(pk=proposal.pk).update(jobs_created=60)
    assert service.rescore(label=LABEL, pks=[proposal.pk])["rescored"] == 1
    assert ScoreRun.objects.filter(object_id=proposal.pk).count() == 2
    assert ScoreRun.objects.filter(object_id=proposal.pk, current=True).get().total > run.total


def test_a_new_weight_set_rescores(observed, policy_lead):
    proposal = _proposal(1, jobs_created=30)
    service.rescore(label=LABEL)
    from twin import services as twin_services

    new = dict(WeightSet.objects.get().weights, jobs_skills=40, energy_net_zero=0)
    twin_services.weights_publish(user=policy_lead, weights=new, note="Jobs first this year")
    service.rescore(label=LABEL)
    run = ScoreRun.objects.get(object_id=proposal.pk, current=True)
    assert run.weight_set.version == 2
    assert run.total == pytest.approx(40 * 30 * 0.556 / 3000 * 100, abs=0.1)


@pytest.mark.parametrize("sizes", [(5, 40)])
def test_rescoring_queries_do_not_grow_with_the_batch(observed, sizes):
    counts = []
    for size in sizes:
        ScoreRun.objects.all().delete()
        PlanningProposal.objects.all().delete()
        for n in range(size):
            _proposal(n, ward="W1" if n % 2 else "W2", jobs_created=10 + n, trees=n)
        with CaptureQueriesContext(connection) as queries:
            assert service.rescore(label=LABEL)["rescored"] == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_kpi_refresh_rescores_through_the_signal(observed, http_services, django_capture_on_commit_callbacks):
    proposal = _proposal(1, jobs_created=30)
    service.rescore(label=LABEL)
    before = ScoreRun.objects.get(object_id=proposal.pk, current=True)
    # A sync stores a new employment rate for W1: the baseline changes and the proposal is re-scored.
    from twin import ingest

    http_services.services.csv_text = "area,period,value\nW1,2026,61.5\n"
    source = DataSource.objects.create(
        name="Employment",
        kind="tabular",
        endpoint=f"{http_services.base}/files/data.csv",
        parameters={
            "columns": {"area": "area", "period_column": "period", "kpi_code": "employment_rate", "value": "value"}
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest.source_sync(source=source).stored == 1
    after = ScoreRun.objects.get(object_id=proposal.pk, current=True)
    assert after.pk != before.pk
    baseline = next(line for line in after.lines if line.get("kpi_summary"))["baseline"]
    assert baseline == 61.5


def test_a_refresh_of_one_wards_figures_rescores_only_items_touching_that_ward(
    observed, http_services, django_capture_on_commit_callbacks, monkeypatch
):
    in_w1, in_w2 = _proposal(1, ward="W1", jobs_created=30), _proposal(2, ward="W2", jobs_created=30)
    service.rescore(label=LABEL)
    before = {p.pk: ScoreRun.objects.get(object_id=p.pk, current=True).pk for p in (in_w1, in_w2)}
    looked_at = []
    real_hash = service.inputs_hash
    monkeypatch.setattr(
        service, "inputs_hash", lambda subject, *args: looked_at.append(subject.pk) or real_hash(subject, *args)
    )
    from twin import ingest

    # An LSOA of W1 gets a new population: W1's residents change, W2's do not.
    http_services.services.csv_text = "area,period,value\nW1L0,2026,1800\n"
    source = DataSource.objects.create(
        name="Population",
        kind="tabular",
        endpoint=f"{http_services.base}/files/data.csv",
        parameters={"columns": {"area": "area", "period_column": "period", "kpi_code": "population", "value": "value"}},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest.source_sync(source=source).stored == 1
    assert looked_at == [in_w1.pk]  # the W2 item was not even considered
    assert ScoreRun.objects.get(object_id=in_w1.pk, current=True).pk != before[in_w1.pk]
    assert ScoreRun.objects.get(object_id=in_w2.pk, current=True).pk == before[in_w2.pk]
    assert service.wards_affected_by(["W1L0", "W2", "D", "nowhere"]) == {"W1", "W2"}  # the district: no ward


def test_an_idea_that_says_what_it_would_take_is_scored(
    observed, resident, client_for, django_capture_on_commit_callbacks
):
    from proposals.models import Idea
    from twin.models import Intervention

    trees = Intervention.objects.get(code="street-trees")
    client = client_for(resident)
    form = {
        "title": "Trees on Warwick Road",
        "description": "Shade and cleaner air.",
        "theme": "green_blue_space",
        "latitude": "52.455",
        "longitude": "-1.845",
        "intervention": trees.pk,
    }
    missing = client.post("/ideas/new/", form)
    assert missing.status_code == 422 and "Say how many" in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/ideas/new/", {**form, "intervention_quantity": "200"}).status_code == 302
    idea = Idea.all_objects.get()
    assert idea.effects == {"trees": 200}
    run = ScoreRun.objects.get(object_id=idea.pk, content_type__model="idea", current=True)
    assert run.area_codes == ["W1"] and run.total is not None and run.total > 0
    Idea.all_objects.filter(pk=idea.pk).update(hidden_at=None, held=False)
    page = client_for(None).get(f"/ideas/{idea.pk}/").content.decode()
    assert "What it would take: 200 × tree" in page and "Impact score" in page


def test_saving_a_proposal_rescores_it_in_celery(observed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = _proposal(1, jobs_created=30)
    first = ScoreRun.objects.get(object_id=proposal.pk, current=True)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_services.proposal_save(
            proposal=proposal,
            title=proposal.title,
            summary="s",
            status="consultation",
            themes=["jobs_skills"],
            geometry=proposal.geometry,
            jobs_created=90,
        )
    second = ScoreRun.objects.get(object_id=proposal.pk, current=True)
    assert second.pk != first.pk and second.total > first.total
