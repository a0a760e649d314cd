"""Opportunities scored by the twin from their net local effects (HCA additionality), the score
copied for the listing, its history explained, and the factors changed only by a policy lead."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from investors import additionality, selectors, services
from investors.models import AdditionalityFactors, Opportunity
from twin import selectors as twin_selectors
from twin.models import KpiObservation
from twin.scoring import service as scoring


def test_net_local_effects_follow_the_guide_formula():
    factors = additionality.Factors(Decimal("0.2"), Decimal("0.5"), Decimal("0.1"), Decimal("1.5"))
    net, lines = additionality.net_effects({"jobs_created": 100, "homes": 50, "trees": None}, factors)
    assert net == {"jobs_created": 54.0, "homes": 50}  # 100 × 0.8 × 0.5 × 0.9 × 1.5; homes as stated
    assert [(line.effect, line.netted) for line in lines] == [("jobs_created", True), ("homes", False)]
    assert additionality.calculation(100, factors) == "100 × (1 − 0.20) × (1 − 0.50) × (1 − 0.10) × 1.50 = 54"


def test_local_hires_replace_the_assumed_local_share_of_jobs(make_opportunity):
    both = make_opportunity(status="draft")
    jobs_only = make_opportunity(status="draft", title="Jobs only", local_hires=None)
    factors = additionality.DEFAULT_FACTORS
    assert "jobs_created" not in selectors.scored_effects(both, factors)
    assert selectors.scored_effects(both, factors)["local_hires"] == pytest.approx(40 * float(factors.ratio), abs=0.01)
    assert selectors.scored_effects(jobs_only, factors)["jobs_created"] == pytest.approx(
        120 * float(factors.ratio), abs=0.01
    )


def test_a_saved_opportunity_is_scored_and_its_score_copied_for_the_listing(data, make_opportunity):
    opportunity = make_opportunity(status="published")
    run = twin_selectors.current_score(opportunity)
    assert run is not None and run.total is not None
    assert Opportunity.objects.get(pk=opportunity.pk).impact_score == run.total
    # The run scored the net figures, not the promoter's gross ones.
    assert run.effects["local_hires"] == pytest.approx(40 * float(additionality.DEFAULT_FACTORS.ratio), abs=0.01)


def test_the_history_says_which_figures_moved_the_score(data, reference, areas, make_opportunity):
    opportunity = make_opportunity(status="published", local_hires=None, jobs_created=400)
    first = Opportunity.objects.get(pk=opportunity.pk).impact_score
    # New employment figures for the ward arrive (a later year): a re-score after the refresh.
    KpiObservation.objects.create(
        kpi=reference["employment_rate"],
        area=areas["W1"],
        value=80.0,
        period_start=datetime(2026, 1, 1, tzinfo=UTC),
        period_end=datetime(2026, 12, 31, tzinfo=UTC),
        source=data,
        retrieved_at=datetime(2026, 12, 31, tzinfo=UTC),
    )
    scoring.rescore(label=services.LABEL, pks=[opportunity.pk])
    history = selectors.score_history(opportunity=opportunity)
    assert history[-1]["reason"] == "first"
    newest = history[0]
    assert newest["before"] == first
    assert newest["reason"] == "figures" and "Employment rate" in " ".join(newest["kpis"])


def test_only_a_policy_lead_changes_the_factors_and_every_change_is_kept(
    data, make_opportunity, policy_lead, moderator, promoter, django_capture_on_commit_callbacks
):
    # Small enough that no theme is at its bound, so the factors show in the score.
    opportunity = make_opportunity(
        status="published", jobs_created=3, local_hires=None, tco2e_per_year=None, energy_generated_mwh=None
    )
    before = Opportunity.objects.get(pk=opportunity.pk).impact_score
    for who in (moderator, promoter):
        with pytest.raises(PermissionDenied):
            services.additionality_set(
                user=who, leakage=0, displacement=0, deadweight=0, multiplier=1, note="No leakage at all."
            )
    with pytest.raises(ValidationError) as refused:
        services.additionality_set(user=policy_lead, leakage=2, displacement=0, deadweight=0, multiplier=1, note="x")
    assert "leakage" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.additionality_set(user=policy_lead, leakage=0, displacement=0, deadweight=0, multiplier=1, note=" ")
    assert "note" in refused.value.message_dict
    services.additionality_set(
        user=policy_lead,
        leakage="0.5",
        displacement="0.5",
        deadweight="0.5",
        multiplier="1",
        note="District appraisal.",
    )
    with django_capture_on_commit_callbacks(execute=True):  # every opportunity re-scored once it commits
        services.additionality_set(
            user=policy_lead, leakage="0.1", displacement="0.1", deadweight="0.1", multiplier="1.2", note="Revised."
        )
    log = list(AdditionalityFactors.objects.all())
    assert [r.note for r in log] == ["Revised.", "District appraisal."]
    assert all(r.changed_by == policy_lead for r in log)
    factors, row = selectors.additionality_current()
    assert row == log[0] and factors.multiplier == Decimal("1.2")
    after = Opportunity.objects.get(pk=opportunity.pk).impact_score
    assert after is not None and after != before  # re-scored with the new factors


def test_the_score_page_of_a_draft_is_only_for_its_promoter_and_moderators(
    data, make_opportunity, client_for, resident, promoter, moderator
):
    draft = make_opportunity(status="draft")
    url = f"/twin/scores/investors.opportunity/{draft.pk}/"
    assert client_for(resident).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404
    assert client_for(promoter).get(url).status_code == 200
    assert client_for(moderator).get(url).status_code == 200
