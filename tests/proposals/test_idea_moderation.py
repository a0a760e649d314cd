"""Ideas are moderated like comments: new ones wait in the queue, a hidden idea leaves every
list, map and API (its words kept for the audit), its author is told why, and restoring brings
it back. Blocked people cannot share ideas."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied

from engagement import moderation
from engagement.models import ModerationCase, Notification
from proposals import services
from proposals.models import Idea

pytestmark = pytest.mark.django_db


def _submit(user, title="Benches along the Cole path", description="Older people need somewhere to rest."):
    return services.idea_submit(
        author=user,
        title=title,
        description=description,
        theme="green_blue_space",
        location=Point(-1.835, 52.455, srid=4326),
    )


def test_a_hidden_idea_leaves_lists_maps_and_the_api_and_comes_back_when_restored(
    client, district, resident, moderator, django_capture_on_commit_callbacks
):
    idea = _submit(resident)
    case = ModerationCase.objects.get(object_id=idea.pk, kind="new")
    assert case.area == idea.area  # the queue filters by the idea's ward
    assert "Benches along the Cole path" in client.get("/ideas/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.cases_act(moderator=moderator, case_ids=[case.pk], action="hide", reason="Duplicate of idea 3")
    assert not Idea.objects.filter(pk=idea.pk).exists() and Idea.all_objects.get(pk=idea.pk).hidden_at
    assert "Benches along the Cole path" not in client.get("/ideas/").content.decode()
    assert client.get(f"/ideas/{idea.pk}/").status_code == 404
    assert str(idea.pk) not in [str(f["id"]) for f in client.get("/api/v1/ideas/features/").json()["features"]]
    assert client.get(f"/api/v1/ideas/{idea.pk}/").status_code == 404
    told = Notification.objects.get(recipient=resident, kind="moderation")
    assert "Duplicate of idea 3" in told.body and "Benches along the Cole path" in told.body
    moderation.items_restore(moderator=moderator, items=[Idea.all_objects.get(pk=idea.pk)])
    assert client.get(f"/ideas/{idea.pk}/").status_code == 200


def test_an_idea_with_a_link_from_a_new_account_is_held(district, resident, moderator):
    idea = _submit(resident, description="See https://example.com/my-plan for details")
    assert Idea.all_objects.get(pk=idea.pk).held and not Idea.objects.filter(pk=idea.pk).exists()
    case = ModerationCase.objects.get(object_id=idea.pk, kind="held")
    moderation.cases_act(moderator=moderator, case_ids=[case.pk], action="approve")
    assert Idea.objects.filter(pk=idea.pk, held=False).exists()


def test_blocked_people_cannot_share_ideas(district, resident, moderator):
    moderation.user_block(moderator=moderator, user=resident, reason="Spam")
    with pytest.raises(PermissionDenied, match="blocked"):
        _submit(resident)
    assert not Idea.all_objects.exists()


def test_hidden_ideas_stay_in_download_my_data(district, resident, moderator):
    from proposals.selectors import user_ideas_export

    idea = _submit(resident)
    case = ModerationCase.objects.get(object_id=idea.pk)
    moderation.cases_act(moderator=moderator, case_ids=[case.pk], action="hide", reason="Off topic")
    assert [i["title"] for i in user_ideas_export(user=resident)] == ["Benches along the Cole path"]


def test_the_author_and_followers_hear_of_the_official_response(
    district, resident, neighbour, moderator, django_capture_on_commit_callbacks
):
    from engagement import services as engagement_services

    idea = _submit(resident)
    engagement_services.follow_set(user=neighbour, target=idea, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_respond(
            idea=idea, responder=moderator, status="accepted", response="We will fit benches in spring."
        )
    mine = Notification.objects.get(recipient=resident)
    assert mine.kind == "response" and "Accepted" in mine.title and mine.url == f"/ideas/{idea.pk}/"
    assert Notification.objects.get(recipient=neighbour).kind == "followed"
