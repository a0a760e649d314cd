import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from gamification.models import PartnerKey, Service, ServiceAttribute
from places.models import Area
from tests.factories import AreaFactory


@pytest.fixture
def district(db, settings):
    settings.DEPLOYMENT_DISTRICT_CODE = "D"
    district = AreaFactory(
        kind=Area.Kind.DISTRICT,
        code="D",
        name="District",
        geometry=MultiPolygon(Polygon.from_bbox((-1.9, 52.4, -1.8, 52.5)), srid=4326),
    )
    AreaFactory(
        kind=Area.Kind.WARD,
        code="W",
        name="Tyseley & Hay Mills",
        parent=district,
        geometry=MultiPolygon(Polygon.from_bbox((-1.85, 52.44, -1.82, 52.47)), srid=4326),
    )
    return district


@pytest.fixture
def pothole(db):
    service = Service.objects.create(
        code="pothole", name="Pothole", group="Roads", keywords="road, hole, pothole", description="A hole in the road"
    )
    ServiceAttribute.objects.create(
        service=service,
        code="depth",
        description="How deep is it?",
        datatype=ServiceAttribute.Datatype.SINGLE,
        required=True,
        order=1,
        values=[{"key": "shallow", "name": "Shallower than a hand"}, {"key": "deep", "name": "Deeper than a hand"}],
    )
    ServiceAttribute.objects.create(
        service=service, code="width_cm", description="How wide (cm)?", datatype="number", order=2
    )
    return service


@pytest.fixture
def partner(db):
    key, secret = PartnerKey.issue(name="Neighbourhood app")
    key.secret = secret
    return key
