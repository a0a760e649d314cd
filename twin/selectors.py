"""Every non-trivial read in the twin."""

from collections import defaultdict
from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from accounts.themes import DEFAULT_PRIORITIES, Theme
from places.models import Area
from twin.models import (
    AccessRequest,
    Dataset,
    DownloadLog,
    Intervention,
    KpiDefinition,
    KpiObservation,
    ScoreRun,
    TermsAcceptance,
)
from twin.scoring.engine import reweighted, weights_from_priorities

# What each kind of person sees first on the dashboard.
FIRST_THEMES = {
    "investor": [Theme.JOBS_SKILLS, Theme.ENERGY_NET_ZERO, Theme.HOUSING],
    "business": [Theme.JOBS_SKILLS, Theme.TRANSPORT, Theme.ENERGY_NET_ZERO],
    "policy": [Theme.ENERGY_NET_ZERO, Theme.AIR_QUALITY, Theme.HEALTH_WELLBEING],
    "resident": [Theme.AIR_QUALITY, Theme.GREEN_BLUE_SPACE, Theme.HEALTH_WELLBEING],
}
POPULATION_KPI = "population"


def series(kpi: KpiDefinition, area: Area, *, start_year: int | None = None, end_year: int | None = None) -> list[dict]:
    """The KPI over time in the area (see many_series)."""
    return many_series([kpi], area, start_year=start_year, end_year=end_year)[kpi.code]


def many_series(kpis, area: Area, *, start_year: int | None = None, end_year: int | None = None) -> dict[str, list]:
    """Each KPI over time in the area: its own observations, or those of its smaller areas combined
    with the KPI's aggregation (population-weighted where it says so). At most four queries,
    however many KPIs and years."""
    kpis = list(kpis)
    period = Q()
    if start_year:
        period &= Q(period_end__gte=datetime(start_year, 1, 1, tzinfo=UTC))
    if end_year:
        period &= Q(period_start__lte=datetime(end_year, 12, 31, 23, 59, 59, tzinfo=UTC))
    fields = ("kpi_id", "period_start", "period_end", "value", "quality", "source__name", "area_id")
    own = defaultdict(list)
    for row in KpiObservation.objects.filter(period, kpi__in=kpis, area=area).order_by("period_start").values(*fields):
        own[row["kpi_id"]].append(dict(row, areas=1))
    result = {k.code: own.get(k.pk, []) for k in kpis}
    rest = [k for k in kpis if not own.get(k.pk)]
    if not rest:
        return result
    children = Q(area__parent=area) | Q(area__parent__parent=area)
    rows = list(KpiObservation.objects.filter(period, children, kpi__in=rest).values(*fields).order_by("period_start"))
    if not rows:
        return result
    levels = _deepest_levels(rows)
    weights = {}
    if any(k.aggregation == KpiDefinition.Aggregation.POPULATION_WEIGHTED for k in rest):
        weights = dict(
            KpiObservation.objects.filter(
                kpi__code=POPULATION_KPI, area_id__in=set().union(*levels.values()), value__isnull=False
            )
            .order_by("area_id", "period_end")
            .values_list("area_id", "value")
        )
    by_kpi = defaultdict(list)
    for row in rows:
        by_kpi[row["kpi_id"]].append(row)
    for kpi in rest:
        kpi_rows = by_kpi.get(kpi.pk, [])
        level = levels.get(kpi.pk, set())
        result[kpi.code] = _combine(kpi, [r for r in kpi_rows if r["area_id"] in level], weights)
    return result


