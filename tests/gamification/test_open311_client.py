"""The Open311 client against a second instance of our own server over real HTTP: a routed
report is sent (JSON and XML, an id or a token), its updates are pulled back and applied once,
and an endpoint that fails (nothing listening, a refused key, an unknown service, another
jurisdiction) is retried with back-off or, when the failure is permanent or lasts, the report
is emailed instead – never lost."""

import socket
from datetime import timedelta

import pytest
import requests
import time_machine
from django.contrib.gis.geos import Point
from django.core import mail
from django.utils import timezone

from engagement.models import Notification
from gamification import points, services
from gamification.models import Open311Endpoint, Open311Send, Report
from gamification.open311 import client

pytestmark = pytest.mark.django_db


def _endpoint(peer, **extra) -> Open311Endpoint:
    fields = {"name": "Council CRM", "base_url": peer.open311, "api_key": peer.key,
              "jurisdiction_id": peer.jurisdiction, "fallback_email": "streets@council.example"}  # fmt: skip
    return Open311Endpoint.objects.create(**{**fields, **extra})


def _route(service, endpoint, code="potholes"):
    service.endpoint, service.external_code = endpoint, code
    service.save()


def _report(service, reporter, **extra):
    return services.report_submit(
        service=service, point=Point(-1.835, 52.455, srid=4326), description="A deep hole by the bus stop",
        address="Warwick Road", answers={"depth": "deep", "width_cm": "40"}, reporter=reporter, **extra,
    )  # fmt: skip


def _peer_report(peer, external_id):
    return peer.sql(
        "SELECT s.code, r.description, r.attributes, r.address, r.contact FROM gamification_report r"
        " JOIN gamification_service s ON s.id = r.service_id WHERE r.id = %s",
        [int(external_id)],
    )[0]


def test_a_routed_report_is_sent_and_its_updates_are_pulled_back_once(
    open311_peer, district, pothole, resident, neighbour, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(open311_peer, status_map={"closed": "fixed"})
    _route(pothole, endpoint)
    report = _report(pothole, resident)
    assert Open311Send.objects.get(report=report).state == "pending"
    assert client.send_once(report_id=report.pk) == "sent"
    send = Open311Send.objects.get(report=report)
    assert send.external_id and send.attempts == 1 and send.sent_at
    code, description, attributes, address, contact = _peer_report(open311_peer, send.external_id)
    assert (code, address, contact) == ("potholes", "Warwick Road", {"email": resident.email})
    assert attributes == {"depth": "deep"}  # the question their service asks, as attribute[depth]
    assert description == "A deep hole by the bus stop\n\nHow wide (cm)? 40.0"  # ours it does not, in words
    assert client.send_once(report_id=report.pk) == "sent"  # never sent twice
    assert Open311Send.objects.get(report=report).attempts == 1

    assert client.pull(endpoint=endpoint) == 0  # nothing changed there yet
    open311_peer.staff_update(send.external_id, "fixed", "Filled on Tuesday")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.pull(endpoint=endpoint) == 1
    report.refresh_from_db()
    assert (report.status, report.status_notes) == ("fixed", "Filled on Tuesday")
    assert report.updates.last().public_note == "Filled on Tuesday" and report.updates.last().by is None
    assert Notification.objects.filter(recipient=resident, title__contains="Fixed").exists()
    assert points.total_for(person=resident) == 10 + 5  # the council fixed it: accepted, and fixed
    with django_capture_on_commit_callbacks(execute=True):
        assert client.pull(endpoint=endpoint) == 0  # the same update is applied once
    assert report.updates.count() == 2
    open311_peer.staff_update(send.external_id, "closed", "Resurfaced the whole lane")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.pull(endpoint=endpoint) == 1
    report.refresh_from_db()  # closed there: "closed" maps to our "fixed", which it is already
    assert report.status == "fixed" and report.status_notes == "Resurfaced the whole lane"
    assert Open311Endpoint.objects.get(pk=endpoint.pk).last_pulled_at is not None


def test_xml_and_a_batch_service_answer_a_token_that_the_pull_turns_into_an_id(
    open311_peer, district, pothole, resident
):
    endpoint = _endpoint(open311_peer, format="xml")
    _route(pothole, endpoint, code="bulky-waste")
    report = _report(pothole, resident)
    assert client.send_once(report_id=report.pk) == "sent"
    send = Open311Send.objects.get(report=report)
    assert send.token and not send.external_id
    client.pull(endpoint=endpoint)
    send.refresh_from_db()
    assert send.external_id and _peer_report(open311_peer, send.external_id)[0] == "bulky-waste"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once it is closed


def test_an_unreachable_endpoint_is_retried_with_back_off_then_the_report_is_emailed(
    district, pothole, resident, django_capture_on_commit_callbacks
):
    dead = Open311Endpoint.objects.create(
        name="Down", base_url=f"http://127.0.0.1:{_closed_port()}/open311/v2/", fallback_email="streets@council.example"
    )
    _route(pothole, dead)
    report = _report(pothole, resident)
    start = timezone.now()
    assert client.send_once(report_id=report.pk) == "retrying"
    send = Open311Send.objects.get(report=report)
    assert send.attempts == 1 and "ConnectionError" in send.last_error
    assert send.next_attempt_at - start >= timedelta(seconds=client.BACKOFF[0])
    assert client.send_due() == 0  # not due yet
    gaps = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(client.MAX_ATTEMPTS - 1):
            send.refresh_from_db()
            gaps.append(send.next_attempt_at)
            with time_machine.travel(send.next_attempt_at + timedelta(seconds=1)):
                assert client.send_due() == 1
    send.refresh_from_db()
    assert send.state == "emailed" and send.attempts == client.MAX_ATTEMPTS
    assert all(later - earlier > timedelta(0) for earlier, later in zip(gaps, gaps[1:], strict=False))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["streets@council.example"]
    assert f"Street report {report.pk}" in mail.outbox[0].subject and "A deep hole" in mail.outbox[0].body
    assert client.send_due() == 0  # nothing left to send


@pytest.mark.parametrize(
    ("change", "said"),
    [({"api_key": "not-a-key"}, "403"), ({"jurisdiction_id": "elsewhere.example"}, "404")],
)
def test_a_refused_key_or_another_jurisdiction_is_permanent_and_emailed_at_once(
    open311_peer, district, pothole, resident, change, said, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(open311_peer, **change)
    _route(pothole, endpoint)
    report = _report(pothole, resident)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.send_once(report_id=report.pk) == "emailed"
    send = Open311Send.objects.get(report=report)
    assert send.attempts == 1 and said in send.last_error
    assert len(mail.outbox) == 1


def test_an_unknown_service_there_is_told_in_the_spec_s_words(open311_peer, district, pothole, resident):
    _route(pothole, _endpoint(open311_peer), code="no-such-service")
    report = _report(pothole, resident)
    assert client.send_once(report_id=report.pk) == "emailed"
    assert "service_code" in Open311Send.objects.get(report=report).last_error


def test_unrouted_categories_are_not_sent(district, pothole, resident):
    report = _report(pothole, resident)
    assert not Open311Send.objects.filter(report=report).exists()
    assert Report.objects.get(pk=report.pk).service.endpoint is None


def test_the_peer_is_a_real_server(open311_peer):
    assert requests.get(f"{open311_peer.open311}discovery.json", timeout=5).json()["endpoints"]
