"""WebSocket routes; feature apps add their consumers here."""

websocket_urlpatterns: list = []
