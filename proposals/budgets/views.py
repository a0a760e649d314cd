"""Participatory budget pages: the list, a budget with its ballot, results two ways, and the
screens that run a budget."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement import budgeting
from engagement.exports import safe_cell
from params import parse_ids
from proposals.budgets import permissions, selectors, services
from proposals.budgets.forms import BudgetForm, BudgetItemForm
from proposals.budgets.models import Budget, BudgetItem


def _budget(request, pk: int) -> Budget:
    """The budget if this person may see it (a draft is a 404 to everyone but those who run budgets)."""
    budget = get_object_or_404(Budget.objects.select_related("area").defer("area__geometry"), pk=pk)
    if not permissions.may_view(request.user, budget):
        raise Http404
    return budget


def budget_list(request):
    return render(
        request,
        "proposals/budgets/list.html",
        {"budgets": list(selectors.budget_list(user=request.user)), "can_manage": permissions.can_manage(request.user)},
    )


def _detail(request, budget: Budget, *, chosen=None, problems=(), status=200):
    items = selectors.budget_items(budget=budget)
    mine = selectors.my_choices(budget=budget, user=request.user)
    return render(
        request,
        "proposals/budgets/detail.html",
        {
            "budget": budget,
            "items": items,
            "rules": budget.rules.describe(),
            "mine": mine,
            "chosen": chosen if chosen is not None else (mine or set()),
            "problems": problems,
            "vote_denied": permissions.vote_reason_denied(request.user, budget),
            "can_manage": permissions.can_manage(request.user),
            "can_see_results": permissions.can_see_results(request.user, budget),
            "can_edit_items": permissions.can_edit_items(budget),
            "ballot_count": selectors.ballot_count(budget=budget),
            "rules_json": rules_json(budget),
            "total_chosen": sum(
                i.cost_gbp for i in items if i.pk in (chosen if chosen is not None else (mine or set()))
            ),
        },
        status=status,
    )


def budget_detail(request, pk: int):
    return _detail(request, _budget(request, pk))


@require_POST
def ballot_cast(request, pk: int):
    budget = _budget(request, pk)
    if "withdraw" in request.POST:
        if services.ballot_withdraw(budget=budget, user=request.user):
            messages.success(request, _("Your ballot has been withdrawn. You can vote again until voting closes."))
        return redirect(budget.get_absolute_url())
    ids = parse_ids(request.POST.getlist("item"), name="item", limit=500)
    try:
        services.ballot_cast(budget=budget, user=request.user, item_ids=ids)
    except ValidationError as exc:
        # The ballot comes back as the person left it, with every broken rule named.
        return _detail(request, budget, chosen=set(ids), problems=exc.messages, status=400)
    messages.success(request, _("Your ballot has been saved. You can change it until voting closes."))
    return redirect(budget.get_absolute_url())


def _results_context(request, budget: Budget) -> dict:
    if not permissions.can_see_results(request.user, budget):
        raise PermissionDenied(_("The results are shown once voting closes."))
    items = selectors.budget_items(budget=budget)
    counted = (
        budget.results
        if budget.phase == Budget.Phase.RESULTS and budget.results
        else selectors.budget_count(budget=budget)
    )
    return {
        "budget": budget,
        "items": items,
        "results": selectors.results_view(budget=budget, counted=counted, items=items),
        "by_area": selectors.votes_by_area(budget=budget, items=items),
        "published": budget.phase == Budget.Phase.RESULTS,
        "can_manage": permissions.can_manage(request.user),
    }


def budget_results(request, pk: int):
    budget = _budget(request, pk)
    context = _results_context(request, budget)
    context["OPEN_DATA_LICENCE"] = settings.OPEN_DATA_LICENCE
    return render(request, "proposals/budgets/results.html", context)


def budget_results_csv(request, pk: int):
    budget = _budget(request, pk)
    context = _results_context(request, budget)
    results, by_area = context["results"], context["by_area"]
    area_names = [name for _pk, name in by_area["areas"]]
    votes_by_item = {row["pk"]: row for row in by_area["rows"]}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{budget.pk}-results.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "item",
            "cost_gbp",
            "impact_score",
            "votes",
            "won_greedy",
            "won_equal_shares",
            "why_greedy",
            "why_equal_shares",
        ]
        + [f"votes_{name}" for name in area_names]
    )
    for row in results["rows"]:
        item = row["item"]
        greedy_cell, shares_cell = row["cells"]
        by = votes_by_item.get(item.pk, {"by_area": {}})["by_area"]
        writer.writerow(
            [
                safe_cell(item.title),
                item.cost_gbp,
                "" if item.score is None else item.score,
                row["votes"],
                "yes" if greedy_cell.get("won") else "no",
                "yes" if shares_cell.get("won") else "no",
                greedy_cell.get("why", ""),
                shares_cell.get("why", ""),
            ]
            + [by.get(area_pk, 0) for area_pk, _name in by_area["areas"]]
        )
    return response


# ---- running a budget -------------------------------------------------------------------------------


@login_required
def budget_edit(request, pk: int | None = None):
    permissions.check_manage(request.user)
    budget = _budget(request, pk) if pk else None
    form = BudgetForm(request.POST or None, instance=budget)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.budget_save(
                editor=request.user,
                budget=form.save(commit=False),
                audience_areas=form.cleaned_data.get("audience_areas") or [],
                audience_organisations=form.cleaned_data.get("audience_organisations") or [],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The budget has been saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": _("Set up the budget") if budget else _("New participatory budget"),
            "caption": budget.title if budget else "",
            "back_url": budget.get_absolute_url() if budget else reverse("proposals:budgets"),
            "submit_label": _("Save the budget"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def item_edit(request, pk: int, item_pk: int | None = None):
    permissions.check_manage(request.user)
    budget = _budget(request, pk)
    item = get_object_or_404(BudgetItem, pk=item_pk, budget=budget) if item_pk else BudgetItem(budget=budget)
    if not permissions.can_edit_items(budget):
        messages.error(request, _("Items and costs cannot change once voting has opened."))
        return redirect(budget.get_absolute_url())
    form = BudgetItemForm(request.POST or None, instance=item, budget=budget)
    if request.method == "POST" and "delete" in request.POST and item.pk:
        services.item_delete(editor=request.user, item=item)
        messages.success(request, _("The item has been removed."))
        return redirect(budget.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        services.item_save(editor=request.user, item=form.save(commit=False))
        messages.success(request, _("The item has been saved."))
        return redirect(f"{budget.get_absolute_url()}#items")
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": _("Change the item") if item.pk else _("Add an item"),
            "caption": budget.title,
            "back_url": budget.get_absolute_url(),
            "submit_label": _("Save the item"),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def budget_phase(request, pk: int):
    budget = _budget(request, pk)
    action = request.POST.get("action", "")
    steps = {"advance": services.budget_advance, "close": services.vote_close, "publish": services.results_publish}
    if action not in steps:
        messages.error(request, _("Choose what to do with the budget."))
        return redirect(budget.get_absolute_url())
    try:
        steps[action](editor=request.user, budget=budget)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        done = {
            "advance": _("The budget has moved to its next phase."),
            "close": _("Voting has closed."),
            "publish": _(
                "The results are published, and the winners are now actions on the ideas and proposals they came from."
            ),
        }
        messages.success(request, done[action])
    return redirect(budget.get_absolute_url())


def rules_json(budget: Budget) -> dict:
    """What the ballot's running total (budget-ballot.js) needs to say how the choices stand."""
    return {
        "kind": budget.rule,
        "budget": budget.amount_gbp,
        "max": budget.rules.max_approvals,
        "pounds": budgeting.pounds(budget.amount_gbp),
    }
