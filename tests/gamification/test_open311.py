"""The Open311 GeoReport v2 server (http://wiki.open311.org/GeoReport_v2): every method in XML
and JSON with the spec's fields, a POST then GET round trip, and the spec's errors for bad input
– never a 500."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import gdpr
from gamification import demo as gamification_demo
from gamification import services
from gamification.models import PartnerKey, PartnerWrite, Report, Service

BASE = "/open311/v2"
# The specification's field lists.
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
ATTRIBUTE_FIELDS = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
}
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}  # fmt: skip
INSIDE = {"lat": "52.455", "long": "-1.835"}


def _post(client, partner, **fields):
    data = {"api_key": partner.secret, "service_code": "pothole", "description": "Deep hole by the bus stop",
            "attribute[depth]": "deep", **INSIDE, **fields}  # fmt: skip
    return client.post(f"{BASE}/requests.json", {k: v for k, v in data.items() if v is not None})


def _errors(response) -> list[dict]:
    body = response.json()
    assert isinstance(body, list) and all(set(e) == {"code", "description"} for e in body), body
    return body


@pytest.mark.django_db
def test_discovery_names_the_specification_and_formats(client):
    body = client.get(f"{BASE}/discovery.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and endpoint["formats"] == ["text/xml", "application/json"]
    assert body["changeset"].endswith("+00:00") or body["changeset"].endswith("Z") or "+" in body["changeset"]
    xml = client.get(f"{BASE}/discovery.xml")
    assert xml.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ElementTree.fromstring(xml.content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/formats/format").text == "text/xml"


@pytest.mark.django_db
def test_services_and_a_definition_in_both_formats(client, pothole):
    Service.objects.create(code="staff-only", name="Internal", public=False)
    services = client.get(f"{BASE}/services.json").json()
    assert [s["service_code"] for s in services] == ["pothole"]  # staff-only categories are not listed
    assert set(services[0]) == SERVICE_FIELDS and services[0]["metadata"] is True
    assert services[0]["keywords"] == "road,hole,pothole" and services[0]["type"] == "realtime"
    root = ElementTree.fromstring(client.get(f"{BASE}/services.xml").content)
    assert root.tag == "services" and root.find("service/service_code").text == "pothole"
    assert root.find("service/metadata").text == "true"

    definition = client.get(f"{BASE}/services/pothole.json").json()
    assert definition["service_code"] == "pothole"
    first = definition["attributes"][0]
    assert set(first) == ATTRIBUTE_FIELDS and first["datatype"] == "singlevaluelist" and first["required"] is True
    assert first["values"] == [
        {"key": "shallow", "name": "Shallower than a hand"},
        {"key": "deep", "name": "Deeper than a hand"},
    ]
    root = ElementTree.fromstring(client.get(f"{BASE}/services/pothole.xml").content)
    assert root.tag == "service_definition"
    assert [v.find("key").text for v in root.findall("attributes/attribute/values/value")] == ["shallow", "deep"]
    missing = client.get(f"{BASE}/services/nothing.json")
    assert missing.status_code == 404 and _errors(missing)[0]["code"] == 404
    assert client.get(f"{BASE}/services/staff-only.json").status_code == 404


@pytest.mark.django_db
def test_post_then_get_round_trip_and_the_write_is_logged(client, district, pothole, partner):
    created = _post(client, partner, **{"attribute[width_cm]": "40", "email": "someone@example.org"})
    assert created.status_code == 201, created.content
    row = created.json()[0]
    assert set(row) == {"service_request_id", "service_notice", "account_id"}
    report = Report.objects.get(pk=row["service_request_id"])
    assert report.area.code == "W" and report.attributes == {"depth": "deep", "width_cm": 40.0}
    assert report.contact == {"email": "someone@example.org"}
    assert PartnerWrite.objects.get().key == partner and PartnerWrite.objects.get().report == report

    one = client.get(f"{BASE}/requests/{report.pk}.json").json()
    assert len(one) == 1 and set(one[0]) == REQUEST_FIELDS
    assert one[0]["status"] == "open" and one[0]["service_code"] == "pothole" and one[0]["lat"] == 52.455
    assert "someone@example.org" not in client.get(f"{BASE}/requests/{report.pk}.json").content.decode()
    assert one[0]["requested_datetime"][19:] in ("Z", "+00:00", "+01:00")  # W3C, with its time zone
    listed = client.get(f"{BASE}/requests.json", {"service_code": "pothole", "status": "open"}).json()
    assert [r["service_request_id"] for r in listed] == [str(report.pk)]
    assert client.get(f"{BASE}/requests.json", {"status": "closed"}).json() == []
    root = ElementTree.fromstring(client.get(f"{BASE}/requests.xml").content)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == str(report.pk)


@pytest.mark.django_db
def test_a_batch_service_answers_a_token_that_leads_to_the_id(client, district, pothole, partner):
    pothole.type = Service.Type.BATCH
    pothole.save()
    row = _post(client, partner).json()[0]
    assert set(row) == {"token", "service_notice"}
    found = client.get(f"{BASE}/tokens/{row['token']}.json").json()
    assert found == [{"service_request_id": str(Report.objects.get().pk), "token": row["token"]}]
    assert client.get(f"{BASE}/tokens/not-a-token.json").status_code == 404


@pytest.mark.django_db
def test_ids_override_the_other_filters_and_the_default_window_is_90_days(client, district, pothole, partner):
    recent = Report.objects.get(pk=_post(client, partner).json()[0]["service_request_id"])
    old = Report.objects.get(pk=_post(client, partner).json()[0]["service_request_id"])
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=120))
    by_default = [r["service_request_id"] for r in client.get(f"{BASE}/requests.json").json()]
    assert by_default == [str(recent.pk)]
    both = client.get(f"{BASE}/requests.json", {"service_request_id": f"{old.pk},{recent.pk}", "status": "closed"})
    assert sorted(r["service_request_id"] for r in both.json()) == sorted([str(old.pk), str(recent.pk)])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "status", "mentions"),
    [
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "nothing"}, 404, "service_code"),
        ({"lat": "52.60", "long": "-1.70"}, 400, "outside"),  # outside the deployment's boundary
        ({"lat": None, "long": None}, 400, "location"),
        ({"lat": "nan"}, 400, "lat"),
        ({"lat": "1e3"}, 400, "lat"),
        ({"address_string": "Nowhere Street", "lat": None, "long": None}, 400, "address_string"),
        ({"attribute[depth]": None}, 400, "attribute[depth]"),  # a required answer missing
        ({"attribute[depth]": "bottomless"}, 400, "attribute[depth]"),
        ({"attribute[colour]": "red"}, 400, "attribute[colour]"),  # no such question
        ({"attribute[width_cm]": "wide"}, 400, "attribute[width_cm]"),
        ({"description": "x" * 4001}, 400, "description"),
        ({"description": ""}, 400, "description"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({"api_key": None}, 403, "api_key"),
        ({"api_key": "wrong"}, 403, "api_key"),
        ({"jurisdiction_id": "somewhere-else"}, 404, "jurisdiction_id"),
        ({"jurisdiction_id": "bad id!"}, 400, "jurisdiction_id"),
    ],
)
def test_bad_writes_get_the_specs_errors(client, district, pothole, partner, fields, status, mentions):
    response = _post(client, partner, **fields)
    assert response.status_code == status, response.content
    assert any(mentions in e["description"] for e in _errors(response)), response.content
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_an_address_string_naming_a_ward_is_a_location(client, district, pothole, partner):
    response = _post(client, partner, lat=None, long=None, address_string="tyseley & hay mills")
    assert response.status_code == 201
    assert Report.objects.get().area.code == "W"


@pytest.mark.django_db
def test_a_revoked_key_is_refused(client, district, pothole, partner):
    partner.revoked_at = timezone.now()
    partner.save()
    response = _post(client, partner)
    assert response.status_code == 403 and "api_key" in _errors(response)[0]["description"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"start_date": "2026-05-01"},  # no time zone
        {"start_date": "2026-05-01T00:00:00Z", "end_date": "2026-04-01T00:00:00Z"},  # reversed
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},  # over 90 days
        {"status": "pending"},
        {"service_code": "a b"},
        {"service_request_id": "1,x"},
        {"service_request_id": "9" * 30},
        {"jurisdiction_id": "x" * 101},
    ],
)
def test_bad_reads_get_the_specs_errors(client, pothole, query):
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/requests.{fmt}", query)
        assert response.status_code == 400, (query, response.content)
        if fmt == "xml":
            root = ElementTree.fromstring(response.content)
            assert root.tag == "errors" and root.find("error/code").text == "400"
        else:
            _errors(response)


@pytest.mark.django_db
def test_unknown_formats_and_requests_are_404s(client, pothole):
    assert client.get(f"{BASE}/services.html").status_code == 404
    assert client.get(f"{BASE}/requests/99999.json").status_code == 404
    assert client.get(f"{BASE}/requests/abc.json").status_code == 400


@pytest.mark.django_db
def test_the_demo_categories_load_once_and_are_listed(client):
    gamification_demo.load()
    gamification_demo.load()
    codes = [s["service_code"] for s in client.get(f"{BASE}/services.json").json()]
    assert len(codes) == len(set(codes)) == len(gamification_demo.SERVICES)
    assert {"pothole", "fly-tipping", "street-light", "graffiti", "blocked-drain"} <= set(codes)


@pytest.mark.django_db
def test_a_persons_reports_are_in_their_download_and_lose_them_on_erasure(district, pothole, resident):
    report = services.report_submit(
        service=pothole, point=Point(-1.835, 52.455, srid=4326), description="Hole", answers={"depth": "deep"},
        reporter=resident, name_shown=True,
    )  # fmt: skip
    exported = {s.name: s.export(user=resident) for s in gdpr.sections()}["street_reports"]
    assert exported[0]["description"] == "Hole" and exported[0]["answers"] == {"depth": "deep"}
    services.user_reports_erase(user=resident)
    report.refresh_from_db()
    assert report.reporter is None and report.name_shown is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "may"),
    [("resident", False), ("investor", False), ("moderator", False), ("policy_lead", False), ("administrator", True)],
)
def test_only_administrators_issue_and_revoke_partner_keys(request, persona, may):
    user = request.getfixturevalue(persona)
    if not may:
        with pytest.raises(PermissionDenied):
            services.partner_key_issue(name="App", by=user)
        return
    key, secret = services.partner_key_issue(name="App", by=user)
    assert PartnerKey.find(secret) == key and secret not in (key.digest, key.prefix) and len(secret) >= 40
    services.partner_key_revoke(key=key, by=user)
    assert PartnerKey.objects.get().revoked_at is not None
