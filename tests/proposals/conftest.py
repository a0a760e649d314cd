import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from places.models import Area
from proposals import services
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
def make_proposal(district):
    def make(title="Energy park extension", status="consultation", themes=("energy_net_zero",), **extra):
        return services.proposal_save(
            title=title,
            summary="A short summary.",
            status=status,
            themes=list(themes),
            **{"geometry": Point(-1.835, 52.456, srid=4326), **extra},
        )

    return make


@pytest.fixture(autouse=True)
def _celery_in_process(celery_in_process):
    """Notification emails are sent by Celery tasks; these unit tests run them in-process."""
