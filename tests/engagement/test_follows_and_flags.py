"""Follows (who hears about changes) and flags (what moderators review)."""

import pytest
from django.core.exceptions import ValidationError

from engagement import selectors, services, signals
from engagement.models import Flag

pytestmark = pytest.mark.django_db


def test_follow_and_unfollow_are_idempotent(thing, resident, neighbour):
    services.follow_set(user=resident, target=thing, following=True)
    services.follow_set(user=resident, target=thing, following=True)
    services.follow_set(user=neighbour, target=thing, following=True)
    assert sorted(selectors.follower_ids(target=thing)) == sorted([resident.pk, neighbour.pk])
    services.follow_set(user=resident, target=thing, following=False)
    assert selectors.follower_ids(target=thing) == [neighbour.pk]
    assert selectors.is_following(user=neighbour, target=thing)


def test_one_report_per_person_per_item(thing, resident):
    services.flag_create(reporter=resident, target=thing, reason="spam", note="Advert for a car wash")
    with pytest.raises(ValidationError, match="already reported"):
        services.flag_create(reporter=resident, target=thing, reason="abuse")
    assert Flag.objects.count() == 1


def test_comments_can_be_reported(thing, resident, neighbour):
    comment = services.comment_create(author=resident, target=thing, body="Rude words")
    flag = services.flag_create(reporter=neighbour, target=comment, reason="abuse")
    assert flag.target == comment


def test_unknown_reason_is_refused_with_the_field(thing, resident):
    with pytest.raises(ValidationError) as exc:
        services.flag_create(reporter=resident, target=thing, reason="boring")
    assert "reason" in exc.value.message_dict


def test_signals_fire_after_commit(thing, resident, django_capture_on_commit_callbacks):
    received = []

    def on_comment(sender, comment, target, **kwargs):
        received.append(("comment", comment.pk, target.pk))

    def on_flag(sender, flag, target, **kwargs):
        received.append(("flag", flag.pk, target.pk))

    signals.comment_posted.connect(on_comment)
    signals.item_flagged.connect(on_flag)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            comment = services.comment_create(author=resident, target=thing, body="Hello")
            flag = services.flag_create(reporter=resident, target=thing, reason="other")
    finally:
        signals.comment_posted.disconnect(on_comment)
        signals.item_flagged.disconnect(on_flag)
    assert received == [("comment", comment.pk, thing.pk), ("flag", flag.pk, thing.pk)]
