"""Alerts for new street reports: in a ward (or any area), or within a distance of a chosen point.
Each new report tells the people whose alerts it falls in (never its own reporter), in the app
and by email as their "New street reports in places I watch" preference says (engagement's
notifications: at once, in the daily digest, or not at all)."""

import logging

from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from engagement import notifications
from gamification.models import Report, ReportAlert
from places import locations
from places.models import Area
from places.selectors import deployment_district_geometry

logger = logging.getLogger(__name__)
MAX_ALERTS = 20
RADII = {value for value, _label in ReportAlert.RADII}


def _room_for_one_more(person) -> None:
    if ReportAlert.objects.filter(person=person).count() >= MAX_ALERTS:
        raise ValidationError(_("You have %(n)s alerts, the most you can have. Remove one first.") % {"n": MAX_ALERTS})


def alert_area_add(*, person, area: Area) -> ReportAlert:
    """Alerts for every new report in `area` (a ward, or the whole district)."""
    _room_for_one_more(person)
    try:
        with transaction.atomic():
            return ReportAlert.objects.create(person=person, area=area, place=area.name)
    except IntegrityError as exc:
        raise ValidationError(_("You already have alerts for %(area)s.") % {"area": area.name}) from exc


def alert_point_add(*, person, point: Point, radius_m: int) -> ReportAlert:
    """Alerts for every new report within `radius_m` of `point` (inside the area we cover)."""
    if radius_m not in RADII:
        raise ValidationError({"radius_m": _("Choose one of the distances.")})
    boundary = deployment_district_geometry()
    if boundary is not None and not boundary.intersects(point):
        raise ValidationError({"location_query": _("This place is outside the area this service covers.")})
    _room_for_one_more(person)
    place = locations.describe(point=point)
    return ReportAlert.objects.create(person=person, point=point, radius_m=radius_m, place=place[:300])


def alert_remove(*, person, alert_id: int) -> None:
    alert = ReportAlert.objects.filter(pk=alert_id).first()
    if alert is None:
        raise ValidationError(_("That alert no longer exists."))
    if alert.person_id != person.pk:
        raise PermissionDenied(_("That alert is someone else's."))
    alert.delete()


def people_alerted(*, report: Report) -> list:
    """Who asked to hear of a new report here: an area holding it, or a point near enough."""
    where = report.location
    near = Q(pk__in=[])
    for radius in sorted(RADII):
        near |= Q(radius_m=radius, point__distance_lte=(where, D(m=radius)))
    alerts = (
        ReportAlert.objects.filter(Q(area__geometry__intersects=where) | near)
        .exclude(person_id=report.reporter_id)
        .filter(person__is_active=True)
        .select_related("person__profile")
    )
    return list({alert.person_id: alert.person for alert in alerts}.values())


def report_announce(*, report: Report) -> int:
    """Tell everyone whose alerts a new report falls in (after the report is committed)."""
    people = people_alerted(report=report)
    if not people:
        return 0

    def words():
        body = locations.describe(point=report.location)
        if report.description:
            body += "\n\n" + report.description[:500]
        return _("New street report near a place you watch: %(name)s") % {"name": report.service.name}, body

    notifications.notify_in_their_language(
        recipients=people, kind="area_alert", words=words, url=report.get_absolute_url(), item=report
    )
    logger.info("report alerts: report=%s people=%s", report.pk, len(people))
    return len(people)


def alerts_for(*, person) -> list[ReportAlert]:
    return list(ReportAlert.objects.filter(person=person).select_related("area").defer("area__geometry"))
