"""Live updates over WebSockets: one socket per page at /ws/live/?watch=label:pk,label:pk.

It joins a group per watched item (new comments, vote tallies) and, for a signed-in person,
their own group (the unread badge). Pages work fully without it; when Redis is down the socket
closes and the page's script retries, so updates resume when Redis returns.
"""

from urllib.parse import parse_qs

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from engagement import registry

MAX_WATCHES = 10


def group_for(label: str, pk) -> str:
    return f"live.{label.lower()}.{int(pk)}"


def user_group(pk) -> str:
    return f"live.user.{int(pk)}"


def _watches(query: bytes) -> list[str]:
    watched = []
    for raw in parse_qs(query.decode(errors="ignore")).get("watch", [""])[0].split(",")[:MAX_WATCHES]:
        label, _sep, pk = raw.partition(":")
        if pk.isdigit() and label.lower() in registry.engageable_labels():
            watched.append(group_for(label, pk))
    return watched


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.groups_joined = _watches(self.scope.get("query_string", b""))
        user = self.scope.get("user")
        if user is not None and user.is_authenticated:
            self.groups_joined.append(user_group(user.pk))
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:  # noqa: BLE001, S110 - layer gone (Redis down): nothing to leave
                pass

    async def receive_json(self, content, **kwargs):
        pass  # the page only listens

    async def live_message(self, event):
        await self.send_json({k: v for k, v in event.items() if k != "type"})
