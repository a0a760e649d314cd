"""Every write in the investors app: profiles and tiers, opportunities and their workflow, the
additionality factors. One function per use case, keyword-only arguments."""

from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point, Polygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from engagement import notifications
from investors import permissions, selectors, tasks
from investors.models import (
    AdditionalityFactors,
    InvestorProfile,
    Opportunity,
    OpportunityAlert,
    OpportunityTransition,
    SavedComparison,
)
from params import UNSET, Unset, given
from places import selectors as place_selectors
from places.models import Area
from twin.models import ScoreRun
from twin.tasks import rescore_task

LABEL = "investors.opportunity"
S = Opportunity.Status
EDIT_FIELDS = (
    "title",
    "summary",
    "sector",
    "sub_sector",
    "investment_type",
    "scale_min_gbp",
    "scale_max_gbp",
    "planning_status",
    "decision_time",
    "timeline",
    "geometry",
    *Opportunity.EFFECT_FIELDS,
)


def score_refresh(*, pks: list[int] | None) -> None:
    """Re-score in Celery once this transaction commits (None: every opportunity)."""
    transaction.on_commit(lambda: rescore_task.delay(LABEL, pks))


def _check_geometry(geometry) -> GEOSGeometry:
    if not isinstance(geometry, Point | Polygon | MultiPolygon) or geometry.empty or not geometry.valid:
        raise ValidationError({"geometry": _("Give a valid point or site boundary.")})
    if geometry.srid is None:
        geometry.srid = 4326
    district = place_selectors.deployment_district_geometry()
    if district is not None and not district.intersects(geometry):
        raise ValidationError({"geometry": _("The site must be inside the district.")})
    return geometry


