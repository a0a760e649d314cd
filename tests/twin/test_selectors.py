"""latest_points reads only the newest period but gives what the whole series ends with."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from places.models import Area
from twin import selectors
from twin.models import DataSource, KpiObservation
from twin.permissions import EVERYTHING

pytestmark = pytest.mark.django_db

AREA_CODES = ["D", "W1", "W2", "W1L0", "W1L1", "W2L0", "W2L1"]
KPIS = ["no2", "population", "employment_rate"]  # mean, sum and population-weighted


@pytest.mark.parametrize("seed", range(30))
def test_latest_points_equal_the_end_of_every_series(areas, reference, seed):
    """Random stores (own figures, smaller areas, later figures at a bigger level, missing values)."""
    rng = random.Random(seed)
    source = DataSource.objects.create(name="s", kind="tabular", endpoint="project:x.csv")
    by_code = {a.code: a for a in Area.objects.all()}
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = {
        (rng.choice(KPIS), rng.choice(AREA_CODES), rng.randrange(30)): rng.choice([None, rng.uniform(0, 100)])
        for _ in range(rng.randrange(25))
    }
    KpiObservation.objects.bulk_create(
        KpiObservation(
            kpi=reference[kpi],
            area=by_code[code],
            period_start=start + timedelta(hours=hour),
            period_end=start + timedelta(hours=hour + 1),
            value=value,
            source=source,
            quality="missing" if value is None else "measured",
            retrieved_at=start,
        )
        for (kpi, code, hour), value in rows.items()
    )
    kpis = [reference[code] for code in KPIS]
    for code in ("D", "W1", "W2L0"):
        series = selectors.many_series(kpis, by_code[code], access=EVERYTHING)
        expected = {k.code: next((p for p in reversed(series[k.code]) if p["value"] is not None), None) for k in kpis}
        assert selectors.latest_points(kpis, by_code[code], access=EVERYTHING) == expected, (seed, code)


def test_latest_points_cost_the_same_queries_for_short_and_long_series(areas, reference):
    source = DataSource.objects.create(name="s", kind="tabular", endpoint="project:x.csv")
    lsoas = list(Area.objects.filter(kind=Area.Kind.LSOA))
    counts = []
    for hours in (2, 200):
        KpiObservation.objects.all().delete()
        KpiObservation.objects.bulk_create(
            KpiObservation(
                kpi=reference["no2"],
                area=lsoa,
                period_start=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=h),
                period_end=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=h + 1),
                value=20 + h % 7,
                source=source,
                retrieved_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
            for lsoa in lsoas
            for h in range(hours)
        )
        with CaptureQueriesContext(connection) as queries:
            latest = selectors.latest_points([reference["no2"]], areas["district"], access=EVERYTHING)
        counts.append(len(queries))
        assert latest["no2"]["period_start"] == datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=hours - 1)
        assert latest["no2"]["areas"] == len(lsoas)
    assert counts[0] == counts[1] <= 5, counts


def _hourly(reference, area, source, hours, value=lambda h: 10 + h % 5, start=datetime(2026, 1, 31, 20, tzinfo=UTC)):
    KpiObservation.objects.bulk_create(
        KpiObservation(
            kpi=reference["no2"],
            area=area,
            period_start=start + timedelta(hours=h),
            period_end=start + timedelta(hours=h + 1),
            value=value(h),
            source=source,
            retrieved_at=start,
        )
        for h in range(hours)
    )


def test_charts_show_readings_as_monthly_means_from_the_database(areas, reference, settings):
    settings.TIME_ZONE = "UTC"
    source = DataSource.objects.create(name="sensors", kind="tabular", endpoint="project:x.csv")
    lsoa = Area.objects.get(code="W1L0")
    _hourly(reference, lsoa, source, 8)  # 4 hours in January (20:00–23:00), 4 in February
    yearly = KpiObservation.objects.create(
        kpi=reference["no2"],
        area=lsoa,
        period_start=datetime(2025, 1, 1, tzinfo=UTC),
        period_end=datetime(2025, 12, 31, tzinfo=UTC),
        value=30,
        source=source,
        retrieved_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    raw = selectors.series(reference["no2"], lsoa, access=EVERYTHING)
    assert len(raw) == 9
    points = selectors.series(reference["no2"], lsoa, access=EVERYTHING, monthly=True)
    assert [(p["period_start"], p["value"], p["quality"]) for p in points] == [
        (yearly.period_start, 30, "measured"),
        (datetime(2026, 1, 1, tzinfo=UTC), (10 + 11 + 12 + 13) / 4, "measured"),
        (datetime(2026, 2, 1, tzinfo=UTC), (14 + 10 + 11 + 12) / 4, "measured"),
    ]
    assert points[1]["period_end"] == datetime(2026, 2, 1, tzinfo=UTC)  # the last reading's end
    # The ward combines its LSOAs month by month.
    assert [p["value"] for p in selectors.series(reference["no2"], areas["W1"], access=EVERYTHING, monthly=True)][
        1:
    ] == [11.5, 11.75]


def test_cached_chart_series_are_renewed_after_a_sync(areas, reference):
    from twin.signals import kpis_refreshed

    source = DataSource.objects.create(name="sensors", kind="tabular", endpoint="project:x.csv")
    lsoa = Area.objects.get(code="W1L0")
    _hourly(reference, lsoa, source, 2)
    first = selectors.series(reference["no2"], areas["W1"], access=EVERYTHING, monthly=True)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.series(reference["no2"], areas["W1"], access=EVERYTHING, monthly=True) == first
    assert len(queries) == 0  # from the cache
    _hourly(reference, lsoa, source, 3, value=lambda h: 100, start=datetime(2026, 3, 1, tzinfo=UTC))
    assert selectors.series(reference["no2"], areas["W1"], access=EVERYTHING, monthly=True) == first  # not yet told
    kpis_refreshed.send(sender=None, source_id=source.pk, kpi_codes=["no2"], area_codes=["W1L0"])
    renewed = selectors.series(reference["no2"], areas["W1"], access=EVERYTHING, monthly=True)
    assert renewed[-1]["value"] == 100 and len(renewed) == len(first) + 1
