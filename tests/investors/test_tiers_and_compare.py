"""Tiers are a tested permission, not a hidden button: free, trial (running or ended) and premium
× saving comparisons; only administrators set tiers, only moderators verify; comparing two to four
opportunities shows only what the reader may see."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from investors import permissions, services
from investors.models import InvestorProfile, SavedComparison

TODAY = timezone.localdate()
TIERS = {
    "none": None,
    "free": ("free", None),
    "trial": ("trial", TODAY + timedelta(days=3)),
    "trial_ends_today": ("trial", TODAY),
    "trial_expired": ("trial", TODAY - timedelta(days=1)),
    "premium": ("premium", None),
}
PREMIUM = {"trial", "trial_ends_today", "premium"}


@pytest.fixture
def set_tier(administrator, firm):
    def set_(name):
        if TIERS[name] is not None:
            tier, ends = TIERS[name]
            services.tier_set(user=administrator, organisation=firm, tier=tier, trial_ends_on=ends)

    return set_


@pytest.mark.parametrize("tier", list(TIERS))
def test_saving_a_comparison_needs_a_premium_or_running_trial_tier(
    tier, set_tier, promoter, make_opportunity, client_for
):
    set_tier(tier)
    a, b = make_opportunity(title="A"), make_opportunity(title="B")
    assert permissions.has_premium(promoter) is (tier in PREMIUM)
    client = client_for(promoter)
    response = client.post("/invest/compare/saved/", {"title": "Heat and reuse", "o": [a.slug, b.slug]})
    if tier in PREMIUM:
        assert response.status_code == 302
        assert list(SavedComparison.objects.get(user=promoter).opportunities.order_by("title")) == [a, b]
        assert client.get("/invest/compare/saved/").status_code == 200
    else:
        assert response.status_code == 403
        assert not SavedComparison.objects.exists()
        assert client.get("/invest/compare/saved/").status_code == 403
        with pytest.raises(PermissionDenied):
            services.comparison_save(user=promoter, title="x", opportunities=[a, b])


def test_a_comparison_needs_two_to_four_and_says_so(set_tier, promoter, make_opportunity, client_for):
    set_tier("premium")
    a = make_opportunity(title="Only one")
    response = client_for(promoter).post("/invest/compare/saved/", {"title": "Lonely", "o": [a.slug]}, follow=True)
    assert "Choose two to four opportunities to compare." in response.content.decode()
    assert not SavedComparison.objects.exists()


def test_only_administrators_set_tiers_and_only_moderators_verify(
    firm, promoter, moderator, policy_lead, administrator, investor, client_for
):
    for who in (promoter, moderator, policy_lead, investor):
        with pytest.raises(PermissionDenied):
            services.tier_set(user=who, organisation=firm, tier="premium")
        response = client_for(who).post(f"/invest/profiles/{firm.slug}/", {"tier-tier": "premium"})
        assert response.status_code == 403
    for who in (promoter, policy_lead, investor):
        with pytest.raises(PermissionDenied):
            services.verify_set(user=who, organisation=firm, verified=True)
    client_for(administrator).post(
        f"/invest/profiles/{firm.slug}/", {"tier-tier": "trial", "tier-trial_ends_on": str(TODAY + timedelta(days=14))}
    )
    profile = InvestorProfile.objects.get(organisation=firm)
    assert profile.tier == "trial" and profile.tier_set_by == administrator
    assert profile.effective_tier(TODAY + timedelta(days=15)) == "free"  # it ends without anyone acting
    client_for(moderator).post(f"/invest/profiles/{firm.slug}/", {"verify": "yes"})
    assert InvestorProfile.objects.get(organisation=firm).verified


def test_a_trial_needs_an_end_date(firm, administrator, client_for):
    response = client_for(administrator).post(f"/invest/profiles/{firm.slug}/", {"tier-tier": "trial"})
    assert response.status_code == 200
    assert "Give the date the trial ends." in response.content.decode()


def test_members_edit_their_profile_and_nobody_else_does(firm, promoter, resident, areas, client_for):
    url = f"/invest/profiles/{firm.slug}/edit/"
    assert client_for(resident).get(url).status_code == 404
    response = client_for(promoter).post(
        url,
        {"kind": "both", "sectors": ["energy", "waste"], "investment_types": ["equity"], "ticket_min_gbp": "5",
         "ticket_max_gbp": "1", "areas": ["W1"]},
    )  # fmt: skip
    assert "The largest ticket must not be below the smallest." in response.content.decode()
    client_for(promoter).post(
        url,
        {"kind": "both", "sectors": ["energy", "nope"], "investment_types": ["equity"], "areas": ["W1"]},
    )
    assert not InvestorProfile.objects.filter(organisation=firm).exists()  # an unknown sector is refused
    client_for(promoter).post(
        url, {"kind": "both", "sectors": ["energy"], "investment_types": ["equity"], "areas": ["W1"]}
    )
    profile = InvestorProfile.objects.get(organisation=firm)
    assert profile.sectors == ["energy"] and [a.code for a in profile.areas.all()] == ["W1"]


def test_compare_shows_only_what_the_reader_may_see(make_opportunity, client_for, resident, promoter):
    a = make_opportunity(title="Published A")
    b = make_opportunity(title="Published B")
    draft = make_opportunity(title="Secret draft", status="draft")
    query = f"/invest/compare/?o={a.slug}&o={b.slug}&o={draft.slug}&o=nope"
    page = client_for(resident).get(query).content.decode()
    assert "Published A" in page and "Published B" in page and "Secret draft" not in page
    assert "Secret draft" in client_for(promoter).get(query).content.decode()


def test_someone_with_no_organisation_is_sent_to_create_one(resident, client_for):
    response = client_for(resident).get("/invest/new/")
    assert response.status_code == 302 and response.url == "/organisations/new/"


def test_a_saved_comparison_is_deleted_only_by_its_owner(set_tier, promoter, resident, make_opportunity, client_for):
    set_tier("premium")
    a, b = make_opportunity(title="A"), make_opportunity(title="B")
    comparison = services.comparison_save(user=promoter, title="Mine", opportunities=[a, b])
    assert client_for(promoter).post("/invest/compare/saved/", {"delete": "abc"}).status_code == 400
    assert client_for(promoter).post("/invest/compare/saved/", {"delete": str(comparison.pk + 1000)}).status_code == 404
    client_for(promoter).post("/invest/compare/saved/", {"delete": str(comparison.pk)})
    assert not SavedComparison.objects.exists()


def test_the_map_shows_the_same_filtered_set_as_the_list(make_opportunity, client):
    import json

    make_opportunity(title="Heat", sector="energy")
    make_opportunity(title="Reuse", sector="waste")
    make_opportunity(title="Draft", sector="energy", status="draft")
    collection = json.loads(client.get("/invest/features.geojson?sector=energy").content)
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["title"] for f in collection["features"]] == ["Heat"]
    assert collection["features"][0]["geometry"]["type"] == "Point"
    assert client.get("/invest/features.geojson?sector=nope").status_code == 400
    zipped = client.get("/invest/features.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]


def test_download_my_data_has_the_saved_comparisons_and_workflow_steps(
    set_tier, promoter, make_opportunity, client_for
):
    import json

    set_tier("premium")
    a, b = make_opportunity(title="A"), make_opportunity(title="B")
    services.comparison_save(user=promoter, title="Mine", opportunities=[a, b])
    data = json.loads(client_for(promoter).get("/account/data/download/").content)
    section = data["sections"]["investors"]
    assert section["saved_comparisons"][0]["name"] == "Mine"
    assert sorted(section["saved_comparisons"][0]["opportunities"]) == ["A", "B"]
    assert "A" in section["opportunities_created"]
    assert {"opportunity": "A", "to": "submitted"}.items() <= section["status_changes"][0].items()
