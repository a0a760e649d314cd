"""Pushing live updates to open pages over Channels. A missing or unreachable channel layer
(Redis down) only means pages update on their next load; nothing fails."""

import logging

from asgiref.sync import async_to_sync

logger = logging.getLogger(__name__)


def push(group: str, message: dict) -> None:
    try:
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        if layer is None:
            return
        async_to_sync(layer.group_send)(
            group.replace(":", "-"), {**message, "type": "live.message", "kind": message.get("type")}
        )
    except Exception:  # noqa: BLE001 - live updates are a nicety; the page still works on reload
        logger.warning("live update not sent to %s", group, exc_info=True)
