"""Site boundaries: drawn on the map (sent as GeoJSON), typed as corners, or uploaded as a GeoJSON
file, through one parser (places/sites.py) into the opportunity's geometry and its areas."""

import json

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from investors.models import Opportunity
from places import sites

# Inside ward W1 of the test district (-1.86..-1.83, 52.44..52.47), touching LSOA W1L0 only.
SQUARE = [[-1.850, 52.445], [-1.845, 52.445], [-1.845, 52.450], [-1.850, 52.450], [-1.850, 52.445]]
TYPED = "52.445, -1.850\n52.445, -1.845\n52.450 -1.845\n\n52.450;-1.850\n"


def test_geojson_polygon_feature_and_collection_are_read():
    polygon = {"type": "Polygon", "coordinates": [SQUARE]}
    for document in (
        polygon,
        {"type": "Feature", "properties": {}, "geometry": polygon},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": None, "geometry": polygon}]},
    ):
        geometry = sites.parse_site(json.dumps(document))
        assert isinstance(geometry, Polygon) and geometry.srid == 4326
        assert geometry.coords[0][0] == (-1.85, 52.445)


def test_typed_corners_are_latitude_then_longitude_and_the_ring_is_closed():
    geometry = sites.parse_site(TYPED)
    assert geometry.coords[0] == ((-1.85, 52.445), (-1.845, 52.445), (-1.845, 52.45), (-1.85, 52.45), (-1.85, 52.445))


def test_multipolygon_unclosed_ring_and_heights():
    other = [[-1.840, 52.445, 120], [-1.838, 52.445, 120], [-1.838, 52.447, 120]]  # unclosed, with heights
    geometry = sites.parse_site(json.dumps({"type": "MultiPolygon", "coordinates": [[SQUARE], [other]]}))
    assert isinstance(geometry, MultiPolygon) and len(geometry) == 2
    assert geometry[1].coords[0][-1] == geometry[1].coords[0][0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Draw the site"),
        ("{not json", "not GeoJSON that can be read"),
        ('{"type": "Point", "coordinates": [-1.85, 52.45]}', "must be a polygon"),
        ('{"type": "FeatureCollection", "features": []}', "exactly one feature"),
        ('{"type": "Polygon", "coordinates": [[[-1.85, 52.44], [NaN, 52.45], [-1.84, 52.45]]]}', "not GeoJSON"),
        ('{"type": "Polygon", "coordinates": [[[-1.85, 52.44], [1e400, 52.45], [-1.84, 52.45]]]}', "[longitude"),
        ('{"type": "Polygon", "coordinates": [[[-1.85, 52.44], [' + "9" * 400 + ", 1], [-1.84, 52.45]]]}", "[long"),
        ('{"type": "Polygon", "coordinates": [[[-1.85, 52.44], ["-1.84", 52.45], [-1.84, 52.46]]]}', "[longitude"),
        ('{"type": "Polygon", "coordinates": [[[true, 52.44], [-1.84, 52.45], [-1.84, 52.46]]]}', "[longitude"),
        ('{"type": "Polygon", "coordinates": [[[409000, 286000], [409100, 286000], [409100, 286100]]]}', "WGS 84"),
        ('{"type": "Polygon", "coordinates": []}', "no coordinates"),
        ('{"type": "Polygon", "coordinates": [[[-1.85, 52.44], [-1.85, 52.44], [-1.84, 52.45]]]}', "three different"),
        ("52.44, -1.85\n52.45, -1.84\n52.44, -1.84\n52.45, -1.85", "crosses itself"),
        ("52.44, -1.85\nnorth gate\n52.45, -1.84", "Line 2 is not a corner"),
        ("52.44, -1.85\n52.45, -1.84\n152.45, -1.84", "Line 3 is not on Earth"),
        ("52.44², -1.85\n52.45, -1.84\n52.44, -1.84", "Line 1 is not a corner"),
        ("52.30, -2.10\n52.30, -1.60\n52.60, -1.60\n52.60, -2.10", "more than a site"),
        ("[" * 100_000, "not GeoJSON that can be read"),
        ("52.44, -1.85\n" * 2_001, "at most 2,000"),
        ("52.44, -1.85\x00", "cannot be part of it"),
        ("1" * (sites.MAX_TEXT + 1), "too long to read"),
    ],
)
def test_bad_boundaries_say_what_is_wrong(text, message):
    with pytest.raises(ValidationError) as error:
        sites.parse_site(text)
    assert message in " ".join(error.value.messages)


def test_too_many_vertices_in_geojson():
    ring = [[-1.85 + i * 1e-6, 52.445 + (i % 2) * 1e-6] for i in range(2_100)]
    with pytest.raises(ValidationError, match="at most 2,000"):
        sites.parse_site(json.dumps({"type": "Polygon", "coordinates": [ring]}))


# --- through the form ------------------------------------------------------------------------


