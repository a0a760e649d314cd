"""Demo data for the twin: real where ../shared/data has it (IMD 2025 and Census 2021 per LSOA,
GP practices), made up and marked as demo everywhere else.

`build_files()` writes the shipped files in twin/data/ and places/data/demo-places.geojson
(deterministic; run it again only to change them). `demo_load()` registers the sources, syncs
them through the same adapters production uses, imports places and fills the catalogue.
"""

import csv
import json
import math
import random
from pathlib import Path

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, Point
from django.db import transaction
from django.utils import timezone

from places import onspd, opennames
from places import services as place_services
from places.pois import read_places
from places.selectors import deployment_district_geometry
from twin import ingest, services
from twin.models import Dataset, DataSource, LicenceTier
from twin.reference import CENSUS_ATTRIBUTION, IMD_ATTRIBUTION, OGL, OGL_URL, reference_load

BASE = Path(settings.BASE_DIR)
TWIN_DATA = BASE / "twin" / "data"
PLACES_DATA = BASE / "places" / "data"
IMD_FILE = "imd2025-east-birmingham-lsoa.csv"
DEMO_FILE = "demo-kpis.csv"
DEMO_PLACES = "demo-places.geojson"
DEMO_POSTCODES = "demo-onspd.csv"  # built by scripts/build-demo-postcodes.py
DEMO_STREETS = "demo-os-open-names.csv"  # built by scripts/build-demo-streets.py
IMD_COLUMNS = [
    "imd_score",
    "imd_rank",
    "imd_decile",
    "income_decile",
    "employment_decile",
    "education_decile",
    "health_decile",
    "crime_decile",
    "housing_services_decile",
    "living_environment_decile",
]
AIR_SITE_WARD = "E05011118"  # DEFRA AURN "Birmingham Acocks Green" (urban background), in Acocks Green ward


def build_files() -> None:
    lsoas = json.loads((PLACES_DATA / "east-birmingham-lsoa.geojson").read_text())["features"]
    with open(TWIN_DATA / IMD_FILE, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["lsoa21_code", "lsoa21_name", "population_2021", *IMD_COLUMNS])
        for f in sorted(lsoas, key=lambda f: f["properties"]["code"]):
            p = f["properties"]
            writer.writerow([p["code"], p["name"], p["population_2021"], *[p[c] for c in IMD_COLUMNS]])

    wards = json.loads((PLACES_DATA / "east-birmingham-wards.geojson").read_text())["features"]
    rng = random.Random(2026)
    rows = []
    for ward in sorted(wards, key=lambda f: f["properties"]["code"]):
        code = ward["properties"]["code"]
        imd = float(ward["properties"].get("imd2025_score_popweighted") or 40)
        base = {
            "emissions_per_person": (4.9 - imd / 60, -0.13, "tCO2e per person"),
            "epc_c_share": (30 + (60 - imd) / 3, 2.1, "%"),
            "employment_rate": (66 - imd / 5, 0.6, "%"),
            "green_space_per_person": (12 + rng.uniform(0, 30), 0.05, "m² per person"),
            "active_travel_share": (17 + rng.uniform(0, 8), 0.7, "%"),
        }
        for kpi, (start, trend, unit) in base.items():
            for i, year in enumerate(range(2019, 2026)):
                value = round(start + trend * i + rng.gauss(0, abs(trend) * 0.4 + 0.05), 2)
                if kpi == "employment_rate" and year == 2020:
                    value = round(value - 2.5, 2)  # the pandemic dip
                rows.append([code, kpi, f"{year}-01-01T00:00:00Z", f"{year}-12-31T23:59:59Z", value, unit, "modelled"])
    months = [(y, m) for y in range(2023, 2027) for m in range(1, 13) if (y, m) <= (2026, 10)]
    for i, (year, month) in enumerate(months):
        start = f"{year}-{month:02d}-01T00:00:00Z"
        last = 31 if month in {1, 3, 5, 7, 8, 10, 12} else 30 if month != 2 else 28
        end = f"{year}-{month:02d}-{last}T23:59:59Z"
        winter = math.cos((month - 1) / 12 * 2 * math.pi)
        no2 = round(27 - i * 0.12 + 6 * winter + rng.gauss(0, 1.2), 1)
        pm25 = round(10.5 - i * 0.05 + 2.5 * winter + rng.gauss(0, 0.6), 1)
        if (year, month) == (2024, 7):
            no2 = -99  # the site was offline: the file says -99, we store it as missing
        rows.append([AIR_SITE_WARD, "no2", start, end, no2, "ug/m3", "measured"])
        rows.append([AIR_SITE_WARD, "pm25", start, end, pm25, "µg/m³", "measured"])
        carbon = round(215 - i * 1.8 + 35 * winter + rng.gauss(0, 8))
        rows.append([settings.DEPLOYMENT_DISTRICT_CODE, "carbon_intensity", start, end, carbon, "gCO2/kWh", "measured"])
    with open(TWIN_DATA / DEMO_FILE, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["area_code", "indicator", "period_start", "period_end", "value", "unit", "quality"])
        writer.writerows(rows)

    kinds = [  # OSM tags, how many per ward (low, high), name
        ({"amenity": "school"}, (2, 4), "school"),
        ({"amenity": "pharmacy"}, (1, 3), "pharmacy"),
        ({"leisure": "park"}, (1, 2), "park"),
        ({"highway": "bus_stop"}, (6, 10), "bus stop"),
        ({"shop": "supermarket"}, (1, 2), "supermarket"),
        ({"shop": "convenience"}, (1, 3), "corner shop"),
        ({"amenity": "community_centre"}, (1, 1), "community centre"),
        ({"railway": "station"}, (0, 1), "station"),
    ]
    features, node = [], 9_000_000_000
    for ward in sorted(wards, key=lambda f: f["properties"]["code"]):
        geometry = GEOSGeometry(json.dumps(ward["geometry"]), srid=4326)
        minx, miny, maxx, maxy = geometry.extent
        for tags, (low, high), label in kinds:
            for n in range(rng.randint(low, high)):
                while True:
                    point = Point(round(rng.uniform(minx, maxx), 5), round(rng.uniform(miny, maxy), 5), srid=4326)
                    if geometry.contains(point):
                        break
                node += 1
                name = f"Demo {label} {n + 1}, {ward['properties']['name']}"
                features.append(
                    {
                        "type": "Feature",
                        "id": f"node/{node}",
                        "properties": {"@id": f"node/{node}", **tags, "name": name},
                        "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
                    }
                )
    document = {
        "type": "FeatureCollection",
        "metadata": {
            "title": "DEMO points of interest for East Birmingham (made up, in the shape of an OpenStreetMap export)",
            "demo": True,
            "note": "Random points inside each ward. Not real places. Replace with an OpenStreetMap export (ODbL).",
        },
        "features": features,
    }
    (PLACES_DATA / DEMO_PLACES).write_text(json.dumps(document, ensure_ascii=False, indent=0) + "\n")


