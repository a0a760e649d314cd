"""Celery entry points for notifications; each calls a service in engagement/notifications.py."""

from celery import shared_task

from engagement import notifications


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_immediate(notification_ids: list[int]) -> int:
    return notifications.send_immediate(notification_ids)


@shared_task
def send_daily_digests() -> int:
    return notifications.send_daily_digests()
