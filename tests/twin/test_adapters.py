"""Adapters against real HTTP servers shaped as the standards specify; the store stays
idempotent and all-or-nothing."""

from datetime import UTC, datetime

import pytest
from celery.exceptions import Retry

from twin import ingest
from twin.adapters import SourceError
from twin.models import DataSource, KpiObservation, SyncRun

pytestmark = pytest.mark.django_db

ST_PARAMS = {"datastreams": [{"id": 1, "kpi": "no2", "area": "W1"}], "top": 10}
CKAN_PARAMS = {
    "resource_id": "res-1",
    "limit": 3,
    "columns": {"area": "ward", "period_column": "year", "kpi_code": "employment_rate", "value": "value"},
}


def _rows():
    return sorted(KpiObservation.objects.values_list("kpi__code", "area__code", "period_start", "value", "quality"))


def test_sensorthings_follows_next_links_and_a_second_sync_adds_nothing(areas, reference, http_services, make_source):
    source = make_source("sensorthings", f"{http_services.base}/v1.1/", ST_PARAMS)
    run = ingest.source_sync(source=source)
    assert (run.status, run.fetched, run.stored, run.rejected) == ("succeeded", 25, 25, 0)
    pages = [p for p in http_services.services.requests if "Observations" in p]
    assert len(pages) == 3  # 10 + 10 + 5, following @iot.nextLink
    source.refresh_from_db()
    assert source.watermark == datetime(2026, 1, 2, 0, 0, tzinfo=UTC)  # the 25th hourly reading
    assert source.last_success_at is not None and source.last_error == ""
    before = _rows()

    http_services.services.requests.clear()
    again = ingest.source_sync(source=source)
    assert (again.fetched, again.stored) == (0, 0)
    # The second sync asks only for readings after the watermark.
    assert any(
        "phenomenonTime%20gt%202026-01-02T00:00:00Z" in p or "phenomenonTime+gt+2026-01-02T00%3A00%3A00Z" in p
        for p in http_services.services.requests
    )
    assert _rows() == before


def test_a_failed_page_in_the_middle_leaves_the_store_as_it_was(areas, reference, http_services, make_source):
    source = make_source("sensorthings", f"{http_services.base}/v1.1/", ST_PARAMS)
    http_services.services.fail_on = "$skip=10"  # the second page answers 500
    with pytest.raises(SourceError, match="HTTP 500"):
        ingest.source_sync(source=source)
    assert KpiObservation.objects.count() == 0
    source.refresh_from_db()
    assert source.watermark is None
    assert "HTTP 500" in source.last_error and source.consecutive_failures == 1
    assert SyncRun.objects.get(source=source).status == "failed"

    http_services.services.fail_on = None
    run = ingest.source_sync(source=source)
    assert run.stored == 25
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.last_error == ""


def test_sensorthings_unit_that_does_not_match_is_rejected(areas, reference, http_services, make_source):
    http_services.services.unit_symbol = "mg/m³"
    source = make_source("sensorthings", f"{http_services.base}/v1.1/", ST_PARAMS)
    run = ingest.source_sync(source=source)
    assert run.rejected == 25 and run.stored == 0
    assert "unit 'mg/m³' is not 'µg/m³'" in run.problems[0]


def test_ckan_pages_with_offset_and_sentinel_becomes_missing_never_zero(areas, reference, http_services, make_source):
    source = make_source("ckan", http_services.base, CKAN_PARAMS)
    run = ingest.source_sync(source=source)
    assert (run.fetched, run.stored) == (8, 8)
    offsets = [p for p in http_services.services.requests if "datastore_search" in p]
    assert len(offsets) == 3  # 3 + 3 + 2 rows
    missing = KpiObservation.objects.get(period_start__year=2026)
    assert missing.value is None and missing.quality == "missing"
    assert KpiObservation.objects.filter(value=0).count() == 0
    assert ingest.source_sync(source=source).stored == 0


