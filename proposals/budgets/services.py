"""Every write in participatory budgeting: running a budget, costing its items, casting ballots
and publishing results."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.services import home_ward
from engagement import budgeting, notifications
from proposals.budgets import permissions, selectors
from proposals.budgets.models import Ballot, BallotChoice, Budget, BudgetItem
from proposals.models import Milestone
from twin import selectors as twin_selectors

logger = logging.getLogger(__name__)

NEXT_PHASE = {
    Budget.Phase.DRAFT: Budget.Phase.COLLECT,
    Budget.Phase.COLLECT: Budget.Phase.REVIEW,
    Budget.Phase.REVIEW: Budget.Phase.VOTE,
}


def budget_save(*, editor, budget: Budget, audience_areas=(), audience_organisations=()) -> Budget:
    """Create or change a budget (the form has validated the fields). The rules cannot change
    once voting has opened: ballots were cast under them."""
    permissions.check_manage(editor)
    if budget.pk:
        before = Budget.objects.get(pk=budget.pk)
        fixed = ("amount_gbp", "rule", "min_spend_percent", "max_approvals", "min_items", "max_items")
        if before.phase not in {Budget.Phase.DRAFT, Budget.Phase.COLLECT, Budget.Phase.REVIEW} and any(
            getattr(before, f) != getattr(budget, f) for f in fixed
        ):
            raise ValidationError(_("The amount and the voting rules cannot change once voting has opened."))
    else:
        budget.created_by = editor
    with transaction.atomic():
        budget.save()
        budget.audience_areas.set(audience_areas)
        budget.audience_organisations.set(audience_organisations)
    return budget


def budget_advance(*, editor, budget: Budget) -> Budget:
    """Move a budget to its next phase (draft → collecting ideas → reviewing → voting)."""
    permissions.check_manage(editor)
    with transaction.atomic():
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        following = NEXT_PHASE.get(budget.phase)
        if following is None:
            raise ValidationError(_("This budget has no next phase to move to."))
        if following == Budget.Phase.VOTE:
            costs = list(budget.items.values_list("cost_gbp", flat=True))
            if not costs:
                raise ValidationError(_("Add at least one costed item before voting opens."))
            if not any(cost <= budget.amount_gbp for cost in costs):
                raise ValidationError(_("Every item costs more than the whole budget: nothing could be chosen."))
            if budget.vote_closes_at and budget.vote_closes_at <= timezone.now():
                raise ValidationError(_("The closing time has passed. Set a later one before voting opens."))
        budget.phase = following
        budget.save(update_fields=["phase", "updated_at"])
    logger.info("budget phase budget=%s phase=%s by=%s", budget.pk, budget.phase, editor.pk)
    return budget


def vote_close(*, editor, budget: Budget) -> Budget:
    permissions.check_manage(editor)
    with transaction.atomic():
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        if budget.effective_phase != Budget.Phase.VOTE:
            raise ValidationError(_("Voting is not open."))
        budget.vote_closes_at = timezone.now()
        budget.save(update_fields=["vote_closes_at", "updated_at"])
    return budget


def item_save(*, editor, item: BudgetItem) -> BudgetItem:
    """Add or change an item; the impact score of the idea or proposal it comes from is taken now."""
    permissions.check_manage(editor)
    if not permissions.can_edit_items(item.budget):
        raise ValidationError(_("Items and costs cannot change once voting has opened."))
    source = item.source
    if source is not None:
        run = twin_selectors.current_score(source)
        item.score = run.total if run else None
        if item.area_id is None:
            item.area_id = getattr(source, "area_id", None) or item.budget.area_id
    elif item.area_id is None:
        item.area_id = item.budget.area_id
    item.save()
    return item


def item_delete(*, editor, item: BudgetItem) -> None:
    permissions.check_manage(editor)
    if not permissions.can_edit_items(item.budget):
        raise ValidationError(_("Items and costs cannot change once voting has opened."))
    item.delete()


def ballot_cast(*, budget: Budget, user, item_ids) -> Ballot:
    """Cast or change a person's ballot. A ballot that breaks a rule is refused whole, with every
    broken rule named (ValidationError with a list of messages). The ballot row lock and the unique
    constraint keep one ballot per person however many requests race; a change replaces the
    choices in one transaction, so a ballot is never half old, half new."""
    permissions.check_vote(user, budget)
    costs = dict(BudgetItem.objects.filter(budget_id=budget.pk).order_by().values_list("pk", "cost_gbp"))
    chosen = set(item_ids)
    problems = budgeting.ballot_problems(budget.rules, costs, chosen)
    if problems:
        raise ValidationError(problems)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _ballot_apply(budget=budget, user=user, chosen=chosen)
        except IntegrityError:
            continue  # the same person's other request created the ballot first: apply as a change
    raise ValidationError(_("Your ballot could not be saved. Try again."))


def _ballot_apply(*, budget, user, chosen: set) -> Ballot:
    ballot = Ballot.objects.select_for_update().filter(budget=budget, user=user).order_by().first()
    if ballot is None:
        ballot = Ballot.objects.create(budget=budget, user=user, area=home_ward(user=user))
        before = set()
    else:
        before = set(ballot.choices.order_by().values_list("item_id", flat=True))
        if before != chosen:
            ballot.save(update_fields=["updated_at"])  # "changed on": an unchanged ballot keeps its date
    added, removed = chosen - before, before - chosen
    if removed:
        BallotChoice.objects.filter(ballot=ballot, item_id__in=removed).delete()
    if added:
        BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, item_id=pk) for pk in added])
    return ballot


def ballot_withdraw(*, budget: Budget, user) -> bool:
    permissions.check_vote(user, budget)
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().filter(budget=budget, user=user).first()
        if ballot is None:
            return False
        ballot.delete()
    return True


def results_publish(*, editor, budget: Budget) -> Budget:
    """Count the closed vote both ways, keep the count, and turn the official winners into
    actions on the ideas and proposals they came from ("you said, we did")."""
    permissions.check_manage(editor)
    with transaction.atomic():
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        if budget.phase == Budget.Phase.RESULTS:
            raise ValidationError(_("The results are already published."))
        if not budget.voting_closed:
            raise ValidationError(_("Close the vote before publishing the results."))
        counted = selectors.budget_count(budget=budget)
        budget.results = counted
        budget.results_published_at = timezone.now()
        budget.phase = Budget.Phase.RESULTS
        budget.save(update_fields=["results", "results_published_at", "phase", "updated_at"])
        items = {item.pk: item for item in budget.items.select_related("idea", "proposal")}
        for pk in counted[budget.method]["winners"]:
            item = items[pk]
            milestone = Milestone.objects.create(
                title=(_("Funded by %(budget)s: %(item)s") % {"budget": budget.title, "item": item.title})[:160],
                description=_("Chosen by residents in the participatory budget, at a cost of £%(cost)s.")
                % {"cost": f"{item.cost_gbp:,}"},
                proposal=item.proposal,
                created_by=editor,
            )
            if item.idea_id:
                milestone.ideas.add(item.idea)
            item.milestone = milestone
            item.save(update_fields=["milestone"])
        _tell_voters(budget=budget, funded=len(counted[budget.method]["winners"]))
    logger.info("budget results budget=%s by=%s", budget.pk, editor.pk)
    return budget


def _tell_voters(*, budget: Budget, funded: int) -> None:
    """Everyone who cast a ballot hears the results are out, in their own language."""
    voters = User.objects.filter(pk__in=Ballot.objects.filter(budget=budget, user__isnull=False).values("user_id"))
    notifications.notify_in_their_language(
        recipients=list(voters.select_related("profile")),
        kind=notifications.Kind.RESPONSE,
        words=lambda: (
            _("The results of “%(budget)s” are published") % {"budget": budget.title},
            ngettext(
                "%(count)s item is funded. See what won under each count, and why.",
                "%(count)s items are funded. See what won under each count, and why.",
                funded,
            )
            % {"count": funded},
        ),
        url=reverse("proposals:budget-results", kwargs={"pk": budget.pk}),
        item=budget,
    )


def user_ballots_erase(*, user) -> None:
    """Account erasure: ballots still count (the totals were published on them) but lose the person."""
    Ballot.objects.filter(user=user).update(user=None)
