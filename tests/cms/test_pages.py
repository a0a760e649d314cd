"""CMS pages: demo content is created idempotently and every page renders in the GOV.UK layout."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from cms.models import HomePage, NewsPage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    with override_settings(DEMO_DATA_ALLOWED=True):
        call_command("load_demo_data", "--skip-people", stdout=open("/dev/null", "w"))


def test_demo_data_is_idempotent(demo):
    counts = (HomePage.objects.count(), StandardPage.objects.count(), NewsPage.objects.count())
    with override_settings(DEMO_DATA_ALLOWED=True):
        call_command("load_demo_data", "--skip-people", stdout=open("/dev/null", "w"))
    assert (HomePage.objects.count(), StandardPage.objects.count(), NewsPage.objects.count()) == counts == (1, 5, 3)


@pytest.mark.parametrize(
    "url, text",
    [
        ("/", "Have your say on the future of East Birmingham"),
        ("/about/", "Every number can be checked"),
        ("/privacy/", "download everything we hold about you"),
        ("/accessibility/", "WCAG"),
        ("/cookies/", "civic_language"),
        ("/teed/", "approximate"),
        ("/news/", "English Indices of Deprivation 2025 now on the area map"),
    ],
)
def test_pages_render_with_layout(client, demo, url, text):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert text in html
    assert 'class="govuk-skip-link"' in html
    assert "govuk-phase-banner" in html
    assert 'href="/accessibility/"' in html and 'href="/privacy/"' in html and 'href="/cookies/"' in html
    assert "GDS Transport" not in html


def test_home_shows_deprivation_fact_computed_from_data(client, demo):
    assert "109 of 161" in client.get("/").content.decode()


def test_news_filters_by_sector_and_area_tags(client, demo):
    html = client.get("/news/?sector=energy").content.decode()
    assert "The Tyseley Environmental Enterprise District on the map" in html
    assert "Civic Twin beta opens" not in html
    html = client.get("/news/?area=east-birmingham").content.decode()
    assert "Civic Twin beta opens" in html and "Tyseley Environmental Enterprise District on the map" not in html


def test_news_index_query_count_is_bounded(client, demo, django_assert_max_num_queries):
    client.get("/news/")
    with django_assert_max_num_queries(20):
        assert client.get("/news/").status_code == 200


def test_demo_data_refuses_to_run_in_production(db):
    from django.core.management import CommandError

    with override_settings(DEBUG=False, DEMO_DATA_ALLOWED=False), pytest.raises(CommandError):
        call_command("load_demo_data")
