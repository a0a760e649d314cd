"""Writes in places."""

from django.db import transaction

from places.boundaries import BoundaryFeature
from places.models import Area, Place


@transaction.atomic
def areas_import(
    *,
    features: list[BoundaryFeature],
    kind: str,
    parent_field: str = "",
    parent: Area | None = None,
    source: str = "",
    attribution: str = "",
    keep_properties: bool = True,
) -> tuple[int, int]:
    """Create or update areas by code. Returns (created, updated)."""
    parents = {}
    if parent_field:
        codes = {str(f.properties.get(parent_field) or "") for f in features} - {""}
        parents = {a.code: a for a in Area.objects.filter(code__in=codes).defer("geometry")}
    created = updated = 0
    for feature in features:
        properties = dict(feature.properties) if keep_properties else {}
        the_parent = parents.get(str(feature.properties.get(parent_field) or "")) if parent_field else parent
        _area, was_created = Area.objects.update_or_create(
            code=feature.code,
            defaults={
                "kind": kind,
                "name": feature.name,
                "geometry": feature.geometry,
                "parent": the_parent,
                "attributes": properties,
                "source": source,
                "attribution": attribution,
            },
        )
        created += was_created
        updated += not was_created
    return created, updated


@transaction.atomic
def places_import(*, places, source: str, is_demo: bool = False) -> int:
    """Create or update points of interest by their source reference. Returns how many."""

    existing = set(Place.objects.filter(ref__in=[p.ref for p in places]).values_list("ref", flat=True))
    Place.objects.bulk_create(
        [
            Place(ref=p.ref, kind=p.kind, name=p.name, location=p.point, source=source, is_demo=is_demo)
            for p in places
            if p.ref not in existing
        ]
    )
    for p in places:
        if p.ref in existing:
            Place.objects.filter(ref=p.ref).update(
                kind=p.kind, name=p.name, location=p.point, source=source, is_demo=is_demo
            )
    return len(places)