def demo_load(*, stdout=None) -> None:

    reference_load()
    gp, _ = read_places(PLACES_DATA / "east-birmingham-gp-practices.geojson", kind="gp", ref_field="practice_code")
    demo, _ = read_places(PLACES_DATA / DEMO_PLACES)
    with transaction.atomic():
        place_services.places_import(places=gp, source="NHS England ODS (December 2023), OGL v3")
        place_services.places_import(places=demo, source="Demo data (made up)", is_demo=True)
        place_services.postcodes_import(
            rows=onspd.read(PLACES_DATA / DEMO_POSTCODES),
            source="Demo: the GP practices' postcodes, approximate centres (ONSPD-derived)",
            approximate=True,
            inside=deployment_district_geometry(),
        )
        place_services.streets_import(
            rows=list(opennames.read(PLACES_DATA / DEMO_STREETS)),
            source="Demo: streets of the GP practices' addresses, points approximate (OS Open Names layout)",
            approximate=True,
            inside=deployment_district_geometry(),
        )

    imd_source, _ = DataSource.objects.update_or_create(
        name="English Indices of Deprivation 2025 and Census 2021 population, by LSOA",
        defaults=dict(
            kind=DataSource.Kind.TABULAR,
            endpoint=f"project:{IMD_FILE}",
            parameters={
                "format": "csv",
                "columns": {
                    "area": "lsoa21_code",
                    "period": "2025",
                    "values": {"population": "population_2021", **{c: c for c in IMD_COLUMNS}},
                },
            },
            schedule="0 3 1 * *",
            tier=LicenceTier.OPEN,
            licence=OGL,
            attribution=f"{IMD_ATTRIBUTION} {CENSUS_ATTRIBUTION}",
            is_demo=False,
        ),
    )
    demo_source, _ = DataSource.objects.update_or_create(
        name="Demo KPI series (air quality, carbon, homes, jobs, green space, travel)",
        defaults=dict(
            kind=DataSource.Kind.TABULAR,
            endpoint=f"project:{DEMO_FILE}",
            parameters={
                "format": "csv",
                "columns": {
                    "area": "area_code",
                    "kpi": "indicator",
                    "value": "value",
                    "period_start": "period_start",
                    "period_end": "period_end",
                    "unit": "unit",
                    "quality": "quality",
                },
            },
            schedule="30 * * * *",
            tier=LicenceTier.OPEN,
            licence="Demo data",
            attribution="Demo data made up for Civic Twin; not a real measurement.",
            is_demo=True,
        ),
    )
    for source in (imd_source, demo_source):
        run = ingest.source_sync(source=source)
        if stdout:
            stdout.write(f"{source.name}: fetched {run.fetched}, stored {run.stored}, rejected {run.rejected}")
    services.catalogue_sync()
    Dataset.objects.filter(slug="kpi-emissions_per_person").update(
        tier=LicenceTier.RESTRICTED,
        terms="Demo of a Restricted dataset: you agree not to republish the figures without their source.",
    )
    Dataset.objects.filter(slug="kpi-epc_c_share").update(
        tier=LicenceTier.CLOSED,
        terms="Demo of a Closed dataset: address-level energy data is shared only with approved partners.",
    )
    Dataset.objects.filter(slug__startswith="kpi-").filter(kpi__is_demo=False).update(licence=OGL, licence_url=OGL_URL)
    Dataset.objects.update(updated_at=timezone.now())
