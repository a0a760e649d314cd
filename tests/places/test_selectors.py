"""Point-to-area lookup."""

import pytest
from django.contrib.gis.geos import Point

from places.models import Area
from places.selectors import area_containing_point, areas_containing_point
from tests.factories import AreaFactory, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def nested():
    district = AreaFactory(kind=Area.Kind.DISTRICT, code="D", geometry=square(-2.0, 52.0, 1.0))
    ward = AreaFactory(kind=Area.Kind.WARD, code="W", geometry=square(-1.9, 52.4, 0.1), parent=district)
    lsoa = AreaFactory(kind=Area.Kind.LSOA, code="L", geometry=square(-1.89, 52.41, 0.01), parent=ward)
    return district, ward, lsoa


def test_it_finds_the_most_specific_area(nested):
    district, ward, lsoa = nested
    assert area_containing_point(point=Point(-1.885, 52.415)) == lsoa
    assert area_containing_point(point=Point(-1.85, 52.45)) == ward
    assert area_containing_point(point=Point(-1.5, 52.2)) == district
    assert area_containing_point(point=Point(-1.885, 52.415), kind="ward") == ward
    assert [a.code for a in areas_containing_point(point=Point(-1.885, 52.415))] == ["L", "W", "D"]


def test_it_returns_none_outside_every_area(nested):
    assert area_containing_point(point=Point(0.1, 51.5)) is None
