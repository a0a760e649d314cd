"""Saved planning-game plans: saving, sharing to the gallery and to a consultation, who may see
one, and what residents chose (for policy leads). Reads and writes of plans, in one place."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import home_ward
from engagement import permissions as engagement_permissions
from engagement.models import Consultation
from gamification import game
from gamification.models import GameChoice, GamePlan
from places.models import Area
from twin.comparison import Comparable
from twin.models import Intervention

INSIGHTS = "gamification.view_game_insights"


def board_of(plan: GamePlan) -> game.Board:
    return game.Board(
        area=plan.area,
        budget=plan.budget_gbp,
        objectives=game.clean_objectives(plan.objectives),
        quantities={c.intervention.code: c.quantity for c in plan.choices.all()},
    )


def plan_save(*, owner, board: game.Board, items: dict, plan: GamePlan | None = None, access) -> GamePlan:
    """Save a board as a new plan or over one of the owner's; cost and score are kept with it."""
    if not owner.is_authenticated:
        raise PermissionDenied(_("Sign in to save your plan."))
    if plan is not None and plan.owner_id != owner.pk:
        raise PermissionDenied(_("You can only change your own plans."))
    cost = game.cost_of(board.quantities, items)
    if cost > board.budget:
        raise ValidationError(_("This plan costs more than its budget."))
    if not board.quantities:
        raise ValidationError(_("Add at least one intervention before you save."))
    projected = game.project(board, items, access=access)
    with transaction.atomic():
        plan = plan or GamePlan(owner=owner)
        plan.area, plan.budget_gbp, plan.objectives = board.area, board.budget, board.objectives
        plan.cost_gbp, plan.score, plan.ward = round(cost), projected["score"], home_ward(user=owner)
        plan.save()
        plan.choices.all().delete()
        GameChoice.objects.bulk_create(
            [GameChoice(plan=plan, intervention=items[code], quantity=q) for code, q in board.quantities.items()]
        )
    return plan


def plan_share(*, owner, plan: GamePlan, gallery: bool, consultation: Consultation | None, note: str) -> GamePlan:
    """Show a plan in the public gallery (or take it out), and/or give it as feedback to an open
    consultation the owner may respond to."""
    if plan.owner_id != owner.pk:
        raise PermissionDenied(_("You can only share your own plans."))
    if consultation is not None and consultation.pk != plan.consultation_id:
        engagement_permissions.check_consultation(owner, engagement_permissions.RESPOND, consultation)
    plan.shared_at = (plan.shared_at or timezone.now()) if gallery else None
    plan.consultation = consultation
    plan.note = note.strip()[:1000]
    plan.save(update_fields=["shared_at", "consultation", "note", "updated_at"])
    return plan


def plan_delete(*, owner, plan: GamePlan) -> None:
    if plan.owner_id != owner.pk:
        raise PermissionDenied(_("You can only delete your own plans."))
    plan.delete()


def may_view(user, plan: GamePlan) -> bool:
    """The owner; anyone once it is in the gallery or given to a consultation; policy leads."""
    if plan.shared_at or plan.consultation_id:
        return True
    return user.is_authenticated and (plan.owner_id == user.pk or user.has_perm(INSIGHTS))


def _with_choices(plans):
    return (
        plans.select_related("area", "ward")
        .defer("area__geometry", "ward__geometry")
        .prefetch_related(Prefetch("choices", GameChoice.objects.select_related("intervention")))
    )


def gallery():
    return _with_choices(GamePlan.objects.filter(shared_at__isnull=False)).order_by("-shared_at", "-pk")


def plans_of(*, user):
    return _with_choices(GamePlan.objects.filter(owner=user)).order_by("-updated_at")


def plan_detail(pk: int) -> GamePlan | None:
    return _with_choices(GamePlan.objects.filter(pk=pk)).first()


