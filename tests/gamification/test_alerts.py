"""Alerts for new reports in a ward or around a point (never for one's own report), told in the
app and by email as the person's preference says; the Atom feeds a feed reader reads (parsed
with feedparser, as a third-party reader would), public fields only."""

import feedparser
import pytest
from django.contrib.gis.geos import Point
from django.core import mail

from engagement.models import Notification
from engagement.notifications import preferences_set
from gamification import alerts, services
from gamification.models import Report, ReportAlert
from places.models import Area

pytestmark = pytest.mark.django_db


def _report(service, reporter=None, at=(-1.835, 52.455), **extra):
    return services.report_submit(
        service=service, point=Point(*at, srid=4326), description="Deep hole", answers={"depth": "deep"},
        reporter=reporter, **extra,
    )  # fmt: skip


def test_a_new_report_alerts_people_watching_its_ward_or_a_point_near_it(
    district, pothole, resident, neighbour, investor, group_admin, django_capture_on_commit_callbacks
):
    ward = Area.objects.get(code="W")
    alerts.alert_area_add(person=neighbour, area=ward)
    alerts.alert_point_add(person=investor, point=Point(-1.8352, 52.4552, srid=4326), radius_m=250)
    alerts.alert_point_add(person=group_admin, point=Point(-1.87, 52.48, srid=4326), radius_m=250)  # far away
    alerts.alert_area_add(person=resident, area=ward)  # the reporter: not told of their own report
    with django_capture_on_commit_callbacks(execute=True):
        report = _report(pothole, reporter=resident)
    told = set(Notification.objects.filter(kind="area_alert").values_list("recipient_id", flat=True))
    assert told == {neighbour.pk, investor.pk}
    note = Notification.objects.filter(kind="area_alert").first()
    assert note.url == report.get_absolute_url() and "Pothole" in note.title


def test_alerts_are_emailed_as_the_person_prefers(
    celery_in_process, district, pothole, neighbour, django_capture_on_commit_callbacks
):
    alerts.alert_area_add(person=neighbour, area=Area.objects.get(code="W"))
    preferences_set(user=neighbour, choices={"area_alert": "immediate"})
    with django_capture_on_commit_callbacks(execute=True):
        _report(pothole)
    assert [m.to for m in mail.outbox] == [[neighbour.email]]
    preferences_set(user=neighbour, choices={"area_alert": "off"})
    with django_capture_on_commit_callbacks(execute=True):
        _report(pothole)
    assert len(mail.outbox) == 1 and Notification.objects.filter(recipient=neighbour).count() == 2


def test_alert_rules_outside_the_area_twice_a_bad_radius_and_too_many(district, resident):
    ward = Area.objects.get(code="W")
    alerts.alert_area_add(person=resident, area=ward)
    with pytest.raises(Exception, match="already"):
        alerts.alert_area_add(person=resident, area=ward)
    with pytest.raises(Exception, match="outside"):
        alerts.alert_point_add(person=resident, point=Point(0, 51, srid=4326), radius_m=500)
    with pytest.raises(Exception, match="distances"):
        alerts.alert_point_add(person=resident, point=Point(-1.835, 52.455, srid=4326), radius_m=7)
    for _ in range(alerts.MAX_ALERTS - 1):
        alerts.alert_point_add(person=resident, point=Point(-1.835, 52.455, srid=4326), radius_m=500)
    with pytest.raises(Exception, match="the most"):
        alerts.alert_point_add(person=resident, point=Point(-1.835, 52.455, srid=4326), radius_m=500)


def test_the_alerts_page_adds_by_ward_and_by_postcode_search_without_a_map(client_for, district, resident, neighbour):
    client = client_for(resident)
    assert client_for(None).get("/reports/alerts/").status_code == 302
    page = client.get("/reports/alerts/").content.decode()
    assert "Every new report in a ward" in page and "Tyseley &amp; Hay Mills" in page
    assert client.post("/reports/alerts/", {"action": "area", "area": "W"}).status_code == 302
    again = client.post("/reports/alerts/", {"action": "area", "area": "W"})
    assert again.status_code == 422 and "already" in again.content.decode()
    missing = client.post("/reports/alerts/", {"action": "point", "radius_m": "500"})
    assert missing.status_code == 422 and "Choose the place" in missing.content.decode()
    chosen = client.post(
        "/reports/alerts/", {"action": "point", "radius_m": "500", "latitude": "52.455", "longitude": "-1.835"}
    )
    assert chosen.status_code == 302
    mine = ReportAlert.objects.filter(person=resident)
    assert mine.count() == 2 and mine.filter(radius_m=500, place__contains="ward").exists()
    other = ReportAlert.objects.create(person=neighbour, area=Area.objects.get(code="D"), place="District")
    assert client.post(f"/reports/alerts/{other.pk}/remove/").status_code == 403
    alert = mine.first()
    assert client.post(f"/reports/alerts/{alert.pk}/remove/").status_code == 302
    assert not ReportAlert.objects.filter(pk=alert.pk).exists()
    assert client.post("/reports/alerts/²/remove/").status_code == 400


def test_the_atom_feeds_hold_public_fields_only(client, district, pothole, resident, neighbour):
    shown = _report(pothole, reporter=resident, name_shown=True)
    _report(pothole, reporter=neighbour, contact={"email": "secret@example.org"})
    hidden = _report(pothole)
    Report.objects.filter(pk=hidden.pk).update(hidden_at="2026-01-01T00:00:00Z")
    for code in ("all", "W", "D"):
        response = client.get(f"/reports/feeds/{code}.atom")
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo and feed.version == "atom10"
        assert len(feed.entries) == 2
        assert {e.author for e in feed.entries} == {resident.display_name, "A resident"}
        assert any(e.link.endswith(f"/reports/{shown.pk}/") for e in feed.entries)
        assert b"secret@example.org" not in response.content and neighbour.display_name.encode() not in response.content
    assert client.get("/reports/feeds/nowhere.atom").status_code == 404
