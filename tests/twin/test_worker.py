"""One real Celery worker against Redis runs the sync tasks: a good source is stored, a failing
one records its error and does not stop the other."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from twin.models import DataSource, KpiObservation, SyncRun
from twin.reference import reference_load

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(settings):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs the Redis broker (make test starts it)")
    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    app.conf.task_always_eager = before


def _wait(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_worker_syncs_sources_over_redis(areas, http_services, worker):
    from twin.tasks import source_sync_task

    reference_load()
    good = DataSource.objects.create(
        name="Sensors",
        kind="sensorthings",
        endpoint=f"{http_services.base}/v1.1/",
        parameters={"datastreams": [{"id": 1, "kpi": "no2", "area": "W1"}], "top": 10},
    )
    bad = DataSource.objects.create(
        name="Gone",
        kind="ckan",
        endpoint=http_services.base,
        parameters={
            "resource_id": "gone",
            "columns": {"area": "ward", "period_column": "year", "kpi_code": "no2", "value": "value"},
        },
    )
    source_sync_task.delay(bad.pk)
    source_sync_task.delay(good.pk)
    assert _wait(lambda: SyncRun.objects.filter(source=good, status="succeeded").exists()), "the worker never synced"
    assert KpiObservation.objects.filter(source=good).count() == 25
    assert _wait(lambda: DataSource.objects.get(pk=bad.pk).last_error != "")
    assert "Resource not found" in DataSource.objects.get(pk=bad.pk).last_error
    assert KpiObservation.objects.filter(source=bad).count() == 0