@transaction.atomic
def opportunity_save(
    *,
    user,
    opportunity: Opportunity | None = None,
    promoter: Organisation | Unset = UNSET,
    **values,
) -> Opportunity:
    """Create a draft for an organisation the person belongs to, or change a draft or an
    opportunity whose changes were requested. Its areas are computed from its site, and it is
    re-scored when it is new or its effects or site change."""
    unknown = set(values) - set(EDIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    created = opportunity is None
    if created:
        if promoter is UNSET or promoter is None:
            raise ValidationError({"promoter": _("Choose the organisation promoting this opportunity.")})
        if not permissions.may_promote_for(user, promoter):
            raise ValidationError({"promoter": _("You can list opportunities only for organisations you belong to.")})
        opportunity = Opportunity(promoter=promoter, created_by=user, status=S.DRAFT)
    else:
        # The row as it is now, locked: a stale copy must not write back an old status.
        opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        permissions.check_edit(user, opportunity)
    fields = given(**values)
    if "geometry" in fields:
        fields["geometry"] = _check_geometry(fields["geometry"])
    for name, value in fields.items():
        setattr(opportunity, name, value)
    if opportunity.scale_min_gbp is not None and opportunity.scale_max_gbp is not None:
        if opportunity.scale_max_gbp < opportunity.scale_min_gbp:
            raise ValidationError({"scale_max_gbp": _("The upper figure must not be below the lower one.")})
    if opportunity.local_hires is not None and opportunity.jobs_created is not None:
        if opportunity.local_hires > opportunity.jobs_created:
            raise ValidationError({"local_hires": _("Local hires are part of the jobs created, so cannot be more.")})
    opportunity.full_clean(exclude=["areas", "slug"])
    opportunity.save()
    if created or "geometry" in fields:
        opportunity.areas.set(
            Area.objects.filter(geometry__intersects=opportunity.geometry).values_list("pk", flat=True)
        )
    if created or set(fields) & {*Opportunity.EFFECT_FIELDS, "geometry"}:
        score_refresh(pks=[opportunity.pk])
    return opportunity


# --- Workflow ----------------------------------------------------------------------------------
MESSAGES = {
    S.SUBMITTED: _("“%(title)s” was submitted for review."),
    S.IN_REVIEW: _("A moderator is reviewing “%(title)s”."),
    S.CHANGES_REQUESTED: _("Changes were requested to “%(title)s”."),
    S.PUBLISHED: _("“%(title)s” is published."),
    S.CLOSED: _("“%(title)s” is closed."),
    S.WITHDRAWN: _("“%(title)s” was withdrawn."),
}


@transaction.atomic
def opportunity_move(*, user, opportunity: Opportunity, to_status: str, reason: str = "") -> Opportunity:
    """Move an opportunity along its workflow, logged with who and why; the promoter's members
    are told of every step (moderators' reasons included)."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if to_status not in S.values:
        raise ValidationError({"status": _("Choose a status.")})
    permissions.check_transition(user, opportunity, to_status)
    reason = (reason or "").strip()
    if to_status == S.CHANGES_REQUESTED and not reason:
        raise ValidationError({"reason": _("Say what the promoter should change.")})
    if to_status == S.SUBMITTED:
        _check_complete(opportunity)
    OpportunityTransition.objects.create(
        opportunity=opportunity, from_status=opportunity.status, to_status=to_status, by=user, reason=reason[:4000]
    )
    now = timezone.now()
    opportunity.status = to_status
    opportunity.status_changed_at = now
    update = ["status", "status_changed_at", "updated_at"]
    if to_status == S.PUBLISHED and opportunity.published_at is None:
        opportunity.published_at = now
        update.append("published_at")
    opportunity.save(update_fields=update)
    _tell_promoter(opportunity=opportunity, by=user, reason=reason)
    if to_status == S.PUBLISHED:
        pk = opportunity.pk
        transaction.on_commit(lambda: tasks.alerts_for_published.delay(pk))
    return opportunity


def _check_complete(opportunity: Opportunity) -> None:
    stated = [name for name in Opportunity.EFFECT_FIELDS if getattr(opportunity, name) is not None]
    if not stated:
        raise ValidationError(
            {"jobs_created": _("State at least one projected effect (jobs, homes, carbon…) so it can be scored.")}
        )


def _tell_promoter(*, opportunity: Opportunity, by, reason: str) -> None:
    members = [m for m in opportunity.promoter.members.all() if m.pk != getattr(by, "pk", None)]
    template = MESSAGES[opportunity.status]
    notifications.notify_in_their_language(
        recipients=members,
        kind=notifications.Kind.MODERATION,
        words=lambda: (template % {"title": opportunity.title}, reason),
        url=opportunity.get_absolute_url(),
        item=opportunity,
    )


# --- Profiles and tiers ------------------------------------------------------------------------
@transaction.atomic
def profile_save(
    *,
    user,
    organisation: Organisation,
    kind: str | Unset = UNSET,
    sectors: list | Unset = UNSET,
    investment_types: list | Unset = UNSET,
    ticket_min_gbp: int | None | Unset = UNSET,
    ticket_max_gbp: int | None | Unset = UNSET,
    areas: list | Unset = UNSET,
) -> InvestorProfile:
    if not permissions.may_promote_for(user, organisation):
        raise ValidationError(_("You can change the profile only of an organisation you belong to."))
    profile, _created = InvestorProfile.objects.get_or_create(organisation=organisation)
    fields = given(
        kind=kind,
        sectors=sectors,
        investment_types=investment_types,
        ticket_min_gbp=ticket_min_gbp,
        ticket_max_gbp=ticket_max_gbp,
    )
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.ticket_min_gbp and profile.ticket_max_gbp and profile.ticket_max_gbp < profile.ticket_min_gbp:
        raise ValidationError({"ticket_max_gbp": _("The largest ticket must not be below the smallest.")})
    profile.full_clean()
    profile.save()
    if areas is not UNSET:
        profile.areas.set(areas)
    return profile


@transaction.atomic
def tier_set(*, user, organisation: Organisation, tier: str, trial_ends_on=None) -> InvestorProfile:
    permissions.check_set_tier(user)
    if tier not in InvestorProfile.Tier.values:
        raise ValidationError({"tier": _("Choose a tier.")})
    if tier == InvestorProfile.Tier.TRIAL and trial_ends_on is None:
        raise ValidationError({"trial_ends_on": _("Give the date the trial ends.")})
    profile, _created = InvestorProfile.objects.get_or_create(organisation=organisation)
    profile.tier = tier
    profile.trial_ends_on = trial_ends_on if tier == InvestorProfile.Tier.TRIAL else None
    profile.tier_set_by = user
    profile.tier_set_at = timezone.now()
    profile.save(update_fields=["tier", "trial_ends_on", "tier_set_by", "tier_set_at", "updated_at"])
    return profile


@transaction.atomic
def verify_set(*, user, organisation: Organisation, verified: bool) -> InvestorProfile:
    permissions.check_verify(user)
    profile, _created = InvestorProfile.objects.get_or_create(organisation=organisation)
    profile.verified_at = timezone.now() if verified else None
    profile.verified_by = user if verified else None
    profile.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return profile


# --- Additionality -----------------------------------------------------------------------------
def _fraction(value, name: str, low: Decimal, high: Decimal) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({name: _("Give a number.")}) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationError({name: _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high}})
    return number


@transaction.atomic
def additionality_set(*, user, leakage, displacement, deadweight, multiplier, note: str) -> AdditionalityFactors:
    """A policy lead changes the factors (a new row: the old ones stay as the log); every
    opportunity is re-scored with them."""
    permissions.check_edit_additionality(user)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the factors change (the appraisal or evidence).")})
    row = AdditionalityFactors.objects.create(
        leakage=_fraction(leakage, "leakage", Decimal(0), Decimal(1)),
        displacement=_fraction(displacement, "displacement", Decimal(0), Decimal(1)),
        deadweight=_fraction(deadweight, "deadweight", Decimal(0), Decimal(1)),
        multiplier=_fraction(multiplier, "multiplier", Decimal(1), Decimal(3)),
        note=note.strip()[:2000],
        changed_by=user,
    )
    score_refresh(pks=None)
    return row


def scores_copied(*, pks: list[int]) -> int:
    """Copy the current score of these opportunities onto them, in one UPDATE (the listing
    filters and sorts 10,000 of them by it without a join)."""
    content_type = ContentType.objects.get_for_model(Opportunity)
    current = ScoreRun.objects.filter(content_type=content_type, object_id=OuterRef("pk"), current=True)
    return Opportunity.objects.filter(pk__in=pks).update(impact_score=Subquery(current.values("total")[:1]))


# --- Saved comparisons (premium and trial tiers) -----------------------------------------------
@transaction.atomic
def comparison_save(*, user, title: str, opportunities: list[Opportunity]) -> SavedComparison:
    permissions.check_premium(user)
    if not 2 <= len(opportunities) <= 4:
        raise ValidationError({"opportunities": _("Choose two to four opportunities to compare.")})
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the comparison a name.")})
    comparison = SavedComparison.objects.create(user=user, title=title.strip()[:120])
    comparison.opportunities.set(opportunities)
    return comparison


def comparison_delete(*, user, comparison: SavedComparison) -> None:
    if comparison.user_id != user.pk:
        raise ValidationError(_("You can delete only your own comparisons."))
    comparison.delete()


# --- Alerts for new matches (premium and trial tiers) ------------------------------------------
ALERT_FILTERS = ("sector", "investment_type", "scale_band", "area", "planning_status", "decision_time", "min_score")


@transaction.atomic
def alert_save(*, user, name: str, filters: dict, frequency: str) -> OpportunityAlert:
    """`filters` are the listing form's cleaned data (only its known, non-empty filters are kept)."""
    permissions.check_premium(user)
    if frequency not in OpportunityAlert.Frequency.values:
        raise ValidationError({"frequency": _("Choose how often to hear about new matches.")})
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the alert a name.")})
    kept = {k: v for k, v in filters.items() if k in ALERT_FILTERS and v not in (None, "")}
    return OpportunityAlert.objects.create(user=user, name=name.strip()[:120], filters=kept, frequency=frequency)


def alert_delete(*, user, alert: OpportunityAlert) -> None:
    if alert.user_id != user.pk:
        raise ValidationError(_("You can delete only your own alerts."))
    alert.delete()


def _matching(alert: OpportunityAlert):
    f = alert.filters
    return selectors.opportunity_list(
        user=alert.user,
        sector=f.get("sector", ""),
        investment_type=f.get("investment_type", ""),
        scale_band=f.get("scale_band", ""),
        area_code=f.get("area", ""),
        planning_status=f.get("planning_status", ""),
        decision_time=f.get("decision_time", ""),
        min_score=f.get("min_score"),
    )


def alerts_for_published(*, opportunity_id: int) -> int:
    """An opportunity was published: everyone whose immediate alert it matches is told, once
    (people whose tier has lapsed are skipped; their alert waits for a new tier)."""
    opportunity = Opportunity.published.filter(pk=opportunity_id).first()
    if opportunity is None:
        return 0
    told = 0
    alerts = OpportunityAlert.objects.filter(frequency=OpportunityAlert.Frequency.IMMEDIATE).select_related("user")
    for alert in alerts:
        if not permissions.has_premium(alert.user) or not _matching(alert).filter(pk=opportunity.pk).exists():
            continue
        notifications.notify_in_their_language(
            recipients=[alert.user],
            kind=notifications.Kind.OPPORTUNITY_ALERT,
            words=lambda alert=alert: (
                _("New opportunity for your alert “%(alert)s”: %(title)s")
                % {"alert": alert.name, "title": opportunity.title},
                opportunity.summary[:300],
            ),
            url=opportunity.get_absolute_url(),
            item=opportunity,
        )
        OpportunityAlert.objects.filter(pk=alert.pk).update(last_sent_at=timezone.now())
        told += 1
    return told


def alerts_weekly(*, now=None) -> int:
    """The weekly digest: one notification per weekly alert with new matches since it last sent
    (or since it was made), linking to the listing with the alert's filters."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import ngettext

    now = now or timezone.now()
    sent = 0
    for alert in OpportunityAlert.objects.filter(frequency=OpportunityAlert.Frequency.WEEKLY).select_related("user"):
        since = alert.last_sent_at or alert.created_at
        if not permissions.has_premium(alert.user):
            continue
        count = _matching(alert).filter(published_at__gt=since, published_at__lte=now).count()
        if count:
            query = urlencode({**{k: v for k, v in alert.filters.items()}, "sort": "newest"})
            notifications.notify_in_their_language(
                recipients=[alert.user],
                kind=notifications.Kind.OPPORTUNITY_ALERT,
                words=lambda alert=alert, count=count: (
                    ngettext(
                        "%(count)s new opportunity this week for your alert “%(alert)s”",
                        "%(count)s new opportunities this week for your alert “%(alert)s”",
                        count,
                    )
                    % {"count": count, "alert": alert.name},
                    "",
                ),
                url=f"{reverse('investors:list')}?{query}",
            )
            sent += 1
        OpportunityAlert.objects.filter(pk=alert.pk).update(last_sent_at=now)
    return sent


# --- Delivery (projected against actual) -------------------------------------------------------
@transaction.atomic
def delivery_set(*, user, opportunity: Opportunity, stage: str, started_on) -> Opportunity:
    """The promoter (or a moderator) says a published opportunity is being delivered or is
    complete, and since when; the twin then compares its projections with what it observes."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not (permissions.is_promoter_of(user, opportunity) or permissions.is_moderator(user)):
        raise PermissionDenied(_("Only the promoter's members and moderators can record delivery."))
    if opportunity.status not in {S.PUBLISHED, S.CLOSED}:
        raise ValidationError({"delivery_stage": _("Only a published or closed opportunity can be in delivery.")})
    if stage not in {"", "in_delivery", "completed"}:
        raise ValidationError({"delivery_stage": _("Choose in delivery or completed.")})
    if stage and started_on is None:
        raise ValidationError({"delivery_started_on": _("Give the date delivery started.")})
    if started_on is not None and started_on > timezone.localdate():
        raise ValidationError({"delivery_started_on": _("Delivery cannot start in the future.")})
    opportunity.delivery_stage = stage
    opportunity.delivery_started_on = started_on if stage else None
    opportunity.save(update_fields=["delivery_stage", "delivery_started_on", "updated_at"])
    return opportunity


def business_case_save(*, user, opportunity: Opportunity, sections: dict[str, str]) -> Opportunity:
    """The promoter writes the business case's sections (while the opportunity can be edited). An
    empty section goes back to the twin's draft."""
    from investors.business_case import KEYS, MAX_SECTION

    permissions.check_edit(user, opportunity)
    errors = {}
    written = {}
    for key in KEYS:
        text = (sections.get(key) or "").strip()
        if "\x00" in text:  # PostgreSQL cannot store it; a form field would refuse it the same way
            errors[key] = str(ProhibitNullCharactersValidator.message)  # Django's words, in its catalogues
        elif len(text) > MAX_SECTION:
            errors[key] = _("Keep each section to %(n)s characters.") % {"n": f"{MAX_SECTION:,}"}
        elif text:
            written[key] = text
    if errors:
        raise ValidationError(errors)
    opportunity.business_case = written
    opportunity.save(update_fields=["business_case", "updated_at"])
    return opportunity
