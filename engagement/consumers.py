"""Live updates over WebSockets: one socket per page at /ws/live/?watch=label:pk,label:pk.

It joins a group per watched item (new comments, vote tallies) and, for a signed-in person,
their own group (the unread badge). Pages work fully without it; when Redis is down the socket
closes and the page's script retries, so updates resume when Redis returns.
"""

from urllib.parse import parse_qs

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from engagement import registry
from params import BadParameter, parse_target

MAX_WATCHES = 10


def group_for(label: str, pk) -> str:
    return f"live.{label.lower()}.{int(pk)}"


def user_group(pk) -> str:
    return f"live.user.{int(pk)}"


def _watches(query: bytes) -> list[str]:
    """The groups of the watched items; BadParameter for anything that is not "label:id" of an
    engageable model, or for more than MAX_WATCHES of them."""
    raw = parse_qs(query.decode(errors="replace")).get("watch", [""])[0]
    items = [item for item in raw.split(",") if item.strip()]
    if len(items) > MAX_WATCHES:
        raise BadParameter("watch", f"Watch at most {MAX_WATCHES} items.")
    watched = []
    for item in items:
        label, pk = parse_target(item, name="watch")
        if label not in registry.engageable_labels():
            raise BadParameter("watch", f"{label!r} cannot be watched.")
        watched.append(group_for(label, pk))
    return watched


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        try:
            self.groups_joined = _watches(self.scope.get("query_string", b""))
        except BadParameter:
            self.groups_joined = []
            await self.close(code=4400)  # before accept: the handshake is refused, nothing joined
            return
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
