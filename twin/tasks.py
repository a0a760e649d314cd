"""Celery entry points. Each source syncs in its own task, so a failing source never stops others."""

import logging

from celery import shared_task
from django.db import transaction

from twin import ingest
from twin.adapters import SourceError
from twin.models import DataSource
from twin.scoring import registry, service

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(SourceError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def source_sync_task(self, source_id: int) -> dict:

    source = DataSource.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return {"skipped": "disabled or deleted"}
    run = ingest.source_sync(source=source)
    log.info("source %s synced: fetched %s stored %s rejected %s", source_id, run.fetched, run.stored, run.rejected)
    return {"run": run.pk, "fetched": run.fetched, "stored": run.stored, "rejected": run.rejected}


@shared_task
def rescore_task(label: str, pks: list[int] | None = None) -> dict:

    try:
        return service.rescore(label=label, pks=pks)
    except service.NotReady as exc:
        return {"skipped": str(exc)}


@shared_task
def rescore_all_task() -> list[dict]:

    results = []
    for label in registry.labels():
        try:
            results.append(service.rescore(label=label))
        except service.NotReady as exc:
            results.append({"label": label, "skipped": str(exc)})
    return results


@shared_task
def rescore_wards_task(ward_codes: list[str]) -> list[dict]:
    """Re-score the items of every registered model that touch these wards."""

    results = []
    for label in registry.labels():
        try:
            results.append(service.rescore(label=label, wards=set(ward_codes)))
        except service.NotReady as exc:
            results.append({"label": label, "skipped": str(exc)})
    return results


def on_kpis_refreshed(sender, area_codes=(), **kwargs) -> None:
    """After a sync stored something, re-score only the items the refreshed areas can affect
    (batched, in Celery, after the commit)."""

    wards = sorted(service.wards_affected_by(area_codes))
    if wards:
        transaction.on_commit(lambda: rescore_wards_task.delay(wards))
