"""The planning game's pages: start, play (each move re-projected; htmx swaps the board, and
without JavaScript every button still works), saved plans, sharing, the gallery and what
residents chose (policy leads)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.themes import Theme
from engagement.models import Consultation
from gamification import game, game_plans
from params import parse_int
from twin.models import Scenario
from twin.permissions import figure_access


def _plan_for(request, pk: int):
    plan = game_plans.plan_detail(pk)
    if plan is None or not game_plans.may_view(request.user, plan):
        raise Http404(_("No plan found."))
    return plan


def start(request):
    areas = game.game_areas()
    board = game.board_from_request(request.GET, user=request.user, areas=areas)
    page = Paginator(game_plans.gallery(), 12).get_page(
        parse_int(request.GET.get("page"), name="page", minimum=1, maximum=10_000, default=1)
    )
    return render(
        request,
        "gamification/game/start.html",
        {
            "board": board,
            "areas": areas.values(),
            "budgets": game.BUDGETS,
            "themes": Theme.choices,
            "page": page,
            "mine": list(game_plans.plans_of(user=request.user)[:10]) if request.user.is_authenticated else [],
            "can_see_insights": request.user.has_perm(game_plans.INSIGHTS),
        },
    )


def _board_context(request, board, items, *, plan=None) -> dict:
    query = QueryDict(mutable=True)
    query.update({"area": board.area.pk, "budget": board.budget})
    query.setlist("objective", board.objectives)
    for code, q in board.quantities.items():
        query[f"q_{code}"] = f"{q:g}"
    return {
        "board": board,
        "state": game.project(board, items, access=figure_access(request.user)),
        "plan": plan,
        "areas": game.game_areas().values(),
        "budgets": game.BUDGETS,
        "themes": Theme.choices,
        "resume_query": query.urlencode(),
        "game_url": reverse("game:edit", args=[plan.pk]) if plan else reverse("game:play"),
    }


def play(request, pk: int | None = None):
    """The game board. GET starts from the chosen area, budget and objectives (or a saved plan,
    or quantities in the address after signing in); POST applies one move, or saves."""
    items = game.catalogue()
    plan = None
    if pk is not None:
        plan = _plan_for(request, pk)
        if plan.owner_id != request.user.pk:
            raise PermissionDenied(_("You can only change your own plans."))
    data = request.POST if request.method == "POST" else request.GET
    areas = game.game_areas()
    if plan is not None and request.method == "GET":
        board = game_plans.board_of(plan)
    else:
        board = game.board_from_request(data, user=request.user, areas=areas)
        if request.method == "POST" or any(k.startswith("q_") for k in data):
            board = game.move(board, data, items)
    if request.method == "POST" and "save" in request.POST:
        try:
            saved = game_plans.plan_save(
                owner=request.user, board=board, items=items, plan=plan, access=figure_access(request.user)
            )
        except (ValidationError, PermissionDenied) as exc:
            board.problems.extend(exc.messages if isinstance(exc, ValidationError) else [str(exc)])
        else:
            messages.success(request, _("Your plan is saved. Share it in the gallery or with a consultation below."))
            if request.htmx:  # the whole page moves on, not just the board
                return HttpResponse(status=204, headers={"HX-Redirect": saved.get_absolute_url()})
            return redirect(saved.get_absolute_url())
    context = _board_context(request, board, items, plan=plan)
    status = 400 if board.problems and request.method == "POST" and not request.htmx else 200
    if request.htmx:
        return render(request, "gamification/game/_board.html", context)
    return render(request, "gamification/game/play.html", context, status=status)


def plan_detail(request, pk: int):
    plan = _plan_for(request, pk)
    items = game.catalogue()
    context = _board_context(request, game_plans.board_of(plan), items, plan=plan)
    owner = request.user.is_authenticated and plan.owner_id == request.user.pk
    context.update(
        {
            "owner": owner,
            "consultations": game_plans.consultations_open_to(user=request.user) if owner else [],
            "scenarios": list(Scenario.objects.only("pk", "title")[:20]),
        }
    )
    return render(request, "gamification/game/plan.html", context)


@require_POST
@login_required
def plan_share(request, pk: int):
    plan = _plan_for(request, pk)
    consultation = None
    consultation_id = parse_int(
        request.POST.get("consultation"), name="consultation", minimum=1, maximum=2**62, default=0
    )
    if consultation_id:
        consultation = Consultation.objects.filter(pk=consultation_id).first()
        if consultation is None:
            messages.error(request, _("That consultation was not found."))
            return redirect(plan.get_absolute_url())
    try:
        game_plans.plan_share(
            owner=request.user,
            plan=plan,
            gallery="gallery" in request.POST,
            consultation=consultation,
            note=request.POST.get("note", "")[:1000],
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your sharing choices are saved."))
    return redirect(plan.get_absolute_url())


@require_POST
@login_required
def plan_delete(request, pk: int):
    plan = _plan_for(request, pk)
    game_plans.plan_delete(owner=request.user, plan=plan)
    messages.success(request, _("Your plan has been deleted."))
    return redirect("game:start")


def _insights_area(request):
    area_id = parse_int(request.GET.get("area"), name="area", minimum=1, maximum=2**62, default=0)
    return game.game_areas().get(area_id)


@login_required
def insights(request):
    if not request.user.has_perm(game_plans.INSIGHTS):
        raise PermissionDenied(_("Only policy leads and moderators can see what residents chose."))
    area = _insights_area(request)
    return render(
        request,
        "gamification/game/insights.html",
        {"insights": game_plans.insights(area=area), "area": area, "areas": game.game_areas().values()},
    )


@login_required
def insights_csv(request):
    if not request.user.has_perm(game_plans.INSIGHTS):
        raise PermissionDenied(_("Only policy leads and moderators can see what residents chose."))
    found = game_plans.insights(area=_insights_area(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="planning-game-choices.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["intervention", "unit", "plans", "share_of_plans_percent", "total_quantity"]
        + [f"plans_{name}" for _pk, name in found["areas"]]
    )
    for row in found["rows"]:
        writer.writerow(
            [row["label"], row["intervention"].unit, row["overall"], row["share"], f"{row['quantity']:g}"]
            + [row["by_area"].get(pk, 0) for pk, _name in found["areas"]]
        )
    return response


def compare(request, pk: int):
    """Compare a plan with a policy scenario (the twin's comparison page)."""
    plan = _plan_for(request, pk)
    scenario = parse_int(request.GET.get("scenario"), name="scenario", minimum=1, maximum=2**62, default=0)
    other = parse_int(request.GET.get("plan"), name="plan", minimum=1, maximum=2**62, default=0)
    query = QueryDict(mutable=True)
    query.setlist("game", [str(plan.pk)] + ([str(other)] if other else []))
    if scenario:
        query["id"] = str(scenario)
    return redirect(f"{reverse('twin:scenario-compare')}?{query.urlencode()}")
