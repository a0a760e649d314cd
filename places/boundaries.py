"""Reading boundary files: GeoJSON features to validated MultiPolygons, with errors by feature index."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon


@dataclass
class BoundaryFeature:
    index: int
    code: str
    name: str
    geometry: MultiPolygon
    properties: dict = field(default_factory=dict)


@dataclass
class BoundaryProblem:
    index: int
    reason: str


def read_boundaries(
    path: Path, *, code_field: str, name_field: str
) -> tuple[list[BoundaryFeature], list[BoundaryProblem]]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ValueError(f"{path} is not a GeoJSON FeatureCollection")
    features, problems, seen = [], [], set()
    for index, feature in enumerate(document.get("features") or []):
        props = (feature or {}).get("properties") or {}
        code = str(props.get(code_field) or "").strip()
        name = str(props.get(name_field) or "").strip()
        if not code:
            problems.append(BoundaryProblem(index, f"no value in code field {code_field!r}"))
            continue
        if not name:
            problems.append(BoundaryProblem(index, f"no value in name field {name_field!r}"))
            continue
        if code in seen:
            problems.append(BoundaryProblem(index, f"duplicate code {code!r}"))
            continue
        try:
            geom = GEOSGeometry(json.dumps(feature.get("geometry")), srid=4326)
        except (GEOSException, ValueError, TypeError) as exc:
            problems.append(BoundaryProblem(index, f"unreadable geometry ({exc})"))
            continue
        if isinstance(geom, Polygon):
            geom = MultiPolygon(geom, srid=4326)
        if not isinstance(geom, MultiPolygon):
            problems.append(BoundaryProblem(index, f"{geom.geom_type} is not a Polygon or MultiPolygon"))
            continue
        if geom.empty:
            problems.append(BoundaryProblem(index, "empty geometry"))
            continue
        if not geom.valid:
            problems.append(BoundaryProblem(index, f"invalid geometry: {geom.valid_reason}"))
            continue
        minx, miny, maxx, maxy = geom.extent
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            problems.append(BoundaryProblem(index, "coordinates are not WGS84 longitude/latitude"))
            continue
        seen.add(code)
        features.append(BoundaryFeature(index=index, code=code, name=name, geometry=geom, properties=props))
    return features, problems
