"""Community-led crowdfunding: a community group's opportunity raises pledges (promises, no card
payments) towards cost items, all or nothing, with match funds adding to pledges up to caps.

Concurrency: every write to a campaign's pledges or matches first locks the campaign row, then
the funds it touches in id order, and updates the running totals in the same transaction as the
rows they sum, so totals always equal the rows and no fund passes its caps. Settlement takes the
same campaign lock and runs once (`settled_at`); a pledge that arrives as the deadline passes is
either in before the lock is released (and counted) or refused with a message."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from engagement import registry
from engagement.models import Notification
from engagement.notifications import notify_in_their_language
from investors import permissions
from investors.models import Campaign, CostItem, FundMatch, MatchFund, Opportunity, Pledge
from investors.models.campaigns import MAX_PLEDGE_GBP

MAX_ITEMS = 20
MAX_ITEM_GBP = 10_000_000
IDEA_LABEL = "proposals.idea"  # ideas are turned into campaigns through engagement's registry


# --- Setting a campaign up ------------------------------------------------------------------------
def idea_for_campaign(*, user, idea_id: int):
    """The idea a group member may turn into a campaign, through the registry (investors does not
    import proposals); PermissionDenied when it is not their group's."""
    try:
        idea = registry.resolve_target(IDEA_LABEL, idea_id)
    except registry.NotEngageable as exc:
        raise PermissionDenied(_("That idea does not exist.")) from exc
    if getattr(idea, "hidden_at", None) is not None or not idea.organisation_id:
        raise PermissionDenied(_("Only an idea submitted by a community group can become a campaign."))
    if idea.organisation_id not in permissions.promoter_org_ids(user):
        raise PermissionDenied(_("Only members of the group that submitted the idea can turn it into a campaign."))
    return idea


