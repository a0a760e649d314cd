"""Area pages and the data sources page show the required attribution."""

import pytest

from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

OGL_ATTRIBUTION = "Contains OS data © Crown copyright and database right 2023"


def test_map_page_lists_areas_and_attribution(client):
    AreaFactory(name="Small Heath", attributes={"population": 21507, "imd2025_score_popweighted": 53.46})
    html = client.get("/areas/").content.decode()
    assert "Small Heath" in html and "21,507" in html and "53.46" in html
    assert OGL_ATTRIBUTION in html
    assert 'id="area-map-wrapper" hidden' in html  # the map only appears when its script runs


def test_area_page_shows_children_and_approximate_flag(client):
    ward = AreaFactory(code="W1", name="Tyseley & Hay Mills")
    AreaFactory(code="TEED", kind="enterprise_zone", name="TEED (approximate)", parent=ward, approximate=True)
    html = client.get("/areas/TEED/").content.decode()
    assert "This boundary is approximate" in html
    assert "Tyseley &amp; Hay Mills" in html
    assert "TEED (approximate)" in client.get("/areas/W1/").content.decode()


def test_data_sources_page_gives_licence_and_attribution(client):
    html = client.get("/areas/data-sources/").content.decode()
    assert "Open Government Licence v3.0" in html
    assert "English Indices of Deprivation 2025" in html
    assert "NHS England ODS" in html
    assert "Ward and LSOA boundaries via NHS Birmingham and Solihull ICB (BSol.mapR)." in html
