"""Reporting a problem through the pages: what and where (no map needed), "Is it one of these?",
the details with the category's questions and photos, then "me too", "this is fixed",
reopening, "was it fixed?" four weeks on, and the staff screen with templates and merging."""

import io
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import Membership
from engagement import services as engagement_services
from engagement.models import Follow, Notification, Support
from gamification import points, services
from gamification.models import Questionnaire, Report, ReportPhoto, ResponseTemplate, Service
from places.models import Postcode
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db
HERE = {"latitude": "52.455000", "longitude": "-1.835000"}
DETAILS = "/reports/new/details/"


def _jpeg(size=(40, 30), gps=None) -> SimpleUploadedFile:
    exif = Image.Exif()
    if gps:
        exif[0x8825] = gps
    out = io.BytesIO()
    Image.new("RGB", size, "grey").save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("hole.jpg", out.getvalue(), content_type="image/jpeg")


def _details_url(service="pothole", **where):
    query = "&".join(f"{k}={v}" for k, v in ({"service": service} | HERE | where).items())
    return f"{DETAILS}?{query}"


def _report(service, reporter, point=(-1.835, 52.455), **extra):
    return services.report_submit(
        service=service, point=Point(*point, srid=4326), description="Hole", answers={"depth": "deep"},
        reporter=reporter, **extra,
    )  # fmt: skip


def test_step_one_finds_a_place_without_javascript_then_continues(client, district, pothole):
    Postcode.objects.create(postcode="B11 2AB", compact="B112AB", location=Point(-1.835, 52.455, srid=4326), source="t")
    found = client.get(
        "/reports/new/", {"service": "pothole", "location_query": "b11 2ab", "location_action": "search"}
    )
    html = found.content.decode()
    assert found.status_code == 200 and 'value="52.455000,-1.835000"' in html and "govuk-error-message" not in html
    went = client.get(
        "/reports/new/", {"service": "pothole", "location_choice": "52.455000,-1.835000", "continue": "1"}
    )
    assert went.status_code == 302 and went.url == _details_url()


@pytest.mark.parametrize(
    ("query", "message"),
    [({"continue": "1"}, "Choose what the problem is."),
     ({"service": "pothole", "continue": "1"}, "Choose where the problem is"),
     ({"service": "nope", **HERE}, "Select a valid choice"),
     ({"service": "pothole", "latitude": "51.5", "longitude": "-0.12"}, "outside the area this service covers"),
     ({"service": "pothole", "latitude": "nan", "longitude": "1e999"}, "Choose where the problem is")],
)  # fmt: skip
def test_step_one_says_what_is_missing(client, district, pothole, query, message):
    response = client.get("/reports/new/", query)
    assert response.status_code == 422 and message in response.content.decode()


def test_a_category_with_an_instead_message_says_what_to_do(client, client_for, resident, district, pothole):
    Service.objects.create(
        code="gas", name="Smell of gas", instead_message="Call the gas emergency line: 0800 111 999."
    )
    response = client.get("/reports/new/", {"service": "gas", **HERE})
    assert response.status_code == 200 and "0800 111 999" in response.content.decode()
    assert "0800 111 999" in client_for(resident).get(_details_url("gas")).content.decode()


def test_step_two_needs_a_signed_in_person_and_a_real_choice(client, client_for, resident, district, pothole):
    assert client.get(_details_url()).status_code == 302
    me = client_for(resident)
    for url in (_details_url("nope"), _details_url(latitude="91"), f"{DETAILS}?service=pothole"):
        response = me.get(url)
        assert response.status_code == 302 and response.url == "/reports/new/"


def test_is_it_one_of_these_offers_open_reports_of_the_kind_nearby_nearest_first(
    client_for, resident, neighbour, moderator, district, pothole
):
    other_kind = Service.objects.create(code="light", name="Street light", group="Lighting")
    near = _report(pothole, neighbour, (-1.8351, 52.4551))
    nearer = _report(pothole, neighbour, (-1.83501, 52.45501))
    far = _report(pothole, neighbour, (-1.845, 52.455))  # ~680 m: beyond the 250 m radius
    closed = _report(pothole, neighbour, (-1.8351, 52.4549))
    services.report_status_set(report=closed, status="fixed", by=moderator)
    services.report_submit(
        service=other_kind, point=Point(-1.835, 52.455, srid=4326), description="Out", reporter=neighbour
    )
    html = client_for(resident).get(_details_url()).content.decode()
    assert "Is it one of these?" in html
    assert html.index(f"/reports/{nearer.pk}/confirm/") < html.index(f"/reports/{near.pk}/confirm/")
    assert f"/reports/{far.pk}/" not in html and f"/reports/{closed.pk}/confirm/" not in html


