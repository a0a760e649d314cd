"""The report map's features are built in halves on two connections when no transaction is open
(production requests): the same features as one connection builds, each once. Its own file
because it commits (transaction=True flushes the database)."""

import json

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import transaction

from gamification import maps, selectors
from gamification.models import Report, Service
from places.models import Area
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_connections_build_the_same_features_as_one(settings):
    settings.DEPLOYMENT_DISTRICT_CODE = "D"
    AreaFactory(
        kind=Area.Kind.DISTRICT, code="D", name="District",
        geometry=MultiPolygon(Polygon.from_bbox((-1.9, 52.4, -1.8, 52.5)), srid=4326),
    )  # fmt: skip
    service = Service.objects.create(code="graffiti", name="Graffiti")
    made = [
        Report.objects.create(service=service, location=Point(-1.85 + n / 1000, 52.45, srid=4326), status=status)
        for n, status in enumerate(["open", "fixed", "open", "acknowledged", "closed", "open", "in_progress"])
    ]
    in_halves = json.loads("[" + maps._features_in_database(selectors.report_list(status="all")) + "]")
    with transaction.atomic():  # one connection: a second could not see uncommitted rows
        at_once = json.loads("[" + maps._features_in_database(selectors.report_list(status="all")) + "]")
    assert sorted(f["id"] for f in in_halves) == sorted(r.pk for r in made)
    assert sorted(in_halves, key=lambda f: f["id"]) == sorted(at_once, key=lambda f: f["id"])
    shown = json.loads("[" + maps._features_in_database(selectors.report_list()) + "]")
    assert {f["properties"]["status"] for f in shown} == {"open", "acknowledged", "in_progress"}
