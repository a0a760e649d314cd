"""Racing awards on real PostgreSQL transactions: fifty threads, two per person, paying by one
rule for one object at once – each person is paid exactly once and every running total equals
the ledger. Its own file because it commits (transaction=True flushes the database)."""

import pytest

from gamification import points
from gamification.models import LedgerEntry
from tests.concurrency import run_together
from tests.engagement_testapp.models import Thing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_concurrent_awards_pay_each_person_once():
    points.rules_ensure()  # a transactional test starts from an emptied database
    thing = Thing.objects.create(title="A report everyone confirms")
    people = UserFactory.create_batch(25)
    errors = run_together(
        lambda i: points.award(person=people[i % 25], rule_code="report_confirmed", obj=thing), threads=50
    )
    assert errors == []
    assert LedgerEntry.objects.count() == 25
    for person in people:
        assert points.total_for(person=person) == 2 == points.recomputed_total(person=person)