def campaign_save(*, user, opportunity: Opportunity, deadline, items: list[dict], source=None) -> Campaign:
    """Create or change a campaign while its opportunity can still be edited (draft or changes
    requested). `items`: [{"label", "amount_gbp", "required"}]; the target is the required items,
    optional items are the stretch."""
    permissions.check_edit(user, opportunity)
    org = opportunity.promoter
    if org.kind != Organisation.Kind.COMMUNITY_GROUP:
        raise ValidationError(_("Crowdfunding campaigns are for community groups' opportunities."))
    errors = {}
    if deadline is None:
        errors["deadline"] = _("Enter the deadline.")
    elif deadline <= timezone.now() + timezone.timedelta(hours=1):
        errors["deadline"] = _("The deadline must be at least an hour from now.")
    elif deadline > timezone.now() + timezone.timedelta(days=180):
        errors["deadline"] = _("A campaign can run for at most 180 days.")
    items = [i for i in items if (i.get("label") or "").strip() or i.get("amount_gbp")]
    if not items:
        errors["items"] = _("Add at least one cost item.")
    elif len(items) > MAX_ITEMS:
        errors["items"] = _("A campaign has at most %(n)s cost items.") % {"n": MAX_ITEMS}
    else:
        for n, item in enumerate(items, start=1):
            label, amount = (item.get("label") or "").strip(), item.get("amount_gbp")
            if not label or len(label) > 160:
                errors["items"] = _("Cost item %(n)s needs a name of up to 160 characters.") % {"n": n}
                break
            if not isinstance(amount, int) or not 1 <= amount <= MAX_ITEM_GBP:
                errors["items"] = _("Cost item %(n)s needs a cost between £1 and £10,000,000.") % {"n": n}
                break
        else:
            if not any(item.get("required") for item in items):
                errors["items"] = _("Mark at least one cost item as required: they make the target.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(opportunity=opportunity).first()
        if campaign is not None and campaign.pledge_count:
            raise ValidationError(_("People have pledged already: the campaign can no longer change."))
        if campaign is None:
            campaign = Campaign(opportunity=opportunity, created_by=user)
            if source is not None:
                campaign.source_type = ContentType.objects.get_for_model(source)
                campaign.source_id = source.pk
        campaign.deadline = deadline
        campaign.target_gbp = sum(i["amount_gbp"] for i in items if i.get("required"))
        campaign.stretch_gbp = sum(i["amount_gbp"] for i in items)
        campaign.save()
        campaign.cost_items.all().delete()
        CostItem.objects.bulk_create(
            CostItem(
                campaign=campaign,
                label=i["label"].strip(),
                amount_gbp=i["amount_gbp"],
                required=bool(i.get("required")),
                position=n,
            )
            for n, i in enumerate(items)
        )
    return campaign


# --- Funds ------------------------------------------------------------------------------------------
def fund_matches(fund: MatchFund, campaign: Campaign, area_ids: set[int]) -> bool:
    """Does the fund's criteria (category, area, minimum impact score) admit this campaign?"""
    opportunity = campaign.opportunity
    if not fund.active:
        return False
    if fund.sectors and opportunity.sector not in fund.sectors:
        return False
    fund_areas = {a.pk for a in fund.areas.all()}
    if fund_areas and not fund_areas & area_ids:
        return False
    if fund.min_impact_score is not None and (
        opportunity.impact_score is None or opportunity.impact_score < fund.min_impact_score
    ):
        return False
    return True


def funds_for(campaign: Campaign) -> list[MatchFund]:
    area_ids = set(campaign.opportunity.areas.values_list("pk", flat=True))
    return [
        f for f in MatchFund.objects.prefetch_related("areas").order_by("pk") if fund_matches(f, campaign, area_ids)
    ]


def fund_status(campaign: Campaign) -> list[dict]:
    """Each matching fund, what it has added to this campaign and whether it still matches (a fund
    that has run dry, or reached its limit for this campaign, says so)."""
    by_fund = dict(
        FundMatch.objects.filter(campaign=campaign)
        .exclude(state=FundMatch.State.RELEASED)
        .values("fund")
        .annotate(total=Sum("amount_gbp"))
        .values_list("fund", "total")
    )
    rows = []
    for fund in funds_for(campaign):
        here = by_fund.get(fund.pk, 0)
        if fund.remaining_gbp <= 0:
            state = _("%(fund)s has run out of money and matches no more pledges.") % {"fund": fund.name}
        elif here >= fund.cap_per_campaign_gbp:
            state = _("%(fund)s has reached its £%(cap)s limit for this campaign.") % {
                "fund": fund.name, "cap": f"{fund.cap_per_campaign_gbp:,}"}  # fmt: skip
        else:
            state = _("%(fund)s adds £1 for every £1 pledged, up to £%(cap)s a pledge.") % {
                "fund": fund.name, "cap": f"{fund.cap_per_pledge_gbp:,}"}  # fmt: skip
        rows.append({"fund": fund, "matched_gbp": here, "state": state, "dry": fund.remaining_gbp <= 0})
    return rows


def _rematch(campaign: Campaign, pledge: Pledge, amount: int) -> list[str]:
    """Reset what every fund adds to this pledge for its new amount (0: withdrawn). Caller holds
    the campaign lock; funds are locked here in id order."""
    notes = []
    existing = {m.fund_id: m for m in FundMatch.objects.filter(pledge=pledge).exclude(state=FundMatch.State.RELEASED)}
    eligible = {f.pk for f in funds_for(campaign)} if amount else set()
    fund_ids = sorted(set(existing) | eligible)
    funds = {f.pk: f for f in MatchFund.objects.select_for_update().filter(pk__in=fund_ids).order_by("pk")}
    for fund_id in fund_ids:
        fund = funds[fund_id]
        match = existing.get(fund_id)
        if match is not None:  # give back what it held, then work out the new figure
            fund.committed_gbp -= match.amount_gbp
            campaign.matched_gbp -= match.amount_gbp
        new = 0
        if fund_id in eligible:
            elsewhere = (
                FundMatch.objects.filter(fund=fund, campaign=campaign, state=FundMatch.State.RESERVED)
                .exclude(pledge=pledge)
                .aggregate(total=Sum("amount_gbp"))["total"]
                or 0
            )
            new = max(
                0, min(amount, fund.cap_per_pledge_gbp, fund.cap_per_campaign_gbp - elsewhere, fund.remaining_gbp)
            )
            if new:
                notes.append(_("%(fund)s adds £%(n)s to your pledge.") % {"fund": fund.name, "n": f"{new:,}"})
            else:
                notes.append(_("%(fund)s cannot add to your pledge: it has reached its limit.") % {"fund": fund.name})
        fund.committed_gbp += new
        campaign.matched_gbp += new
        fund.save(update_fields=["committed_gbp"])
        FundMatch.objects.update_or_create(
            fund=fund,
            pledge=pledge,
            defaults={
                "campaign": campaign,
                "amount_gbp": new,
                "state": FundMatch.State.RESERVED if new else FundMatch.State.RELEASED,
                "updated_at": timezone.now(),
            },
        )
    return notes


def _closed_message(campaign: Campaign) -> str:
    when = formats.date_format(timezone.localtime(campaign.deadline), "j F Y H:i")
    return _("The campaign closed at %(when)s. Your pledge was not recorded.") % {"when": when}


def pledge_set(*, user, campaign: Campaign, amount_gbp: int | None) -> tuple[Pledge | None, list[str]]:
    """Pledge, change a pledge, or (amount None or 0) withdraw it, until the deadline. Returns the
    pledge and what the funds did with it."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to pledge."))
    if amount_gbp and not 1 <= amount_gbp <= MAX_PLEDGE_GBP:
        raise ValidationError({"amount_gbp": _("Pledge between £1 and £100,000.")})
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("opportunity").get(pk=campaign.pk)
        if not campaign.is_open():
            raise ValidationError(_closed_message(campaign))
        if campaign.opportunity.status != Opportunity.Status.PUBLISHED:
            raise ValidationError(_("This campaign is not taking pledges."))
        pledge = Pledge.objects.filter(campaign=campaign, user=user).first()
        old = pledge.amount_gbp if pledge is not None and pledge.live else 0
        now = timezone.now()
        if not amount_gbp:
            if not old:
                raise ValidationError(_("You have no pledge to withdraw."))
            pledge.withdrawn_at = now
            pledge.updated_at = now
            pledge.save(update_fields=["withdrawn_at", "updated_at"])
            campaign.pledged_gbp -= old
            campaign.pledge_count -= 1
        else:
            if pledge is None:
                pledge = Pledge.objects.create(
                    campaign=campaign, user=user, amount_gbp=amount_gbp, created_at=now, updated_at=now
                )
            else:
                pledge.amount_gbp, pledge.withdrawn_at, pledge.updated_at = amount_gbp, None, now
                pledge.save(update_fields=["amount_gbp", "withdrawn_at", "updated_at"])
            campaign.pledged_gbp += amount_gbp - old
            campaign.pledge_count += 0 if old else 1
        notes = _rematch(campaign, pledge, amount_gbp or 0)
        campaign.save(update_fields=["pledged_gbp", "matched_gbp", "pledge_count"])
    return (pledge if amount_gbp else None), notes


# --- Settlement -------------------------------------------------------------------------------------
def settle(*, campaign_pk: int) -> str | None:
    """Settle one campaign whose deadline has passed, exactly once: funded (matches paid) or not
    (matches released). Returns the outcome, or None if it is not due; a second run changes
    nothing."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("opportunity").get(pk=campaign_pk)
        if campaign.settled_at is not None or timezone.now() < campaign.deadline:
            return None
        funded = campaign.target_gbp > 0 and campaign.raised_gbp >= campaign.target_gbp
        matches = list(FundMatch.objects.filter(campaign=campaign, state=FundMatch.State.RESERVED))
        funds = {
            f.pk: f
            for f in MatchFund.objects.select_for_update().filter(pk__in={m.fund_id for m in matches}).order_by("pk")
        }
        for match in matches:
            fund = funds[match.fund_id]
            if funded:
                fund.paid_gbp += match.amount_gbp
                match.state = FundMatch.State.PAID
            else:
                fund.committed_gbp -= match.amount_gbp
                campaign.matched_gbp -= match.amount_gbp
                match.state = FundMatch.State.RELEASED
            match.updated_at = timezone.now()
        FundMatch.objects.bulk_update(matches, ["state", "updated_at"])
        for fund in funds.values():
            fund.save(update_fields=["committed_gbp", "paid_gbp"])
        campaign.outcome = Campaign.Outcome.FUNDED if funded else Campaign.Outcome.NOT_FUNDED
        campaign.settled_at = timezone.now()
        campaign.save(update_fields=["outcome", "settled_at", "matched_gbp"])
        transaction.on_commit(lambda: _tell_everyone(campaign))
    return campaign.outcome


def _tell_everyone(campaign: Campaign) -> None:
    """Everyone who pledged, and the group, hears the outcome in their own language."""
    opportunity = campaign.opportunity
    people = set(
        Pledge.objects.filter(campaign=campaign, withdrawn_at__isnull=True, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    people |= set(Membership.objects.filter(organisation_id=opportunity.promoter_id).values_list("user_id", flat=True))
    funded = campaign.outcome == Campaign.Outcome.FUNDED
    raised, target = f"{campaign.raised_gbp:,}", f"{campaign.target_gbp:,}"
    notify_in_their_language(
        recipients=list(User.objects.filter(pk__in=people, is_active=True)),
        kind=Notification.Kind.CAMPAIGN,
        words=lambda: (
            (_("“%(title)s” reached its target") if funded else _("“%(title)s” did not reach its target"))
            % {"title": opportunity.title},
            (
                _("£%(raised)s was pledged and matched against a target of £%(target)s. Pledges will be collected.")
                if funded
                else _("£%(raised)s was pledged and matched against a target of £%(target)s. Nobody pays anything.")
            )
            % {"raised": raised, "target": target},
        ),
        url=campaign.get_absolute_url(),
        item=opportunity,
    )


def campaigns_settle_due() -> int:
    """Settle every campaign past its deadline (Celery beat, every minute). Safe to run twice or
    concurrently: each settlement takes the campaign's lock and runs once."""
    due = Campaign.objects.filter(settled_at__isnull=True, deadline__lte=timezone.now()).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if settle(campaign_pk=pk) is not None)


# --- Reads --------------------------------------------------------------------------------------------
def pledge_of(user, campaign: Campaign) -> Pledge | None:
    if not user.is_authenticated:
        return None
    return Pledge.objects.filter(campaign=campaign, user=user, withdrawn_at__isnull=True).first()


def totals_check(campaign: Campaign) -> dict:
    """The running totals beside the sums of the rows (the concurrency test and the bench)."""
    live = Pledge.objects.filter(campaign=campaign, withdrawn_at__isnull=True)
    held = FundMatch.objects.filter(campaign=campaign).exclude(state=FundMatch.State.RELEASED)
    return {
        "pledged_gbp": campaign.pledged_gbp,
        "pledged_rows": live.aggregate(t=Sum("amount_gbp"))["t"] or 0,
        "pledge_count": campaign.pledge_count,
        "pledge_rows": live.count(),
        "matched_gbp": campaign.matched_gbp,
        "matched_rows": held.aggregate(t=Sum("amount_gbp"))["t"] or 0,
    }


def user_data_export(*, user) -> dict:
    return {
        "pledges": [
            {
                "campaign": p.campaign.opportunity.title,
                "amount_gbp": p.amount_gbp,
                "pledged_at": p.created_at.isoformat(),
                "withdrawn_at": p.withdrawn_at.isoformat() if p.withdrawn_at else None,
            }
            for p in Pledge.objects.filter(user=user).select_related("campaign__opportunity")
        ]  # fmt: skip
    }


def user_erase(*, user) -> None:
    """Erasure: a promise from an account that no longer exists cannot be kept, so pledges to
    campaigns still open are withdrawn (their matches released); settled ones stay, unlinked."""
    for pledge in Pledge.objects.filter(user=user, withdrawn_at__isnull=True, campaign__settled_at__isnull=True):
        try:
            pledge_set(user=user, campaign=pledge.campaign, amount_gbp=None)
        except ValidationError:  # closed as we spoke: settlement takes it from here
            pass
