"""The business case: sections the promoter writes, each drafted from the twin's figures until the
promoter edits it. Shown on the opportunity's page and in its PDF, with a mark on sections that
are still the twin's draft. The sections follow HM Treasury's five-case model where a promoter can
say something at this stage (strategic, economic, commercial, financial, management)."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_SECTION = 5000
SECTIONS = [
    ("strategic", gettext_lazy("Strategic case: why here and why now")),
    ("economic", gettext_lazy("Economic case: net local effects")),
    ("commercial", gettext_lazy("Commercial case: what investors are offered")),
    ("financial", gettext_lazy("Financial case: costs and funding")),
    ("management", gettext_lazy("Management case: delivery and timeline")),
]
KEYS = [key for key, _label in SECTIONS]


def _number(value) -> str:
    # rounded here: Django's number_format cuts decimals off (2.673 would print as 2.6)
    value = round(float(value), 1)
    return formats.number_format(value, decimal_pos=0 if value.is_integer() else 1, use_l10n=True, force_grouping=True)


def draft(opportunity, impact: dict) -> dict[str, str]:
    """Each section as the twin would start it, from the figures the impact summary shows."""
    # wards and the district by name; the small statistical areas (LSOAs) mean little to a reader
    areas = ", ".join(a.name for a in opportunity.areas.all() if a.kind != "lsoa") or _("the district")
    explained = impact.get("explained")
    observations = list(explained.get("observations") or [])[:4] if explained else []
    figures = "; ".join(
        f"{o.kpi.name} {o.area.name}: {_number(o.value)} {o.kpi.unit} ({o.period_end:%Y}, {o.source.name})"
        for o in observations
    )
    run = impact.get("run")
    strategic = _("The site is in %(areas)s.") % {"areas": areas}
    if figures:
        strategic += " " + _("The city twin's latest figures there: %(figures)s.") % {"figures": figures}
    if run is not None and run.total is not None:
        strategic += " " + _("Its local impact score is %(score)s out of 100.") % {"score": _number(run.total)}
    netted = [e for e in impact.get("effect_lines", []) if e["calculation"]]
    economic = (
        " ".join(
            _("%(effect)s: %(gross)s stated, %(net)s net local (%(calc)s).")
            % {
                "effect": str(e["label"]).capitalize(),
                "gross": _number(e["line"].gross),
                "net": _number(e["line"].net),
                "calc": e["calculation"],
            }
            for e in netted
        )  # fmt: skip
        or _("No economic effects are stated yet.")
    )
    commercial = _("%(type)s, %(low)s to %(high)s pounds. Time to an investment decision: %(when)s.") % {
        "type": opportunity.get_investment_type_display(),
        "low": _number(opportunity.scale_min_gbp),
        "high": _number(opportunity.scale_max_gbp),
        "when": opportunity.get_decision_time_display().lower(),
    }
    management = _("Planning: %(planning)s.") % {"planning": opportunity.get_planning_status_display().lower()}
    if opportunity.timeline:
        management += " " + opportunity.timeline
    return {
        "strategic": strategic,
        "economic": economic,
        "commercial": commercial,
        "financial": _(
            "Funding sought: %(low)s to %(high)s pounds, as %(type)s. Set out here what it would pay for and "
            "the funding already secured."
        )
        % {
            "low": _number(opportunity.scale_min_gbp),
            "high": _number(opportunity.scale_max_gbp),
            "type": opportunity.get_investment_type_display().lower(),
        },
        "management": management,
    }


def sections(opportunity, impact: dict) -> list[dict]:
    """What the page and the PDF show: each section's text, and whether it is still the draft."""
    drafted = draft(opportunity, impact)
    written = opportunity.business_case or {}
    rows = []
    for key, label in SECTIONS:
        text = (written.get(key) or "").strip()
        rows.append({"key": key, "label": label, "text": text or drafted[key], "drafted": not text})
    return rows
