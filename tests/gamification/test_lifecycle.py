"""A report's lifecycle: only staff move it on, each step is in its history with the public note
(the internal one stays internal), the reporter and followers hear of it, points are paid when
it is first accepted and when it is fixed and taken back if it was a duplicate; residents
support it ("me too") instead of reporting it again."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from engagement import services as engagement_services
from engagement.models import Follow, Notification, Support
from gamification import points, services
from gamification.models import Report

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


@pytest.fixture
def report(district, pothole, resident):
    return services.report_submit(
        service=pothole, point=Point(-1.835, 52.455, srid=4326), description="Deep hole", answers={"depth": "deep"},
        reporter=resident,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("resident", False), ("neighbour", False), ("investor", False), ("policy_lead", False), ("moderator", True),
     ("administrator", True)],
)  # fmt: skip
def test_only_staff_change_a_reports_status(request, report, persona, allowed):
    user = request.getfixturevalue(persona)
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.report_status_set(report=report, status="fixed", by=user)
        assert Report.objects.get().status == "open"
        return
    services.report_status_set(report=report, status="acknowledged", by=user)
    assert Report.objects.get().status == "acknowledged"


def test_each_step_is_told_paid_and_shown(
    client, report, resident, neighbour, moderator, django_capture_on_commit_callbacks
):
    engagement_services.follow_set(user=neighbour, target=report, following=True)
    assert Follow.objects.filter(user=resident).exists()  # the reporter follows their report
    with django_capture_on_commit_callbacks(execute=True):
        services.report_status_set(
            report=report, status="acknowledged", by=moderator, public_note="Inspector booked", internal_note="Crew B"
        )
    assert points.total_for(person=resident) == 10
    told = {n.recipient_id: n.title for n in Notification.objects.all()}
    assert set(told) == {resident.pk, neighbour.pk} and "Acknowledged" in told[resident.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.report_status_set(report=report, status="in_progress", by=moderator)  # accepted already: no more
        services.report_status_set(report=report, status="fixed", by=moderator, public_note="Filled")
    assert points.total_for(person=resident) == 15 == points.recomputed_total(person=resident)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Inspector booked" in page and "Filled" in page and "Crew B" not in page
    row = client.get(f"{BASE}/requests/{report.pk}.json").json()[0]
    assert row["status"] == "closed" and row["status_notes"] == "Filled"


def test_a_duplicate_loses_its_acceptance_points_and_its_people_move_to_the_original(
    report, pothole, resident, neighbour, investor, moderator, django_capture_on_commit_callbacks
):
    original = services.report_submit(
        service=pothole, point=Point(-1.8351, 52.4551, srid=4326), description="Hole", answers={"depth": "deep"},
        reporter=investor,
    )  # fmt: skip
    engagement_services.support_toggle(user=neighbour, target=report)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_status_set(report=report, status="acknowledged", by=moderator)
        with pytest.raises(ValidationError, match="Say which report"):
            services.report_status_set(report=report, status="duplicate", by=moderator)
        with pytest.raises(ValidationError, match="cannot duplicate itself"):
            services.report_status_set(report=report, status="duplicate", by=moderator, duplicate_of=report)
        services.report_status_set(report=report, status="duplicate", by=moderator, duplicate_of=original)
    assert points.total_for(person=resident) == 0 == points.recomputed_total(person=resident)
    original.refresh_from_db()
    supporters = set(Support.objects.filter(object_id=original.pk).values_list("user_id", flat=True))
    assert supporters == {resident.pk, neighbour.pk} and original.support_count == 2
    followers = set(Follow.objects.filter(object_id=original.pk).values_list("user_id", flat=True))
    assert {resident.pk, neighbour.pk, investor.pk} <= followers
    duplicate = Report.objects.get(pk=report.pk)
    assert duplicate.duplicate_of_id == original.pk and duplicate.closed_at is not None
    assert "already reported" in duplicate.status_notes


def test_bad_statuses_and_notes_are_refused(report, moderator):
    with pytest.raises(ValidationError):
        services.report_status_set(report=report, status="resolved-ish", by=moderator)
    with pytest.raises(ValidationError):
        services.report_status_set(report=report, status="fixed", by=moderator, public_note="x" * 4001)
    assert Report.objects.get().status == "open"


def test_neighbours_support_an_open_report_but_not_a_closed_one(report, resident, neighbour, investor, moderator):
    assert engagement_services.support_toggle(user=neighbour, target=report) is True
    assert Report.objects.get().support_count == 1
    with pytest.raises(PermissionDenied):  # nobody supports their own report
        engagement_services.support_toggle(user=resident, target=report)
    services.report_status_set(report=report, status="fixed", by=moderator)
    with pytest.raises(PermissionDenied):
        engagement_services.support_toggle(user=investor, target=Report.objects.get())
    assert Report.objects.get().support_count == 1


def test_each_person_is_told_in_their_own_language_whoever_acts(
    report, resident, neighbour, moderator, django_capture_on_commit_callbacks
):
    neighbour.profile.language = "pl"
    neighbour.profile.save()
    engagement_services.follow_set(user=neighbour, target=report, following=True)
    with translation.override("ur"), django_capture_on_commit_callbacks(execute=True):  # a moderator in Urdu
        services.report_status_set(report=report, status="fixed", by=moderator, public_note="Filled")
    told = {n.recipient_id: n.title for n in Notification.objects.all()}
    assert told[resident.pk] == "Your report “Pothole”: Fixed"  # the site's language
    assert told[neighbour.pk] == "„Pothole” w Twojej okolicy: Naprawione"