def _combine(kpi, rows, weights) -> list[dict]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[(row["period_start"], row["period_end"])].append(row)
    result = []
    for (start, end), group in sorted(grouped.items()):
        values = [r for r in group if r["value"] is not None]
        value = None
        if values:
            if kpi.aggregation == KpiDefinition.Aggregation.SUM:
                value = sum(r["value"] for r in values)
            elif kpi.aggregation == KpiDefinition.Aggregation.POPULATION_WEIGHTED and all(
                r["area_id"] in weights for r in values
            ):
                total = sum(weights[r["area_id"]] for r in values)
                value = sum(r["value"] * weights[r["area_id"]] for r in values) / total if total else None
            else:
                value = sum(r["value"] for r in values) / len(values)
        result.append(
            {
                "period_start": start,
                "period_end": end,
                "value": round(value, 3) if value is not None else None,
                "quality": "modelled" if value is not None else "missing",
                "source__name": group[0]["source__name"],
                "areas": len(values),
                "missing_areas": len(group) - len(values),
            }
        )
    return result


def _deepest_levels(rows) -> dict[int, set[int]]:
    """Per KPI, only the smallest level of area present (LSOAs inside wards): never count twice."""
    kinds = dict(Area.objects.filter(id__in={r["area_id"] for r in rows}).values_list("id", "kind"))
    order = [Area.Kind.LSOA, Area.Kind.NEIGHBOURHOOD, Area.Kind.WARD, Area.Kind.ENTERPRISE_ZONE]
    present = defaultdict(set)
    for row in rows:
        present[row["kpi_id"]].add(row["area_id"])
    levels = {}
    for kpi_id, ids in present.items():
        found = {kinds[i] for i in ids}
        kind = next((k for k in order if k in found), None)
        levels[kpi_id] = {i for i in ids if kinds[i] == kind} if kind else ids
    return levels


def period_label(start: datetime, end: datetime) -> str:
    days = (end - start).days
    if days >= 360:
        return f"{start:%Y}"
    if days >= 27:
        return f"{start:%b %Y}"
    return f"{start:%d %b %Y}"


def user_kind(user) -> str:
    if not user.is_authenticated:
        return "resident"
    if user.has_perm("twin.manage_scenarios"):
        return "policy"
    groups = set(user.groups.values_list("name", flat=True))
    if "investor" in groups:
        return "investor"
    if user.memberships.filter(organisation__kind="business").exists():
        return "business"
    return "resident"


def dashboard_kpis(*, kind: str, theme: str = "", priorities=None):
    """KPIs in the order this kind of person sees them: their first themes, then the rest."""
    kpis = list(KpiDefinition.objects.all())
    if theme:
        kpis = [k for k in kpis if k.theme == theme]
    first = [t.value for t in FIRST_THEMES.get(kind, [])]
    if kind == "resident" and priorities:
        first = list(priorities)
    order = {t: i for i, t in enumerate(first + [t for t in DEFAULT_PRIORITIES if t not in first])}
    return sorted(kpis, key=lambda k: (order.get(k.theme, 99), k.name))


def current_score(obj) -> ScoreRun | None:
    content_type = ContentType.objects.get_for_model(obj)
    return (
        ScoreRun.objects.filter(content_type=content_type, object_id=obj.pk, current=True)
        .select_related("weight_set", "coefficient_set")
        .first()
    )


def score_lines(run: ScoreRun) -> list[dict]:
    """The run's lines with the wording, units and citations of its coefficient set (two queries)."""
    from twin.models import Coefficient, KpiBound
    from twin.reference import EFFECT_LABELS

    kpis = {k.code: k for k in KpiDefinition.objects.filter(code__in={line["kpi"] for line in run.lines})}
    sources = {(c.effect, c.kpi_id): c for c in Coefficient.objects.filter(coefficient_set_id=run.coefficient_set_id)}
    bounds = dict(KpiBound.objects.filter(coefficient_set_id=run.coefficient_set_id).values_list("kpi_id", "rationale"))
    lines = []
    for line in run.lines:
        kpi = kpis.get(line["kpi"])
        line = dict(line, kpi_name=kpi.name if kpi else line["kpi"], unit=kpi.unit if kpi else "")
        if line.get("kpi_summary"):
            line["bound_rationale"] = bounds.get(kpi.pk, "") if kpi else ""
        else:
            coefficient = sources.get((line["effect"], kpi.pk if kpi else None))
            line["source"] = coefficient.source if coefficient else ""
            line["source_url"] = coefficient.source_url if coefficient else ""
            line["effect_label"] = str(EFFECT_LABELS.get(line["effect"], line["effect"]))
        lines.append(line)
    return lines


