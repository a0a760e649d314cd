"""Reading the ONS Postcode Directory (ONSPD) in its published CSV layout.

ONSPD ships one national CSV (and the same rows split by county under `Data/multi_csv/`) with a
header row whose column names carry the vintage of each geography (`wd25cd`, `lsoa21cd`…), so
columns are found by name, never by position, and the newest ward column wins. Terminated
postcodes have a `doterm`; postcodes with no grid reference carry lat 99.999999 / long 0.

We read it ourselves rather than through DemocracyClub's uk-geo-utils: its importer COPYs the
whole file into a PostgreSQL-only table of ~55 columns renamed each release, while we keep three
of them, for the deployment's own postcodes only, on SpatiaLite as well as PostGIS. Its rules
(columns by header name, the 99.999999 sentinel, skipping terminated postcodes) are followed.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REQUIRED = ("pcds", "lat", "long")
NO_LOCATION_LAT = "99.999999"
_WARD = re.compile(r"^wd(\d\d)cd$")
_LSOA = ("lsoa21cd", "lsoa11cd", "lsoa01cd")
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


class OnspdError(ValueError):
    """The file is not in ONSPD's layout; the message says what is missing."""


@dataclass(frozen=True)
class PostcodeRow:
    postcode: str  # "B10 0JL"
    latitude: float
    longitude: float
    ward_code: str
    lsoa_code: str
    terminated: bool


def compact(postcode: str) -> str:
    """ "b10 0jl" → "B100JL"."""
    return re.sub(r"\s+", "", postcode).upper()


def normalise(postcode: str) -> str | None:
    """A full postcode in its one-space form ("B10 0JL"), or None when it is not one."""
    text = compact(postcode)
    match = POSTCODE.match(f"{text[:-3]} {text[-3:]}") if 5 <= len(text) <= 7 else None
    return f"{match.group(1)} {match.group(2)}" if match else None


def _columns(header: list[str], path: Path) -> tuple[str, str]:
    names = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise OnspdError(f"{path.name}: no {', '.join(missing)} column; is this an ONSPD CSV?")
    wards = sorted((int(m.group(1)), name) for name in names if (m := _WARD.match(name)))
    lsoa = next((name for name in _LSOA if name in names), "")
    return (wards[-1][1] if wards else ""), lsoa


def files(path: Path) -> list[Path]:
    """The CSV file given, or every CSV in the folder given (ONSPD's multi_csv folder)."""
    if path.is_dir():
        found = sorted(path.glob("*.csv"))
        if not found:
            raise OnspdError(f"no CSV files in {path}")
        return found
    if not path.exists():
        raise OnspdError(f"{path} does not exist")
    return [path]


def read(path: Path) -> Iterator[PostcodeRow]:
    """Every postcode with a location in one ONSPD CSV. Raises OnspdError on a wrong layout or
    a malformed row (with its line number)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None:
            raise OnspdError(f"{path.name} is empty")
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
        ward_column, lsoa_column = _columns(reader.fieldnames, path)
        for row in reader:
            lat, lng = (row.get("lat") or "").strip(), (row.get("long") or "").strip()
            if not lat or lat == NO_LOCATION_LAT:
                continue
            postcode = normalise(row.get("pcds") or "")
            try:
                latitude, longitude = float(lat), float(lng)
            except ValueError:
                latitude = longitude = None
            if postcode is None or latitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise OnspdError(f"{path.name}, line {reader.line_num}: not a postcode with a position")
            yield PostcodeRow(
                postcode=postcode,
                latitude=latitude,
                longitude=longitude,
                ward_code=(row.get(ward_column) or "").strip()[:9] if ward_column else "",
                lsoa_code=(row.get(lsoa_column) or "").strip()[:9] if lsoa_column else "",
                terminated=bool((row.get("doterm") or "").strip()),
            )
