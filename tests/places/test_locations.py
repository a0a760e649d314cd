"""Postcodes from ONSPD, and saying where something is without a map: search and description."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.management import CommandError, call_command

from places import locations, onspd, services
from places.models import Place, Postcode
from places.selectors import deployment_district_geometry

DEMO = Path(settings.BASE_DIR) / "places" / "data" / "demo-onspd.csv"
HEADER = "pcd7,pcd8,pcds,dointr,doterm,wd22cd,wd25cd,lsoa21cd,lat,long"


def _csv(tmp_path, *rows, header=HEADER) -> Path:
    path = tmp_path / "ONSPD_TEST.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("b10 0jl", "B10 0JL"),
        ("B100JL", "B10 0JL"),
        (" B10  0JL ", "B10 0JL"),
        ("SW1A1AA", "SW1A 1AA"),
        ("B10", None),
        ("Coventry Road", None),
        ("B10 0JLX", None),
        ("", None),
    ],
)
def test_postcodes_are_normalised(text, expected):
    assert onspd.normalise(text) == expected


def test_the_demo_file_is_in_onspds_layout_and_imports_inside_the_boundary(district):
    rows = list(onspd.read(DEMO))
    assert len(rows) == 40 and all(r.ward_code.startswith("E05") for r in rows)
    counts = services.postcodes_import(
        rows=rows, source="demo", approximate=True, inside=deployment_district_geometry()
    )
    inside = Postcode.objects.count()
    assert counts["kept"] == inside and counts["outside"] == 40 - inside and 0 < inside < 40
    assert Postcode.objects.get(postcode="B10 0JL").approximate
    again = services.postcodes_import(rows=onspd.read(DEMO), source="demo", inside=deployment_district_geometry())
    assert again["kept"] == inside and Postcode.objects.count() == inside  # idempotent


def test_the_command_skips_no_location_rows_removes_terminated_and_takes_the_newest_ward(tmp_path, district):
    Postcode.objects.create(postcode="B11 2AA", compact="B112AA", location=Point(-1.84, 52.45), source="old")
    path = _csv(
        tmp_path,
        '"B112AB","B11  2AB","B11 2AB","198001","","E05000001","E05011167","E01009363",52.450000,-1.840000',
        '"B112AA","B11  2AA","B11 2AA","198001","202001","","E05011167","",52.450100,-1.840100',
        '"B112AC","B11  2AC","B11 2AC","198001","","","","",99.999999,0.000000',
        '"SW1A1AA","SW1A 1AA","SW1A 1AA","198001","","","E05000644","",51.501009,-0.141588',
    )
    out = StringIO()
    call_command("import_onspd", str(path), "--source", "ONSPD test", stdout=out)
    assert "1 postcodes imported" in out.getvalue() and "1 terminated removed" in out.getvalue()
    kept = Postcode.objects.get()
    assert (kept.postcode, kept.ward_code, kept.lsoa_code, kept.source) == (
        "B11 2AB",
        "E05011167",
        "E01009363",
        "ONSPD test",
    )


def test_a_file_in_another_layout_is_refused_with_what_is_missing(tmp_path, district):
    with pytest.raises(CommandError, match="no pcds, lat, long column"):
        call_command("import_onspd", str(_csv(tmp_path, "1,2", header="postcode,easting")))
    bad = _csv(tmp_path, '"B112AB","B11  2AB","B11 2AB","","","","","",52.45,not-a-number')
    with pytest.raises(CommandError, match="line 2: not a postcode with a position"):
        call_command("import_onspd", str(bad))
    assert not Postcode.objects.exists()
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_onspd", str(tmp_path / "missing.csv"))


@pytest.fixture
def gazetteer(district):
    Postcode.objects.create(postcode="B11 2AB", compact="B112AB", location=Point(-1.84, 52.45, srid=4326), source="t")
    Postcode.objects.create(postcode="B11 2AD", compact="B112AD", location=Point(-1.841, 52.451, srid=4326), source="t")
    Place.objects.create(
        kind="gp", name="The Park Medical Centre", location=Point(-1.8405, 52.4508, srid=4326), ref="M1", source="t"
    )
    Place.objects.create(kind="park", name="Far Park", location=Point(-2.5, 52.0, srid=4326), ref="M2", source="t")


def test_search_finds_a_postcode_a_partial_postcode_a_place_and_a_ward(gazetteer):
    assert [r.label for r in locations.search(query="b11 2ab")] == ["B11 2AB"]
    assert [r.label for r in locations.search(query="B11 2")] == ["B11 2AB", "B11 2AD"]
    park = locations.search(query="park medical")
    assert [(r.label, r.detail) for r in park] == [("The Park Medical Centre", "GP surgery")]
    assert locations.search(query="far park") == []  # outside the boundary
    ward = locations.search(query="tyseley")
    assert [r.label for r in ward] == ["Tyseley & Hay Mills"] and locations.parse_choice(ward[0].value)
    assert locations.search(query="x") == [] and locations.search(query="a\x00b") == []
    assert len(locations.search(query="B" * 5000)) == 0


def test_a_point_is_described_by_its_ward_and_the_nearest_place(gazetteer):
    text = locations.describe(point=Point(-1.84, 52.45, srid=4326))
    assert text.startswith("Tyseley & Hay Mills ward, ") and text.endswith(" m from The Park Medical Centre")
    assert (
        locations.describe(point=Point(-0.14, 51.5, srid=4326)) == "This place is outside the area this service covers."
    )


@pytest.mark.parametrize("value", ["", "52.1", "52.1,-1.8,3", "nan,1", "91,0", "1e3,0", "52.1;-1.8", "x" * 50])
def test_a_bad_choice_is_no_choice(value):
    assert locations.parse_choice(value) is None


def test_the_search_and_description_fragments(client, gazetteer):
    found = client.get("/areas/find/", {"location_query": "B11 2AB"})
    assert found.status_code == 200 and 'value="52.450000,-1.840000"' in found.content.decode()
    nothing = client.get("/areas/find/", {"location_query": "<script>alert(1)</script>"})
    assert "Nothing found for “&lt;script&gt;" in nothing.content.decode()
    described = client.get("/areas/describe/", {"latitude": "52.45", "longitude": "-1.84"})
    assert "Tyseley &amp; Hay Mills ward" in described.content.decode()
    bad = client.get("/areas/describe/", {"latitude": "nan", "longitude": "-1.84"})
    assert bad.status_code == 200 and "No place chosen yet" in bad.content.decode()


def test_the_idea_form_finds_a_place_without_javascript_and_keeps_what_was_typed(client_for, resident, gazetteer):
    client = client_for(resident)
    searched = client.post(
        "/ideas/new/",
        {"title": "Benches", "description": "Please", "location_query": "B11 2AB", "location_action": "search"},
    )
    html = searched.content.decode()
    assert searched.status_code == 200 and 'value="Benches"' in html and "B11 2AB" in html
    assert "govuk-error-message" not in html  # a search is not a submission
    missing = client.post("/ideas/new/", {"title": "Benches", "description": "Please", "theme": "safety"})
    assert missing.status_code == 422 and "Choose where it is" in missing.content.decode()
    chosen = client.post(
        "/ideas/new/",
        {"title": "Benches", "description": "Please", "theme": "safety", "location_choice": "52.450000,-1.840000"},
    )
    assert chosen.status_code == 302
