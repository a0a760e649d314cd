"""The public list of reports as CSV and GeoJSON (RFC 7946): public fields only. A reporter's
name only where they chose to show it; never an email address, contact details or internal notes."""

import csv
import json
from collections.abc import Iterator

from engagement.exports import safe_cell

COLUMNS = ["id", "category", "category_code", "status", "description", "address", "ward", "latitude",
           "longitude", "supporters", "reported_by", "created_at", "updated_at", "url"]  # fmt: skip


def rows(queryset, *, base_url: str) -> Iterator[dict]:
    fields = ("pk", "service__name", "service__code", "status", "description", "address", "area__name",
              "location", "support_count", "name_shown", "reporter__display_name", "created_at",
              "updated_at")  # fmt: skip
    for r in queryset.values(*fields).iterator(chunk_size=2000):
        yield {
            "id": r["pk"],
            "category": r["service__name"],
            "category_code": r["service__code"],
            "status": r["status"],
            "description": r["description"],
            "address": r["address"],
            "ward": r["area__name"] or "",
            "latitude": round(r["location"].y, 6),
            "longitude": round(r["location"].x, 6),
            "supporters": r["support_count"],
            "reported_by": (r["reporter__display_name"] or "") if r["name_shown"] else "",
            "created_at": r["created_at"].isoformat(),
            "updated_at": r["updated_at"].isoformat(),
            "url": f"{base_url}/reports/{r['pk']}/",
        }


class _Echo:
    def write(self, value):
        return value


def csv_lines(queryset, *, base_url: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for row in rows(queryset, base_url=base_url):
        yield writer.writerow([safe_cell(row[c]) for c in COLUMNS])


def geojson_chunks(queryset, *, base_url: str, licence: str) -> Iterator[str]:
    yield '{"type":"FeatureCollection","licence":' + json.dumps(licence) + ',"features":['
    for number, row in enumerate(rows(queryset, base_url=base_url)):
        properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        feature = {
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": properties,
        }
        yield ("," if number else "") + json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
    yield "]}\n"
