"""Live updates over Channels with the Redis layer: tallies and new comments reach open pages
within a second; the unread badge follows notifications; a layer outage breaks nothing."""

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from config.routing import websocket_urlpatterns
from engagement import services
from engagement.models import Consultation
from tests.engagement_testapp.models import Thing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _setup():
    thing = Thing.objects.create(title="Cycle lane")
    consultation = Consultation.objects.create(
        target=thing, title="Cycle lane survey", stage="open", results_visibility="live"
    )
    return thing, consultation, UserFactory(), UserFactory()


@pytest.mark.asyncio
async def test_a_vote_and_a_comment_reach_a_watching_page_within_a_second():
    thing, consultation, voter, writer = await sync_to_async(_setup)()
    watch = f"engagement.consultation:{consultation.pk},engagement_testapp.thing:{thing.pk}"
    page = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/live/?watch={watch}")
    connected, _ = await page.connect()
    assert connected
    await sync_to_async(services.vote_cast)(consultation=consultation, user=voter, stance="support")
    assert await page.receive_json_from(timeout=1) == {
        "kind": "tally",
        "watch": f"engagement.consultation:{consultation.pk}",
        "support": 1,
        "neutral": 0,
        "oppose": 0,
    }
    await sync_to_async(services.comment_create)(author=writer, target=thing, body="Live!")
    assert await page.receive_json_from(timeout=1) == {
        "kind": "comments",
        "watch": f"engagement_testapp.thing:{thing.pk}",
    }
    await page.disconnect()


@pytest.mark.asyncio
async def test_tallies_are_not_pushed_when_results_wait_for_the_close():
    thing, consultation, voter, _writer = await sync_to_async(_setup)()
    await sync_to_async(Consultation.objects.filter(pk=consultation.pk).update)(results_visibility="after_close")
    consultation.results_visibility = "after_close"
    page = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/live/?watch=engagement.consultation:{consultation.pk}"
    )
    assert (await page.connect())[0]
    await sync_to_async(services.vote_cast)(consultation=consultation, user=voter, stance="oppose")
    assert await page.receive_nothing(timeout=0.5)
    await page.disconnect()


def test_votes_comments_and_notifications_still_work_when_the_channel_layer_is_down(settings, resident, neighbour):
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]}}
    }
    channel_layers.backends.clear()
    try:
        thing = Thing.objects.create(title="Cycle lane")
        consultation = Consultation.objects.create(
            target=thing, title="Survey", stage="open", results_visibility="live"
        )
        assert services.vote_cast(consultation=consultation, user=resident, stance="support") == "support"
        consultation.refresh_from_db()
        assert consultation.support_count == 1
        top = services.comment_create(author=resident, target=thing, body="Still works")
        services.comment_create(author=neighbour, target=thing, body="Reply", parent=top)  # notifies, pushes
        assert resident.notifications.count() == 1
    finally:
        channel_layers.backends.clear()


def _person_with_a_comment():
    thing = Thing.objects.create(title="Cycle lane")
    author, replier = UserFactory(), UserFactory()
    top = services.comment_create(author=author, target=thing, body="Plant trees")
    return thing, top, author, replier


@pytest.mark.asyncio
async def test_the_unread_badge_count_is_pushed_to_the_persons_open_pages():
    from channels.auth import AuthMiddlewareStack
    from channels.db import database_sync_to_async
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    thing, top, author, replier = await sync_to_async(_person_with_a_comment)()

    def session_for(user):
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        return s.session_key

    key = await database_sync_to_async(session_for)(author)
    app = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
    page = WebsocketCommunicator(app, "/ws/live/", headers=[(b"cookie", f"sessionid={key}".encode())])
    assert (await page.connect())[0]
    await sync_to_async(services.comment_create)(author=replier, target=thing, body="Agreed", parent=top)
    assert await page.receive_json_from(timeout=1) == {"kind": "unread", "count": 1, "messages": 0}
    await page.disconnect()


@pytest.mark.asyncio
async def test_live_updates_resume_when_the_channel_layer_returns(settings):
    from channels.layers import channel_layers

    thing = await sync_to_async(Thing.objects.create)(title="Cycle lane")
    url = f"/ws/live/?watch=engagement_testapp.thing:{thing.pk}"
    good = settings.CHANNEL_LAYERS
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]}}
    }
    channel_layers.backends.clear()
    down = WebsocketCommunicator(URLRouter(websocket_urlpatterns), url)
    with pytest.raises(Exception):  # noqa: B017, PT011 - the layer's connection error closes the socket
        await down.connect(timeout=3)
    settings.CHANNEL_LAYERS = good  # Redis is back: the page's script reconnects
    channel_layers.backends.clear()
    page = WebsocketCommunicator(URLRouter(websocket_urlpatterns), url)
    assert (await page.connect())[0]
    writer = await sync_to_async(UserFactory)()
    await sync_to_async(services.comment_create)(author=writer, target=thing, body="Back")
    assert (await page.receive_json_from(timeout=1))["kind"] == "comments"
    await page.disconnect()


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "watch",
    [
        "engagement.consultation:²",
        "engagement.consultation:٣",
        "engagement.consultation:" + "9" * 30,
        "engagement.consultation:1%00",
        "engagement.consultation:nan",
        "engagement.consultation:" + "x" * 10_000,
        "accounts.user:1",  # not engageable
        ",".join(f"engagement.consultation:{n}" for n in range(1, 13)),  # more than MAX_WATCHES
    ],
)
async def test_a_bad_watch_is_refused_at_the_handshake(watch):
    page = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/live/?watch={watch}")
    connected, code = await page.connect()
    assert not connected and code == 4400
    good = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/live/?watch=engagement.consultation:1")
    assert (await good.connect())[0]
    await good.disconnect()
