"""The public street-report pages: the list (filters, paging, fixed queries) and a report with its
public history – never staff-only categories, internal notes, contact details or an unshown name."""

import json
import re

import pytest
from django.contrib.gis.geos import Point

from gamification import services
from gamification.models import Report, ReportUpdate, Service

ROW = re.compile(r'href="/reports/\d+/"')  # one link per report row
pytestmark = pytest.mark.django_db


def _report(service, **extra):
    fields = {"description": "Deep hole by the bus stop", "answers": {"depth": "deep"}}
    return services.report_submit(service=service, point=Point(-1.835, 52.455, srid=4326), **{**fields, **extra})


@pytest.mark.parametrize("count", [2, 30])
def test_the_list_shows_public_reports_in_fixed_queries(client, district, pothole, count, django_assert_num_queries):
    for _ in range(count):
        _report(pothole)
    hidden = Service.objects.create(code="internal", name="Internal check", public=False)
    Report.objects.create(service=hidden, location=Point(-1.835, 52.455, srid=4326), description="x")
    with django_assert_num_queries(4):  # filter choices (categories, wards), count, page
        response = client.get("/reports/")
    page = response.content.decode()
    assert response.status_code == 200 and len(ROW.findall(page)) == min(count, 50)
    assert "Internal check" not in page and "Tyseley &amp; Hay Mills" in page


def test_filters_narrow_the_list_and_bad_values_are_told_not_500(client, district, pothole):
    fixed = _report(pothole)
    Report.objects.filter(pk=fixed.pk).update(status="fixed")
    _report(pothole)
    page = client.get("/reports/", {"status": "fixed"}).content.decode()
    assert len(ROW.findall(page)) == 1
    bad = client.get("/reports/", {"status": "<script>alert(7)</script>", "age": "9999"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()
    assert "<script>alert(7)" not in bad.content.decode()
    half = client.get("/reports/", {"status": "fixed", "age": "9999"}).content.decode()
    assert "Select a valid choice" in half and len(ROW.findall(half)) == 1  # the valid filter still applies
    assert client.get("/reports/", {"page": "²"}).status_code == 400


def test_a_report_page_shows_its_public_history_only(client, district, pothole, resident, moderator):
    report = _report(pothole, reporter=resident, name_shown=False, contact={"email": "amina@example.org"})
    ReportUpdate.objects.create(
        report=report,
        status="acknowledged",
        public_note="Inspector booked",
        internal_note="Crew B, low priority",
        by=moderator,
    )
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Inspector booked" in page and "Crew B" not in page
    assert "amina@example.org" not in page and resident.display_name not in page
    report.name_shown = True
    report.save()
    assert resident.display_name in client.get(f"/reports/{report.pk}/").content.decode()
    assert "Tyseley &amp; Hay Mills ward" in client.get(f"/reports/{report.pk}/").content.decode()


def test_staff_only_and_missing_reports_are_404s(client, district):
    hidden = Service.objects.create(code="internal", name="Internal check", public=False)
    report = Report.objects.create(service=hidden, location=Point(-1.835, 52.455, srid=4326), description="x")
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.get("/reports/999999/").status_code == 404


def test_the_exports_hold_public_fields_only_with_the_lists_filters(client, district, pothole, resident, neighbour):
    shown = services.report_submit(
        service=pothole, point=Point(-1.835, 52.455, srid=4326), description='=HYPERLINK("x")',
        answers={"depth": "deep"}, reporter=resident, name_shown=True, contact={"email": "secret@example.org"},
    )  # fmt: skip
    services.report_submit(
        service=pothole, point=Point(-1.836, 52.456, srid=4326), description="Hidden name",
        answers={"depth": "deep"}, reporter=neighbour,
    )  # fmt: skip
    text = b"".join(client.get("/reports/export.csv").streaming_content).decode()
    lines = text.strip().splitlines()
    assert lines[0].startswith("id,category") and len(lines) == 3
    assert resident.display_name in text and neighbour.display_name not in text
    assert "secret@example.org" not in text and resident.email not in text and neighbour.email not in text
    assert "'=HYPERLINK" in text  # no formula reaches a spreadsheet
    data = json.loads(b"".join(client.get("/reports/export.geojson?status=open").streaming_content))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    first = next(f for f in data["features"] if f["id"] == shown.pk)
    assert first["geometry"] == {"type": "Point", "coordinates": [-1.835, 52.455]}
    assert client.get("/reports/export.geojson?status=nope").status_code == 400
    assert client.get("/reports/export.xlsx").status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_the_map_shows_the_lists_reports_as_geojson_in_fixed_queries(
    client, district, pothole, resident, count, django_assert_max_num_queries
):
    for _ in range(count):
        _report(pothole)
    closed = _report(pothole)
    Report.objects.filter(pk=closed.pk).update(status="fixed")
    hidden = Service.objects.create(code="internal", name="Internal check", public=False)
    Report.objects.create(service=hidden, location=Point(-1.835, 52.455, srid=4326), description="x")
    # filter choices (categories, wards), labels, and each of two halves: one query between a SET and a RESET
    with django_assert_max_num_queries(9):
        response = client.get("/reports/map.geojson?status=open")
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/geo+json"
    assert data["type"] == "FeatureCollection" and len(data["features"]) == count
    feature = data["features"][0]
    assert feature["geometry"]["type"] == "Point" and feature["properties"] == {"service": "pothole", "status": "open"}
    assert data["labels"]["services"] == {"pothole": "Pothole"} and data["labels"]["statuses"]["fixed"] == "Fixed"
    # The list's own page points its map at the same filters.
    page = client.get("/reports/?status=open").content.decode()
    assert "/reports/map.geojson?status=open" in page
    assert len(json.loads(client.get("/reports/map.geojson").content)["features"]) == count  # not yet fixed
    everything = json.loads(client.get("/reports/map.geojson?status=all").content)
    assert len(everything["features"]) == count + 1


def test_the_map_is_served_gzipped_from_the_cache_and_a_new_report_shows_at_once(client, district, pothole):
    _report(pothole)
    first = client.get("/reports/map.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    _report(pothole)
    again = json.loads(client.get("/reports/map.geojson").content)
    assert len(again["features"]) == 2  # the content version moved: never stale
    assert client.get("/reports/map.geojson?status=<b>").status_code == 400
