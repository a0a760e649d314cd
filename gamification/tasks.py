"""Celery entry points for street reports; each calls gamification/services.py."""

from celery import shared_task

from gamification import leaderboards, services


@shared_task
def send_questionnaires() -> int:
    """Daily: "was it fixed?" to reporters four weeks after their report was fixed or closed."""
    return services.questionnaires_send()


@shared_task
def crown_champions() -> int:
    """Monthly, on the 1st: each ward's neighbourhood champion of the month before."""
    return len(leaderboards.champions_crown())