def score_explained(run: ScoreRun, *, priorities=None) -> dict:
    observations = {
        o.pk: o
        for o in KpiObservation.objects.filter(pk__in=run.observation_ids).select_related("kpi", "area", "source")
    }
    lines = score_lines(run)
    effect_lines = [line for line in lines if not line.get("kpi_summary")]
    kpi_lines = [line for line in lines if line.get("kpi_summary")]
    for line in kpi_lines:
        line["observation"] = observations.get(line.get("baseline_observation"))
    themes = [
        {"code": code, "label": Theme(code).label, **values}
        for code, values in sorted(run.contributions.items(), key=lambda kv: -abs(kv[1]["points"]))
    ]
    personal = None
    if priorities:
        weights = weights_from_priorities(list(priorities), DEFAULT_PRIORITIES)
        personal = {"total": reweighted(run.contributions, weights), "weights": weights}
    return {
        "run": run,
        "effect_lines": effect_lines,
        "kpi_lines": kpi_lines,
        "themes": themes,
        "observations": sorted(observations.values(), key=lambda o: (o.kpi.code, o.area.name)),
        "personal": personal,
    }


def scenario_described(plans) -> list[tuple]:
    """Each area of a scenario with its adjustments and interventions in words."""
    codes = {a["kpi"] for plan in plans for a in plan.adjustments}
    kpis = {k.code: k for k in KpiDefinition.objects.filter(code__in=codes).only("code", "name", "unit")}
    items = {
        i.code: i
        for i in Intervention.objects.filter(code__in={i["code"] for plan in plans for i in plan.interventions})
    }
    described = []
    for plan in plans:
        lines = []
        for a in plan.adjustments:
            kpi = kpis.get(a["kpi"])
            unit = "%" if a.get("mode") == "percent" else f" {kpi.unit if kpi else ''}"
            lines.append(f"{kpi.name if kpi else a['kpi']}: {float(a['value']):+g}{unit}")
        for i in plan.interventions:
            item = items.get(i["code"])
            if item:
                lines.append(f"{item.name}: {float(i['quantity']):g} × {item.unit}")
        described.append((plan.area, lines))
    return described


def scenario_projections(plans: list[dict]) -> dict:
    """Observed baseline and projected value per KPI in every area of a scenario (plans of
    {"area", "adjustments", "interventions"}), and the cost of all its interventions; never writes.
    Adjustments are absolute or percentage; interventions add their effects (× quantity) through
    the scoring coefficients. The catalogue, KPIs, scoring tables and weights are read once, so each
    area adds only its own figures (a few queries)."""
    from twin.scoring import service as scoring

    catalogue = {i.code: i for i in Intervention.objects.all()}
    prepared = []
    for plan in plans:
        effects: dict[str, float] = {}
        cost = 0
        for item in plan["interventions"]:
            intervention = catalogue.get(item.get("code"))
            quantity = float(item.get("quantity") or 0)
            if intervention is None or quantity <= 0:
                continue
            cost += intervention.cost_per_unit_gbp * quantity
            for effect, per_unit in intervention.effects_per_unit.items():
                effects[effect] = effects.get(effect, 0) + per_unit * quantity
        prepared.append((plan, effects, cost))
    to_score = [
        (effects, [plan["area"].code] if plan["area"].kind == Area.Kind.WARD else [])
        for plan, effects, _cost in prepared
        if effects
    ]
    try:
        scores = iter(scoring.preview_many(to_score) if to_score else [])
    except scoring.NotReady:
        scores = iter([None] * len(to_score))
    codes = {a["kpi"] for plan in plans for a in plan["adjustments"] if a.get("kpi")}
    scored = [(plan, effects, cost, next(scores) if effects else None) for plan, effects, cost in prepared]
    for _plan, _effects, _cost, score in scored:
        codes |= {line["kpi"] for line in (score.lines if score else []) if line.get("kpi_summary")}
    kpis = list(KpiDefinition.objects.filter(code__in=codes).order_by("theme", "name"))
    areas = [
        {
            "area": plan["area"],
            "chart_id": f"projection-chart-{plan['area'].pk}-data",
            "score": score,
            "cost": cost,
            "effects": effects,
            **_projected_rows(kpis, plan["area"], plan["adjustments"], score),
        }
        for plan, effects, cost, score in scored
    ]
    return {"areas": areas, "cost": sum(a["cost"] for a in areas)}


