"""/api/v1/areas/: GeoJSON, bbox filter, simplified geometry for small zooms, clear 400s."""

import pytest

from places.models import Area
from tests.factories import AreaFactory, square

pytestmark = pytest.mark.django_db


def test_it_lists_areas_as_geojson(client):
    AreaFactory(code="W1", name="Tyseley & Hay Mills", geometry=square(-1.84, 52.44, 0.03))
    body = client.get("/api/v1/areas/").json()
    assert body["type"] == "FeatureCollection"
    feature = body["features"][0]
    assert feature["id"] == "W1"
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert feature["properties"]["name"] == "Tyseley & Hay Mills"
    assert feature["properties"]["url"].endswith("/areas/W1/")


def test_it_filters_by_bbox_and_kind(client):
    AreaFactory(code="IN", geometry=square(-1.85, 52.45))
    AreaFactory(code="OUT", geometry=square(-0.1, 51.5))
    AreaFactory(code="LSOA", kind=Area.Kind.LSOA, geometry=square(-1.85, 52.45))
    body = client.get("/api/v1/areas/", {"in_bbox": "-1.9,52.4,-1.8,52.5", "kind": "ward"}).json()
    assert [f["id"] for f in body["features"]] == ["IN"]


def test_it_simplifies_geometry_at_small_zooms(client):
    # A circle-ish polygon with many vertices.
    from django.contrib.gis.geos import MultiPolygon, Point

    circle = Point(-1.83, 52.45, srid=4326).buffer(0.02, quadsegs=64)
    AreaFactory(code="C", geometry=MultiPolygon(circle, srid=4326))

    def vertices(params):
        geometry = client.get("/api/v1/areas/", params).json()["features"][0]["geometry"]
        return sum(len(ring) for polygon in geometry["coordinates"] for ring in polygon)

    full, city, region = vertices({}), vertices({"zoom": 12}), vertices({"zoom": 8})
    assert full > city > region >= 4


@pytest.mark.parametrize(
    "params, field",
    [
        ({"in_bbox": "a,b,c,d"}, "in_bbox"),
        ({"in_bbox": "1,2,3"}, "in_bbox"),
        ({"in_bbox": "nan,52,1,53"}, "in_bbox"),
        ({"in_bbox": "1,53,-1,52"}, "in_bbox"),
        ({"zoom": "-1"}, "zoom"),
        ({"zoom": "99"}, "zoom"),
        ({"kind": "planet"}, "kind"),
    ],
)
def test_it_answers_400_naming_the_bad_field(client, params, field):
    response = client.get("/api/v1/areas/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_unknown_area_is_404_json(client):
    response = client.get("/api/v1/areas/NOPE/")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("count", [3, 40])
def test_area_list_query_count_does_not_grow(client, django_assert_num_queries, count):
    parent = AreaFactory(kind=Area.Kind.DISTRICT, code="D")
    AreaFactory.create_batch(count, parent=parent)
    with django_assert_num_queries(2):  # count + page with parents joined
        body = client.get("/api/v1/areas/").json()
    assert len(body["features"]) == count + 1


@pytest.mark.parametrize("count", [3, 40])
def test_area_map_page_query_count_does_not_grow(client, django_assert_num_queries, count):
    AreaFactory.create_batch(count)
    with django_assert_num_queries(1):
        response = client.get("/areas/")
    assert response.status_code == 200
    assert response.content.decode().count('data-area-code="') == count


def test_responses_are_cached_until_an_area_changes(client, django_assert_num_queries):
    area = AreaFactory(code="W1", name="Old name")
    client.get("/api/v1/areas/")
    with django_assert_num_queries(0):
        assert client.get("/api/v1/areas/").json()["features"][0]["properties"]["name"] == "Old name"
    area.name = "New name"
    area.save()
    assert client.get("/api/v1/areas/").json()["features"][0]["properties"]["name"] == "New name"