@pytest.fixture
def form_data(areas, firm):
    return {
        "promoter": firm.pk,
        "title": "Tyseley solar canopy",
        "summary": "Solar canopies over the depot's yard.",
        "sector": "energy",
        "investment_type": "debt",
        "scale_min_gbp": "500000",
        "scale_max_gbp": "900000",
        "planning_status": "not_needed",
        "decision_time": "6m",
        "location_query": "",
        "latitude": "",
        "longitude": "",
        "energy_generated_mwh": "800",
    }


def _saved(title="Tyseley solar canopy") -> Opportunity:
    return Opportunity.objects.get(title=title)


@pytest.mark.django_db
def test_a_drawn_boundary_is_saved_with_the_areas_it_touches(client, promoter, form_data):
    client.force_login(promoter)
    drawn = json.dumps({"type": "Polygon", "coordinates": [SQUARE]})
    response = client.post(reverse("investors:new"), {**form_data, "site_boundary": drawn})
    assert response.status_code == 302, response.context["form"].errors
    opportunity = _saved()
    assert opportunity.geometry.geom_type == "Polygon"
    assert sorted(opportunity.areas.values_list("code", flat=True)) == ["D", "W1", "W1L0"]
    # the page shows the site on a map, and the edit form gives the boundary back to the box
    page = client.get(opportunity.get_absolute_url())
    assert json.loads(page.context["site_map_config"]["geometry"])["type"] == "Polygon"
    form = client.get(reverse("investors:edit", kwargs={"slug": opportunity.slug})).context["form"]
    assert json.loads(form.initial["site_boundary"])["coordinates"][0][0] == [-1.85, 52.445]
    assert "site_area" not in form.initial


@pytest.mark.django_db
def test_typed_corners_win_over_the_pin_and_a_ward_wins_over_both(client, promoter, form_data, areas):
    client.force_login(promoter)
    pin = {"latitude": "52.46", "longitude": "-1.81"}  # in W2
    client.post(reverse("investors:new"), {**form_data, **pin, "site_boundary": TYPED})
    assert _saved().geometry.geom_type == "Polygon"
    assert "W2" not in set(_saved().areas.values_list("code", flat=True))

    edit = reverse("investors:edit", kwargs={"slug": _saved().slug})
    client.post(edit, {**form_data, **pin, "site_boundary": TYPED, "site_area": areas["W2"].pk})
    assert _saved().geometry.equals(areas["W2"].geometry)
    # editing again keeps the ward chosen, not a pin in the middle of it
    assert client.get(edit).context["form"].initial["site_area"] == areas["W2"].pk


@pytest.mark.django_db
def test_a_geojson_file_is_read_and_shown_in_the_box(client, promoter, form_data):
    client.force_login(promoter)
    feature = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}
    document = {"type": "FeatureCollection", "features": [feature]}
    upload = SimpleUploadedFile("site.geojson", ("\ufeff" + json.dumps(document)).encode(), "application/geo+json")
    # another field is wrong: the form comes back with the file's boundary kept in the box
    response = client.post(reverse("investors:new"), {**form_data, "title": "", "site_file": upload})
    assert response.status_code == 200
    kept = response.context["form"]["site_boundary"].value()
    assert json.loads(kept)["type"] == "Polygon"
    response = client.post(reverse("investors:new"), {**form_data, "site_boundary": kept})
    assert response.status_code == 302
    assert _saved().geometry.geom_type == "Polygon"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("site.geojson", b"\xff\xfe\x00binary", "application/geo+json"), "it is not text"),
        (SimpleUploadedFile("site.geojson", b" " * 1_000_001, "application/geo+json"), "larger than 1 MB"),
        (SimpleUploadedFile("site.geojson", b'{"type": "LineString"}', "application/geo+json"), "must be a polygon"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_saved(client, promoter, form_data, upload, message):
    client.force_login(promoter)
    response = client.post(reverse("investors:new"), {**form_data, "site_file": upload})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["site_file"])
    assert not Opportunity.objects.exists()
    assert response.context["form"]["title"].value() == "Tyseley solar canopy"


@pytest.mark.django_db
def test_a_boundary_outside_the_district_is_refused_on_the_boundary(client, promoter, form_data):
    client.force_login(promoter)
    outside = "52.50, -1.70\n52.50, -1.69\n52.51, -1.69"
    response = client.post(reverse("investors:new"), {**form_data, "site_boundary": outside})
    assert response.status_code == 200
    assert response.context["form"].errors["site_boundary"] == ["The site must be inside the district."]
    assert response.context["form"]["site_boundary"].value() == outside
    assert not Opportunity.objects.exists()


@pytest.mark.django_db
def test_a_bad_boundary_with_no_pin_says_only_what_is_wrong_with_it(client, promoter, form_data):
    client.force_login(promoter)
    response = client.post(reverse("investors:new"), {**form_data, "site_boundary": "the depot yard"})
    errors = response.context["form"].errors
    assert errors["site_boundary"] == [
        "Line 1 is not a corner. Give latitude then longitude, such as 52.4710, -1.8420."
    ]
    assert "location_query" not in errors
