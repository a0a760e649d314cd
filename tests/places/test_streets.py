"""Streets from OS Open Names (its CSV layout: no header row, 34 columns, British National Grid),
so a place can be found by its street without a map: the import keeps named roads inside the
boundary, is idempotent, refuses a file in another layout with the line, and search finds them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from places import locations, opennames, services
from places.models import Street
from places.selectors import deployment_district_geometry

pytestmark = pytest.mark.django_db
DEMO = Path(settings.BASE_DIR) / "places" / "data" / "demo-os-open-names.csv"


def _row(os_id, name, x, y, *, kind="transportNetwork", local="Named Road", district="B11"):
    row = dict.fromkeys(opennames.HEADER, "")
    row.update(ID=os_id, NAME1=name, TYPE=kind, LOCAL_TYPE=local, GEOMETRY_X=str(x), GEOMETRY_Y=str(y),
               POSTCODE_DISTRICT=district, POPULATED_PLACE="Birmingham")  # fmt: skip
    return ",".join(row[column] for column in opennames.HEADER)


def test_the_demo_file_is_in_open_names_layout_and_imports_inside_the_boundary(district):
    rows = list(opennames.read(DEMO))
    assert len(rows) == 32 and all(r.local_type == "Named Road" for r in rows)
    counts = services.streets_import(rows=rows, source="demo", approximate=True, inside=deployment_district_geometry())
    kept = Street.objects.count()
    assert counts["kept"] == kept and counts["outside"] == 32 - kept and kept > 0
    services.streets_import(rows=rows, source="demo", approximate=True, inside=deployment_district_geometry())
    assert Street.objects.count() == kept  # idempotent by the OS ID


def test_the_command_keeps_roads_only_in_the_boundary_and_reads_a_header_if_there_is_one(tmp_path, district):
    path = tmp_path / "SP08.csv"
    path.write_text(
        "\n".join([
            ",".join(opennames.HEADER),
            _row("osgb1", "Coventry Road", 412000, 284700),  # inside the test district
            _row("osgb2", "Coventry Road", 412000, 284700, local="Section Of Named Road"),
            _row("osgb3", "Tyseley", 412000, 284700, kind="populatedPlace", local="Suburban Area"),
            _row("osgb4", "M6", 412000, 284700, local="Numbered Road"),
            _row("osgb5", "Far Lane", 300000, 100000),  # outside
        ]) + "\n"
    )  # fmt: skip
    call_command("import_os_open_names", str(path), stdout=open("/dev/null", "w"))
    assert sorted(Street.objects.values_list("os_id", flat=True)) == ["osgb1", "osgb2"]
    street = Street.objects.get(os_id="osgb1")
    assert 52.4 < street.location.y < 52.5 and -1.9 < street.location.x < -1.8  # BNG → WGS84


def test_a_file_in_another_layout_is_refused_with_its_line(tmp_path, district):
    bad = tmp_path / "bad.csv"
    bad.write_text(_row("osgb1", "Coventry Road", 412000, 284700) + "\npostcode,easting\n")
    with pytest.raises(CommandError, match="line 2: 2 columns, not the 34"):
        call_command("import_os_open_names", str(bad))
    assert not Street.objects.exists()  # nothing from that file
    nowhere = tmp_path / "nowhere.csv"
    nowhere.write_text(_row("osgb1", "Coventry Road", "x", 284700) + "\n")
    with pytest.raises(CommandError, match="line 1: no position"):
        call_command("import_os_open_names", str(nowhere))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_os_open_names", str(tmp_path / "missing.csv"))


def test_search_finds_a_street_by_part_of_its_name(district):
    services.streets_import(
        rows=list(opennames.read(DEMO)), source="demo", approximate=True, inside=deployment_district_geometry()
    )
    found = locations.search(query="coventry r")
    assert found and found[0].label == "Coventry Road" and found[0].detail.startswith("Street, B")
    assert "approximate" in found[0].detail and locations.parse_choice(found[0].value)