def test_ckan_error_document_is_recorded_and_nothing_stored(areas, reference, http_services, make_source):
    source = make_source("ckan", http_services.base, {**CKAN_PARAMS, "resource_id": "gone"})
    with pytest.raises(SourceError, match="Resource not found"):
        ingest.source_sync(source=source)
    source.refresh_from_db()
    assert "Resource not found" in source.last_error
    assert KpiObservation.objects.count() == 0


def test_csv_with_mapping_etag_and_bad_rows(areas, reference, http_services, make_source):
    params = {
        "format": "csv",
        "columns": {"area": "area", "period_column": "period", "kpi_code": "emissions_per_person", "value": "value"},
    }
    source = make_source("tabular", f"{http_services.base}/files/data.csv", params)
    run = ingest.source_sync(source=source)
    assert (run.stored, run.rejected) == (3, 0)
    assert KpiObservation.objects.get(area__code="W1", period_start__year=2024).quality == "missing"
    source.refresh_from_db()
    assert source.dataset_version == 'etag "v1"'
    # Unchanged file: 304, nothing fetched.
    assert ingest.source_sync(source=source).fetched == 0
    # A changed file with an unknown area and an out-of-range value: those rows are rejected, the rest stored.
    http_services.services.etag = '"v2"'
    http_services.services.csv_text = "area,period,value\nW1,2025,13.0\nXX,2025,1\nW2,2025,999\n"
    run = ingest.source_sync(source=source)
    assert (run.stored, run.rejected) == (1, 2)
    assert any("unknown area code 'XX'" in p for p in run.problems)
    assert any("outside" in p for p in run.problems)
    assert KpiObservation.objects.get(area__code="W1", period_start__year=2025).value == 13.0


def test_a_failing_source_does_not_stop_the_others(areas, reference, http_services, make_source):
    from twin.tasks import source_sync_task

    bad = make_source("ckan", http_services.base, {**CKAN_PARAMS, "resource_id": "gone"})
    good = make_source("sensorthings", f"{http_services.base}/v1.1/", ST_PARAMS)
    with pytest.raises(Retry, match="Resource not found"):  # retried later with backoff
        source_sync_task.apply(args=[bad.pk], throw=True)
    assert source_sync_task.apply(args=[good.pk]).get()["stored"] == 25
    assert DataSource.objects.get(pk=bad.pk).last_error


def test_each_source_gets_a_beat_schedule(areas, reference, make_source, http_services):
    from django_celery_beat.models import PeriodicTask

    source = make_source("ckan", http_services.base, CKAN_PARAMS, schedule="*/30 * * * *")
    task = PeriodicTask.objects.get(name=f"twin: sync source {source.pk}")
    assert task.task == "twin.tasks.source_sync_task" and task.crontab.minute == "*/30" and task.enabled
    source.enabled = False
    source.save()
    assert not PeriodicTask.objects.get(pk=task.pk).enabled
    source.delete()
    assert not PeriodicTask.objects.filter(pk=task.pk).exists()


def test_shipped_files_only_from_twin_data(areas, reference, make_source):
    source = make_source("tabular", "project:../../config/settings/base.py", {"columns": {"area": "a"}})
    with pytest.raises(SourceError, match="not a file shipped"):
        ingest.source_sync(source=source)


def test_a_source_endpoint_is_http_or_a_shipped_file(areas, reference):
    from django.core.exceptions import ValidationError

    for bad in ("file:///etc/passwd", "ftp://example.org/data.csv", "not a url"):
        with pytest.raises(ValidationError, match="http"):
            DataSource(name="x", kind="tabular", endpoint=bad).full_clean()
    DataSource(name="x", kind="tabular", endpoint="https://data.example.org/a.csv").full_clean()
    DataSource(name="x", kind="tabular", endpoint="project:demo-kpis.csv").full_clean()


