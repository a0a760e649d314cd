"""Racing votes: fifty threads casting and changing votes on real PostgreSQL transactions never
lose or double one. Its own file because it commits (a transactional test flushes the database,
so pytest-xdist must not run it in the middle of another file's tests)."""

import pytest

from engagement import services
from engagement.models import Consultation, StanceVote
from tests.concurrency import run_together
from tests.engagement_testapp.models import Thing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _consultation():
    thing = Thing.objects.create(title="Proposal")
    return Consultation.objects.create(target=thing, title="Have your say", stage="open")


def test_fifty_threads_casting_and_changing_votes_never_lose_or_double_one():
    consultation = _consultation()
    people = UserFactory.create_batch(25)
    stances = ["support", "neutral", "oppose", None]

    def worker(i):
        person = people[i % 25]  # two threads per person: they race on the same vote
        for round_ in range(6):
            services.vote_cast(consultation=consultation, user=person, stance=stances[(i + round_) % 4])

    errors = run_together(worker, threads=50)
    assert errors == []
    consultation.refresh_from_db()
    rows = {s: StanceVote.objects.filter(consultation=consultation, stance=s).count() for s in stances[:3]}
    assert (consultation.support_count, consultation.neutral_count, consultation.oppose_count) == (
        rows["support"],
        rows["neutral"],
        rows["oppose"],
    )
    assert StanceVote.objects.filter(consultation=consultation).values("user").distinct().count() == sum(rows.values())
    assert sum(rows.values()) <= 25
