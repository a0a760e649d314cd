"""import_areas: validated boundaries, bad features reported by index, all-or-nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from places.models import Area

pytestmark = pytest.mark.django_db


def _square(x, y, s=0.01):
    return [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]]


def _feature(code, name, coords, kind="Polygon", **props):
    return {
        "type": "Feature",
        "properties": {"gss": code, "label": name, **props},
        "geometry": {"type": kind, "coordinates": coords},
    }


def _write(tmp_path, features):
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


BOWTIE = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]


def test_it_imports_valid_features_and_updates_on_rerun(tmp_path, capsys):
    path = _write(tmp_path, [_feature("W1", "One", _square(-1.9, 52.4)), _feature("W2", "Two", _square(-1.8, 52.4))])
    call_command("import_areas", path, "--kind", "ward", "--code-field", "gss", "--name-field", "label")
    assert "2 created, 0 updated" in capsys.readouterr().out
    call_command("import_areas", path, "--kind", "ward", "--code-field", "gss", "--name-field", "label")
    assert "0 created, 2 updated" in capsys.readouterr().out
    assert Area.objects.get(code="W1").geometry.geom_type == "MultiPolygon"


def test_it_imports_nothing_when_any_feature_is_invalid(tmp_path, capsys):
    path = _write(
        tmp_path,
        [
            _feature("W1", "Good", _square(-1.9, 52.4)),
            _feature("W2", "Bow tie", BOWTIE),
            _feature("", "No code", _square(-1.8, 52.4)),
            _feature("W4", "A point", [-1.8, 52.4], kind="Point"),
            _feature("W5", "Projected", _square(400000, 280000, 100)),
            _feature("W1", "Duplicate", _square(-1.7, 52.4)),
        ],
    )
    with pytest.raises(CommandError, match="5 invalid feature"):
        call_command("import_areas", path, "--kind", "ward", "--code-field", "gss", "--name-field", "label")
    err = capsys.readouterr().err
    assert "feature 1: invalid geometry: Self-intersection" in err
    assert "feature 2: no value in code field 'gss'" in err
    assert "feature 3: Point is not a Polygon or MultiPolygon" in err
    assert "feature 4: coordinates are not WGS84 longitude/latitude" in err
    assert "feature 5: duplicate code 'W1'" in err
    assert Area.objects.count() == 0


def test_skip_invalid_imports_the_rest(tmp_path, capsys):
    path = _write(tmp_path, [_feature("W1", "Good", _square(-1.9, 52.4)), _feature("W2", "Bad", BOWTIE)])
    call_command(
        "import_areas", path, "--kind", "ward", "--code-field", "gss", "--name-field", "label", "--skip-invalid"
    )
    assert "1 created, 0 updated, 1 skipped" in capsys.readouterr().out
    assert list(Area.objects.values_list("code", flat=True)) == ["W1"]


def test_it_links_children_to_parents_by_a_property(tmp_path):
    wards = _write(tmp_path, [_feature("W1", "Ward", _square(-1.9, 52.4, 0.1))])
    call_command("import_areas", wards, "--kind", "ward", "--code-field", "gss", "--name-field", "label")
    lsoas = tmp_path / "lsoa.geojson"
    lsoas.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": [_feature("L1", "Small area", _square(-1.89, 52.41), ward="W1")]}
        )
    )
    call_command(
        "import_areas",
        lsoas,
        "--kind",
        "lsoa",
        "--code-field",
        "gss",
        "--name-field",
        "label",
        "--parent-field",
        "ward",
    )
    assert Area.objects.get(code="L1").parent.code == "W1"


@pytest.mark.parametrize("content", ["not json", json.dumps({"type": "Feature"}), json.dumps([1, 2])])
def test_it_reports_an_unreadable_file(tmp_path, content):
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    with pytest.raises(CommandError):
        call_command("import_areas", path, "--kind", "ward", "--code-field", "gss", "--name-field", "label")


def test_the_shipped_boundaries_are_all_valid():
    from django.conf import settings

    from places.boundaries import read_boundaries

    data = settings.BASE_DIR / "places" / "data"
    for name, count in [("east-birmingham-wards.geojson", 17), ("east-birmingham-lsoa.geojson", 161)]:
        features, problems = read_boundaries(data / name, code_field="code", name_field="name")
        assert problems == [] and len(features) == count
