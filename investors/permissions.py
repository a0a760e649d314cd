"""Who may see, edit and move an opportunity, in which status; who sets tiers and factors.

Read rules live here and are applied where opportunities are read (selectors, the API, the
score page, search): only published and closed opportunities are public; the promoting
organisation's members and moderators see the rest."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Membership
from investors.models import InvestorProfile, Opportunity

MODERATE = "investors.moderate_opportunity"
SET_TIER = "investors.set_tier"
VERIFY = "investors.verify_investor"
EDIT_ADDITIONALITY = "investors.edit_additionality"
S = Opportunity.Status
PUBLIC = {S.PUBLISHED, S.CLOSED}
EDITABLE = {S.DRAFT, S.CHANGES_REQUESTED}

# status -> {action: statuses it may go to}; who may act is checked in `check_transition`.
PROMOTER_MOVES = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.CHANGES_REQUESTED: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.WITHDRAWN},
    S.IN_REVIEW: {S.WITHDRAWN},
    S.PUBLISHED: {S.CLOSED, S.WITHDRAWN},
}
MODERATOR_MOVES = {
    S.SUBMITTED: {S.IN_REVIEW},
    S.IN_REVIEW: {S.CHANGES_REQUESTED, S.PUBLISHED},
    S.PUBLISHED: {S.CLOSED},
}


def is_moderator(user) -> bool:
    return user.is_authenticated and user.has_perm(MODERATE)


def promoter_org_ids(user) -> set[int]:
    """Organisations whose opportunities this person may edit: those they belong to."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_promoter_org_ids", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        user._promoter_org_ids = cached
    return cached


def is_promoter_of(user, opportunity: Opportunity) -> bool:
    return opportunity.promoter_id in promoter_org_ids(user)


def visible_filter(user) -> Q:
    """The opportunities `user` may see, as a filter for any queryset."""
    public = Q(status__in=PUBLIC)
    if is_moderator(user):
        return Q()
    orgs = promoter_org_ids(user)
    return public | Q(promoter_id__in=orgs) if orgs else public


def may_view(user, opportunity: Opportunity) -> bool:
    return opportunity.status in PUBLIC or is_moderator(user) or is_promoter_of(user, opportunity)


def may_edit(user, opportunity: Opportunity) -> bool:
    return opportunity.status in EDITABLE and is_promoter_of(user, opportunity)


def check_edit(user, opportunity: Opportunity) -> None:
    if not is_promoter_of(user, opportunity):
        raise PermissionDenied(_("Only the promoter's members can change this opportunity."))
    if opportunity.status not in EDITABLE:
        raise PermissionDenied(
            _("An opportunity can be changed only as a draft or when changes are requested; it is now “%(status)s”.")
            % {"status": opportunity.get_status_display()}
        )


def may_promote_for(user, organisation) -> bool:
    return organisation.pk in promoter_org_ids(user)


def moves_for(user, opportunity: Opportunity) -> set[str]:
    """The statuses `user` may move this opportunity to now."""
    moves = set()
    if is_promoter_of(user, opportunity):
        moves |= PROMOTER_MOVES.get(opportunity.status, set())
    if is_moderator(user):
        moves |= MODERATOR_MOVES.get(opportunity.status, set())
    return moves


def check_transition(user, opportunity: Opportunity, to_status: str) -> None:
    if to_status in moves_for(user, opportunity):
        return
    if not (is_promoter_of(user, opportunity) or is_moderator(user)):
        raise PermissionDenied(_("Only the promoter's members and moderators can change an opportunity's status."))
    raise PermissionDenied(
        _("An opportunity that is “%(now)s” cannot become “%(next)s”.")
        % {"now": opportunity.get_status_display(), "next": Opportunity.Status(to_status).label}
    )


# --- Tiers -------------------------------------------------------------------------------------
PREMIUM_TIERS = {InvestorProfile.Tier.PREMIUM, InvestorProfile.Tier.TRIAL}


def tier_of(user) -> str:
    """The best effective tier among the person's organisations (free without one)."""
    if not user.is_authenticated:
        return InvestorProfile.Tier.FREE
    tiers = {
        p.effective_tier()
        for p in InvestorProfile.objects.filter(organisation_id__in=promoter_org_ids(user)).only(
            "tier", "trial_ends_on"
        )
    }
    for tier in (InvestorProfile.Tier.PREMIUM, InvestorProfile.Tier.TRIAL):
        if tier in tiers:
            return tier
    return InvestorProfile.Tier.FREE


def has_premium(user) -> bool:
    return tier_of(user) in PREMIUM_TIERS


def check_premium(user) -> None:
    if not has_premium(user):
        raise PermissionDenied(
            _("This needs a premium or trial tier on your organisation. Ask the council to set one up.")
        )


def check_set_tier(user) -> None:
    if not (user.is_authenticated and user.has_perm(SET_TIER)):
        raise PermissionDenied(_("Only administrators can set an organisation's tier."))


def check_verify(user) -> None:
    if not (user.is_authenticated and user.has_perm(VERIFY)):
        raise PermissionDenied(_("Only moderators can verify investors and promoters."))


def check_edit_additionality(user) -> None:
    if not (user.is_authenticated and user.has_perm(EDIT_ADDITIONALITY)):
        raise PermissionDenied(_("Only policy leads can change the additionality factors."))
