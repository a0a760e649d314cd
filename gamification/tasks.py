"""Celery entry points for street reports and rewards; each calls a service."""

from celery import shared_task

from gamification import leaderboards, services
from gamification.open311 import client


@shared_task
def send_questionnaires() -> int:
    """Daily: "was it fixed?" to reporters four weeks after their report was fixed or closed."""
    return services.questionnaires_send()


@shared_task
def crown_champions() -> int:
    """Monthly, on the 1st: each ward's neighbourhood champion of the month before."""
    return len(leaderboards.champions_crown())


@shared_task
def send_report(report_id: int) -> str:
    """A new report in a routed category: one attempt to send it to the council's Open311 endpoint
    (a failure waits its back-off, then send_due_reports tries again)."""
    return client.send_once(report_id=report_id)


@shared_task
def send_due_reports() -> int:
    """Every minute: reports waiting to be sent, or due for another try after a failure."""
    return client.send_due()


@shared_task
def pull_open311_updates() -> int:
    """Every ten minutes: status updates from the councils' Open311 endpoints."""
    return client.pull_all()