def consultations_open_to(*, user):
    """Open consultations this person may respond to (to give a plan as feedback)."""
    now = timezone.now()
    candidates = (
        Consultation.objects.filter(stage=Consultation.Stage.OPEN)
        .exclude(ends_at__lte=now)
        .exclude(starts_at__gt=now)
        .order_by("ends_at", "title")[:50]
    )
    return [
        c
        for c in candidates
        if engagement_permissions.consultation_reason_denied(user, engagement_permissions.RESPOND, c) is None
    ]


def insights(*, area: Area | None = None) -> dict:
    """What residents chose in saved plans: for each intervention, how many plans include it and
    how much in all, overall and by the ward players gave as home (nobody is named)."""
    plans = GamePlan.objects.all()
    if area is not None:
        plans = plans.filter(area=area)
    total_plans = plans.count()
    rows = (
        GameChoice.objects.filter(plan__in=plans)
        .values("intervention_id", "plan__ward_id")
        .annotate(plans=Count("plan", distinct=True), quantity=Sum("quantity"))
        .order_by()
    )
    by_item = defaultdict(lambda: {"plans": 0, "quantity": 0.0, "by_area": {}})
    ward_ids = set()
    for row in rows:
        entry = by_item[row["intervention_id"]]
        entry["plans"] += row["plans"]
        entry["quantity"] += row["quantity"] or 0
        if row["plan__ward_id"]:
            entry["by_area"][row["plan__ward_id"]] = row["plans"]
            ward_ids.add(row["plan__ward_id"])
    interventions = {i.pk: i for i in Intervention.objects.all()}
    table = sorted(
        (
            {
                "intervention": interventions[pk],
                "label": interventions[pk].name,
                "overall": entry["plans"],
                "share": round(entry["plans"] / total_plans * 100) if total_plans else 0,
                "quantity": entry["quantity"],
                "by_area": entry["by_area"],
            }
            for pk, entry in by_item.items()
            if pk in interventions
        ),
        key=lambda r: (-r["overall"], r["label"]),
    )
    areas = list(Area.objects.filter(pk__in=ward_ids).order_by("name").values_list("pk", "name"))
    return {"rows": table, "areas": areas, "plans": total_plans}


def consultation_section(consultation, user) -> dict | None:
    """Plans residents gave as feedback to this consultation, with their choices (its results page)."""
    plans = list(_with_choices(GamePlan.objects.filter(consultation=consultation)).order_by("-updated_at")[:100])
    if not plans:
        return None
    return {
        "template": "gamification/game/_consultation_plans.html",
        "plans": plans,
        "count": GamePlan.objects.filter(consultation=consultation).count(),
        "show_notes": user.is_authenticated and user.has_perm("engagement.change_consultation"),
    }


def comparables(ids: list[int], user) -> list[Comparable]:
    """Plans for the twin's side-by-side comparison: only those this person may see."""
    found = []
    for plan in _with_choices(GamePlan.objects.filter(pk__in=ids)):
        if not may_view(user, plan):
            continue
        board = board_of(plan)
        found.append(
            Comparable(
                title=_("Residents' plan %(n)s") % {"n": plan.pk},
                url=plan.get_absolute_url(),
                plans=[{"area": plan.area, "adjustments": [], "interventions": board.interventions()}],
                weights=board.weights,
                note=_("Budget %(budget)s") % {"budget": game.pounds(plan.budget_gbp)},
            )
        )
    return found


def user_plans_export(*, user) -> list[dict]:
    return [
        {
            "area": plan.area.name,
            "budget_gbp": plan.budget_gbp,
            "objectives": plan.objectives,
            "choices": {c.intervention.code: c.quantity for c in plan.choices.all()},
            "note": plan.note,
            "shared": bool(plan.shared_at),
            "consultation": plan.consultation_id,
            "updated_at": plan.updated_at.isoformat(),
        }
        for plan in plans_of(user=user)
    ]


def user_plans_erase(*, user) -> None:
    """Account erasure: private plans go; plans given to a consultation stay there, unnamed and
    without their note; plans only in the gallery go."""
    GamePlan.objects.filter(owner=user, consultation__isnull=True).delete()
    GamePlan.objects.filter(owner=user).update(owner=None, note="", shared_at=None)
