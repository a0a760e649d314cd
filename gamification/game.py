"""The planning game's moves and what they would do: a board (area, budget, objectives,
quantities of the twin's interventions) is changed by one move at a time, never past the budget,
and projected through the twin (cost, KPIs, the impact score by the player's objectives, and how
each objective fares). Shared by the game's pages, saved plans and the comparison."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.themes import DEFAULT_PRIORITIES, Theme
from engagement.budgeting import pounds
from params import BadParameter, parse_float, parse_int
from places.models import Area
from twin import selectors as twin_selectors
from twin.models import Intervention
from twin.reference import EFFECT_LABELS
from twin.scoring.engine import weights_from_priorities

BUDGETS = [250_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 20_000_000]
DEFAULT_BUDGET = 2_000_000
MAX_QUANTITY = 1_000_000


@dataclass
class Board:
    area: Area
    budget: int
    objectives: list[str]
    quantities: dict[str, float] = field(default_factory=dict)  # intervention code → quantity (> 0)
    problems: list[str] = field(default_factory=list)  # what the last move could not do, in words
    field_errors: dict[str, str] = field(default_factory=dict)  # intervention code → what was wrong

    @property
    def weights(self) -> dict[str, float]:
        return weights_from_priorities(self.objectives, DEFAULT_PRIORITIES)

    def interventions(self) -> list[dict]:
        return [{"code": code, "quantity": q} for code, q in self.quantities.items() if q > 0]


def catalogue() -> dict[str, Intervention]:
    return {i.code: i for i in Intervention.objects.order_by("name")}


def cost_of(quantities: dict[str, float], items: dict[str, Intervention]) -> float:
    return sum(items[code].cost_per_unit_gbp * q for code, q in quantities.items() if code in items)


def clean_objectives(values) -> list[str]:
    """Known themes, in the order given, each once; none chosen means all of them."""
    chosen = []
    for value in values:
        if value in Theme.values and value not in chosen:
            chosen.append(value)
    return chosen or list(DEFAULT_PRIORITIES)


def _quantity(raw, *, name: str) -> float:
    return parse_float(raw, name=name, minimum=0, maximum=MAX_QUANTITY, default=0.0)


def move(board: Board, data, items: dict[str, Intervention]) -> Board:
    """Apply what the form asks: typed quantities, or one press of + or − (`more`/`less` = a code).
    The form carries the last accepted quantities (`was_<code>`); a move that would pass the
    budget, or a quantity that is not a number, leaves that intervention as it was, and says why."""
    was = {}
    for code in items:
        try:
            was[code] = _quantity(data.get(f"was_{code}"), name=f"was_{code}")
        except BadParameter:
            was[code] = 0.0
    wanted = dict(was)
    for code, item in items.items():
        try:
            wanted[code] = _quantity(data.get(f"q_{code}"), name=item.name)
        except BadParameter as exc:
            board.field_errors[code] = str(exc.message)
            board.problems.append(_("%(name)s: %(message)s") % {"name": item.name, "message": exc.message})
            wanted[code] = was[code]
    pressed = data.get("more") or data.get("less")
    if pressed in items:
        step = items[pressed].step
        start = was[pressed] if wanted[pressed] == was[pressed] else wanted[pressed]
        wanted[pressed] = start + step if data.get("more") else max(0.0, start - step)
    wanted = {code: round(q, 3) for code, q in wanted.items()}
    total = cost_of(wanted, items)
    if total > board.budget:
        # Undo, one intervention at a time, the increases that passed the budget: the running
        # total never passes it, and the person is told what did not fit.
        for code in sorted(items, key=lambda c: (c != pressed, c)):
            if wanted[code] > was[code] and cost_of(wanted, items) > board.budget:
                over = cost_of(wanted, items) - board.budget
                board.problems.append(
                    _(
                        "%(name)s: %(quantity)s %(unit)s would cost %(cost)s, %(over)s more than the budget of "
                        "%(budget)s allows. Remove something else first, or choose fewer."
                    )
                    % {
                        "name": items[code].name,
                        "quantity": f"{wanted[code]:g}",
                        "unit": items[code].unit,
                        "cost": pounds(items[code].cost_per_unit_gbp * wanted[code]),
                        "over": pounds(over),
                        "budget": pounds(board.budget),
                    }
                )
                board.field_errors.setdefault(code, _("This would take the plan over the budget."))
                wanted[code] = was[code]
    board.quantities = {code: q for code, q in wanted.items() if q > 0}
    previous_budget = data.get("was_budget")
    if cost_of(board.quantities, items) > board.budget and previous_budget:
        # A smaller budget than the plan already spends: keep the budget it had, and say so.
        try:
            kept = parse_float(previous_budget, name="was_budget", minimum=0, maximum=10**12)
        except BadParameter:
            kept = None
        if kept in BUDGETS:
            board.problems.append(
                _("Your plan costs %(cost)s, more than a budget of %(budget)s: remove something first.")
                % {"cost": pounds(cost_of(board.quantities, items)), "budget": pounds(board.budget)}
            )
            board.budget = int(kept)
    return board


def project(board: Board, items: dict[str, Intervention], *, access) -> dict:
    """Everything the game shows for a board: each intervention's row, the cost against the
    budget, the projection of the area's KPIs, the score by the player's objectives and the
    balance of every theme the plan touches."""
    cost = cost_of(board.quantities, items)
    left = board.budget - cost
    rows = []
    for code, item in items.items():
        quantity = board.quantities.get(code, 0.0)
        rows.append(
            {
                "item": item,
                "quantity": quantity,
                "quantity_text": f"{quantity:g}",
                "subtotal": item.cost_per_unit_gbp * quantity,
                "more_steps": int(left // (item.cost_per_unit_gbp * item.step)) if item.cost_per_unit_gbp else None,
                "error": board.field_errors.get(code, ""),
                "effects": ", ".join(
                    f"{value:g} × {EFFECT_LABELS.get(name, name.replace('_', ' '))}"
                    for name, value in item.effects_per_unit.items()
                ),
                "step_text": f"{item.step:g}",
            }
        )
    projection = twin_selectors.scenario_projections(
        [{"area": board.area, "adjustments": [], "interventions": board.interventions()}],
        access=access,
        weights=board.weights,
    )
    part = projection["areas"][0]
    score = part["score"]
    balance = []
    contributions = score.contributions if score else {}
    for theme in list(dict.fromkeys(board.objectives + list(contributions))):
        entry = contributions.get(theme, {})
        normalised = entry.get("normalised", 0.0)
        balance.append(
            {
                "theme": theme,
                "label": str(Theme(theme).label),
                "objective": theme in board.objectives,
                "rank": board.objectives.index(theme) + 1 if theme in board.objectives else None,
                "weight": board.weights.get(theme, 0.0),
                "percent": round(normalised * 100),
                "points": round(entry.get("points", 0.0), 1),
            }
        )
    return {
        "rows": rows,
        "cost": cost,
        "left": left,
        "spent_percent": round(cost / board.budget * 100) if board.budget else 0,
        "score": score.total if score else None,
        "balance": balance,
        "balance_chart": {
            "label": _("Share of the full effect on each theme (%)"),
            "labels": [b["label"] for b in balance],
            "values": [b["percent"] for b in balance],
        },
        "part": part,
        "missing": score.missing if score else [],
    }


def board_from_request(data, *, user, areas: dict[int, Area]) -> Board:
    """The area, budget and objectives a request asks for, each checked; unknown ones fall back
    to the district, the default budget and the person's priorities."""
    area_id = parse_int(data.get("area"), name="area", minimum=1, maximum=2**31, default=0)
    area = areas.get(area_id) or next((a for a in areas.values() if a.kind == Area.Kind.DISTRICT), None)
    budget = parse_int(data.get("budget"), name="budget", minimum=1, maximum=10**12, default=DEFAULT_BUDGET)
    if budget not in BUDGETS:
        budget = DEFAULT_BUDGET
    objectives = data.getlist("objective") if hasattr(data, "getlist") else []
    if not objectives and user.is_authenticated and hasattr(user, "profile"):
        objectives = user.profile.ranked_priorities[:3]
    return Board(area=area, budget=budget, objectives=clean_objectives(objectives))


def game_areas() -> dict[int, Area]:
    return {
        a.pk: a
        for a in Area.objects.filter(kind__in=[Area.Kind.DISTRICT, Area.Kind.WARD])
        .defer("geometry")
        .order_by("kind", "name")
    }
