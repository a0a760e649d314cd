"""Reading points of interest from GeoJSON in the shape an OpenStreetMap export has
(overpass-turbo / osmtogeojson: `id` "node/123", OSM tags as properties). Polygons (parks) become
their point on surface. A `kind` given by the caller overrides the tags (e.g. the NHS GP list)."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.geos import GEOSException, GEOSGeometry, Point

FOOD_SHOPS = {"supermarket", "convenience", "greengrocer", "butcher", "bakery", "deli", "general"}


def kind_from_tags(tags: dict) -> str | None:
    amenity, shop = tags.get("amenity"), tags.get("shop")
    if amenity in {"school", "pharmacy", "community_centre"}:
        return amenity
    if amenity == "doctors" or tags.get("healthcare") == "doctor":
        return "gp"
    if tags.get("leisure") in {"park", "nature_reserve"} or tags.get("landuse") == "recreation_ground":
        return "park"
    if tags.get("highway") == "bus_stop" or (tags.get("public_transport") == "platform" and tags.get("bus") == "yes"):
        return "bus_stop"
    if tags.get("railway") in {"station", "halt"}:
        return "rail_station"
    if shop in FOOD_SHOPS:
        return "food_shop"
    return None


@dataclass
class PlaceFeature:
    ref: str
    kind: str
    name: str
    point: Point


def read_places(path: Path, *, kind: str = "", ref_field: str = "", name_field: str = "name"):
    """(places, problems): problems are "feature N: reason" strings; unknown kinds are skipped."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ValueError(f"{path} is not a GeoJSON FeatureCollection")
    places, problems = [], []
    for index, feature in enumerate(document.get("features") or []):
        props = (feature or {}).get("properties") or {}
        ref = str(props.get(ref_field) if ref_field else feature.get("id") or props.get("@id") or "").strip()
        the_kind = kind or kind_from_tags(props)
        if the_kind is None:
            continue
        if not ref:
            problems.append(f"feature {index}: no identifier")
            continue
        try:
            geom = GEOSGeometry(json.dumps(feature.get("geometry")), srid=4326)
        except (GEOSException, ValueError, TypeError) as exc:
            problems.append(f"feature {index}: unreadable geometry ({exc})")
            continue
        point = geom if isinstance(geom, Point) else geom.point_on_surface
        if not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
            problems.append(f"feature {index}: coordinates are not WGS84 longitude/latitude")
            continue
        name = str(props.get(name_field) or "").strip() or the_kind.replace("_", " ").capitalize()
        places.append(PlaceFeature(ref=ref, kind=the_kind, name=name[:200], point=point))
    return places, problems
