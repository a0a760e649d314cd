"""Write places/data/demo-onspd.csv: a small file in the ONS Postcode Directory's CSV layout
(November 2025 header), built from the real postcodes of the district's GP practices
(places/data/east-birmingham-gp-practices.geojson). The points are those postcodes' centroids as
that file gives them (derived from ONSPD, approximate, typically within ~100 m); columns this
source cannot fill are left empty. Run: .venv/bin/python scripts/build-demo-postcodes.py"""

import csv
import json
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, Point

DATA = Path(__file__).resolve().parent.parent / "places" / "data"
HEADER = (
    "pcd7,pcd8,pcds,dointr,doterm,cty25cd,ced25cd,lad25cd,wd25cd,parncp25cd,usrtypind,east1m,north1m,gridind,"
    "hlth19cd,nhser24cd,ctry25cd,rgn25cd,ssr95cd,pcon24cd,eer20cd,educ23cd,ttwa15cd,pco19cd,itl25cd,wdstl05cd,"
    "oa01cd,wdcas03cd,npark16cd,lsoa01cd,msoa01cd,ruc01ind,oac01ind,oa11cd,lsoa11cd,msoa11cd,wz11cd,sicbl24cd,"
    "bua24cd,ruc11ind,oac11ind,lat,long,lep21cd1,lep21cd2,pfa23cd,imd20ind,cal24cd,icb23cd,oa21cd,lsoa21cd,"
    "msoa21cd,ruc21ind"
).split(",")
BIRMINGHAM = "E08000025"
ENGLAND = "E92000001"
WEST_MIDLANDS = "E12000005"


def main() -> None:
    practices = json.loads((DATA / "east-birmingham-gp-practices.geojson").read_text())["features"]
    lsoas = [
        (f["properties"]["code"], GEOSGeometry(json.dumps(f["geometry"])))
        for f in json.loads((DATA / "east-birmingham-lsoa.geojson").read_text())["features"]
    ]
    rows = {}
    for feature in practices:
        postcode = feature["properties"]["postcode"].strip().upper()
        longitude, latitude = feature["geometry"]["coordinates"]
        point = Point(longitude, latitude, srid=4326)
        outward, inward = postcode.rsplit(" ", 1)
        row = dict.fromkeys(HEADER, "")
        row.update(
            pcd7=f"{outward:<4}{inward}"[:7] if len(outward) < 4 else f"{outward}{inward}",
            pcd8=f"{outward:<4} {inward}",
            pcds=postcode,
            lad25cd=BIRMINGHAM,
            wd25cd=feature["properties"]["ward_code"],
            ctry25cd=ENGLAND,
            rgn25cd=WEST_MIDLANDS,
            usrtypind="1",
            lat=f"{latitude:.6f}",
            long=f"{longitude:.6f}",
            lsoa21cd=next((code for code, shape in lsoas if shape.intersects(point)), ""),
        )
        rows[postcode] = row
    with (DATA / "demo-onspd.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows[key] for key in sorted(rows))
    print(f"{len(rows)} postcodes written to {DATA / 'demo-onspd.csv'}")


if __name__ == "__main__":
    main()
