"""Reading OS Open Names (Ordnance Survey's gazetteer, Open Government Licence) in its published
CSV layout: the data files have no header row (the header is a separate file in the download's
Docs folder), so columns are read by the published order below; a file that starts with that
header is read too. Only roads are kept (TYPE transportNetwork: named roads and their
sections); each has a point on the road and its bounding box, in British National Grid."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.contrib.gis.geos import GEOSException, Point

# The header of OS Open Names (Docs/OS_Open_Names_Header.csv).
HEADER = (
    *("ID", "NAMES_URI", "NAME1", "NAME1_LANG", "NAME2", "NAME2_LANG", "TYPE", "LOCAL_TYPE"),
    *("GEOMETRY_X", "GEOMETRY_Y", "MOST_DETAIL_VIEW_RES", "LEAST_DETAIL_VIEW_RES"),
    *("MBR_XMIN", "MBR_YMIN", "MBR_XMAX", "MBR_YMAX", "POSTCODE_DISTRICT", "POSTCODE_DISTRICT_URI"),
    *("POPULATED_PLACE", "POPULATED_PLACE_URI", "POPULATED_PLACE_TYPE"),
    *("DISTRICT_BOROUGH", "DISTRICT_BOROUGH_URI", "DISTRICT_BOROUGH_TYPE"),
    *("COUNTY_UNITARY", "COUNTY_UNITARY_URI", "COUNTY_UNITARY_TYPE"),
    *("REGION", "REGION_URI", "COUNTRY", "COUNTRY_URI", "RELATED_SPATIAL_OBJECT", "SAME_AS_DBPEDIA"),
    "SAME_AS_GEONAMES",
)
ROADS = {"Named Road", "Section Of Named Road"}
BRITISH_NATIONAL_GRID = 27700
_COLUMN = {name: index for index, name in enumerate(HEADER)}


class OpenNamesError(ValueError):
    """The file is not in OS Open Names' layout; the message names the file and line."""


@dataclass(frozen=True)
class StreetRow:
    os_id: str
    name: str
    local_type: str
    point: Point  # WGS84
    postcode_district: str
    place: str  # the populated place (e.g. "Birmingham")


def files(path: Path) -> list[Path]:
    """The CSV file given, or every CSV in the folder given (the download's Data folder)."""
    if path.is_dir():
        found = sorted(path.glob("*.csv"))
        if not found:
            raise OpenNamesError(f"{path}: no CSV files in this folder")
        return found
    if not path.is_file():
        raise OpenNamesError(f"{path}: no such file")
    return [path]


def read(path: Path) -> Iterator[StreetRow]:
    """The roads in one OS Open Names CSV, in WGS84. Raises OpenNamesError naming the line of the
    first row that does not fit the layout (the caller imports nothing from that file)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row or (number == 1 and [cell.strip() for cell in row] == list(HEADER)):
                continue
            if len(row) != len(HEADER):
                raise OpenNamesError(
                    f"{path.name}, line {number}: {len(row)} columns, not the {len(HEADER)} of OS Open Names"
                )
            if row[_COLUMN["TYPE"]] != "transportNetwork" or row[_COLUMN["LOCAL_TYPE"]] not in ROADS:
                continue
            name = row[_COLUMN["NAME1"]].strip()
            try:
                x, y = float(row[_COLUMN["GEOMETRY_X"]]), float(row[_COLUMN["GEOMETRY_Y"]])
                point = Point(x, y, srid=BRITISH_NATIONAL_GRID).transform(4326, clone=True)
            except (ValueError, GEOSException) as exc:
                raise OpenNamesError(f"{path.name}, line {number}: no position ({exc})") from exc
            if not name or not row[_COLUMN["ID"]].strip():
                raise OpenNamesError(f"{path.name}, line {number}: a road without an ID or a name")
            yield StreetRow(
                os_id=row[_COLUMN["ID"]].strip()[:40],
                name=name[:200],
                local_type=row[_COLUMN["LOCAL_TYPE"]],
                point=point,
                postcode_district=row[_COLUMN["POSTCODE_DISTRICT"]].strip()[:8],
                place=row[_COLUMN["POPULATED_PLACE"]].strip()[:100],
            )
