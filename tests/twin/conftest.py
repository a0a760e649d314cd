import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from places.models import Area
from tests.factories import AreaFactory
from tests.twin.servers import Running
from twin.models import DataSource, KpiDefinition
from twin.reference import reference_load


@pytest.fixture(autouse=True)
def _celery_in_process(celery_in_process):
    """Re-scoring after a sync is a Celery task; these unit tests run it in-process."""


@pytest.fixture
def http_services():
    running = Running()
    yield running
    running.stop()


@pytest.fixture
def areas(db, settings):
    """A district with two wards, each with two LSOAs."""
    settings.DEPLOYMENT_DISTRICT_CODE = "D"
    district = AreaFactory(
        kind=Area.Kind.DISTRICT,
        code="D",
        name="District",
        geometry=MultiPolygon(Polygon.from_bbox((-1.86, 52.44, -1.80, 52.47)), srid=4326),
    )
    wards = {}
    for i, code in enumerate(["W1", "W2"]):
        x = -1.86 + i * 0.03
        wards[code] = AreaFactory(
            kind=Area.Kind.WARD,
            code=code,
            name=f"Ward {code}",
            parent=district,
            geometry=MultiPolygon(Polygon.from_bbox((x, 52.44, x + 0.03, 52.47)), srid=4326),
        )
        for j in range(2):
            AreaFactory(
                kind=Area.Kind.LSOA,
                code=f"{code}L{j}",
                name=f"LSOA {code}{j}",
                parent=wards[code],
                geometry=MultiPolygon(
                    Polygon.from_bbox((x, 52.44 + j * 0.015, x + 0.03, 52.455 + j * 0.015)), srid=4326
                ),
            )
    return {"district": district, **wards}


@pytest.fixture
def reference(db):
    reference_load()
    return {k.code: k for k in KpiDefinition.objects.all()}


@pytest.fixture
def make_source(db):
    def make(kind, endpoint, parameters, **extra):
        return DataSource.objects.create(
            name=f"{kind} source", kind=kind, endpoint=endpoint, parameters=parameters, **extra
        )

    return make
