"""Projected against actual: a promoter records delivery; the twin compares each change the score
projected with what it has observed in the opportunity's wards since delivery started."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from investors import services
from twin import delivery
from twin import selectors as twin_selectors
from twin.permissions import figure_access


def test_only_the_promoter_or_a_moderator_records_delivery_of_a_published_opportunity(
    make_opportunity, promoter, resident, moderator
):
    published = make_opportunity(title="Heat")
    with pytest.raises(PermissionDenied):
        services.delivery_set(user=resident, opportunity=published, stage="completed", started_on=date(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.delivery_set(user=promoter, opportunity=published, stage="completed", started_on=None)
    with pytest.raises(ValidationError):
        services.delivery_set(
            user=promoter, opportunity=published, stage="in_delivery", started_on=date.today() + timedelta(days=2)
        )
    draft = make_opportunity(title="Draft", status="draft")
    with pytest.raises(ValidationError):
        services.delivery_set(user=promoter, opportunity=draft, stage="in_delivery", started_on=date(2024, 1, 1))
    services.delivery_set(user=moderator, opportunity=published, stage="in_delivery", started_on=date(2024, 1, 1))
    assert [d.title for d in delivery.delivered()] == ["Heat"]


def test_projected_beside_observed_since_delivery_started(data, make_opportunity, promoter, client, client_for):
    opportunity = make_opportunity(title="Heat", local_hires=None, jobs_created=300)
    # The demo series: employment 60 % in 2019 rising a point a year to 66 % in 2025, in ward W1.
    client_for(promoter).post(
        f"{opportunity.get_absolute_url()}delivery/",
        {"delivery_stage": "completed", "delivery_started_on": "2023-06-01"},
    )
    [comparison] = delivery.compare(delivery.delivered(), access=figure_access(AnonymousUser()))
    row = next(r for r in comparison.rows if r["kpi"] == "employment_rate")
    run = twin_selectors.current_score(opportunity)
    projected = next(
        line["change"] for line in run.lines if line.get("kpi_summary") and line["kpi"] == "employment_rate"
    )
    assert row["projected"] == pytest.approx(projected)
    assert row["observed"] == pytest.approx(66 - 63)  # 2025 minus 2022, the last figure before June 2023
    assert row["gap"] == pytest.approx(3 - projected)
    assert row["wards"] == 1
    page = client.get(opportunity.get_absolute_url()).content.decode()
    assert "Projected against what has happened" in page and "Change in an area has many causes" in page


def test_the_policy_leads_list_of_delivered_items(data, make_opportunity, promoter, policy_lead, resident, client_for):
    lead = client_for(policy_lead)
    lead.get("/twin/delivered/")  # signed in and warmed: what is counted is the page itself

    def count():
        lead.get("/twin/delivered/")  # whatever the last change made stale is read again here…
        with CaptureQueriesContext(connection) as queries:  # …so both counts are of the same path
            response = lead.get("/twin/delivered/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    for i in range(3):
        o = make_opportunity(title=f"Delivered {i}")
        services.delivery_set(user=promoter, opportunity=o, stage="completed", started_on=date(2023, 6, 1))
        if i == 0:
            few, page = count()
            assert "Delivered 0" in page
    many, page = count()
    assert many == few and "Delivered 2" in page
    assert client_for(resident).get("/twin/delivered/").status_code == 403


def test_figures_the_reader_may_not_see_are_withheld(data, make_opportunity, promoter, client):
    # The twin fixture makes emissions per person a restricted dataset: anonymous readers see the
    # projected change but not the observed one, and are told how to get access.
    opportunity = make_opportunity(title="Heat", local_hires=None, jobs_created=300, tco2e_per_year=-5000)
    services.delivery_set(user=promoter, opportunity=opportunity, stage="completed", started_on=date(2023, 6, 1))
    [comparison] = delivery.compare(delivery.delivered(), access=figure_access(AnonymousUser()))
    emissions = next(r for r in comparison.rows if r["kpi"] == "emissions_per_person")
    assert emissions["observed"] is None and emissions["withheld"]["tier"] == "restricted"
    assert emissions["projected"] is not None
    employment = next(r for r in comparison.rows if r["kpi"] == "employment_rate")
    assert employment["observed"] is not None and employment["withheld"] is None


def test_a_completed_planning_proposal_is_set_beside_what_the_twin_observed(
    data, make_opportunity, policy_lead, client, client_for, django_capture_on_commit_callbacks
):
    from django.contrib.gis.geos import Point

    from proposals import services as proposal_services

    with django_capture_on_commit_callbacks(execute=True):  # scored after commit
        proposal = proposal_services.proposal_save(
            title="Employment hub", summary="Training and workspace.", status="completed", jobs_created=300,
            geometry=Point(-1.845, 52.455, srid=4326), delivery_started_on=date(2023, 6, 1),
        )  # fmt: skip
    items = delivery.delivered()
    assert [(d.label, d.title, d.stage) for d in items] == [
        ("proposals.planningproposal", "Employment hub", "completed")
    ]
    [comparison] = delivery.compare(items, access=figure_access(AnonymousUser()))
    row = next(r for r in comparison.rows if r["kpi"] == "employment_rate")
    assert row["observed"] == pytest.approx(66 - 63)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Projected against what has happened" in page and "Change in an area has many causes" in page
    assert "Employment hub" in client_for(policy_lead).get("/twin/delivered/").content.decode()
    # Not delivered (no date, or still being decided): not compared.
    proposal_services.proposal_save(proposal=proposal, delivery_started_on=None)
    assert delivery.delivered() == []
