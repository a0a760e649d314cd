"""What every Leaflet map on the site is configured with (tiles, attribution, start view)."""

from django.conf import settings


def map_config(**extra) -> dict:
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "center": settings.MAP_CENTER,
        "zoom": settings.MAP_ZOOM,
        **extra,
    }
