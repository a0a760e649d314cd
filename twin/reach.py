"""Reach: who and what is within a 15-minute walk of a place, computed in the database.

A 15-minute walk is taken as 1.2 km as the crow flies (4.8 km/h); streets make real walks longer,
so this is an estimate and says so. People: the Census 2021 population of every LSOA the 1.2 km
zone overlaps, weighted by the share of the LSOA inside the zone (people are assumed spread
evenly). Services: points of interest of each kind inside the zone.
"""

import hashlib

from django.contrib.gis.db.models.functions import Area as AreaOf
from django.contrib.gis.db.models.functions import Intersection
from django.contrib.gis.geos import GEOSGeometry
from django.core.cache import cache
from django.db.models import Count

from places.models import Area, Place
from places.selectors import places_version
from twin.models import KpiObservation
from twin.permissions import FigureAccess

WALK_METRES = 1200
BRITISH_NATIONAL_GRID = 27700


def walk_zone(geometry: GEOSGeometry) -> GEOSGeometry:
    projected = geometry.transform(BRITISH_NATIONAL_GRID, clone=True)
    zone = projected.buffer(WALK_METRES, quadsegs=8)
    zone.srid = BRITISH_NATIONAL_GRID
    return zone.transform(4326, clone=True)


CACHE_SECONDS = 3600


POPULATION_KPI = "population"


def reach(geometry: GEOSGeometry, *, access: FigureAccess) -> dict:
    """The reach of a geometry, kept for an hour (an estimate from slow-changing data). The count
    of people comes from population figures: withheld (with a note) from whoever may not see them."""
    if geometry is None:
        return _labelled(_reach(None), access)
    digest = hashlib.sha1(geometry.ewkb, usedforsecurity=False).hexdigest()
    try:
        key = f"twin:reach:{places_version()}:{digest}"
    except Exception:  # noqa: BLE001 - the cache is optional: compute it
        key = None

    try:
        cached = cache.get(key) if key else None
    except Exception:  # noqa: BLE001 - the cache is optional: compute it
        cached = None
    if cached is None:
        cached = _reach(geometry)
        try:
            if key:
                cache.set(key, cached, CACHE_SECONDS)
        except Exception:  # noqa: BLE001, S110 - the cache is optional
            pass
    return _labelled(cached, access)


def _labelled(value: dict, access: FigureAccess) -> dict:
    """Kinds named in the language of this request (the cached value holds no words), and people
    only for those who may see the population figures."""
    labels = dict(Place.Kind.choices)
    value = {**value, "services": {k: {**v, "label": str(labels[k])} for k, v in value["services"].items()}}
    withheld = access.note(POPULATION_KPI)
    if withheld is not None:
        value = {**value, "people": None, "people_withheld": withheld}
    return value


def _reach(geometry) -> dict:
    if geometry is None:
        return {"estimate": True, "people": None, "services": {}, "walk_metres": WALK_METRES}
    if geometry.srid is None:
        geometry.srid = 4326
    zone = walk_zone(geometry)
    overlaps = list(
        Area.objects.filter(kind=Area.Kind.LSOA, geometry__intersects=zone)
        .annotate(share=AreaOf(Intersection("geometry", zone)) / AreaOf("geometry"))
        .values_list("id", "share")
    )
    population = dict(
        KpiObservation.objects.filter(
            kpi__code="population", area_id__in=[pk for pk, _ in overlaps], value__isnull=False
        )
        .order_by("area_id", "-period_end")
        .values_list("area_id", "value")
    )
    people = None
    if overlaps and all(pk in population for pk, _ in overlaps):
        people = int(round(sum(population[pk] * min(1.0, _ratio(share)) for pk, share in overlaps), -1))
    counts = dict(
        Place.objects.filter(location__intersects=zone).values("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    demo_kinds = set(
        Place.objects.filter(location__intersects=zone, is_demo=True).values_list("kind", flat=True).distinct()
    )
    services = {kind: {"count": counts.get(kind, 0), "demo": kind in demo_kinds} for kind in Place.Kind.values}
    return {
        "estimate": True,
        "walk_metres": WALK_METRES,
        "people": people,
        "areas_overlapped": len(overlaps),
        "services": services,
        "method": (
            "Residents of each Census 2021 LSOA the 1.2 km zone overlaps, weighted by the share inside; "
            "services of each kind inside the zone. Straight-line distance, so an estimate."
        ),
    }


def _ratio(share) -> float:
    # AreaOf returns an Area measure on some backends, a float on others.
    value = getattr(share, "sq_m", share)
    return float(value or 0)
