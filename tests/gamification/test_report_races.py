"""Racing "me too" on real PostgreSQL transactions: fifty people confirming one report at once,
and one person pressing it ten times at once. Support is counted once per person, the count
equals the rows, and the reporter's and confirmers' points are paid exactly once per rule. Its
own file because it commits (transaction=True flushes the database)."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import timezone

from engagement.models import Support
from gamification import badges, points, services
from gamification.models import LedgerEntry, Report, Service
from places.models import Area
from tests.concurrency import run_together
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _setup(settings):
    points.rules_ensure()  # a transactional test starts from an emptied database
    badges.badges_ensure()
    settings.DEPLOYMENT_DISTRICT_CODE = "D"
    AreaFactory(
        kind=Area.Kind.DISTRICT, code="D", name="District",
        geometry=MultiPolygon(Polygon.from_bbox((-1.9, 52.4, -1.8, 52.5)), srid=4326),
    )  # fmt: skip
    service = Service.objects.create(code="graffiti", name="Graffiti")
    reporter = UserFactory()
    report = services.report_submit(
        service=service, point=Point(-1.85, 52.45, srid=4326), description="Tags on the bridge", reporter=reporter
    )
    return report, reporter


def _old(people):
    type(people[0]).objects.filter(pk__in=[p.pk for p in people]).update(
        date_joined=timezone.now() - timedelta(days=30)
    )


def test_fifty_people_confirming_at_once_are_counted_and_paid_once_each(settings):
    report, reporter = _setup(settings)
    people = UserFactory.create_batch(50)
    _old(people)
    errors = run_together(lambda i: services.report_confirm(report=report, user=people[i]), threads=50)
    assert errors == []
    report.refresh_from_db()
    rows = Support.objects.filter(object_id=report.pk).count()
    assert rows == 50 == report.support_count
    paid = LedgerEntry.objects.filter(person=reporter, rule__code="report_accepted")
    assert paid.count() == 1  # vested by two trusted confirmations, whichever threads got there
    moderator = UserFactory(is_superuser=True)
    services.report_status_set(report=Report.objects.get(pk=report.pk), status="acknowledged", by=moderator)
    confirmed = LedgerEntry.objects.filter(rule__code="report_confirmed")
    assert confirmed.count() == 50 and confirmed.values("person").distinct().count() == 50
    for person in [reporter, *people]:
        assert points.total_for(person=person) == points.recomputed_total(person=person)


def test_one_person_pressing_me_too_ten_times_at_once_supports_once(settings):
    report, reporter = _setup(settings)
    person = UserFactory()
    results = []
    errors = run_together(lambda i: results.append(services.report_confirm(report=report, user=person)), threads=10)
    assert errors == [] and results.count(True) == 1
    report.refresh_from_db()
    assert report.support_count == 1 == Support.objects.filter(object_id=report.pk, user=person).count()
