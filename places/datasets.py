"""The open datasets this deployment ships, with the licence and attribution each requires.

Shown on the data sources page and under every map. A second city replaces this list with its own.
"""

from dataclasses import dataclass

OGL_V3_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    file: str
    publisher: str
    licence: str
    licence_url: str
    attribution: str
    vintage: str
    notes: str = ""


DATASETS = [
    Dataset(
        key="wards",
        title="East Birmingham wards (2018 boundaries)",
        file="places/data/east-birmingham-wards.geojson",
        publisher="Office for National Statistics / Birmingham City Council, via NHS Birmingham and Solihull ICB (BSol.mapR)",
        licence="Open Government Licence v3.0",
        licence_url=OGL_V3_URL,
        attribution=(
            "Contains OS data © Crown copyright and database right 2023. Source: Office for National "
            "Statistics licensed under the Open Government Licence v3.0."
        ),
        vintage="2018 boundaries; Census 2021 population (apportioned estimate); IMD 2025",
        notes="Ward populations are area-apportioned estimates, not official counts (±10–20%).",
    ),
    Dataset(
        key="lsoa",
        title="Lower layer super output areas (2021) with the English Indices of Deprivation 2025",
        file="places/data/east-birmingham-lsoa.geojson",
        publisher="Office for National Statistics; Ministry of Housing, Communities and Local Government",
        licence="Open Government Licence v3.0",
        licence_url=OGL_V3_URL,
        attribution=(
            "Contains OS data © Crown copyright and database right 2023. Source: Office for National "
            "Statistics licensed under the Open Government Licence v3.0. Contains public sector information "
            "licensed under the Open Government Licence v3.0 (MHCLG English Indices of Deprivation 2025)."
        ),
        vintage="LSOA 2021; Census 2021; IMD 2025",
    ),
    Dataset(
        key="gp",
        title="GP practices (main sites)",
        file="places/data/east-birmingham-gp-practices.geojson",
        publisher="NHS England ODS; NHS Birmingham and Solihull ICB",
        licence="Open Government Licence v3.0",
        licence_url=OGL_V3_URL,
        attribution=(
            "Contains public sector information licensed under the Open Government Licence v3.0 (NHS England "
            "ODS). Contains OS data © Crown copyright and database right; Contains Royal Mail data © Royal Mail "
            "copyright and database right; Source: Office for National Statistics licensed under the Open "
            "Government Licence v3.0."
        ),
        vintage="December 2023 / March 2024",
        notes="Locations are postcode centroids, typically within about 100 m.",
    ),
    Dataset(
        key="postcodes",
        title="Postcodes of the district's GP practices, in the ONS Postcode Directory's layout (demo, approximate)",
        file="places/data/demo-onspd.csv",
        publisher="Office for National Statistics (ONSPD), via the GP practice file above",
        licence="Open Government Licence v3.0",
        licence_url=OGL_V3_URL,
        attribution=(
            "Contains OS data © Crown copyright and database right; Contains Royal Mail data © Royal Mail "
            "copyright and database right; Source: Office for National Statistics licensed under the Open "
            "Government Licence v3.0."
        ),
        vintage="December 2023 practice list; ONSPD November 2025 column layout",
        notes=(
            "Approximate: 40 postcode centres only, so postcode search works in the demo. A council imports "
            "the full ONSPD with `manage.py import_onspd`."
        ),
    ),
    Dataset(
        key="streets",
        title="Streets of the district's GP practices, in OS Open Names' layout (demo, approximate)",
        file="places/data/demo-os-open-names.csv",
        publisher="NHS England ODS addresses, via the GP practice file above",
        licence="Open Government Licence v3.0",
        licence_url=OGL_V3_URL,
        attribution=(
            "Contains public sector information licensed under the Open Government Licence v3.0 (NHS England "
            "ODS). Contains OS data © Crown copyright and database right."
        ),
        vintage="December 2023 practice list; OS Open Names column layout",
        notes=(
            "Approximate: 32 streets named in the practices' addresses, each at its practice's postcode "
            "centre, so street search works in the demo. A council imports OS Open Names with "
            "`manage.py import_os_open_names`."
        ),
    ),
    Dataset(
        key="aurn",
        title="Air-quality monitoring sites (DEFRA AURN)",
        file="places/data/birmingham-aurn-sites.geojson",
        publisher="Department for Environment, Food & Rural Affairs",
        licence="Open Government Licence v3.0",
        licence_url=OGL_V3_URL,
        attribution="© Crown copyright, Defra via uk-air.defra.gov.uk, licensed under the Open Government Licence v3.0.",
        vintage="Site list as of mid-2016",
    ),
    Dataset(
        key="teed",
        title="Tyseley Environmental Enterprise District boundary (approximate)",
        file="places/data/teed-approximate.geojson",
        publisher="Civic Twin (drawn by hand; no official boundary is published as data)",
        licence="Open Government Licence v3.0",
        licence_url=OGL_V3_URL,
        attribution="Approximate outline. Contains OS data © Crown copyright and database right 2023.",
        vintage="2026",
        notes="Approximate: drawn around Tyseley Energy Park and the Tyseley industrial area.",
    ),
]

COMBINED_ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2023. Contains Royal Mail data © Royal Mail "
    "copyright and database right. Source: Office for National Statistics licensed under the Open Government "
    "Licence v3.0. Contains public sector information licensed under the Open Government Licence v3.0 (MHCLG "
    "English Indices of Deprivation 2025; NHS England ODS; Defra UK-AIR). Ward and LSOA boundaries via NHS "
    "Birmingham and Solihull ICB (BSol.mapR)."
)
