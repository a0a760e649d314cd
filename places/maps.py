"""What every Leaflet map on the site is configured with (tiles, attribution, start view)."""

import gzip

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers


def map_config(**extra) -> dict:
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "center": settings.MAP_CENTER,
        "zoom": settings.MAP_ZOOM,
        **extra,
    }


def geojson_response(request, body_gz: bytes) -> HttpResponse:
    """A gzip-compressed GeoJSON body as it is to clients that accept gzip, decompressed to those
    that do not (the response varies on Accept-Encoding)."""
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(body_gz, content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(body_gz), content_type="application/geo+json")
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
