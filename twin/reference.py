"""Reference tables the twin starts with: KPI definitions, the first coefficient set with its
cited sources and bounds, the first weights and the intervention catalogue. `reference_load()` is
idempotent (looked up by code/version) and used by the demo loader and the tests."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.themes import Theme
from twin.models import Coefficient, CoefficientSet, Intervention, KpiBound, KpiDefinition, WeightSet

OGL = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
IMD_ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(MHCLG English Indices of Deprivation 2025)."
)
CENSUS_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v3.0 (Census 2021, TS021)."
)
DEMO = "Demo data made up for Civic Twin; not a real measurement."

H, L = KpiDefinition.Direction.HIGHER_IS_BETTER, KpiDefinition.Direction.LOWER_IS_BETTER

# code, name, unit, theme, direction, aggregation, min, max, demo, sdg, toms, description
KPIS = [
    (
        "imd_score",
        "Index of Multiple Deprivation score",
        "score",
        Theme.HEALTH_WELLBEING,
        L,
        "pop_weighted",
        0,
        100,
        False,
        ["1.2", "10.2"],
        [],
        "English Indices of Deprivation 2025: overall deprivation score of the area (higher is more deprived).",
    ),
    (
        "imd_rank",
        "Index of Multiple Deprivation rank",
        "rank",
        Theme.HEALTH_WELLBEING,
        H,
        "latest",
        1,
        33755,
        False,
        ["1.2"],
        [],
        "Rank among England's 33,755 LSOAs; 1 is the most deprived.",
    ),
    (
        "imd_decile",
        "Index of Multiple Deprivation decile",
        "decile",
        Theme.HEALTH_WELLBEING,
        H,
        "pop_weighted",
        1,
        10,
        False,
        ["1.2", "10.2"],
        [],
        "1 = among the most deprived 10% of areas in England, 10 = the least deprived 10%.",
    ),
    (
        "income_decile",
        "Income deprivation decile",
        "decile",
        Theme.JOBS_SKILLS,
        H,
        "pop_weighted",
        1,
        10,
        False,
        ["1.2"],
        [],
        "IMD 2025 income domain decile.",
    ),
    (
        "employment_decile",
        "Employment deprivation decile",
        "decile",
        Theme.JOBS_SKILLS,
        H,
        "pop_weighted",
        1,
        10,
        False,
        ["8.5"],
        [],
        "IMD 2025 employment domain decile.",
    ),
    (
        "education_decile",
        "Education and skills deprivation decile",
        "decile",
        Theme.JOBS_SKILLS,
        H,
        "pop_weighted",
        1,
        10,
        False,
        ["4.4"],
        [],
        "IMD 2025 education, skills and training domain decile.",
    ),
    (
        "health_decile",
        "Health deprivation decile",
        "decile",
        Theme.HEALTH_WELLBEING,
        H,
        "pop_weighted",
        1,
        10,
        False,
        ["3.4"],
        [],
        "IMD 2025 health deprivation and disability domain decile.",
    ),
    (
        "crime_decile",
        "Crime decile",
        "decile",
        Theme.SAFETY,
        H,
        "pop_weighted",
        1,
        10,
        False,
        ["16.1"],
        [],
        "IMD 2025 crime domain decile.",
    ),
    (
        "housing_services_decile",
        "Barriers to housing and services decile",
        "decile",
        Theme.HOUSING,
        H,
        "pop_weighted",
        1,
        10,
        False,
        ["11.1"],
        [],
        "IMD 2025 barriers to housing and services domain decile.",
    ),
    (
        "living_environment_decile",
        "Living environment decile",
        "decile",
        Theme.GREEN_BLUE_SPACE,
        H,
        "pop_weighted",
        1,
        10,
        False,
        ["11.6"],
        [],
        "IMD 2025 living environment domain decile (housing quality, air quality, road accidents).",
    ),
    (
        "population",
        "Usual residents",
        "people",
        Theme.COMMUNITY_CULTURE,
        H,
        "sum",
        0,
        10_000_000,
        False,
        [],
        [],
        "Census 2021 usual residents (TS021).",
    ),
    (
        "no2",
        "Nitrogen dioxide (NO₂), monthly mean",
        "µg/m³",
        Theme.AIR_QUALITY,
        L,
        "mean",
        0,
        400,
        True,
        ["11.6", "3.9"],
        ["NT31"],
        "Monthly mean concentration at the air-quality monitoring site in the area. "
        "WHO 2021 guideline: 10 µg/m³ annual mean.",
    ),
    (
        "pm25",
        "Fine particles (PM2.5), monthly mean",
        "µg/m³",
        Theme.AIR_QUALITY,
        L,
        "mean",
        0,
        300,
        True,
        ["11.6", "3.9"],
        ["NT31"],
        "Monthly mean concentration at the monitoring site. WHO 2021 guideline: 5 µg/m³ annual mean.",
    ),
    (
        "carbon_intensity",
        "Electricity carbon intensity (West Midlands)",
        "gCO2/kWh",
        Theme.ENERGY_NET_ZERO,
        L,
        "mean",
        0,
        1000,
        True,
        ["7.2", "13.2"],
        [],
        "Monthly mean carbon intensity of electricity in the region.",
    ),
    (
        "emissions_per_person",
        "Greenhouse gas emissions per resident",
        "tCO2e per person",
        Theme.ENERGY_NET_ZERO,
        L,
        "pop_weighted",
        0,
        50,
        True,
        ["13.2"],
        ["NT44"],
        "Territorial emissions per resident per year (the shape of the DESNZ local authority dataset).",
    ),
    (
        "epc_c_share",
        "Homes rated EPC C or better",
        "%",
        Theme.HOUSING,
        H,
        "mean",
        0,
        100,
        True,
        ["7.3", "11.1"],
        [],
        "Share of homes with an Energy Performance Certificate of C or better.",
    ),
    (
        "employment_rate",
        "Employment rate (aged 16–64)",
        "%",
        Theme.JOBS_SKILLS,
        H,
        "pop_weighted",
        0,
        100,
        True,
        ["8.5"],
        ["NT1"],
        "Share of residents aged 16–64 in work.",
    ),
    (
        "green_space_per_person",
        "Accessible green space per resident",
        "m² per person",
        Theme.GREEN_BLUE_SPACE,
        H,
        "pop_weighted",
        0,
        10_000,
        True,
        ["11.7"],
        ["NT33"],
        "Publicly accessible parks and green space per resident.",
    ),
    (
        "active_travel_share",
        "Journeys walked or cycled",
        "%",
        Theme.TRANSPORT,
        H,
        "mean",
        0,
        100,
        True,
        ["11.2"],
        [],
        "Share of residents' journeys made on foot or by bicycle.",
    ),
]

# The effects items can state, in words (the keys are what proposals, ideas and opportunities hand over).
EFFECT_LABELS = {
    "jobs_created": _("Jobs created"),
    "local_hires": _("Local people hired"),
    "homes": _("Homes built"),
    "retrofit_homes": _("Homes retrofitted"),
    "floorspace_m2": _("Floorspace (m²)"),
    "green_blue_space_change_m2": _("Green and blue space (m²)"),
    "tco2e_per_year": _("Carbon (tCO2e per year)"),
    "energy_generated_mwh": _("Energy generated (MWh per year)"),
    "ev_chargers": _("EV chargers"),
    "trees": _("Trees (planted minus felled)"),
    "active_travel_km": _("Cycle lanes or bus priority (km)"),
}

COEFFICIENT_VERSION = "2026.1"
# effect, kpi, factor, scale, source
COEFFICIENTS = [
    (
        "jobs_created",
        "employment_rate",
        0.556,
        "percent_of_residents",
        "Each job raises the employment rate of the areas' working-age residents if filled locally: 35% local "
        "hires (Civic Twin assumption, from TEED planning obligations; to be reviewed) ÷ 63% of residents aged "
        "16–64 (ONS Census 2021, TS007A, England).",
        "https://www.ons.gov.uk/datasets/TS007A/editions/2021/versions/3",
    ),
    (
        "local_hires",
        "employment_rate",
        1.587,
        "percent_of_residents",
        "A local hire is one more working resident: 1 ÷ 63% of residents aged 16–64 (ONS Census 2021, TS007A).",
        "https://www.ons.gov.uk/datasets/TS007A/editions/2021/versions/3",
    ),
    (
        "tco2e_per_year",
        "emissions_per_person",
        1.0,
        "per_resident",
        "Direct: the item's stated tonnes of CO2e per year shared over the residents of the areas it touches "
        "(the DESNZ local authority per-resident measure).",
        "https://www.gov.uk/government/collections/uk-local-authority-and-regional-greenhouse-gas-emissions-national-statistics",
    ),
    (
        "energy_generated_mwh",
        "emissions_per_person",
        -0.207,
        "per_resident",
        "DESNZ 2024 greenhouse gas conversion factor for UK grid electricity: 0.20705 kgCO2e per kWh "
        "(0.207 t per MWh displaced).",
        "https://www.gov.uk/government/publications/greenhouse-gas-reporting-conversion-factors-2024",
    ),
    (
        "trees",
        "emissions_per_person",
        -0.025,
        "per_resident",
        "About 25 kg CO2 a year taken up by a growing urban broadleaf tree (Forest Research, i-Tree Eco UK "
        "studies; Woodland Carbon Code look-up tables give a similar mid-life rate).",
        "https://www.forestresearch.gov.uk/research/i-tree-eco/",
    ),
    (
        "green_blue_space_change_m2",
        "green_space_per_person",
        1.0,
        "per_resident",
        "Direct: square metres of accessible green or blue space shared over the residents of the areas.",
        "",
    ),
    (
        "ev_chargers",
        "no2",
        -0.02,
        "absolute",
        "Civic Twin assumption v2026.1, to be reviewed: a public charger enables about 40 EVs replacing petrol "
        "and diesel cars locally; DEFRA damage-cost evidence puts the roadside NO2 effect at about "
        "0.0005 µg/m³ per car.",
        "https://www.gov.uk/government/publications/assess-the-impact-of-air-quality",
    ),
    (
        "homes",
        "epc_c_share",
        1.3,
        "percent_of_residents",
        "A new home is built to EPC B or better: +1 home above C per 2.6 residents (ONS Census 2021 TS017, "
        "Birmingham average household size 2.6) for about half of homes now below C (demo EPC figure).",
        "https://www.ons.gov.uk/datasets/TS017/editions/2021/versions/3",
    ),
    (
        "retrofit_homes",
        "epc_c_share",
        2.6,
        "percent_of_residents",
        "A retrofitted home moves one household to C or better: 1 home per 2.6 residents (ONS Census 2021 TS017).",
        "https://www.ons.gov.uk/datasets/TS017/editions/2021/versions/3",
    ),
    (
        "retrofit_homes",
        "emissions_per_person",
        -1.1,
        "per_resident",
        "About 1.1 tCO2e a year saved by a whole-house retrofit of a typical gas-heated semi "
        "(Energy Saving Trust, 2024).",
        "https://energysavingtrust.org.uk/",
    ),
    (
        "active_travel_km",
        "active_travel_share",
        0.4,
        "absolute",
        "Civic Twin assumption v2026.1, to be reviewed: each km of protected cycle lane or bus priority route "
        "moves about 0.4% of local journeys to walking or cycling (DfT Active Travel Fund evaluation range 0.2–1%).",
        "https://www.gov.uk/government/publications/active-travel-fund-evaluation",
    ),
]
# kpi, change counted as the full effect, why
BOUNDS = [
    (
        "employment_rate",
        1.0,
        "One percentage point is roughly the gap closed by a large local employer; TEED's target.",
    ),
    (
        "emissions_per_person",
        0.1,
        "0.1 t per resident per year is about 2% of East Birmingham's per-resident emissions.",
    ),
    ("green_space_per_person", 2.0, "2 m² per resident is a new small park for a ward."),
    ("no2", 1.0, "1 µg/m³ is a tenth of the WHO 2021 annual guideline for NO₂."),
    ("epc_c_share", 2.0, "2 percentage points is about two years of the Council's retrofit programme."),
    ("active_travel_share", 2.0, "2 percentage points is the Birmingham Transport Plan's yearly ambition."),
]

DEFAULT_WEIGHTS = {
    Theme.JOBS_SKILLS.value: 20,
    Theme.AIR_QUALITY.value: 15,
    Theme.GREEN_BLUE_SPACE.value: 10,
    Theme.HOUSING.value: 15,
    Theme.TRANSPORT.value: 10,
    Theme.ENERGY_NET_ZERO.value: 20,
    Theme.SAFETY.value: 0,
    Theme.HEALTH_WELLBEING.value: 5,
    Theme.COMMUNITY_CULTURE.value: 5,
}

INTERVENTIONS = [
    (
        "ev-charging-hub",
        "EV charging network",
        "Public fast chargers on council land and streets.",
        "charger",
        45_000,
        {"ev_chargers": 1, "jobs_created": 0.05},
        "Costs: OZEV Local EV Infrastructure fund averages 2024.",
        1,
    ),
    (
        "home-retrofit",
        "Home retrofit package",
        "Insulation, heat pump and solar PV for a typical home.",
        "home",
        28_000,
        {"retrofit_homes": 1, "jobs_created": 0.1},
        "Costs: Warm Homes: Local Grant cap; jobs: CITB retrofit workforce estimate.",
        5,
    ),
    (
        "street-trees",
        "Street tree planting",
        "Standard trees with pits and three years' care.",
        "tree",
        1_200,
        {"trees": 1},
        "Costs: Trees for Streets average, 2024.",
        10,
    ),
    (
        "bus-priority",
        "Bus priority and protected cycle lane",
        "Segregated lane along a main road.",
        "km",
        2_500_000,
        {"active_travel_km": 1},
        "Costs: DfT Active Travel England average per km, 2023.",
        0.5,
    ),
    (
        "pocket-park",
        "Pocket park",
        "A new small public green space on vacant land.",
        "m²",
        120,
        {"green_blue_space_change_m2": 1},
        "Costs: Fields in Trust typical cost per m².",
        100,
    ),
    (
        "solar-canopy",
        "Solar car-park canopy",
        "Solar PV canopies on council car parks.",
        "MWh per year",
        1_100,
        {"energy_generated_mwh": 1},
        "Costs: typical £/MWh-year of installed canopy PV, 2024.",
        50,
    ),
    (
        "skills-hub",
        "Green skills hub",
        "Training places with local employers in TEED.",
        "local hire",
        6_000,
        {"local_hires": 1},
        "Costs: West Midlands Combined Authority skills bootcamp average.",
        5,
    ),
]


@transaction.atomic
def reference_load() -> None:
    for code, name, unit, theme, direction, aggregation, lo, hi, demo, sdg, toms, description in KPIS:
        KpiDefinition.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name,
                unit=unit,
                theme=theme,
                direction=direction,
                aggregation=aggregation,
                valid_min=lo,
                valid_max=hi,
                is_demo=demo,
                sdg_targets=sdg,
                toms_measures=toms,
                description=description,
                licence=OGL if not demo else "Demo data",
                licence_url=OGL_URL if not demo else "",
                attribution=(DEMO if demo else (CENSUS_ATTRIBUTION if code == "population" else IMD_ATTRIBUTION)),
            ),
        )
    kpis = {k.code: k for k in KpiDefinition.objects.all()}
    coefficient_set, created = CoefficientSet.objects.get_or_create(
        version=COEFFICIENT_VERSION,
        defaults={"notes": "First set: cited factors, assumptions marked as such.", "published_at": timezone.now()},
    )
    if created:
        Coefficient.objects.bulk_create(
            [
                Coefficient(
                    coefficient_set=coefficient_set,
                    effect=e,
                    kpi=kpis[k],
                    factor=f,
                    scale=s,
                    source=src,
                    source_url=url,
                )
                for e, k, f, s, src, url in COEFFICIENTS
            ]
        )
        KpiBound.objects.bulk_create(
            [KpiBound(coefficient_set=coefficient_set, kpi=kpis[k], full_effect=b, rationale=r) for k, b, r in BOUNDS]
        )
    if not WeightSet.objects.exists():
        WeightSet.objects.create(version=1, weights=DEFAULT_WEIGHTS, note="Starting weights (policy team, 2026).")
    for code, name, description, unit, cost, effects, source, step in INTERVENTIONS:
        Intervention.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name,
                description=description,
                unit=unit,
                cost_per_unit_gbp=cost,
                effects_per_unit=effects,
                source=source,
                step=step,
            ),
        )
