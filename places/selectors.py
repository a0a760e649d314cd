"""Spatial reads: which area a point falls in, and areas for maps and lists."""

from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON, GeoFunc, PointOnSurface
from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.core.cache import cache
from django.db.models import QuerySet, Value

from places.models import Area

# Smallest first: a point's most specific area wins.
_SPECIFICITY = [Area.Kind.LSOA, Area.Kind.NEIGHBOURHOOD, Area.Kind.ENTERPRISE_ZONE, Area.Kind.WARD, Area.Kind.DISTRICT]


def area_containing_point(*, point: Point, kind: str | None = None) -> Area | None:
    """The most specific area containing `point` (or the one of `kind`), None outside every area."""
    if point.srid is None:
        point.srid = 4326
    qs = Area.objects.filter(geometry__intersects=point).defer("geometry")
    if kind:
        return qs.filter(kind=kind).first()
    by_kind = {area.kind: area for area in qs}
    for k in _SPECIFICITY:
        if k in by_kind:
            return by_kind[k]
    return None


def areas_containing_point(*, point: Point) -> list[Area]:
    if point.srid is None:
        point.srid = 4326
    found = list(Area.objects.filter(geometry__intersects=point).defer("geometry"))
    return sorted(found, key=lambda a: _SPECIFICITY.index(a.kind) if a.kind in _SPECIFICITY else 99)


def area_list(*, kind: str = "", bbox: Polygon | None = None, parent_code: str = "") -> QuerySet[Area]:
    # The parent is only named: never load its (large) boundary.
    qs = Area.objects.select_related("parent").defer("parent__geometry", "parent__attributes")
    if kind:
        qs = qs.filter(kind=kind)
    if bbox is not None:
        qs = qs.filter(geometry__bboverlaps=bbox)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    return qs.order_by("kind", "name")


def area_table(*, kind: str = "") -> QuerySet[Area]:
    """Areas for the accessible list next to a map: no geometry loaded."""
    return area_list(kind=kind).defer("geometry")


def deployment_district() -> Area | None:

    return Area.objects.filter(code=settings.DEPLOYMENT_DISTRICT_CODE).defer("geometry").first()


def deployment_district_geometry():
    """The boundary new pins must fall inside (None until areas are loaded). Cached per version."""

    key = f"places:district:{areas_version()}"
    wkb = cache.get(key)
    if wkb is None:
        area = Area.objects.filter(code=settings.DEPLOYMENT_DISTRICT_CODE).only("geometry").first()
        if area is None:
            return None
        wkb = bytes(area.geometry.ewkb)
        cache.set(key, wkb, timeout=3600)

    return GEOSGeometry(memoryview(wkb))


class SimplifyPreserveTopology(GeoFunc):
    """ST_SimplifyPreserveTopology on PostGIS, SimplifyPreserveTopology on SpatiaLite."""

    def __init__(self, expression, tolerance: float, **extra):
        extra.setdefault("output_field", GeometryField(srid=4326))
        super().__init__(expression, Value(float(tolerance)), **extra)


def area_features(
    *, kind: str = "", bbox: Polygon | None = None, parent_code: str = "", tolerance: float | None = None
):
    """Areas with their boundary as GeoJSON text, simplified in the database when a tolerance is given."""
    geometry = SimplifyPreserveTopology("geometry", tolerance) if tolerance else "geometry"
    return (
        area_list(kind=kind, bbox=bbox, parent_code=parent_code)
        .defer("geometry")
        .annotate(geojson=AsGeoJSON(geometry, precision=6))
    )


_VERSION_KEY = "places:areas:version"


def areas_version() -> int:
    """Changes whenever any area changes; part of every cached map response's key."""
    return cache.get_or_set(_VERSION_KEY, 1, timeout=None)


def areas_version_bump() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, timeout=None)


def area_point(*, area) -> Point:
    """A point inside an area (PostGIS/SpatiaLite PointOnSurface), without loading its boundary."""

    return Area.objects.filter(pk=area.pk).annotate(point=PointOnSurface("geometry")).values_list("point", flat=True)[0]


_PLACES_VERSION_KEY = "places:places:version"


def places_version() -> int:
    """Changes whenever a point of interest changes (a correction, an import): part of the key
    of every cached reach, so "within a 15-minute walk" counts what is there now."""
    return cache.get_or_set(_PLACES_VERSION_KEY, 1, timeout=None)


def places_version_bump() -> None:
    try:
        cache.incr(_PLACES_VERSION_KEY)
    except ValueError:
        cache.set(_PLACES_VERSION_KEY, 2, timeout=None)