def _projected_rows(kpis, area: Area, adjustments: list[dict], score) -> dict:
    intervention_change = defaultdict(float)
    for line in score.lines if score else []:
        if line.get("kpi_summary"):
            intervention_change[line["kpi"]] += line["change"]
    adjusted = {a["kpi"]: a for a in adjustments if a.get("kpi")}
    kpis = [k for k in kpis if k.code in adjusted or k.code in intervention_change]
    all_series = many_series(kpis, area) if kpis else {}  # a few queries for every figure at once
    rows = []
    for kpi in kpis:
        observed = [p for p in all_series[kpi.code] if p["value"] is not None]
        latest = observed[-1] if observed else None
        baseline = latest["value"] if latest else None
        projected = baseline
        notes = []
        if baseline is not None:
            adjustment = adjusted.get(kpi.code)
            if adjustment:
                value = float(adjustment.get("value") or 0)
                if adjustment.get("mode") == "percent":
                    projected = projected * (1 + value / 100)
                    notes.append(f"{value:+g}%")
                else:
                    projected = projected + value
                    notes.append(f"{value:+g} {kpi.unit}")
            if kpi.code in intervention_change:
                projected += intervention_change[kpi.code]
                notes.append("interventions")
        rows.append(
            {
                "kpi": kpi,
                "baseline": baseline,
                "baseline_period": period_label(latest["period_start"], latest["period_end"]) if latest else "",
                "projected": round(projected, 3) if projected is not None else None,
                "change": round(projected - baseline, 3) if baseline is not None else None,
                "better": (
                    None
                    if baseline is None or projected == baseline
                    else (projected > baseline) == kpi.higher_is_better
                ),
                "notes": notes,
            }
        )
    changes = [r for r in rows if r["baseline"] and r["projected"] is not None]
    chart = {
        "label": "% change from the latest observed value",
        "labels": [r["kpi"].name for r in changes],
        "values": [round((r["projected"] - r["baseline"]) / abs(r["baseline"]) * 100, 2) for r in changes],
    }
    return {"rows": rows, "chart": chart}


def catalogue(user):
    return list(Dataset.objects.select_related("kpi"))


def may_download(user, dataset: Dataset) -> tuple[bool, str]:
    """(allowed, what is needed otherwise: "sign_in", "terms" or "request")."""
    if dataset.tier == "open":
        return True, ""
    if not user.is_authenticated:
        return False, "sign_in"
    if dataset.tier == "restricted":
        if TermsAcceptance.objects.filter(user=user, dataset=dataset).exists():
            return True, ""
        return False, "terms"
    if user.has_perm("twin.download_dataset", dataset):
        return True, ""
    return False, "request"


def pending_requests():
    return AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).select_related("dataset", "user")


def user_data_export(user) -> dict:
    return {
        "terms_accepted": [
            {"dataset": t.dataset.slug, "accepted_at": t.accepted_at.isoformat()}
            for t in TermsAcceptance.objects.filter(user=user).select_related("dataset")
        ],
        "access_requests": [
            {
                "dataset": r.dataset.slug,
                "purpose": r.purpose,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
            }
            for r in AccessRequest.objects.filter(user=user).select_related("dataset")
        ],
        "downloads": [
            {"dataset": d.dataset.slug, "at": d.downloaded_at.isoformat()}
            for d in DownloadLog.objects.filter(user=user).select_related("dataset")
        ],
    }
