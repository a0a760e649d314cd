"""Celery entry points of the investors app: they call services."""

from celery import shared_task


@shared_task
def alerts_for_published(opportunity_id: int) -> int:
    from investors import services

    return services.alerts_for_published(opportunity_id=opportunity_id)


@shared_task
def alerts_weekly() -> int:
    from investors import services

    return services.alerts_weekly()
