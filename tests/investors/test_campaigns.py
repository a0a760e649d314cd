"""Community crowdfunding: a group's idea becomes a campaign, pledges change until the deadline,
match funds add to pledges within their criteria and caps, and settlement is all or nothing, once."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Membership
from engagement.models import Notification
from investors import campaigns, services
from investors.models import Campaign, FundMatch, MatchFund, Opportunity, Pledge
from tests.factories import OrganisationFactory, UserFactory

ITEMS = [
    {"label": "Fruit trees", "amount_gbp": 3_000, "required": True},
    {"label": "Tool shed", "amount_gbp": 2_000, "required": True},
    {"label": "Benches", "amount_gbp": 1_000, "required": False},
]


@pytest.fixture
def group(db):
    return OrganisationFactory(name="Friends of the River Cole", kind="community_group")


@pytest.fixture
def organiser(group):
    user = UserFactory(email="sam@example.org", display_name="Sam")
    account_services.membership_add(organisation=group, email=user.email, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Council", kind="council_team")


@pytest.fixture
def make_campaign(areas, group, organiser, moderator, django_capture_on_commit_callbacks):  # noqa: F811
    def make(*, items=ITEMS, deadline=None, publish=True, sector="community"):
        with django_capture_on_commit_callbacks(execute=True):
            opportunity = services.opportunity_save(
                user=organiser, promoter=group, title=f"Orchard {Opportunity.objects.count()}", summary="Trees.",
                sector=sector, investment_type="crowdfunding", scale_min_gbp=5_000, scale_max_gbp=6_000,
                planning_status="not_needed", decision_time="now", geometry=Point(-1.845, 52.455, srid=4326),
                green_blue_space_change_m2=1_500,
            )  # fmt: skip
            campaign = campaigns.campaign_save(
                user=organiser,
                opportunity=opportunity,
                deadline=deadline or timezone.now() + timedelta(days=14),
                items=items,
            )
            if publish:
                services.opportunity_move(user=organiser, opportunity=opportunity, to_status="submitted")
                services.opportunity_move(user=moderator, opportunity=opportunity, to_status="in_review")
                services.opportunity_move(user=moderator, opportunity=opportunity, to_status="published")
        campaign.refresh_from_db()
        return campaign

    return make


@pytest.fixture
def fund(council):
    return MatchFund.objects.create(
        name="Net zero fund", slug="net-zero", organisation=council, sectors=["community"],
        cap_per_pledge_gbp=100, cap_per_campaign_gbp=300, pot_gbp=1_000,
    )  # fmt: skip


def _pledge(campaign, amount, user=None):
    return campaigns.pledge_set(user=user or UserFactory(), campaign=campaign, amount_gbp=amount)


def _due(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timedelta(seconds=1))


# --- Setting up --------------------------------------------------------------------------------------
def test_the_target_is_the_required_items_and_optional_ones_are_the_stretch(make_campaign):
    campaign = make_campaign()
    assert (campaign.target_gbp, campaign.stretch_gbp) == (5_000, 6_000)
    assert [i.label for i in campaign.cost_items.all()] == ["Fruit trees", "Tool shed", "Benches"]


@pytest.mark.parametrize(
    "items, deadline, message",
    [
        ([], timedelta(days=3), "Add at least one cost item."),
        (
            [{"label": "Trees", "amount_gbp": 10, "required": False}],
            timedelta(days=3),
            "at least one cost item as required",
        ),
        ([{"label": "Trees", "amount_gbp": 0, "required": True}], timedelta(days=3), "needs a cost between"),
        ([{"label": "", "amount_gbp": 10, "required": True}], timedelta(days=3), "needs a name"),
        (ITEMS, timedelta(minutes=5), "at least an hour from now"),
        (ITEMS, timedelta(days=400), "at most 180 days"),
    ],
)
def test_a_bad_campaign_is_refused_with_a_message(items, deadline, message, make_campaign, group, organiser, areas):  # noqa: F811
    opportunity = services.opportunity_save(
        user=organiser, promoter=group, title="Orchard", summary="Trees.", sector="community",
        investment_type="crowdfunding", scale_min_gbp=1, scale_max_gbp=2, planning_status="not_needed",
        decision_time="now", geometry=Point(-1.845, 52.455, srid=4326),
    )  # fmt: skip
    with pytest.raises(ValidationError, match=message):
        campaigns.campaign_save(
            user=organiser, opportunity=opportunity, deadline=timezone.now() + deadline, items=items
        )
    assert not Campaign.objects.exists()


def test_only_community_groups_run_campaigns_and_only_their_members(make_opportunity, promoter, organiser):
    business = make_opportunity(status="draft")
    with pytest.raises(ValidationError, match="community groups"):
        campaigns.campaign_save(
            user=promoter, opportunity=business, deadline=timezone.now() + timedelta(days=3), items=ITEMS
        )
    with pytest.raises(PermissionDenied):
        campaigns.campaign_save(
            user=organiser, opportunity=business, deadline=timezone.now() + timedelta(days=3), items=ITEMS
        )


def test_a_group_turns_its_idea_into_a_campaign(group, organiser, resident, client_for, areas):  # noqa: F811
    from proposals.models import Idea

    idea = Idea.objects.create(
        title="Orchard on the bowling green", description="Fruit trees for everyone.", theme="green_space",
        location=Point(-1.845, 52.455, srid=4326), author=organiser, organisation=group,
    )  # fmt: skip
    assert (
        "Turn this idea into a crowdfunding campaign"
        in client_for(organiser).get(f"/ideas/{idea.pk}/").content.decode()
    )
    assert "Turn this idea" not in client_for(resident).get(f"/ideas/{idea.pk}/").content.decode()
    page = client_for(organiser).get(f"/invest/new/?idea={idea.pk}").content.decode()
    assert 'value="Orchard on the bowling green"' in page
    assert client_for(resident).get(f"/invest/new/?idea={idea.pk}").status_code in (302, 403)
    assert client_for(organiser).get("/invest/new/?idea=99999999999999999999999").status_code == 400


# --- Pledges and matching ------------------------------------------------------------------------------------
def test_pledges_change_and_withdraw_until_the_deadline_with_totals_equal_to_rows(make_campaign, resident):
    campaign = make_campaign()
    _pledge(campaign, 50, resident)
    _pledge(campaign, 80, resident)  # changed
    _pledge(campaign, 20)
    campaign.refresh_from_db()
    check = campaigns.totals_check(campaign)
    assert (check["pledged_gbp"], check["pledged_rows"], check["pledge_count"], check["pledge_rows"]) == (
        100,
        100,
        2,
        2,
    )
    campaigns.pledge_set(user=resident, campaign=campaign, amount_gbp=None)
    campaign.refresh_from_db()
    assert (campaign.pledged_gbp, campaign.pledge_count) == (20, 1)
    with pytest.raises(ValidationError, match="no pledge to withdraw"):
        campaigns.pledge_set(user=resident, campaign=campaign, amount_gbp=None)


def test_a_fund_matches_within_its_caps_and_says_when_it_has_run_dry(make_campaign, fund):
    fund.pot_gbp = 800
    fund.save()
    first, second = make_campaign(), make_campaign()
    _, notes = _pledge(first, 150)
    assert notes == ["Net zero fund adds £100 to your pledge."]  # capped per pledge
    _pledge(first, 100)
    _pledge(first, 100)  # per-campaign cap: 300
    first.refresh_from_db()
    assert first.matched_gbp == 300 and first.raised_gbp == 650
    for _ in range(7):
        _pledge(second, 100)
    fund.refresh_from_db()
    assert (fund.committed_gbp, fund.remaining_gbp) == (600, 200)  # 300 + 300: the second is capped too
    third = make_campaign()
    for _ in range(2):
        _pledge(third, 100)
    fund.refresh_from_db()
    assert fund.committed_gbp == 800 and fund.remaining_gbp == 0
    _, notes = _pledge(third, 100)
    assert notes == ["Net zero fund cannot add to your pledge: it has reached its limit."]
    status = campaigns.fund_status(third)[0]
    assert status["dry"] and "run out of money" in status["state"]
    third.refresh_from_db()
    assert third.matched_gbp == 200 and campaigns.totals_check(third)["matched_rows"] == 200


def test_a_withdrawn_or_smaller_pledge_gives_the_fund_its_money_back(make_campaign, fund, resident):
    campaign = make_campaign()
    _pledge(campaign, 100, resident)
    _pledge(campaign, 30, resident)
    fund.refresh_from_db()
    assert fund.committed_gbp == 30
    campaigns.pledge_set(user=resident, campaign=campaign, amount_gbp=None)
    fund.refresh_from_db()
    campaign.refresh_from_db()
    assert (fund.committed_gbp, campaign.matched_gbp) == (0, 0)


@pytest.mark.parametrize("criterion", ["sector", "area", "score", "inactive"])
def test_a_fund_matches_only_campaigns_meeting_its_criteria(criterion, make_campaign, fund, areas):  # noqa: F811
    from places.models import Area

    campaign = make_campaign()
    if criterion == "sector":
        fund.sectors = ["energy"]
    elif criterion == "area":
        elsewhere = Area.objects.exclude(pk__in=campaign.opportunity.areas.all()).first()
        fund.save()
        fund.areas.set([elsewhere])
    elif criterion == "score":
        fund.min_impact_score = (campaign.opportunity.impact_score or 0) + 50
    else:
        fund.active = False
    fund.save()
    _, notes = _pledge(campaign, 50)
    assert notes == []
    campaign.refresh_from_db()
    assert campaign.matched_gbp == 0


def test_pledges_open_only_once_the_opportunity_is_published(make_campaign):
    campaign = make_campaign(publish=False)
    with pytest.raises(ValidationError, match="not taking pledges"):
        _pledge(campaign, 10)


def test_a_pledge_after_the_deadline_is_refused_with_a_message_and_nothing_is_saved(
    make_campaign, resident, client_for
):
    campaign = make_campaign()
    _due(campaign)
    response = client_for(resident).post(f"/invest/{campaign.opportunity.slug}/campaign/", {"amount_gbp": "25"})
    assert response.status_code == 400
    assert "The campaign closed at" in response.content.decode()
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "100001", "ten", "1e3", ""])
def test_a_bad_amount_is_answered_by_the_form(amount, make_campaign, resident, client_for):
    campaign = make_campaign()
    response = client_for(resident).post(f"/invest/{campaign.opportunity.slug}/campaign/", {"amount_gbp": amount})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert not Pledge.objects.exists()


# --- Settlement -------------------------------------------------------------------------------------------------
def test_a_funded_campaign_pays_its_matches_and_tells_everyone_once(
    make_campaign, fund, resident, organiser, django_capture_on_commit_callbacks
):
    campaign = make_campaign(items=[{"label": "Trees", "amount_gbp": 400, "required": True}])
    _pledge(campaign, 100, resident)
    _pledge(campaign, 200)
    _due(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.campaigns_settle_due() == 1
    campaign.refresh_from_db()
    fund.refresh_from_db()
    assert campaign.outcome == "funded" and campaign.raised_gbp == 500
    assert (fund.committed_gbp, fund.paid_gbp) == (200, 200)
    assert set(FundMatch.objects.values_list("state", flat=True)) == {"paid"}
    told = Notification.objects.filter(kind="campaign")
    assert told.filter(recipient=resident, title__contains="reached its target").count() == 1
    assert told.filter(recipient=organiser).count() == 1
    before = (told.count(), campaign.settled_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.campaigns_settle_due() == 0
        assert campaigns.settle(campaign_pk=campaign.pk) is None
    campaign.refresh_from_db()
    assert (told.count(), campaign.settled_at) == before


def test_a_campaign_short_of_its_target_releases_its_matches_and_nobody_pays(
    make_campaign, fund, resident, django_capture_on_commit_callbacks
):
    campaign = make_campaign()
    _pledge(campaign, 100, resident)
    _due(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.settle(campaign_pk=campaign.pk) == "not_funded"
    campaign.refresh_from_db()
    fund.refresh_from_db()
    assert (campaign.matched_gbp, fund.committed_gbp, fund.paid_gbp) == (0, 0, 0)
    assert Notification.objects.get(recipient=resident, kind="campaign").title.endswith("did not reach its target")


def test_a_campaign_is_not_settled_before_its_deadline(make_campaign):
    campaign = make_campaign()
    assert campaigns.settle(campaign_pk=campaign.pk) is None
    campaign.refresh_from_db()
    assert campaign.settled_at is None


def test_pledges_appear_in_download_my_data_and_erasure_withdraws_open_ones(make_campaign, fund, resident):
    from accounts.services import account_erase, user_data_export

    campaign = make_campaign()
    _pledge(campaign, 60, resident)
    assert user_data_export(user=resident)["sections"]["investors_pledges"]["pledges"][0]["amount_gbp"] == 60
    account_erase(user=resident)
    campaign.refresh_from_db()
    fund.refresh_from_db()
    assert (campaign.pledged_gbp, campaign.matched_gbp, fund.committed_gbp) == (0, 0, 0)
    assert Pledge.objects.get().user is None
