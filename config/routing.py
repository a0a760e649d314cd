"""WebSocket routes; feature apps add their consumers here."""

from engagement.routing import websocket_urlpatterns as engagement_ws

websocket_urlpatterns: list = [*engagement_ws]
