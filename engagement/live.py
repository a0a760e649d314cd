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
        async_to_sync(layer.group_send)(group, {**message, "type": "live.message"})
    except Exception:  # noqa: BLE001 - live updates are a nicety; the page still works on reload
        logger.warning("live update not sent to %s", group, exc_info=True)


def item_changed(item, kind: str, **data) -> None:
    """Tell pages watching `item` that something changed (after the transaction commits)."""
    from django.db import transaction

    from engagement.consumers import group_for

    group = group_for(item._meta.label_lower, item.pk)
    message = {"kind": kind, "watch": f"{item._meta.label_lower}:{item.pk}", **data}
    transaction.on_commit(lambda: push(group, message))
