"""The home page's front door: "Report a problem" first, then live blocks content editors place –
consultations closing soon, the newest decisions, reports fixed this week, and for a signed-in
person what is near their home ward and on their priorities (never shown to anyone else)."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from gamification.models import Report, Service
from places.models import Area
from proposals.models import Decision
from tests.factories import ConsultationFactory, PlanningProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    with override_settings(DEMO_DATA_ALLOWED=True):
        call_command("load_demo_data", stdout=open("/dev/null", "w"))


def _live_content():
    ward = User.objects.get(email="resident@example.org").profile.home_area
    soon = ConsultationFactory(title="Bordesley Green bus lane", ends_at=timezone.now() + timedelta(days=2))
    ConsultationFactory(title="Closed already", ends_at=timezone.now() - timedelta(days=1))
    proposal = PlanningProposalFactory(title="Cole Valley greenway")
    Decision.objects.create(proposal=proposal, outcome="approved_with_changes", reasoning="Yes.", what_changed="Wider")
    fixed = Report.objects.create(
        service=Service.objects.get(code="graffiti"), location=Point(-1.835, 52.455, srid=4326), status="fixed",
        closed_at=timezone.now(), address="Formans Road fix", area=ward,
    )  # fmt: skip
    Report.objects.create(
        service=Service.objects.get(code="pothole"), location=Point(-1.835, 52.455, srid=4326), area=ward,
        address="Near-you pothole",
    )  # fmt: skip
    return soon, proposal, fixed, ward


def test_the_home_page_leads_with_reporting_and_shows_whats_happening(client, demo, django_assert_max_num_queries):
    soon, proposal, fixed, _ward = _live_content()
    with django_assert_max_num_queries(30):
        page = client.get("/").content.decode()
    assert page.index("Report a problem in the street") < page.index("Consultations closing soon")
    assert "/reports/new/" in page
    assert "Bordesley Green bus lane" in page and "Closed already" not in page
    assert "Cole Valley greenway" in page and "Approved with changes" in page
    assert "Formans Road fix" in page and "2 problems reported by residents were fixed this week" in page
    assert "Sign in</a> and tell us your home ward" in page  # near you, for a visitor
    assert "Near-you pothole" not in page


def test_a_signed_in_person_sees_their_ward_and_nobody_else_does(client_for, demo, django_assert_max_num_queries):
    _live_content()
    resident = User.objects.get(email="resident@example.org")
    client = client_for(resident)
    with django_assert_max_num_queries(40):
        page = client.get("/").content.decode()
    ward = escape(resident.profile.home_area.name)
    assert "Near-you pothole" in page and f"Open street reports in {ward}" in page
    assert "Near-you pothole" not in client_for(None).get("/").content.decode()
    elsewhere = User.objects.get(email="group@example.org")
    elsewhere.profile.home_area = Area.objects.filter(kind="ward").exclude(pk=resident.profile.home_area_id).first()
    elsewhere.profile.save()
    assert "Near-you pothole" not in client_for(elsewhere).get("/").content.decode()


def test_a_new_fixed_report_shows_on_the_cached_home_page_at_once(client, demo):
    # the demo's street light was fixed as the demo loaded
    assert "1 problem reported by residents was fixed this week" in client.get("/").content.decode()
    Report.objects.create(
        service=Service.objects.get(code="graffiti"), location=Point(-1.835, 52.455, srid=4326), status="fixed",
        closed_at=timezone.now(),
    )  # fmt: skip
    assert "2 problems reported by residents were fixed this week" in client.get("/").content.decode()
