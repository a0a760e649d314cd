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


@shared_task
def campaigns_settle_due() -> int:
    from investors import campaigns

    return campaigns.campaigns_settle_due()


@shared_task
def dataroom_grants_tidy() -> int:
    from investors import dataroom

    return dataroom.grants_expired_tidy()
