"""A site boundary from what a person gives: a polygon drawn on the map (which the page sends as
GeoJSON), corners typed as "latitude, longitude" one per line (the keyboard's way, with no map
needed), or a GeoJSON file from a GIS. One parser for all three, bounded and strict, with
messages a person can act on. Coordinates are read with Python's own parsers, not handed to GEOS
or GDAL as text, so nothing but numbers in range reaches a geometry.

GeoJSON is read as RFC 7946 has it: positions are [longitude, latitude] in WGS 84; a Polygon's
rings are closed (an unclosed ring is closed here rather than refused, since a person cannot see
the difference); a third number (height) is ignored. A file in British National Grid (eastings and
northings, as many UK GIS exports are) is refused with that said.
"""

import json
import math
import re

from django.contrib.gis.geos import LinearRing, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MAX_TEXT = 200_000  # characters of GeoJSON or typed corners looked at
MAX_VERTICES = 2_000
MAX_PARTS = 20
MAX_AREA_KM2 = 25  # a site, not a district: larger places are chosen as a ward
PRECISION = 7  # decimal places kept (about 1 cm)

_CORNER = re.compile(r"\s*(-?[0-9]{1,3}(?:\.[0-9]{1,15})?)\s*[,;\s]\s*(-?[0-9]{1,3}(?:\.[0-9]{1,15})?)\s*", re.ASCII)


def parse_site(text: str) -> Polygon | MultiPolygon:
    """A valid Polygon or MultiPolygon (SRID 4326) from GeoJSON or typed corners; ValidationError
    with the reason otherwise. Whether it lies in the district is the caller's check."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Draw the site on the map, type its corners or give a GeoJSON polygon."))
    if "\x00" in text:
        raise ValidationError(_("The boundary holds a character that cannot be part of it. Type or paste it again."))
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("This boundary is too long to read: give at most %(n)s corners.") % {"n": f"{MAX_VERTICES:,}"}
        )
    polygons = _from_geojson(text) if text[0] in "{[" else [[_typed_corners(text)]]
    geometry = _build(polygons)
    return geometry


def _typed_corners(text: str) -> list[tuple[float, float]]:
    ring = []
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_VERTICES:
        raise ValidationError(_too_many(len(lines)))
    for number, line in enumerate(lines, start=1):
        match = _CORNER.fullmatch(line)
        if match is None:
            raise ValidationError(
                _("Line %(n)s is not a corner. Give latitude then longitude, such as 52.4710, -1.8420.") % {"n": number}
            )
        latitude, longitude = float(match.group(1)), float(match.group(2))
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValidationError(
                _("Line %(n)s is not on Earth: latitude goes from -90 to 90 and longitude from -180 to 180.")
                % {"n": number}
            )
        ring.append((longitude, latitude))
    return ring


def _from_geojson(text: str) -> list[list[list[tuple[float, float]]]]:
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise ValidationError(_("This is not GeoJSON that can be read. Check it was copied whole.")) from None
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise ValidationError(_("Give one site: the GeoJSON must hold exactly one feature."))
        document = features[0]
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = document.get("geometry")
    if not isinstance(document, dict) or document.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(_("A site boundary must be a polygon. For a single point, use the place search."))
    coordinates = document.get("coordinates")
    polygons = [coordinates] if document["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise ValidationError(_("The polygon has no coordinates."))
    if len(polygons) > MAX_PARTS:
        raise ValidationError(_("Give at most %(n)s separate parts.") % {"n": MAX_PARTS})
    count = 0
    parsed = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValidationError(_("The polygon has no coordinates."))
        rings = []
        for ring in polygon:
            if not isinstance(ring, list):
                raise ValidationError(_("The polygon has no coordinates."))
            count += len(ring)
            if count > MAX_VERTICES:
                raise ValidationError(_too_many(count))
            rings.append([_position(position) for position in ring])
        parsed.append(rings)
    return parsed


def _position(position) -> tuple[float, float]:
    try:
        if (
            not isinstance(position, list)
            or not 2 <= len(position) <= 3
            or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in position)
            or not all(math.isfinite(n) for n in position)
        ):
            raise OverflowError
        longitude, latitude = float(position[0]), float(position[1])
    except OverflowError:
        raise ValidationError(_("Each position must be [longitude, latitude], as GeoJSON has it.")) from None
    if abs(longitude) > 180 or abs(latitude) > 90:
        raise ValidationError(
            _(
                "The coordinates are not longitude and latitude. GeoJSON uses WGS 84 (EPSG:4326); "
                "this looks like eastings and northings (British National Grid). Export it again in WGS 84."
            )
        )
    return longitude, latitude


def _build(polygons) -> Polygon | MultiPolygon:
    built = []
    for rings in polygons:
        closed = []
        for ring in rings:
            points = [(round(x, PRECISION), round(y, PRECISION)) for x, y in ring]
            if points and points[0] != points[-1]:
                points.append(points[0])
            if len(set(points)) < 3:
                raise ValidationError(_("A site needs at least three different corners."))
            closed.append(LinearRing(points))
        built.append(Polygon(*closed, srid=4326))
    geometry = built[0] if len(built) == 1 else MultiPolygon(*built, srid=4326)
    if not geometry.valid:
        raise ValidationError(
            _("The boundary crosses itself. Give the corners in order, going round the edge one way.")
        )
    area_km2 = geometry.transform(27700, clone=True).area / 1_000_000
    if area_km2 > MAX_AREA_KM2:
        raise ValidationError(
            _("This boundary covers %(area)s km²: that is more than a site. Choose a whole ward instead.")
            % {"area": f"{area_km2:,.0f}"}
        )
    return geometry


def _too_many(count: int) -> str:
    return ngettext_lazy(
        "The boundary has %(count)s corner; at most %(max)s are taken.",
        "The boundary has %(count)s corners; at most %(max)s are taken. Simplify it in your GIS first.",
        count,
    ) % {"count": f"{count:,}", "max": f"{MAX_VERTICES:,}"}


def _no_constant(name):
    raise ValueError(name)  # NaN and Infinity are not JSON


def as_text(geometry) -> str:
    """A stored site as the GeoJSON the form shows (and the map reads back)."""
    return geometry.json
