"""Comments: one reply level, edit window, soft delete, helpful reactions, erasure."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import services as account_services
from engagement import selectors, services
from engagement.models import Comment
from places.models import Area
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_resident_comments_and_neighbour_replies(thing, resident, neighbour):
    comment = services.comment_create(author=resident, target=thing, body="  Please keep the trees.  ")
    reply = services.comment_create(author=neighbour, target=thing, body="Agreed.", parent=comment)
    assert comment.body == "Please keep the trees."
    thread = list(selectors.comment_thread(target=thing))
    assert thread == [comment]
    assert thread[0].visible_reply_list == [reply]


def test_replies_go_one_level_deep_only(thing, resident, neighbour):
    comment = services.comment_create(author=resident, target=thing, body="First")
    reply = services.comment_create(author=neighbour, target=thing, body="Reply", parent=comment)
    with pytest.raises(ValidationError, match="not to a reply"):
        services.comment_create(author=resident, target=thing, body="Deeper", parent=reply)


def test_a_reply_must_belong_to_the_same_item(thing, closed_thing, resident):
    from tests.engagement_testapp.models import Thing

    other = Thing.objects.create(title="Other")
    comment = services.comment_create(author=resident, target=other, body="Elsewhere")
    with pytest.raises(ValidationError, match="belongs to something else"):
        services.comment_create(author=resident, target=thing, body="Reply", parent=comment)


@pytest.mark.parametrize("body, message", [("   ", "Write a comment."), ("x" * 4001, "up to 4000 characters")])
def test_empty_and_overlong_comments_are_refused(thing, resident, body, message):
    with pytest.raises(ValidationError, match=message):
        services.comment_create(author=resident, target=thing, body=body)


def test_unregistered_models_cannot_be_commented_on(resident):
    area = AreaFactory()
    assert isinstance(area, Area)
    with pytest.raises(ValidationError, match="cannot comment"):
        services.comment_create(author=resident, target=area, body="Hello")


def test_author_edits_within_the_window_only(thing, resident, neighbour):
    comment = services.comment_create(author=resident, target=thing, body="Typo hre")
    services.comment_edit(comment=comment, editor=resident, body="Typo here")
    assert comment.edited_at is not None
    with pytest.raises(PermissionDenied, match="only change your own"):
        services.comment_edit(comment=comment, editor=neighbour, body="Vandalised")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(PermissionDenied, match="15 minutes"):
        services.comment_edit(comment=comment, editor=resident, body="Too late")


def test_soft_delete_keeps_the_place_of_a_comment_with_replies(thing, resident, neighbour):
    parent = services.comment_create(author=resident, target=thing, body="Parent")
    lonely = services.comment_create(author=resident, target=thing, body="No replies")
    services.comment_create(author=neighbour, target=thing, body="Reply", parent=parent)
    services.comment_delete(comment=parent, user=resident)
    services.comment_delete(comment=lonely, user=resident)
    thread = list(selectors.comment_thread(target=thing))
    assert thread == [parent]  # shown as "deleted" because a reply hangs off it
    assert thread[0].deleted_at is not None
    assert selectors.comment_counts(target=thing) == {"comments": 1, "threads": len(thread)}
    with pytest.raises(PermissionDenied):
        services.comment_delete(comment=parent, user=neighbour)


def test_helpful_toggles_and_the_tally_matches_the_reactions(thing, resident, neighbour):
    comment = services.comment_create(author=resident, target=thing, body="Useful point")
    assert services.comment_helpful_toggle(comment=comment, user=neighbour) is True
    comment.refresh_from_db()
    assert comment.helpful_count == 1 == comment.reactions.count()
    thread = list(selectors.comment_thread(target=thing, user=neighbour))
    assert thread[0].helpful_by_me is True
    assert services.comment_helpful_toggle(comment=comment, user=neighbour) is False
    comment.refresh_from_db()
    assert comment.helpful_count == 0 == comment.reactions.count()
    with pytest.raises(PermissionDenied, match="your own comment"):
        services.comment_helpful_toggle(comment=comment, user=resident)


@pytest.mark.parametrize("replies", [1, 12])
def test_thread_is_read_in_a_constant_number_of_queries(thing, resident, django_assert_num_queries, replies):
    people = UserFactory.create_batch(3)
    for i in range(4):
        top = services.comment_create(author=people[i % 3], target=thing, body=f"Top {i}")
        for j in range(replies):
            services.comment_create(author=people[j % 3], target=thing, body=f"Reply {j}", parent=top)
    with django_assert_num_queries(2):  # comments with authors; replies with authors
        thread = list(selectors.comment_thread(target=thing, user=resident))
        assert sum(len(c.visible_reply_list) for c in thread) == 4 * replies
        assert all(c.author.display_name for c in thread)


def test_erasure_unlinks_comments_but_keeps_words_and_tallies(thing, resident, neighbour):
    comment = services.comment_create(author=resident, target=thing, body="Keep the trees")
    services.comment_helpful_toggle(comment=comment, user=neighbour)
    account_services.account_erase(user=neighbour)
    account_services.account_erase(user=resident)
    comment.refresh_from_db()
    assert comment.author is None and comment.body == "Keep the trees"
    assert comment.helpful_count == 1


def test_download_my_data_includes_comments_follows_and_reports(thing, resident, client_for):
    services.comment_create(author=resident, target=thing, body="My view")
    services.follow_set(user=resident, target=thing, following=True)
    services.flag_create(reporter=resident, target=thing, reason="spam")
    section = client_for(resident).get("/account/data/download/").json()["sections"]["engagement"]
    assert section["comments"][0]["body"] == "My view"
    assert section["following"] == [f"engagement_testapp.thing:{thing.pk}"]
    assert section["reports"][0]["reason"] == "spam"
    from engagement import notifications

    notifications.notify(recipients=[resident], kind="moderation", title="A moderator hid your post", body="Why: spam")
    notifications.preferences_set(user=resident, choices={"followed": "off"})
    section = client_for(resident).get("/account/data/download/").json()["sections"]["engagement"]
    assert section["notifications"][0]["title"] == "A moderator hid your post"
    assert section["email_choices"] == {"followed": "off"} and section["blocked"] is None
