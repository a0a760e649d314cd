"""Writes in places."""

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from places.boundaries import BoundaryFeature
from places.models import Area, Place, Postcode, Street


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

    existing = set(Place.all_objects.filter(ref__in=[p.ref for p in places]).values_list("ref", flat=True))
    Place.objects.bulk_create(
        [
            Place(ref=p.ref, kind=p.kind, name=p.name, location=p.point, source=source, is_demo=is_demo)
            for p in places
            if p.ref not in existing
        ]
    )
    for p in places:
        if p.ref in existing:
            Place.all_objects.filter(ref=p.ref).update(kind=p.kind, name=p.name, source=source, is_demo=is_demo)
            # A position residents corrected (and a moderator accepted) is not put back.
            Place.all_objects.filter(ref=p.ref, corrected_at__isnull=True).update(location=p.point)
    return len(places)


def place_correct(*, place: Place, provenance: str, location: Point | None = None, gone: bool = False) -> Place:
    """A correction accepted by a moderator: a better position, or the place is no longer there;
    `provenance` says who said so and when. Reach counts it at once (the places version moves)."""
    now = timezone.now()
    fields = ["provenance"]
    if location is not None:
        place.location, place.corrected_at = location, now
        fields += ["location", "corrected_at"]
    if gone:
        place.gone_at = now
        fields.append("gone_at")
    place.provenance = provenance[:300]
    place.save(update_fields=fields)
    return place


def place_add(*, kind: str, name: str, location: Point, ref: str, source: str, provenance: str) -> Place:
    """A place residents said was missing, accepted by a moderator."""
    if kind not in Place.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of place it is.")})
    return Place.all_objects.create(
        kind=kind,
        name=name.strip()[:200],
        location=location,
        ref=ref[:80],
        source=source[:200],
        provenance=provenance[:300],
    )


def postcodes_import(*, rows, source: str, approximate: bool = False, inside=None, batch: int = 5000) -> dict:
    """Create or update postcodes from ONSPD rows (places.onspd.read), keeping those inside
    `inside` (a geometry; the deployment's boundary) and deleting those ONSPD has terminated.
    Idempotent: a second import of the same file changes nothing. Returns counts."""
    prepared = inside.prepared if inside is not None else None
    extent = inside.extent if inside is not None else None
    counts = {"kept": 0, "outside": 0, "terminated": 0}
    pending, gone = [], []

    def flush():
        Postcode.objects.bulk_create(
            pending,
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["compact", "location", "ward_code", "lsoa_code", "approximate", "source"],
        )
        pending.clear()

    with transaction.atomic():
        for row in rows:
            if extent is not None and not (
                extent[0] <= row.longitude <= extent[2] and extent[1] <= row.latitude <= extent[3]
            ):
                counts["outside"] += 1
                continue
            point = Point(row.longitude, row.latitude, srid=4326)
            if prepared is not None and not prepared.intersects(point):
                counts["outside"] += 1
                continue
            if row.terminated:
                counts["terminated"] += 1
                gone.append(row.postcode)
                continue
            counts["kept"] += 1
            pending.append(
                Postcode(
                    postcode=row.postcode,
                    compact=row.postcode.replace(" ", ""),
                    location=point,
                    ward_code=row.ward_code,
                    lsoa_code=row.lsoa_code,
                    approximate=approximate,
                    source=source[:200],
                )
            )
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
        for start in range(0, len(gone), batch):
            Postcode.objects.filter(postcode__in=gone[start : start + batch]).delete()
    return counts


@transaction.atomic
def streets_import(*, rows, source: str, approximate: bool = False, inside=None) -> dict:
    """Create or update streets from OS Open Names rows (places.opennames.read), keeping those
    inside `inside` (the deployment's boundary). Idempotent by the OS ID. Returns counts."""
    kept, outside = {}, 0
    for row in rows:
        if inside is not None and not inside.intersects(row.point):
            outside += 1
            continue
        kept[row.os_id] = row
    existing = set(Street.objects.filter(os_id__in=list(kept)).values_list("os_id", flat=True))
    fields = {"source": source, "approximate": approximate}
    Street.objects.bulk_create(
        [
            Street(os_id=r.os_id, name=r.name, location=r.point, postcode_district=r.postcode_district,
                   place=r.place, **fields)
            for r in kept.values()
            if r.os_id not in existing
        ]
    )  # fmt: skip
    for row in (r for r in kept.values() if r.os_id in existing):
        Street.objects.filter(os_id=row.os_id).update(
            name=row.name, location=row.point, postcode_district=row.postcode_district, place=row.place, **fields
        )
    return {"kept": len(kept), "outside": outside}
