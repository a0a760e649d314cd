"""Alerts for new matches: a premium or trial tier to set one (and still at sending time), told
at once on publication or in one weekly digest, only for matching opportunities, never twice."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from engagement.models import Notification
from investors import services
from investors.models import OpportunityAlert


@pytest.fixture
def premium(administrator, firm):
    services.tier_set(user=administrator, organisation=firm, tier="premium")


def _alerts(user):
    return Notification.objects.filter(recipient=user, kind="opportunity_alert")


def test_setting_an_alert_needs_a_premium_or_trial_tier(promoter, client_for, firm):
    with pytest.raises(PermissionDenied):
        services.alert_save(user=promoter, name="Energy", filters={"sector": "energy"}, frequency="weekly")
    assert client_for(promoter).post("/invest/alerts/", {"name": "x", "frequency": "weekly"}).status_code == 403
    assert not OpportunityAlert.objects.exists()


def test_an_immediate_alert_tells_of_matching_publications_only(
    premium, promoter, make_opportunity, client_for, django_capture_on_commit_callbacks
):
    client_for(promoter).post(
        "/invest/alerts/", {"name": "Energy deals", "frequency": "immediate", "sector": "energy", "bogus": "x"}
    )
    alert = OpportunityAlert.objects.get(user=promoter)
    assert alert.filters == {"sector": "energy"}
    with django_capture_on_commit_callbacks(execute=True):
        make_opportunity(title="Heat network", sector="energy")
        make_opportunity(title="Reuse hub", sector="waste")
        make_opportunity(title="Solar draft", sector="energy", status="submitted")
    told = list(_alerts(promoter).values_list("title", flat=True))
    assert told == ["New opportunity for your alert “Energy deals”: Heat network"]


def test_the_weekly_digest_counts_new_matches_once(premium, promoter, make_opportunity, client_for):
    services.alert_save(user=promoter, name="Waste", filters={"sector": "waste"}, frequency="weekly")
    make_opportunity(title="Reuse hub", sector="waste")
    make_opportunity(title="Depot", sector="waste")
    make_opportunity(title="Heat", sector="energy")
    assert services.alerts_weekly(now=timezone.now() + timedelta(minutes=1)) == 1
    digest = _alerts(promoter).get()
    assert digest.title == "2 new opportunities this week for your alert “Waste”"
    assert digest.url == "/invest/?sector=waste&sort=newest"
    assert client_for(promoter).get(digest.url).status_code == 200
    assert services.alerts_weekly(now=timezone.now() + timedelta(days=7)) == 0  # nothing new: nothing sent
    assert _alerts(promoter).count() == 1


def test_a_lapsed_trial_stops_alerts(administrator, firm, promoter, make_opportunity):
    services.tier_set(user=administrator, organisation=firm, tier="trial", trial_ends_on=timezone.localdate())
    services.alert_save(user=promoter, name="All", filters={}, frequency="weekly")
    services.tier_set(
        user=administrator, organisation=firm, tier="trial", trial_ends_on=timezone.localdate() - timedelta(days=1)
    )
    make_opportunity(title="Anything")
    assert services.alerts_weekly(now=timezone.now() + timedelta(minutes=1)) == 0
    assert not _alerts(promoter).exists()


def test_alerts_are_deleted_only_by_their_owner(premium, promoter, client_for):
    alert = services.alert_save(user=promoter, name="Mine", filters={}, frequency="weekly")
    assert client_for(promoter).post("/invest/alerts/", {"delete": "junk"}).status_code == 400
    assert client_for(promoter).post("/invest/alerts/", {"delete": str(alert.pk + 99)}).status_code == 404
    client_for(promoter).post("/invest/alerts/", {"delete": str(alert.pk)})
    assert not OpportunityAlert.objects.exists()
