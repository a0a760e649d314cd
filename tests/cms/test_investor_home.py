"""The investors' home: opportunities matching the person's investment profile first, headline
figures of the district from the twin, and the news tagged with the profile's sectors and areas."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from investors.models import InvestorProfile, Opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    with override_settings(DEMO_DATA_ALLOWED=True):
        call_command("load_demo_data", stdout=open("/dev/null", "w"))


def test_a_visitor_sees_the_highest_impact_opportunities_figures_and_the_latest_news(client, demo):
    html = client.get("/investors/").content.decode()
    assert "Highest local impact" in html
    from django.db.models import F

    top = Opportunity.objects.filter(status="published").order_by(F("impact_score").desc(nulls_last=True)).first()
    assert top.title in html
    assert "The district in figures" in html and "Every figure, with charts and tables" in html
    assert "Civic Twin beta opens" in html  # untailored: the latest news


def test_an_investor_sees_what_matches_their_profile_and_news_tagged_with_it(client, demo):
    investor = User.objects.get(email="investor@example.org")
    profile = InvestorProfile.objects.get(organisation__members=investor)
    profile.sectors, profile.investment_types = ["energy"], ["ppp"]
    profile.save()
    client.force_login(investor)
    html = client.get("/investors/").content.decode()
    assert "Opportunities matching your profile" in html
    assert "Tyseley district heat network, phase 2" in html  # energy, public–private partnership
    assert "Reuse and repair hub" not in html  # waste, debt: not this profile's
    assert "Tagged with your sectors and areas: Energy and heat" in html
    assert "The Tyseley Environmental Enterprise District on the map" in html  # tagged energy
    assert "Civic Twin beta opens" not in html


def test_a_profile_nothing_matches_falls_back_to_the_highest_impact(client, demo):
    investor = User.objects.get(email="investor@example.org")
    InvestorProfile.objects.filter(organisation__members=investor).update(sectors=["health"], investment_types=[])
    client.force_login(investor)
    html = client.get("/investors/").content.decode()
    assert "Highest local impact" in html and "Civic Twin beta opens" in html


def test_the_home_page_queries_stay_flat_as_opportunities_grow(client, demo, django_assert_max_num_queries):
    from django.core.cache import cache

    investor = User.objects.get(email="investor@example.org")
    client.force_login(investor)
    cache.clear()
    with django_assert_max_num_queries(40) as before:
        client.get("/investors/")
    first = Opportunity.objects.filter(status="published").first()
    for n in range(5):
        first.pk, first.slug, first.title = None, "", f"Copy {n}"
        first.save()
    cache.clear()
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get("/investors/").status_code == 200
