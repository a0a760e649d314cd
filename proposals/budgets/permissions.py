"""Who may see, run and vote in a participatory budget, in which phase."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from engagement import permissions as engagement_permissions
from proposals.budgets.models import Budget

MANAGE = "proposals.manage_budgets"


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE)


def check_manage(user) -> None:
    if not can_manage(user):
        raise PermissionDenied(_("Only moderators and policy leads can run budgets."))


def may_view(user, budget: Budget) -> bool:
    """Drafts are seen only by the people who run budgets."""
    return budget.phase != Budget.Phase.DRAFT or can_manage(user)


def vote_reason_denied(user, budget: Budget) -> str | None:
    """Why `user` may not cast or change a ballot now, or None."""
    if not user.is_authenticated:
        return _("Sign in to vote.")
    blocked = engagement_permissions.reason_denied(user, engagement_permissions.VOTE, None)
    if blocked:
        return blocked
    phase = budget.effective_phase
    if phase in {Budget.Phase.DRAFT, Budget.Phase.COLLECT, Budget.Phase.REVIEW}:
        return _("Voting has not opened yet.")
    if phase != Budget.Phase.VOTE:
        return _("Voting has closed.")
    if not engagement_permissions.in_audience(user, budget):
        if budget.audience == Budget.Audience.VERIFIED:
            return _("This vote is for verified residents. Ask a moderator to verify you.")
        if budget.audience == Budget.Audience.AREAS:
            return _("This vote is for residents of the areas it covers. Set your home area in your profile.")
        return _("This vote is for a chosen group of people, and you are not in it.")
    return None


def check_vote(user, budget: Budget) -> None:
    reason = vote_reason_denied(user, budget)
    if reason:
        raise PermissionDenied(reason)


def can_see_results(user, budget: Budget) -> bool:
    """Hidden until the vote closes, unless the moderator chose live results; those who run
    budgets always see the count."""
    if budget.voting_closed:
        return True
    if budget.effective_phase == Budget.Phase.VOTE and budget.results_visibility == Budget.ResultsVisibility.LIVE:
        return True
    return can_manage(user)


def can_edit_items(budget: Budget) -> bool:
    """Items and costs are fixed once voting opens: a ballot means what it meant when cast."""
    return budget.phase in {Budget.Phase.DRAFT, Budget.Phase.COLLECT, Budget.Phase.REVIEW}