def test_choosing_one_supports_and_follows_it_instead_of_a_duplicate(
    client_for, resident, neighbour, district, pothole
):
    theirs = _report(pothole, neighbour)
    me = client_for(resident)
    response = me.post(f"/reports/{theirs.pk}/confirm/", follow=True)
    assert "your support is counted" in response.content.decode()
    assert "already support" in me.post(f"/reports/{theirs.pk}/confirm/", follow=True).content.decode()
    theirs.refresh_from_db()
    assert theirs.support_count == 1 and Report.objects.count() == 1
    assert Support.objects.filter(user=resident).count() == 1 and Follow.objects.filter(user=resident).exists()
    own = client_for(neighbour).post(f"/reports/{theirs.pk}/confirm/", follow=True)
    assert "cannot support your own" in own.content.decode()


def test_a_report_with_answers_and_photos_is_made_and_its_photos_are_clean(client_for, resident, district, pothole):
    # A photo taken ~110 m north of the pin: EXIF GPS 52°27'21.7"N 1°50'06"W
    gps = {1: "N", 2: (52.0, 27.0, 21.7), 3: "W", 4: (1.0, 50.0, 6.0)}
    me = client_for(resident)
    response = me.post(
        _details_url(),
        {
            "description": "Deep hole by the bus stop",
            "attribute_depth": "deep",
            "attribute_width_cm": "40",
            "photos": [_jpeg((3000, 1500), gps=gps), _jpeg()],
            "photo_description": "A deep pothole",
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.attributes == {"depth": "deep", "width_cm": 40.0} and report.reporter == resident
    assert not report.name_shown
    photos = list(ReportPhoto.objects.filter(report=report))
    assert len(photos) == 2 and (photos[0].width, photos[0].height) == (2048, 1024)
    with Image.open(photos[0].image.path if hasattr(photos[0].image, "path") else photos[0].image) as stored:
        assert not stored.getexif()
    page = me.get(report.get_absolute_url()).content.decode()
    assert "Your photo was taken somewhere else" in page and 'alt="A deep pothole"' in page
    moved = me.post(f"/reports/{report.pk}/move/", follow=True)
    assert "The pin is now where your photo was taken" in moved.content.decode()
    report.refresh_from_db()
    assert round(report.location.y, 4) == 52.4560
    again = me.post(f"/reports/{report.pk}/move/", follow=True)
    assert "no photo position" in again.content.decode()  # offered once


@pytest.mark.parametrize(
    ("data", "field_error"),
    [({"description": ""}, "Say what the problem is."),
     ({"attribute_depth": ""}, "This field is required."),
     ({"attribute_width_cm": "lots"}, "Give a number."),
     ({"description": "x" * 4001}, "at most 4000 characters"),
     ({"photos": [SimpleUploadedFile("x.jpg", b"not an image")]}, "Photo 1: The photo must be a JPEG"),
     ({"photos": [_jpeg(), _jpeg(), _jpeg(), _jpeg()]}, "Add at most 3 photos.")],
)  # fmt: skip
def test_bad_details_are_refused_and_keep_what_was_typed(client_for, resident, district, pothole, data, field_error):
    base = {"description": "Deep hole by the bus stop", "attribute_depth": "deep", "address": "Outside 12 Warwick Road"}
    response = client_for(resident).post(_details_url(), base | data)
    html = response.content.decode()
    assert response.status_code == 422 and field_error in html and "Outside 12 Warwick Road" in html
    assert not Report.objects.exists()


def test_anyone_can_say_it_is_fixed_and_only_the_reporter_reopens(
    client_for, resident, neighbour, investor, district, pothole
):
    report = _report(pothole, resident)
    client_for(neighbour).post(f"/reports/{report.pk}/fixed/", {"note": "Filled in today"})
    report.refresh_from_db()
    assert report.status == "fixed" and report.closed_at and report.status_notes == "Filled in today"
    assert points.total_for(person=resident) == 0  # no points for a resident's "fixed"
    assert client_for(investor).post(f"/reports/{report.pk}/reopen/").status_code == 403
    client_for(resident).post(f"/reports/{report.pk}/reopen/", {"note": "Still there"})
    report.refresh_from_db()
    assert report.status == "open" and report.closed_at is None
    assert [u.status for u in report.updates.all()] == ["open", "fixed", "open"]


def test_four_weeks_after_closing_the_reporter_is_asked_once_and_no_reopens(
    client_for, resident, neighbour, moderator, district, pothole
):
    report = _report(pothole, resident)
    services.report_status_set(report=report, status="fixed", by=moderator)
    assert services.questionnaires_send() == 0  # not yet four weeks
    Report.objects.filter(pk=report.pk).update(closed_at=timezone.now() - timedelta(weeks=5))
    assert services.questionnaires_send() == 1 and services.questionnaires_send() == 0
    asked = Questionnaire.objects.get()
    assert Notification.objects.filter(recipient=resident, title__contains="Was your report").count() == 1
    assert client_for(neighbour).get(f"/reports/questionnaire/{asked.pk}/").status_code == 404
    refused = client_for(resident).post(f"/reports/questionnaire/{asked.pk}/", {"answer": "maybe"})
    assert refused.status_code == 422
    client_for(resident).post(f"/reports/questionnaire/{asked.pk}/", {"answer": "no", "comment": "Still a hole"})
    report.refresh_from_db()
    asked.refresh_from_db()
    assert report.status == "open" and asked.answer == "no" and report.status_notes == "Still a hole"


def test_staff_move_a_report_on_with_a_template_priority_and_assignment(
    client_for, resident, moderator, administrator, district, pothole
):
    report = _report(pothole, resident)
    template = ResponseTemplate.objects.create(title="Booked", status="action_scheduled", text="A crew is booked.")
    assert client_for(resident).get(f"/reports/{report.pk}/manage/").status_code == 403
    staff = client_for(moderator)
    page = staff.get(f"/reports/{report.pk}/manage/").content.decode()
    assert resident.email in page and "A crew is booked." in page
    response = staff.post(
        f"/reports/{report.pk}/manage/",
        {"status": "action_scheduled", "template": template.pk, "priority": "high", "assigned_to": administrator.pk,
         "internal_note": "Crew B, Tuesday"},
    )  # fmt: skip
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.priority, report.assigned_to, report.status_notes) == (
        "action_scheduled", "high", administrator, "A crew is booked.",
    )  # fmt: skip
    not_staff = staff.post(
        f"/reports/{report.pk}/manage/", {"status": "fixed", "priority": "low", "assigned_to": resident.pk}
    )
    assert not_staff.status_code == 422
    missing = staff.post(
        f"/reports/{report.pk}/manage/", {"status": "duplicate", "priority": "low", "duplicate_of": "999999"}
    )
    assert missing.status_code == 422 and "no report with this number" in missing.content.decode()
    public = client_for(resident).get(report.get_absolute_url()).content.decode()
    assert "A crew is booked." in public and "Crew B" not in public


def test_two_trusted_confirmations_vest_the_reporters_points_and_sock_puppets_do_not(
    resident, neighbour, investor, moderator, district, pothole, django_user_model, django_capture_on_commit_callbacks
):
    report = _report(pothole, resident)
    puppets = [django_user_model.objects.create_user(email=f"p{i}@example.org", password="x") for i in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        for puppet in puppets:
            services.report_confirm(report=report, user=puppet)
    assert points.total_for(person=resident) == 0  # new accounts do not vest anything
    old = timezone.now() - timedelta(days=30)
    django_user_model.objects.filter(pk__in=[neighbour.pk, investor.pk]).update(date_joined=old)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_confirm(report=report, user=neighbour)
    assert points.total_for(person=resident) == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.report_confirm(report=report, user=investor)
    assert points.total_for(person=resident) == 10
    with django_capture_on_commit_callbacks(execute=True):
        services.report_status_set(report=Report.objects.get(), status="acknowledged", by=moderator)
    assert points.total_for(person=resident) == 10  # paid once, whichever vests first
    assert points.total_for(person=neighbour) == 2 == points.total_for(person=investor)
    assert all(points.total_for(person=p) == 0 for p in puppets)


def test_photos_added_later_and_a_better_pin_are_paid_once_and_only_for_real_reports(
    client_for, district, pothole, resident, neighbour, moderator, django_capture_on_commit_callbacks
):
    report = _report(pothole, resident)
    client = client_for(neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(f"/reports/{report.pk}/photos/", {"photos": [_jpeg()], "photo_description": "The hole"})
    assert added.status_code == 302 and ReportPhoto.objects.get(report=report).added_by == neighbour
    assert points.total_for(person=neighbour) == 0  # paid when the report is accepted
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reports/{report.pk}/photos/", {"photos": [_jpeg()]})
        services.report_status_set(report=report, status="acknowledged", by=moderator)
    assert points.total_for(person=neighbour) == 2  # once per report, however many photos
    assert ReportPhoto.objects.filter(report=report).count() == 2
    refused = client.post(f"/reports/{report.pk}/photos/", {"photo_description": "nothing"}, follow=True)
    assert "Choose a photo to add" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_move_to_photo(report=report, user=resident, point=Point(-1.8355, 52.4555, srid=4326))
    assert points.total_for(person=resident) == 10 + 2  # accepted, and a better location
    assert "moved the pin" in client.get(report.get_absolute_url()).content.decode()


def test_a_groups_own_members_do_not_earn_its_idea_the_supporters_points(
    group_admin, community_group, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(author=group_admin, organisation=community_group)
    members = UserFactory.create_batch(4)
    for member in members:
        Membership.objects.create(organisation=community_group, user=member)
    outsiders = UserFactory.create_batch(9)
    with django_capture_on_commit_callbacks(execute=True):
        for person in members + outsiders:
            engagement_services.support_add(user=person, target=idea)
    assert points.total_for(person=group_admin) == 0  # 13 supporters, but only 9 from outside the group
    with django_capture_on_commit_callbacks(execute=True):
        engagement_services.support_add(user=UserFactory(), target=idea)
    assert points.total_for(person=group_admin) == 10
