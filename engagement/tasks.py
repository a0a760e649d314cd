"""Celery entry points for notification emails; each calls engagement/emails.py."""

from celery import shared_task

from engagement import emails


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_immediate(notification_ids: list[int]) -> int:
    return emails.email_notifications(notification_ids=notification_ids)


@shared_task
def send_daily_digests() -> int:
    return emails.email_daily_digests()
