"""A scripted spammer cannot climb a leaderboard: many reports (the posting limit stops them),
confirming their own reports (refused), and sock-puppet confirmations from new accounts (they
vest nothing and earn nothing); reports a moderator rejects take back whatever they paid."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gamification import leaderboards, points, services
from gamification.models import LedgerEntry, Report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _report(service, person, n):
    return services.report_submit(
        service=service, point=Point(-1.835 + (n % 100) * 0.0001, 52.455, srid=4326), description=f"Hole {n}",
        answers={"depth": "deep"}, reporter=person,
    )  # fmt: skip


def test_a_scripted_spammer_cannot_climb_the_leaderboard(
    settings, district, pothole, moderator, django_user_model, django_capture_on_commit_callbacks
):
    settings.POSTING_RATES = {"report": "10/h"}  # the production limit
    long_ago = timezone.now() - timedelta(days=60)
    honest = UserFactory.create_batch(5)
    django_user_model.objects.filter(pk__in=[p.pk for p in honest]).update(date_joined=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        for i, person in enumerate(honest):
            for n in range(i + 1):  # honest people: 1 to 5 reports each, accepted by the council
                report = _report(pothole, person, 100 * i + n)
                services.report_status_set(report=report, status="acknowledged", by=moderator)
    before = [(row.pseudonym, row.points) for row in leaderboards.board(period="week").rows]

    spammer = UserFactory(display_name="Spammer")
    made, refused = [], 0
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(30):  # many reports: the posting limit (10 an hour) stops the rest
            try:
                made.append(_report(pothole, spammer, 1000 + n))
            except ValidationError:
                refused += 1
    assert len(made) == 10 and refused == 20
    for report in made:  # confirming their own reports is refused
        with pytest.raises(PermissionDenied):
            services.report_confirm(report=report, user=spammer)
    puppets = [django_user_model.objects.create_user(email=f"puppet{i}@example.org", password="x") for i in range(8)]
    with django_capture_on_commit_callbacks(execute=True):
        for report in made:
            for puppet in puppets:
                services.report_confirm(report=report, user=puppet)
    assert points.total_for(person=spammer) == 0 and all(points.total_for(person=p) == 0 for p in puppets)

    # One of them is accepted (it was a real pothole), then the rest are rejected as spam.
    with django_capture_on_commit_callbacks(execute=True):
        services.report_status_set(report=made[0], status="acknowledged", by=moderator)
    assert points.total_for(person=spammer) == 10  # a real report is paid, as anyone's is
    assert all(points.total_for(person=p) == 0 for p in puppets)  # puppets' "me too" never pays
    with django_capture_on_commit_callbacks(execute=True):
        for report in made:
            services.report_reject(report=report, by=moderator, reason="Repeated junk reports")
    assert Report.objects.filter(reporter=spammer).count() == 0  # hidden from every public read
    assert points.total_for(person=spammer) == 0 == points.recomputed_total(person=spammer)
    assert LedgerEntry.objects.filter(person=spammer, reverses__isnull=False).count() == 1

    after = [(row.pseudonym, row.points) for row in leaderboards.board(period="week").rows]
    assert after == before
    assert all(row.points > 0 for row in leaderboards.board(period="all").rows)


def test_rejecting_a_report_needs_staff_and_a_reason(district, pothole, resident, neighbour, moderator):
    report = _report(pothole, resident, 1)
    with pytest.raises(PermissionDenied):
        services.report_reject(report=report, by=neighbour, reason="I do not like it")
    with pytest.raises(ValidationError):
        services.report_reject(report=report, by=moderator, reason=" ")
    assert Report.objects.filter(pk=report.pk).exists()


def test_staff_reject_a_report_from_its_screen_and_the_reporter_is_told_why(
    client_for, district, pothole, resident, neighbour, moderator, django_capture_on_commit_callbacks
):
    from engagement.models import Notification

    report = _report(pothole, resident, 1)
    url = f"/reports/{report.pk}/reject/"
    assert client_for(neighbour).post(url, {"reason": "No"}).status_code == 403
    staff = client_for(moderator)
    staff.post(url, {"reason": ""})
    assert Report.objects.filter(pk=report.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(url, {"reason": "A test report"}).status_code == 302
    assert not Report.objects.filter(pk=report.pk).exists() and Report.all_objects.filter(pk=report.pk).exists()
    assert client_for(None).get(f"/reports/{report.pk}/").status_code == 404
    assert "A test report" in staff.get(f"/reports/{report.pk}/manage/").content.decode()
    told = Notification.objects.get(recipient=resident, kind="moderation")
    assert "A test report" in told.body
