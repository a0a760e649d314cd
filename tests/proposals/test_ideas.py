"""Ideas: pins inside the district, similar ideas nearby, the official response."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError

from proposals import selectors, services
from proposals.models import Idea

pytestmark = pytest.mark.django_db

INSIDE = {"latitude": 52.455, "longitude": -1.835}


def _submit(user, title="Benches along the Cole path", **where):
    where = where or INSIDE
    return services.idea_submit(
        author=user,
        title=title,
        description="Older people need somewhere to rest.",
        theme="green_blue_space",
        location=Point(where["longitude"], where["latitude"], srid=4326),
    )


def test_resident_submits_an_idea_in_their_ward(district, resident):
    idea = _submit(resident)
    assert idea.area.code == "W"
    assert idea.status == Idea.Status.NEW


def test_a_pin_outside_the_district_is_refused(district, resident):
    with pytest.raises(ValidationError) as exc:
        _submit(resident, latitude=51.5, longitude=-0.12)
    assert "location" in exc.value.message_dict


def test_the_form_keeps_input_and_shows_errors(client_for, district, resident):
    response = client_for(resident).post(
        "/ideas/new/",
        {"title": "Benches", "description": "Please", "theme": "", "latitude": "51.5", "longitude": "-0.12"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose a theme" in html or "This field is required." in html
    assert 'value="Benches"' in html


def test_submitting_through_the_page_redirects_to_the_idea(client_for, district, resident):
    response = client_for(resident).post(
        "/ideas/new/", {"title": "Benches", "description": "Please", "theme": "green_blue_space", **INSIDE}
    )
    idea = Idea.objects.get()
    assert response["Location"] == f"/ideas/{idea.pk}/"


def test_similar_ideas_nearby_come_nearest_first(district, resident, neighbour):
    near = _submit(neighbour, title="More benches on the Cole path", latitude=52.4552, longitude=-1.8352)
    far = _submit(neighbour, title="Benches in the park", latitude=52.462, longitude=-1.83)
    _submit(neighbour, title="Street lights", latitude=52.4551, longitude=-1.8351)
    similar = selectors.ideas_similar_nearby(title="Benches for the Cole", location=Point(-1.835, 52.455, srid=4326))
    assert [i.pk for i in similar] == [near.pk, far.pk]


def test_only_moderators_give_the_official_response(district, resident, moderator):
    idea = _submit(resident)
    with pytest.raises(PermissionDenied):
        services.idea_respond(idea=idea, responder=resident, status="accepted", response="Yes")
    services.idea_respond(idea=idea, responder=moderator, status="accepted", response="We will add six benches.")
    idea.refresh_from_db()
    assert idea.status == "accepted" and idea.responded_at


def test_the_author_sees_the_official_response(client_for, district, resident, moderator):
    idea = _submit(resident)
    services.idea_respond(idea=idea, responder=moderator, status="in_progress", response="Benches ordered.")
    html = client_for(resident).get(idea.get_absolute_url()).content.decode()
    assert "Benches ordered." in html and "In progress" in html


@pytest.mark.parametrize("count", [2, 25])
def test_idea_list_query_count_does_not_grow(client, district, resident, django_assert_num_queries, count):
    for i in range(count):
        _submit(resident, title=f"Idea {i}")
    with django_assert_num_queries(3):  # ward choices for the filter, count, page with authors and areas
        assert client.get("/ideas/").status_code == 200


def test_anonymous_people_are_asked_to_sign_in_to_share(client):
    assert client.get("/ideas/new/")["Location"].startswith("/accounts/login/")
