"""Gross to net local effects, by the additionality method of the Homes and Communities Agency's
Additionality Guide (fourth edition, 2014):

    net local effect = gross × (1 − leakage) × (1 − displacement) × (1 − deadweight) × multiplier

Leakage: the share of the benefit that goes to people outside the target area; displacement: the
share taken from other local firms or places; deadweight: the share that would have happened
anyway; the multiplier: further local activity from supplier and income spending. Applied to the
economic effects (jobs and local hires, apprenticeships, floorspace). Physical effects – homes
built, carbon, energy generated, green space – are where they are and are scored as stated.

Pure: no database. `investors.selectors.additionality_current()` reads the factors in force.
"""

from dataclasses import dataclass
from decimal import Decimal

# The guide's ready-reckoner levels used as defaults: "low" leakage (10%), "low" displacement
# (25%), "low" deadweight (10%) and a neighbourhood-level composite multiplier (1.1). A policy lead
# changes them (logged) when an appraisal for the district says otherwise.
DEFAULTS = {
    "leakage": Decimal("0.10"),
    "displacement": Decimal("0.25"),
    "deadweight": Decimal("0.10"),
    "multiplier": Decimal("1.10"),
}
DEFAULT_NOTE = (
    "Defaults: the ready-reckoner 'low' levels of the HCA Additionality Guide (4th edition, 2014) for "
    "leakage, displacement and deadweight, and a neighbourhood-level composite multiplier."
)
GUIDE_URL = "https://www.gov.uk/government/publications/additionality-guide"
NETTED = ("jobs_created", "local_hires", "apprenticeships", "floorspace_m2")


@dataclass(frozen=True)
class Factors:
    leakage: Decimal
    displacement: Decimal
    deadweight: Decimal
    multiplier: Decimal

    @property
    def ratio(self) -> Decimal:
        return (1 - self.leakage) * (1 - self.displacement) * (1 - self.deadweight) * self.multiplier


DEFAULT_FACTORS = Factors(**DEFAULTS)


@dataclass(frozen=True)
class Line:
    effect: str
    gross: float
    net: float
    netted: bool


def net_effects(gross: dict, factors: Factors) -> tuple[dict, list[Line]]:
    """The effects the twin scores (net where the method applies) and a line per stated effect
    showing gross, net and whether the factors applied."""
    ratio = float(factors.ratio)
    net, lines = {}, []
    for effect, value in gross.items():
        if value is None:
            continue
        if effect in NETTED:
            figure = round(float(value) * ratio, 2)
            lines.append(Line(effect, float(value), figure, True))
        else:
            figure = value
            lines.append(Line(effect, float(value), float(value), False))
        net[effect] = figure
    return net, lines


def calculation(gross: float, factors: Factors) -> str:
    """The sum written out, e.g. "120 × (1 − 0.10) × (1 − 0.25) × (1 − 0.10) × 1.10 = 80.19"."""
    net = round(gross * float(factors.ratio), 2)
    return (
        f"{gross:g} × (1 − {factors.leakage:.2f}) × (1 − {factors.displacement:.2f})"
        f" × (1 − {factors.deadweight:.2f}) × {factors.multiplier:.2f} = {net:g}"
    )
