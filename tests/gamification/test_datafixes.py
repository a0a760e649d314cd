"""Residents improving the map's data: "still here?", "pin in the right place?", "something
missing?" – each waits for a moderator; an accepted one changes the place with its provenance,
reach counts it at once, and the first person to say so is paid (saying it twice, or from other
accounts, pays nothing more)."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError

from engagement.models import Notification
from gamification import datafixes, points
from gamification.models import PlaceSuggestion
from places.models import Place
from places.pois import PlaceFeature
from places.services import places_import
from tests.factories import UserFactory
from twin import reach
from twin.permissions import EVERYTHING

pytestmark = pytest.mark.django_db


@pytest.fixture
def surgery(district):
    return Place.objects.create(
        kind="gp", name="Hay Mills Surgery", location=Point(-1.835, 52.455, srid=4326), ref="ods/M85001",
        source="NHS ODS",
    )  # fmt: skip


def _reach_gps(point):
    return reach.reach(point, access=EVERYTHING)["services"]["gp"]["count"]


def test_a_gone_place_leaves_reach_once_a_moderator_accepts(
    surgery, resident, moderator, django_capture_on_commit_callbacks
):
    here = Point(-1.836, 52.456, srid=4326)
    assert _reach_gps(here) == 1  # cached now
    suggestion = datafixes.suggestion_make(person=resident, kind="gone", place=surgery, note="Closed in May")
    assert _reach_gps(here) == 1  # nothing changes before a moderator accepts
    with django_capture_on_commit_callbacks(execute=True):
        datafixes.suggestion_review(suggestion=suggestion, by=moderator, accept=True)
    assert _reach_gps(here) == 0  # the cached reach is out of date at once
    gone = Place.all_objects.get(pk=surgery.pk)
    assert gone.gone_at and gone.provenance.startswith("Reported no longer there by residents, accepted on")
    assert points.total_for(person=resident) == 5
    assert Notification.objects.filter(recipient=resident, title__contains="accepted").exists()


def test_a_better_pin_moves_the_place_and_a_re_import_keeps_it(
    surgery, resident, moderator, django_capture_on_commit_callbacks
):
    better = Point(-1.8380, 52.4560, srid=4326)
    with pytest.raises(ValidationError, match="already"):
        datafixes.suggestion_make(
            person=resident, kind="moved", place=surgery, location=Point(-1.83501, 52.455, srid=4326)
        )
    suggestion = datafixes.suggestion_make(person=resident, kind="moved", place=surgery, location=better)
    assert "Moves the pin" in datafixes.describe_change(suggestion)
    with django_capture_on_commit_callbacks(execute=True):
        datafixes.suggestion_review(suggestion=suggestion, by=moderator, accept=True)
    surgery.refresh_from_db()
    assert surgery.location.equals_exact(better, 1e-9) and "Position corrected by residents" in surgery.provenance
    places_import(
        places=[PlaceFeature("ods/M85001", "gp", "Hay Mills Surgery", Point(-1.835, 52.455, srid=4326))], source="NHS"
    )
    surgery.refresh_from_db()
    assert surgery.location.equals_exact(better, 1e-9)  # the residents' correction stands


def test_a_missing_place_is_added_and_counts(district, resident, moderator, django_capture_on_commit_callbacks):
    spot = Point(-1.845, 52.445, srid=4326)
    assert _reach_gps(spot) == 0
    suggestion = datafixes.suggestion_make(
        person=resident, kind="missing", place_kind="gp", name="New Medical Centre", location=spot
    )
    with django_capture_on_commit_callbacks(execute=True):
        datafixes.suggestion_review(suggestion=suggestion, by=moderator, accept=True)
    added = Place.objects.get(name="New Medical Centre")
    assert added.ref == f"residents/{suggestion.pk}" and added.provenance.startswith("Added by residents")
    assert _reach_gps(spot) == 1


def test_saying_it_again_or_from_other_accounts_pays_once(
    surgery, resident, moderator, django_capture_on_commit_callbacks
):
    first = datafixes.suggestion_make(person=resident, kind="gone", place=surgery)
    with pytest.raises(ValidationError, match="already"):
        datafixes.suggestion_make(person=resident, kind="gone", place=surgery)
    puppets = UserFactory.create_batch(3)
    for puppet in puppets:
        datafixes.suggestion_make(person=puppet, kind="gone", place=surgery)
    with django_capture_on_commit_callbacks(execute=True):
        datafixes.suggestion_review(suggestion=first, by=moderator, accept=True)
    assert points.total_for(person=resident) == 5
    assert all(points.total_for(person=p) == 0 for p in puppets)
    assert not PlaceSuggestion.objects.filter(status="pending").exists()
    with pytest.raises(ValidationError, match="reviewed already"):
        datafixes.suggestion_review(suggestion=first, by=moderator, accept=False, note="changed my mind")


def test_a_rejection_needs_a_reason_the_person_is_told_and_only_moderators_review(
    surgery, resident, neighbour, moderator, django_capture_on_commit_callbacks
):
    suggestion = datafixes.suggestion_make(person=resident, kind="gone", place=surgery)
    with pytest.raises(PermissionDenied):
        datafixes.suggestion_review(suggestion=suggestion, by=neighbour, accept=True)
    with pytest.raises(ValidationError):
        datafixes.suggestion_review(suggestion=suggestion, by=moderator, accept=False, note="")
    with django_capture_on_commit_callbacks(execute=True):
        datafixes.suggestion_review(suggestion=suggestion, by=moderator, accept=False, note="It is open: we checked")
    assert Place.objects.filter(pk=surgery.pk).exists() and points.total_for(person=resident) == 0
    told = Notification.objects.get(recipient=resident)
    assert "not accepted" in told.title and told.body == "It is open: we checked"


def test_bad_suggestions_say_what_is_wrong(surgery, resident):
    outside = Point(0.1, 51.5, srid=4326)
    cases = [
        ({"kind": "moved", "place": surgery}, "location_query"),
        ({"kind": "moved", "place": surgery, "location": outside}, "location_query"),
        ({"kind": "missing", "location": Point(-1.84, 52.45, srid=4326), "place_kind": "casino"}, "place_kind"),
        ({"kind": "missing", "location": Point(-1.84, 52.45, srid=4326), "place_kind": "gp"}, "name"),
        ({"kind": "gone", "place": surgery, "note": "x" * 1001}, "note"),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as problem:
            datafixes.suggestion_make(person=resident, **fields)
        assert field in problem.value.message_dict


def test_the_pages_by_keyboard_without_a_map(client_for, surgery, resident, moderator, django_assert_max_num_queries):
    client = client_for(resident)
    with django_assert_max_num_queries(12):
        page = client.get("/improve/?kind=gp").content.decode()
    assert "Hay Mills Surgery" in page
    check = client.get(f"/improve/places/{surgery.pk}/").content.decode()
    assert "Is it still there?" in check and "Is the pin in the right place?" in check
    found = client.post(
        f"/improve/places/{surgery.pk}/", {"action": "moved", "location_query": "Tyseley", "location_action": "search"}
    )
    assert found.status_code == 200 and 'value="Tyseley"' in found.content.decode()  # what was typed is kept
    missing = client.post(f"/improve/places/{surgery.pk}/", {"action": "moved"})
    assert missing.status_code == 422 and "Choose where it really is" in missing.content.decode()
    moved = client.post(
        f"/improve/places/{surgery.pk}/", {"action": "moved", "latitude": "52.456", "longitude": "-1.838"}
    )
    assert moved.status_code == 302 and PlaceSuggestion.objects.filter(kind="moved").exists()
    assert client.post(f"/improve/places/{surgery.pk}/", {"action": "gone", "note": "Closed"}).status_code == 302
    new = client.post(
        "/improve/missing/",
        {"place_kind": "food_shop", "name": "Corner shop", "latitude": "52.45", "longitude": "-1.84"},
    )
    assert new.status_code == 302 and PlaceSuggestion.objects.count() == 3
    assert "Waiting for a moderator" in client.get("/improve/").content.decode()
    assert client.get("/improve/review/").status_code == 403
    staff = client_for(moderator)
    queue = staff.get("/improve/review/").content.decode()
    assert "Moves the pin" in queue and "Adds “Corner shop”" in queue
    gone = PlaceSuggestion.objects.get(kind="gone")
    assert staff.post(f"/improve/review/{gone.pk}/", {"decision": "accept"}).status_code == 302
    assert not Place.objects.filter(pk=surgery.pk).exists()
    assert client.get(f"/improve/places/{surgery.pk}/").status_code == 404
    assert client.get("/improve/places/x/").status_code == 400
