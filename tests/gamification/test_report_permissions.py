"""Who may do what to a street report, in every state: anonymous, another resident, the
reporter, a moderator and a partner's Open311 key × seeing it, "me too", "this is fixed",
reopening, managing, rejecting and the Open311 reads and writes – as HTTP statuses and effects."""

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from engagement.models import Support
from gamification import services
from gamification.models import Report

pytestmark = pytest.mark.django_db
PERSONAS = ["anonymous", "neighbour", "reporter", "moderator"]
STATES = ["open", "acknowledged", "fixed", "duplicate", "hidden"]
CLOSED = {"fixed", "duplicate"}


@pytest.fixture
def original(district, pothole, investor):
    return services.report_submit(
        service=pothole, point=Point(-1.836, 52.456, srid=4326), description="The first", answers={"depth": "deep"},
        reporter=investor,
    )  # fmt: skip


@pytest.fixture
def report(request, district, pothole, resident, original):
    made = services.report_submit(
        service=pothole, point=Point(-1.835, 52.455, srid=4326), description="Hole", answers={"depth": "deep"},
        reporter=resident,
    )  # fmt: skip
    state = request.param
    if state == "hidden":
        Report.objects.filter(pk=made.pk).update(hidden_at=timezone.now(), hidden_reason="spam")
    elif state == "duplicate":
        Report.objects.filter(pk=made.pk).update(status=state, duplicate_of=original, closed_at=timezone.now())
    else:
        closed_at = timezone.now() if state in CLOSED else None
        Report.objects.filter(pk=made.pk).update(status=state, closed_at=closed_at)
    made.state = state
    return made


@pytest.fixture
def acting(request, client_for, resident, neighbour, moderator):
    people = {"anonymous": None, "neighbour": neighbour, "reporter": resident, "moderator": moderator}
    return request.param, client_for(people[request.param]), people[request.param]


def _status(report) -> str:
    return Report.all_objects.values_list("status", flat=True).get(pk=report.pk)


matrix = pytest.mark.parametrize(("acting", "report"), [(p, s) for p in PERSONAS for s in STATES], indirect=True)


@matrix
def test_seeing_a_report(acting, report):
    persona, client, _user = acting
    page = client.get(f"/reports/{report.pk}/")
    assert page.status_code == (404 if report.state == "hidden" else 200)
    manage = client.get(f"/reports/{report.pk}/manage/")
    assert manage.status_code == {"anonymous": 302, "moderator": 200}.get(persona, 403)


@matrix
def test_me_too(acting, report):
    persona, client, user = acting
    response = client.post(f"/reports/{report.pk}/confirm/")
    supported = user is not None and Support.objects.filter(user=user, object_id=report.pk).exists()
    if persona == "anonymous":  # asked to sign in first, whatever the report (nothing disclosed)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif report.state == "hidden":
        assert response.status_code == 404
    else:  # refused for one's own report and for a closed one, with a message on the page
        assert response.status_code == 302
        assert supported == (persona != "reporter" and report.state not in CLOSED)


@matrix
def test_this_is_fixed(acting, report):
    persona, client, _user = acting
    before = _status(report)
    response = client.post(f"/reports/{report.pk}/fixed/", {"note": ""})
    if persona == "anonymous":
        assert response.status_code == 302 and _status(report) == before
    elif report.state == "hidden":
        assert response.status_code == 404 and _status(report) == before
    else:
        assert response.status_code == 302
        assert _status(report) == ("fixed" if before not in CLOSED else before)


@matrix
def test_reopening(acting, report):
    persona, client, _user = acting
    before = _status(report)
    response = client.post(f"/reports/{report.pk}/reopen/", {"note": ""})
    if persona == "anonymous":
        assert response.status_code == 302
    elif report.state == "hidden":
        assert response.status_code == 404
    elif persona == "neighbour":
        assert response.status_code == 403
    else:  # the reporter or staff, and only a closed report that is not a duplicate
        assert response.status_code == 302
        assert _status(report) == ("open" if report.state == "fixed" else before)


@matrix
def test_managing_and_rejecting(acting, report):
    persona, client, _user = acting
    changed = client.post(f"/reports/{report.pk}/manage/", {"status": "in_progress", "priority": "high"})
    rejected = client.post(f"/reports/{report.pk}/reject/", {"reason": "Spam"})
    if persona == "anonymous":
        assert changed.status_code == rejected.status_code == 302
        assert "/accounts/login/" in rejected["Location"]
    elif persona != "moderator":
        assert changed.status_code == rejected.status_code == 403
        assert Report.all_objects.filter(pk=report.pk, hidden_at__isnull=report.state != "hidden").exists()
    else:
        assert changed.status_code == rejected.status_code == 302
        assert _status(report) == "in_progress"
        assert Report.all_objects.get(pk=report.pk).hidden_at is not None


@pytest.mark.parametrize("state", STATES)
def test_a_partner_key_reads_visible_reports_and_writes_only_new_ones(
    client, district, pothole, partner, state, resident
):
    made = services.report_submit(
        service=pothole, point=Point(-1.835, 52.455, srid=4326), description="Hole", answers={"depth": "deep"},
        reporter=resident,
    )  # fmt: skip
    fields = {"hidden_at": timezone.now()} if state == "hidden" else {"status": state}
    Report.objects.filter(pk=made.pk).update(**fields)
    read = client.get(f"/open311/v2/requests/{made.pk}.json", {"api_key": partner.secret})
    assert read.status_code == (404 if state == "hidden" else 200)
    if state != "hidden":
        assert read.json()[0]["status"] == ("closed" if state in CLOSED else "open")
    # GeoReport v2 has no update: a POST naming an existing request makes a new one, never changes it
    write = client.post(
        "/open311/v2/requests.json",
        {"api_key": partner.secret, "service_code": "pothole", "lat": "52.455", "long": "-1.835",
         "description": "Again", "attribute[depth]": "deep", "service_request_id": str(made.pk)},
    )  # fmt: skip
    assert write.status_code == 201 and write.json()[0]["service_request_id"] != str(made.pk)
    assert Report.all_objects.get(pk=made.pk).description == "Hole"
