from datetime import UTC, datetime

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from places.models import Area
from tests.factories import AreaFactory
from tests.twin.servers import Running
from twin import services
from twin.models import Dataset, DataSource, KpiDefinition, KpiObservation
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


# Personas of the twin's permission matrices (tests/conftest.py has the fixtures).
PERSONAS = ["anonymous", "resident", "investor", "moderator", "policy_lead", "administrator"]


@pytest.fixture
def data(areas, reference):
    source = DataSource.objects.create(name="Demo series", kind="tabular", endpoint="project:x.csv", is_demo=True)
    rows = []
    for ward in ("W1", "W2"):
        for year in range(2019, 2026):
            start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year, 12, 31, tzinfo=UTC)
            for code, value in (
                ("employment_rate", 60 + year - 2019),
                ("emissions_per_person", 5 - (year - 2019) * 0.1),
                ("epc_c_share", 40.0),
            ):
                rows.append(
                    KpiObservation(
                        kpi=reference[code],
                        area=areas[ward],
                        value=value,
                        period_start=start,
                        period_end=end,
                        source=source,
                        retrieved_at=end,
                    )
                )
    for lsoa in Area.objects.filter(kind="lsoa"):
        t = datetime(2021, 3, 21, tzinfo=UTC)
        rows.append(
            KpiObservation(
                kpi=reference["population"],
                area=lsoa,
                value=1000,
                period_start=t,
                period_end=t,
                source=source,
                retrieved_at=t,
            )
        )
    KpiObservation.objects.bulk_create(rows)
    services.catalogue_sync()
    Dataset.objects.filter(slug="kpi-emissions_per_person").update(tier="restricted", terms="Do not republish.")
    Dataset.objects.filter(slug="kpi-epc_c_share").update(tier="closed")
    return source


def persona_name(user) -> str:
    """The persona a signed-in test user plays, from their role groups."""
    groups = set(user.groups.values_list("name", flat=True))
    for role in ("administrator", "policy_lead", "moderator", "investor"):
        if role in groups:
            return role
    return "resident"
