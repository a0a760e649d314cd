"""Fifty threads racing a campaign's deadline and a match fund's caps on real PostgreSQL
transactions: every pledge is either counted or refused with the closing message, the running
totals equal the rows, no fund passes a cap, and settlement runs once however often it is called.
Its own file because it commits (a transactional test flushes the database)."""

import time
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Membership
from investors import campaigns, services
from investors.models import Campaign, FundMatch, MatchFund, Pledge
from tests.concurrency import run_together
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_pledges_racing_the_deadline_and_a_funds_cap_are_counted_or_refused_and_settled_once(moderator):
    group = OrganisationFactory(name="Friends of the River Cole", kind="community_group")
    organiser = UserFactory(email="sam@example.org")
    account_services.membership_add(organisation=group, email=organiser.email, role=Membership.Role.ADMIN)
    council = OrganisationFactory(name="Council", kind="council_team")
    fund = MatchFund.objects.create(
        name="Net zero fund", slug="net-zero", organisation=council, sectors=[],
        cap_per_pledge_gbp=40, cap_per_campaign_gbp=10_000, pot_gbp=700,  # runs dry part-way
    )  # fmt: skip
    opportunity = services.opportunity_save(
        user=organiser, promoter=group, title="Orchard", summary="Trees.", sector="community",
        investment_type="crowdfunding", scale_min_gbp=1_000, scale_max_gbp=2_000, planning_status="not_needed",
        decision_time="now", geometry=Point(-1.845, 52.455, srid=4326), green_blue_space_change_m2=900,
    )  # fmt: skip
    campaign = campaigns.campaign_save(
        user=organiser,
        opportunity=opportunity,
        deadline=timezone.now() + timedelta(days=1),
        items=[{"label": "Trees", "amount_gbp": 1_000, "required": True}],
    )
    for step, by in (("submitted", organiser), ("in_review", moderator), ("published", moderator)):
        services.opportunity_move(user=by, opportunity=opportunity, to_status=step)
    people = UserFactory.create_batch(44)
    start = time.monotonic()
    deadline_in = 1.0
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() + timedelta(seconds=deadline_in))
    refused, counted, outcomes = [], [], []

    def worker(i):
        if i < 44:  # pledgers, spread from before to well after the deadline
            time.sleep(i * 0.04)
            person = people[i]
            try:
                campaigns.pledge_set(user=person, campaign=campaign, amount_gbp=20 + i)
                counted.append(i)
                if i % 5 == 0:  # some change their mind: more, then withdraw (or are refused trying)
                    campaigns.pledge_set(user=person, campaign=campaign, amount_gbp=60 + i)
                if i % 11 == 0:
                    campaigns.pledge_set(user=person, campaign=campaign, amount_gbp=None)
            except ValidationError as exc:
                assert "The campaign closed at" in exc.messages[0], exc.messages
                refused.append(i)
        else:  # six settlers calling as the deadline passes, each more than once
            while time.monotonic() - start < deadline_in - 0.05:
                time.sleep(0.005)
            for _ in range(40):
                outcomes.append(campaigns.settle(campaign_pk=campaign.pk))
                outcomes.append(campaigns.campaigns_settle_due())
                time.sleep(0.01)

    errors = run_together(worker, threads=50)
    assert errors == []
    campaign.refresh_from_db()
    fund.refresh_from_db()
    assert campaign.settled_at is not None
    assert counted and refused, (counted, refused)  # the race was real: some in, some out
    # Settled once: one call returned the outcome, every other returned nothing.
    assert [o for o in outcomes if o not in (None, 0)] in ([campaign.outcome], [1])
    assert len([o for o in outcomes if o not in (None, 0)]) == 1
    # Totals equal the rows; nothing was counted after settlement.
    check = campaigns.totals_check(campaign)
    assert check["pledged_gbp"] == check["pledged_rows"] and check["pledge_count"] == check["pledge_rows"]
    assert check["matched_gbp"] == check["matched_rows"]
    assert not Pledge.objects.filter(campaign=campaign, updated_at__gt=campaign.settled_at).exists()
    assert set(Pledge.objects.filter(campaign=campaign).values_list("user_id", flat=True)) <= {
        people[i].pk for i in counted
    }
    # The fund: never over its pot or its per-pledge cap; its totals equal its matches.
    assert fund.committed_gbp <= fund.pot_gbp
    held = FundMatch.objects.filter(fund=fund).exclude(state="released")
    assert fund.committed_gbp == (held.aggregate(t=Sum("amount_gbp"))["t"] or 0)
    assert not held.filter(amount_gbp__gt=fund.cap_per_pledge_gbp).exists()
    paid = held.filter(state="paid").aggregate(t=Sum("amount_gbp"))["t"] or 0
    assert fund.paid_gbp == paid
    assert (campaign.outcome == "funded") == (campaign.pledged_gbp + campaign.matched_gbp >= 1_000)
    if campaign.outcome != "funded":
        assert fund.committed_gbp == 0 and not held.exists()
    # Settling again changes nothing.
    snapshot = (campaign.outcome, campaign.settled_at, campaign.pledged_gbp, campaign.matched_gbp, fund.committed_gbp)
    assert campaigns.settle(campaign_pk=campaign.pk) is None
    campaign.refresh_from_db()
    fund.refresh_from_db()
    assert snapshot == (
        campaign.outcome, campaign.settled_at, campaign.pledged_gbp, campaign.matched_gbp, fund.committed_gbp
    )  # fmt: skip
