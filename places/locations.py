"""Saying where something is without a map: search by postcode, street, place or area name, and a
chosen point described in words ("Small Heath ward, 120 m from The Park Medical Centre").
Used by every form where a point is chosen (the location chooser)."""

from dataclasses import dataclass

from django.contrib.gis.db.models.functions import Distance, PointOnSurface
from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _

from params import BadParameter, parse_float
from places import onspd
from places.models import Area, Place, Postcode, Street
from places.selectors import area_containing_point, deployment_district_geometry

MAX_QUERY = 100
NEAR_PLACE_M = 2000


@dataclass(frozen=True)
class Location:
    label: str
    detail: str
    latitude: float
    longitude: float

    @property
    def value(self) -> str:
        """The form value of this result, parsed back by `parse_choice`."""
        return f"{self.latitude:.6f},{self.longitude:.6f}"


def _location(label: str, detail: str, point: Point) -> Location:
    return Location(label=label, detail=detail, latitude=round(point.y, 6), longitude=round(point.x, 6))


def _postcode_detail(postcode: Postcode) -> str:
    return _("Postcode (approximate centre)") if postcode.approximate else _("Postcode")


def _street_detail(street: Street) -> str:
    where = ", ".join(part for part in (street.postcode_district, street.place) if part)
    detail = _("Street, %(where)s") % {"where": where} if where else _("Street")
    return detail + (" " + _("(a point on it, approximate)") if street.approximate else "")


def search(*, query: str, limit: int = 8) -> list[Location]:
    """Postcodes (a full one exactly, a partial one by its start), then streets, then named
    places, then areas, inside the deployment's boundary. Bounded: the query is cut to 100
    characters."""
    text = " ".join(query.split())[:MAX_QUERY]
    if len(text) < 2 or "\x00" in text:
        return []
    results: list[Location] = []
    full = onspd.normalise(text)
    if full:
        found = Postcode.objects.filter(compact=full.replace(" ", "")).first()
        if found:
            results.append(_location(found.postcode, _postcode_detail(found), found.location))
    elif onspd.compact(text).isalnum() and any(ch.isdigit() for ch in text) and len(onspd.compact(text)) <= 7:
        for found in Postcode.objects.filter(compact__startswith=onspd.compact(text)).order_by("postcode")[:limit]:
            results.append(_location(found.postcode, _postcode_detail(found), found.location))
    streets = Street.objects.filter(name__icontains=text).order_by("name", "postcode_district")
    for street in streets[: max(0, limit - len(results))]:
        results.append(_location(street.name, _street_detail(street), street.location))
    boundary = deployment_district_geometry()
    places = Place.objects.filter(name__icontains=text).order_by("is_demo", "name")
    if boundary is not None:
        places = places.filter(location__intersects=boundary)
    for place in places[: max(0, limit - len(results))]:
        results.append(_location(place.name, place.get_kind_display(), place.location))
    areas = (
        Area.objects.filter(name__icontains=text, kind__in=[Area.Kind.WARD, Area.Kind.NEIGHBOURHOOD])
        .annotate(point=PointOnSurface("geometry"))
        .defer("geometry")
        .order_by("name")
    )
    for area in areas[: max(0, limit - len(results))]:
        results.append(_location(area.name, area.get_kind_display(), area.point))
    return results[:limit]


def describe(*, point: Point) -> str:
    """The point in words: its ward and the nearest named place, or that it is outside."""
    boundary = deployment_district_geometry()
    if boundary is not None and not boundary.intersects(point):
        return _("This place is outside the area this service covers.")
    ward = area_containing_point(point=point, kind=Area.Kind.WARD)
    nearest = (
        Place.objects.filter(is_demo=False)
        .annotate(distance=Distance("location", point))
        .order_by("distance")
        .only("name", "location")
        .first()
    )
    parts = [_("%(ward)s ward") % {"ward": ward.name}] if ward else []
    if nearest is not None and nearest.distance.m <= NEAR_PLACE_M:
        metres = round(nearest.distance.m, -1) if nearest.distance.m >= 20 else 0
        if metres:
            parts.append(_("%(m)s m from %(place)s") % {"m": f"{metres:,.0f}", "place": nearest.name})
        else:
            parts.append(_("at %(place)s") % {"place": nearest.name})
    return ", ".join(parts) or _("Inside the area this service covers")


def parse_choice(value) -> tuple[float, float] | None:
    """A search result's value ("52.466340,-1.848420") as (latitude, longitude), or None."""
    if not isinstance(value, str) or len(value) > 40 or value.count(",") != 1:
        return None
    latitude, longitude = value.split(",")
    try:
        return (
            parse_float(latitude, name="latitude", minimum=-90, maximum=90),
            parse_float(longitude, name="longitude", minimum=-180, maximum=180),
        )
    except BadParameter:
        return None
