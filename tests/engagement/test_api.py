"""/api/v1/comments/: public read, signed-in write, reasons and field names in 4xx bodies."""

import pytest

from engagement import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/comments/"


def _target(thing):
    return f"engagement_testapp.thing:{thing.pk}"


def test_anyone_reads_comments_and_removed_ones_lose_their_text(client, thing, resident, neighbour):
    kept = services.comment_create(author=resident, target=thing, body="Keep the trees")
    gone = services.comment_create(author=neighbour, target=thing, body="Oops")
    services.comment_delete(comment=gone, user=neighbour)
    body = client.get(URL, {"target": _target(thing)}).json()
    assert body["count"] == 2
    first, second = body["results"]
    assert first == {**first, "id": kept.pk, "author": "Amina", "body": "Keep the trees", "removed": False}
    assert second["body"] is None and second["author"] is None and second["removed"] is True


def test_signed_in_person_posts_a_comment(client_for, thing, resident):
    response = client_for(resident).post(
        URL, {"target": _target(thing), "body": "From the app"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["author"] == "Amina"


def test_anonymous_cannot_post(client, thing):
    response = client.post(URL, {"target": _target(thing), "body": "Hi"}, content_type="application/json")
    assert response.status_code == 403


def test_a_closed_stage_gives_the_reason(client_for, closed_thing, resident):
    response = client_for(resident).post(
        URL, {"target": _target(closed_thing), "body": "Hi"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "This discussion has closed."}


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"target": "nonsense", "body": "x"}, "target"),
        ({"target": "accounts.user:1", "body": "x"}, "target"),
        ({"body": "x"}, "target"),
        ({"target": "TARGET", "body": ""}, "body"),
        ({"target": "TARGET", "body": "x", "parent": 999999}, "parent"),
    ],
)
def test_bad_input_is_400_naming_the_field(client_for, thing, resident, payload, field):
    payload = {k: (_target(thing) if v == "TARGET" else v) for k, v in payload.items()}
    response = client_for(resident).post(URL, payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()


def test_missing_or_bad_target_filter_is_400(client):
    assert "target" in client.get(URL).json()
    assert client.get(URL, {"target": "engagement_testapp.thing:abc"}).status_code == 400


@pytest.mark.parametrize("count", [3, 40])
def test_comment_list_query_count_does_not_grow(client, thing, django_assert_num_queries, count):
    people = UserFactory.create_batch(3)
    for i in range(count):
        services.comment_create(author=people[i % 3], target=thing, body=f"Comment {i}")
    client.get(URL, {"target": _target(thing)})
    with django_assert_num_queries(3):  # target, count, page with authors
        assert len(client.get(URL, {"target": _target(thing)}).json()["results"]) == count
