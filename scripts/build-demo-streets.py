"""Write places/data/demo-os-open-names.csv: a small file in OS Open Names' CSV layout (no header
row, as its Data files), built from the streets named in the district's GP practices' addresses
(places/data/east-birmingham-gp-practices.geojson). Each street's point is its practice's
postcode centre (approximate: a point near that street, not OS's own); columns this source
cannot fill are left empty. Run: .venv/bin/python scripts/build-demo-streets.py"""

import csv
import json
import re
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "places" / "data"
SUFFIX = re.compile(r"\b(Road|Rd|Lane|Ln|Street|St\.?|Crescent|Cres|Avenue|Ave|Close|Way|Drive|Grove|Parade)$", re.I)
SPELLED = {"rd": "Road", "ln": "Lane", "st": "Street", "st.": "Street", "cres": "Crescent", "ave": "Avenue"}


def street_of(address: str) -> str | None:
    for part in address.split(","):
        # "691 Coventry Road", "169-171 Church Road", "619/621 …", "- 728 …": the house numbers go
        words = re.sub(r"^[\s\-–]*\d+[A-Za-z]?(?:\s*[-/]\s*\d+[A-Za-z]?)*\s+", "", part.strip()).split()
        if words and SUFFIX.search(" ".join(words)):
            words[-1] = SPELLED.get(words[-1].lower(), words[-1])
            return " ".join(words)
    return None


def main() -> None:
    from django.contrib.gis.geos import Point

    from places.opennames import HEADER

    practices = json.loads((DATA / "east-birmingham-gp-practices.geojson").read_text())["features"]
    rows = {}
    for feature in practices:
        name = street_of(feature["properties"]["address"])
        if name is None:
            continue
        district = feature["properties"]["postcode"].split()[0]
        point = Point(*feature["geometry"]["coordinates"], srid=4326).transform(27700, clone=True)
        x, y = round(point.x), round(point.y)
        row = dict.fromkeys(HEADER, "")
        row.update(
            ID=f"demo-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}-{district.lower()}",
            NAME1=name,
            NAME1_LANG="",
            TYPE="transportNetwork",
            LOCAL_TYPE="Named Road",
            GEOMETRY_X=str(x),
            GEOMETRY_Y=str(y),
            MBR_XMIN=str(x - 50),
            MBR_YMIN=str(y - 50),
            MBR_XMAX=str(x + 50),
            MBR_YMAX=str(y + 50),
            POSTCODE_DISTRICT=district,
            POPULATED_PLACE="Birmingham",
            DISTRICT_BOROUGH="Birmingham",
            REGION="West Midlands",
            COUNTRY="England",
        )
        rows.setdefault((name, district), row)
    with (DATA / "demo-os-open-names.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, quoting=csv.QUOTE_MINIMAL)
        writer.writerows(rows[key] for key in sorted(rows))
    print(f"{len(rows)} streets written to {DATA / 'demo-os-open-names.csv'}")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    main()
