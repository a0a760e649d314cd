"""Notifications: in-app and email, immediate or daily digest per type, at most one email per
item per day, no empty digests, and unsubscribe links that work without signing in and only
for their own recipient."""

import pytest
from django.core import mail

from engagement import emails, notifications, services
from engagement.models import Notification, NotificationPreference
from tests.engagement_testapp.models import Thing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thing(db):
    return Thing.objects.create(title="Cycle lane on Warwick Road")


def _reply(thing, to, by, capture):
    with capture(execute=True):
        services.comment_create(author=by, target=thing, body="I agree with you", parent=to)


def test_a_reply_is_shown_in_the_app_and_emailed_at_once_by_default(
    client_for, thing, resident, neighbour, django_capture_on_commit_callbacks
):
    top = services.comment_create(author=resident, target=thing, body="Plant trees")
    _reply(thing, top, neighbour, django_capture_on_commit_callbacks)
    n = Notification.objects.get(recipient=resident)
    assert n.kind == "reply" and "Tom replied" in n.title and n.email == "sent"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["resident@example.org"]
    assert "/engagement/notifications/unsubscribe/" in mail.outbox[0].body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    page = client_for(resident).get("/engagement/notifications/").content.decode()
    assert "Tom replied to your comment" in page and "data-unread-count>1<" in page
    client_for(resident).post("/engagement/notifications/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "data-unread-badge hidden" in client_for(resident).get("/engagement/notifications/").content.decode()


def test_preferences_are_respected_per_type(client_for, thing, resident, neighbour, django_capture_on_commit_callbacks):
    response = client_for(resident).post(
        "/engagement/notifications/preferences/",
        {
            "reply": "off",
            "followed": "daily",
            "response": "immediate",
            "moderation": "immediate",
            "data_access": "off",
            "area_alert": "daily",
            "reward": "off",
            "opportunity_alert": "immediate",
            "message": "immediate",
            "data_room": "daily",
            "campaign": "off",
        },  # fmt: skip
    )
    assert response.status_code == 302
    top = services.comment_create(author=resident, target=thing, body="Plant trees")
    _reply(thing, top, neighbour, django_capture_on_commit_callbacks)
    assert Notification.objects.get(recipient=resident).email == "skipped"  # shown, not emailed
    assert mail.outbox == []
    bad = client_for(resident).post("/engagement/notifications/preferences/", {"reply": "hourly"})
    assert bad.status_code == 422 and "Select a valid choice" in bad.content.decode()


def test_a_digest_gathers_a_days_events_into_one_email_and_empty_digests_are_not_sent(
    thing, resident, django_capture_on_commit_callbacks
):
    assert emails.email_daily_digests() == 0  # nothing waiting: no email at all
    services.follow_set(user=resident, target=thing, following=True)
    other = Thing.objects.create(title="Bus gate")
    services.follow_set(user=resident, target=other, following=True)
    people = UserFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        for p in people:
            services.comment_create(author=p, target=thing, body=f"Comment by {p.display_name}")
        services.comment_create(author=people[0], target=other, body="On the bus gate")
    assert Notification.objects.filter(recipient=resident, email="digest").count() == 4
    assert mail.outbox == []  # followed items default to the daily digest
    assert emails.email_daily_digests() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    # one line per item: three comments on one thing are one item today
    assert digest.body.count("New comment on") == 2 and "2 updates today" in digest.subject
    assert emails.email_daily_digests() == 0  # nothing left: no second email


def test_never_more_than_one_email_per_item_per_day(thing, resident, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=resident, kind="followed", email="immediate")
    services.follow_set(user=resident, target=thing, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        for p in UserFactory.create_batch(3):
            services.comment_create(author=p, target=thing, body="Busy thread")
    assert Notification.objects.filter(recipient=resident).count() == 3  # all shown in the app
    assert len(mail.outbox) == 1


def test_the_unsubscribe_link_works_without_signing_in_and_only_for_its_recipient(client, resident, neighbour):
    token = emails.unsubscribe_token(user=resident, kind="followed")
    page = client.get(f"/engagement/notifications/unsubscribe/{token}/")
    assert page.status_code == 200 and "Stop these emails?" in page.content.decode()
    assert client.post(f"/engagement/notifications/unsubscribe/{token}/").status_code == 200
    assert notifications.preferences_for(resident)["followed"] == "off"
    assert notifications.preferences_for(neighbour)["followed"] == "daily"  # nobody else's changed
    assert notifications.preferences_for(resident)["reply"] == "immediate"  # only that type
    tampered = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    response = client.post(f"/engagement/notifications/unsubscribe/{tampered}/")
    assert response.status_code == 400 and "does not work" in response.content.decode()
    assert notifications.preferences_for(neighbour)["followed"] == "daily"


@pytest.mark.parametrize("persona", ["anonymous", "resident", "moderator"])
def test_notification_pages_need_signing_in(request, client_for, persona):
    user = request.getfixturevalue(persona)
    for url in ("/engagement/notifications/", "/engagement/notifications/preferences/"):
        assert client_for(user).get(url).status_code == (302 if persona == "anonymous" else 200)


@pytest.mark.parametrize("count", [2, 25])
def test_notification_list_query_count_does_not_grow(client_for, resident, django_assert_num_queries, count):
    notifications.notify(recipients=[resident], kind="moderation", title="x")
    for i in range(count):
        Notification.objects.create(recipient=resident, kind="reply", title=f"Reply {i}")
    client = client_for(resident)
    client.get("/engagement/notifications/")
    with django_assert_num_queries(3):  # user, page count, page (session and unread count are cached)
        assert client.get("/engagement/notifications/").status_code == 200
