"""The impact score, as a pure function: effects + context + tables + weights → a score with lines.

1. Each effect (jobs, tCO2e, trees…) becomes KPI changes through the coefficient table: change =
   value × factor, divided by the residents of the areas it touches for "per resident" rows, and
   × 100 for "percent of residents" rows. An effect that is not stated is listed, never taken as 0;
   a row that needs a population we do not have is listed as missing data, not scored.
2. Each KPI's change is normalised: change ÷ the bound that counts as the full effect, clipped to
   −1…+1, with the sign flipped where lower is better.
3. Per theme the normalised changes add up (clipped to −1…+1) and are multiplied by the theme's
   weight (weights sum to 100), so the total runs from −100 to +100; 0 means no measurable change.
4. The equity line is shown separately and never added: for a positive score, up to +25% of it
   for the most deprived areas: total × 0.25 × (10 − population-weighted IMD decile) ÷ 9.
"""

from dataclasses import dataclass, field

EQUITY_UPLIFT = 0.25


@dataclass(frozen=True)
class KpiInfo:
    code: str
    name: str
    unit: str
    theme: str
    higher_is_better: bool


@dataclass(frozen=True)
class Row:
    effect: str
    kpi: str
    factor: float
    scale: str  # absolute | per_resident | percent_of_residents
    source: str
    source_url: str = ""


@dataclass
class Tables:
    version: str
    rows: list[Row]
    bounds: dict[str, float]  # kpi code → change counted as the full effect
    kpis: dict[str, KpiInfo]
    bound_rationales: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    area_codes: list[str]
    population: float | None
    imd_decile: float | None
    baselines: dict[str, tuple[float, int]]  # kpi code → (latest value, observation id)
    population_observation_ids: list[int] = field(default_factory=list)


@dataclass
class Score:
    total: float | None
    equity: float | None
    contributions: dict  # theme → {"weight", "normalised", "points"}
    lines: list[dict]
    missing: list[str]
    observation_ids: list[int]


def score(effects: dict, context: Context, tables: Tables, weights: dict[str, float]) -> Score:
    lines, missing = [], []
    kpi_change: dict[str, float] = {}
    stated = {k for k, v in effects.items() if v is not None and k != "other"}
    for name in sorted({r.effect for r in tables.rows} - stated):
        if name in effects:
            missing.append(f"effect not stated: {name}")
    for row in tables.rows:
        value = effects.get(row.effect)
        if value is None:
            continue
        # Only what this score used; the wording and citations live in the (immutable) coefficient
        # set the run points to, so 10,000 runs do not repeat them.
        line = {"effect": row.effect, "value": value, "kpi": row.kpi, "factor": row.factor, "scale": row.scale}
        if row.scale in {"per_resident", "percent_of_residents"}:
            if not context.population:
                line["change"] = None
                line["note"] = "missing data: population of the areas"
                missing.append(f"population unknown, {row.effect} → {row.kpi} not scored")
                lines.append(line)
                continue
            change = value * row.factor / context.population * (100 if row.scale == "percent_of_residents" else 1)
        else:
            change = value * row.factor
        line["change"] = change
        kpi_change[row.kpi] = kpi_change.get(row.kpi, 0.0) + change
        lines.append(line)
    themes: dict[str, float] = {}
    kpi_lines = []
    for code, change in kpi_change.items():
        kpi = tables.kpis[code]
        bound = tables.bounds.get(code)
        if not bound:
            missing.append(f"no bound for {code}, not scored")
            continue
        normalised = max(-1.0, min(1.0, change / bound)) * (1 if kpi.higher_is_better else -1)
        baseline = context.baselines.get(code)
        kpi_lines.append(
            {
                "kpi": code,
                "theme": kpi.theme,
                "change": change,
                "bound": bound,
                "normalised": normalised,
                "baseline": baseline[0] if baseline else None,
                "baseline_observation": baseline[1] if baseline else None,
            }
        )
        themes[kpi.theme] = themes.get(kpi.theme, 0.0) + normalised
    contributions = {}
    for theme, raw in themes.items():
        normalised = max(-1.0, min(1.0, raw))
        weight = float(weights.get(theme, 0))
        contributions[theme] = {"weight": weight, "normalised": normalised, "points": weight * normalised}
    total = round(sum(c["points"] for c in contributions.values()), 2) if contributions else None
    equity = None
    if total is not None and context.imd_decile is not None:
        equity = round(total * EQUITY_UPLIFT * (10 - context.imd_decile) / 9, 1) if total > 0 else 0.0
    elif total is not None:
        missing.append("deprivation of the areas unknown: no equity line")
    used = sorted(
        {line["baseline_observation"] for line in kpi_lines if line["baseline_observation"]}
        | set(context.population_observation_ids)
    )
    return Score(
        total=total,
        equity=equity,
        contributions=contributions,
        lines=lines + [{"kpi_summary": True, **line} for line in kpi_lines],
        missing=missing,
        observation_ids=used,
    )


def reweighted(contributions: dict, weights: dict[str, float]) -> float | None:
    """The same score with someone else's weights (e.g. a resident's ranked priorities)."""
    if not contributions:
        return None
    return round(sum(float(weights.get(t, 0)) * c["normalised"] for t, c in contributions.items()), 1)


def weights_from_priorities(ranked: list[str], all_themes: list[str]) -> dict[str, float]:
    """Ranked themes → weights summing to 100 (Borda: first of n gets n points, last gets 1;
    themes not ranked get nothing)."""
    ranked = [t for t in ranked if t in all_themes] or list(all_themes)
    n = len(ranked)
    points = {theme: n - i for i, theme in enumerate(ranked)}
    total = sum(points.values())
    return {theme: round(100 * p / total, 2) for theme, p in points.items()}