def test_first_sync_copies_and_later_syncs_write_only_what_differs(areas, reference, http_services, make_source):
    """A first sync COPYs pages straight into the store (a key repeated in a later page falls
    back to comparing, the last occurrence winning); a re-sync updates changed rows, inserts new
    ones and leaves the rest untouched."""
    params = {
        "format": "csv",
        "page_size": 2,
        "columns": {"area": "area", "period_column": "period", "kpi_code": "emissions_per_person", "value": "value"},
    }
    http_services.services.csv_text = "area,period,value\nW1,2021,5.0\nW2,2021,6.0\nW1,2022,7.0\nW1,2021,5.5\n"
    source = make_source("tabular", f"{http_services.base}/files/data.csv", params)
    run = ingest.source_sync(source=source)
    assert run.stored == 4  # three copied, then the repeated W1 2021 updated by the comparing path
    stored = {(o.area.code, o.period_start.year): o.value for o in KpiObservation.objects.select_related("area")}
    assert stored == {("W1", 2021): 5.5, ("W2", 2021): 6.0, ("W1", 2022): 7.0}
    untouched = KpiObservation.objects.get(area__code="W2", period_start__year=2021)

    http_services.services.etag = '"v2"'
    http_services.services.csv_text = "area,period,value\nW1,2021,5.5\nW2,2021,6.0\nW1,2022,7.5\nW2,2022,8.0\n"
    run = ingest.source_sync(source=source)
    assert run.stored == 2  # W1 2022 changed, W2 2022 new; the two unchanged rows not written
    assert KpiObservation.objects.get(area__code="W1", period_start__year=2022).value == 7.5
    assert KpiObservation.objects.get(area__code="W2", period_start__year=2022).value == 8.0
    again = KpiObservation.objects.get(pk=untouched.pk)
    assert (again.dataset_version, again.retrieved_at) == (untouched.dataset_version, untouched.retrieved_at)

    http_services.services.etag = '"v3"'
    assert ingest.source_sync(source=source).stored == 0

    # A page repeating a key on a re-sync: the later row wins. Blank lines are skipped.
    http_services.services.etag = '"v4"'
    http_services.services.csv_text = "area,period,value\nW2,2023,1.0\nW2,2023,2.0\n\n"
    params["page_size"] = 10
    source.parameters = params
    source.save(update_fields=["parameters"])
    run = ingest.source_sync(source=source)
    assert (run.stored, run.rejected) == (1, 0)
    assert KpiObservation.objects.get(area__code="W2", period_start__year=2023).value == 2.0


@pytest.mark.parametrize(
    "columns",
    [
        {"area": "area", "kpi": "kpi", "period_start": "time", "value": "value", "quality": "quality"},
        {"area": "area", "kpi_code": "no2", "period_start": "time", "period_end": "until", "unit": "unit"},
        {"area": "area", "kpi": "kpi", "period_column": "year", "value": "value"},  # read as dicts
        {"area": "area", "kpi": "kpi", "period_start": "missing-column", "value": "value"},  # read as dicts
    ],
)
def test_csv_rows_read_by_position_match_rows_read_as_dicts(columns):
    import csv
    import io

    from twin.adapters.tabular import csv_to_observations, rows_to_observations

    text = (
        "area,kpi,time,until,value,quality,unit,year\n"
        "W1,no2,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,21.5,measured,µg/m3,2024\n"
        "W2,pm25,2026-01-01T01:00:00Z,2026-01-01T02:00:00Z,-99,,µg/m3,2025\n"
        " W1 ,no2,2026-01-02T00:00:00Z\n"  # a short row
    )

    def read(by_position):
        rows = list(csv.reader(io.StringIO(text)))
        header, body = rows[0], [r for r in rows[1:] if r]
        try:
            if by_position:
                return list(csv_to_observations(iter(body), header, columns))
            return list(rows_to_observations(csv.DictReader(io.StringIO(text)), columns))
        except SourceError as exc:
            return str(exc)

    assert read(True) == read(False)
