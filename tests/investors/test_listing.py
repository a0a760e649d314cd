"""The public listing: only published opportunities, every filter, sorting by score, bad filter
values answered with a message (never a 500), and a fixed number of queries however many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from investors.models import Opportunity


@pytest.fixture
def listed(make_opportunity):
    a = make_opportunity(title="Heat network", sector="energy", investment_type="equity")
    b = make_opportunity(
        title="Recycling hub", sector="waste", investment_type="debt", scale_min_gbp=100_000, scale_max_gbp=800_000,
        planning_status="full", decision_time="now",
    )  # fmt: skip
    c = make_opportunity(title="Draft depot", status="draft")
    Opportunity.objects.filter(pk=a.pk).update(impact_score=12.5)
    Opportunity.objects.filter(pk=b.pk).update(impact_score=30.0)
    return a, b, c


def _titles(client, query=""):
    response = client.get(f"/invest/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    return [t for t in ("Heat network", "Recycling hub", "Draft depot") if t in html], html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Heat network", "Recycling hub"]),
        ("?sector=waste", ["Recycling hub"]),
        ("?investment_type=equity", ["Heat network"]),
        ("?scale_band=under_1m", ["Recycling hub"]),
        ("?scale_band=10m_50m", ["Heat network"]),
        ("?planning_status=outline", ["Heat network"]),
        ("?decision_time=now", ["Recycling hub"]),
        ("?min_score=20", ["Recycling hub"]),
        ("?area=W1", ["Heat network", "Recycling hub"]),
        ("?area=W2", []),
    ],
)
def test_filters(listed, client, query, expected):
    titles, _html = _titles(client, query)
    assert titles == expected


def test_sorted_by_score_then_newest(listed, client):
    _titles_, html = _titles(client)
    assert html.index("Recycling hub") < html.index("Heat network")
    _titles_, html = _titles(client, "?sort=newest")
    assert html.index("Heat network") > html.index("Recycling hub")  # b was created after a


@pytest.mark.parametrize(
    "query",
    ["?sector=nope", "?min_score=abc", "?min_score=1e309", "?min_score=-500", "?area=x", "?page=99999", "?sort=x"],
)
def test_bad_filters_are_a_message_not_an_error(listed, client, query):
    response = client.get(f"/invest/{query}")
    assert response.status_code == 200
    if "page" not in query:
        assert "govuk-error-summary" in response.content.decode()


def test_the_listing_reads_a_fixed_number_of_queries(make_opportunity, client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/invest/?sort=score").status_code == 200
        return len(queries)

    make_opportunity(title="One")
    few = count()
    for i in range(6):
        make_opportunity(title=f"More {i}")
    assert count() == few
