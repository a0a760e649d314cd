"""Every non-trivial read in the twin."""

import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Avg, Case, Count, DateTimeField, F, Max, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Trunc

from accounts.themes import DEFAULT_PRIORITIES, Theme
from places.models import Area
from twin.models import (
    AccessRequest,
    Coefficient,
    Dataset,
    DownloadLog,
    Intervention,
    KpiBound,
    KpiDefinition,
    KpiObservation,
    ScoreRun,
    TermsAcceptance,
)
from twin.permissions import FigureAccess
from twin.reference import EFFECT_LABELS
from twin.scoring import service as scoring
from twin.scoring.engine import reweighted, weights_from_priorities

# What each kind of person sees first on the dashboard.
FIRST_THEMES = {
    "investor": [Theme.JOBS_SKILLS, Theme.ENERGY_NET_ZERO, Theme.HOUSING],
    "business": [Theme.JOBS_SKILLS, Theme.TRANSPORT, Theme.ENERGY_NET_ZERO],
    "policy": [Theme.ENERGY_NET_ZERO, Theme.AIR_QUALITY, Theme.HEALTH_WELLBEING],
    "resident": [Theme.AIR_QUALITY, Theme.GREEN_BLUE_SPACE, Theme.HEALTH_WELLBEING],
}
POPULATION_KPI = "population"
# Smallest first: a figure for a bigger area is combined from the smallest areas that have it.
LEVELS = [Area.Kind.LSOA, Area.Kind.NEIGHBOURHOOD, Area.Kind.WARD, Area.Kind.ENTERPRISE_ZONE]


def series(
    kpi: KpiDefinition,
    area: Area,
    *,
    access: FigureAccess,
    start_year: int | None = None,
    end_year: int | None = None,
    monthly=False,
) -> list[dict]:
    """The KPI over time in the area (see many_series)."""
    return many_series([kpi], area, access=access, start_year=start_year, end_year=end_year, monthly=monthly)[kpi.code]


def many_series(
    kpis,
    area: Area,
    *,
    access: FigureAccess,
    start_year: int | None = None,
    end_year: int | None = None,
    since: dict[str, datetime] | None = None,
    monthly: bool = False,
) -> dict[str, list]:
    """Each KPI over time in the area: its own observations, or those of its smaller areas combined
    with the KPI's aggregation (population-weighted where it says so). At most six queries,
    however many KPIs and years. `since` keeps, per KPI code, only periods starting then or later.
    `monthly` (charts) averages periods shorter than a month – hourly sensor readings – per area
    and calendar month in the database, so years of readings come back as a few hundred rows.
    A KPI whose figures `access` withholds comes back empty and is never read."""
    requested = list(kpis)
    kpis = access.visible(requested)
    if len(kpis) < len(requested):
        return {
            **{k.code: [] for k in requested},
            **many_series(
                kpis, area, access=access, start_year=start_year, end_year=end_year, since=since, monthly=monthly
            ),
        }
    if monthly and since is None:  # charts: each KPI's series cached until the store changes
        keys = _series_keys(kpis, area, start_year, end_year)
        found = _cache_get_many(list(keys.values()))
        result = {k.code: found[keys[k.code]] for k in kpis if keys[k.code] in found}
        missing = [k for k in kpis if k.code not in result]
        if missing:
            computed = _many_series(missing, area, start_year=start_year, end_year=end_year, monthly=True)
            _cache_set_many({keys[code]: points for code, points in computed.items()})
            result.update(computed)
        return result
    return _many_series(kpis, area, start_year=start_year, end_year=end_year, since=since, monthly=monthly)


SERIES_VERSION_KEY = "twin:series-version"
SERIES_SECONDS = 3600


def _cache_get_many(keys: list[str]) -> dict:
    try:
        return cache.get_many(keys) if keys else {}
    except Exception:  # noqa: BLE001 - the cache is optional: compute it
        return {}


def _cache_set_many(values: dict, timeout=SERIES_SECONDS) -> None:
    try:
        cache.set_many(values, timeout)
    except Exception:  # noqa: BLE001, S110 - the cache is optional
        pass


def _series_keys(kpis, area, start_year, end_year) -> dict[str, str]:
    version = _cache_get_many([SERIES_VERSION_KEY]).get(SERIES_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        _cache_set_many({SERIES_VERSION_KEY: version}, None)
    return {k.code: f"twin:series:{version}:{k.pk}:{area.pk}:{start_year}:{end_year}" for k in kpis}


def bump_series_version(**kwargs) -> None:
    """The store changed (a sync, an edit in the admin): every cached chart series is stale."""
    _cache_set_many({SERIES_VERSION_KEY: uuid.uuid4().hex}, None)


def _many_series(
    kpis, area, *, start_year=None, end_year=None, since=None, monthly=False, smaller_ids=None
) -> dict[str, list]:
    period = Q()
    if start_year:
        period &= Q(period_end__gte=datetime(start_year, 1, 1, tzinfo=UTC))
    if end_year:
        period &= Q(period_start__lte=datetime(end_year, 12, 31, 23, 59, 59, tzinfo=UTC))
    if since is not None:
        per_kpi = Q(pk__in=[])
        for kpi in kpis:
            if since.get(kpi.code):
                per_kpi |= Q(kpi=kpi, period_start__gte=since[kpi.code])
        period &= per_kpi
    own = defaultdict(list)
    for row in _observation_rows(KpiObservation.objects.filter(period, kpi__in=kpis, area=area), monthly):
        own[row["kpi_id"]].append(dict(row, areas=1))
    result = {k.code: own.get(k.pk, []) for k in kpis}
    # Smaller areas fill in where the area has no figures of its own, or only missing ones.
    rest = [k for k in kpis if all(r["value"] is None for r in own.get(k.pk, []))]
    if not rest:
        return result
    # By id when the caller knows them: lets the database seek (KPI, area, period) per area.
    children = (
        Q(area_id__in=smaller_ids) if smaller_ids is not None else Q(area__parent=area) | Q(area__parent__parent=area)
    )
    rows = _observation_rows(KpiObservation.objects.filter(period, children, kpi__in=rest), monthly)
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


SERIES_FIELDS = ("kpi_id", "period_start", "period_end", "value", "quality", "source__name", "area_id")
SHORTER_THAN_A_MONTH = Q(period_end__lt=F("period_start") + timedelta(days=27))


def _observation_rows(queryset, monthly: bool) -> list[dict]:
    """The observations as rows in period order (one query). With `monthly`, periods shorter than
    a month are averaged per KPI, area and calendar month by the database; longer ones stay as
    they are (several sources for one period become their mean)."""
    if not monthly:
        return list(queryset.order_by("period_start").values(*SERIES_FIELDS))
    groups = (
        queryset.annotate(
            bucket=Case(When(SHORTER_THAN_A_MONTH, then=Trunc("period_start", "month")), default=F("period_start")),
            long_end=Case(
                When(SHORTER_THAN_A_MONTH, then=Value(None, output_field=DateTimeField())), default=F("period_end")
            ),
        )
        .values("kpi_id", "area_id", "bucket", "long_end")
        .annotate(
            last_end=Max("period_end"),
            mean=Avg("value"),
            readings=Count("id"),
            measured=Count("id", filter=Q(quality=KpiObservation.Quality.MEASURED)),
            one_quality=Min("quality"),
            source_name=Min("source__name"),
        )
        .order_by("bucket")
    )
    rows = []
    for g in groups:
        if g["readings"] == 1:
            quality = g["one_quality"]
        elif g["mean"] is None:
            quality = KpiObservation.Quality.MISSING
        elif g["measured"] == g["readings"]:
            quality = KpiObservation.Quality.MEASURED
        else:
            quality = KpiObservation.Quality.MODELLED
        rows.append(
            {
                "kpi_id": g["kpi_id"],
                "area_id": g["area_id"],
                "period_start": g["bucket"],
                "period_end": g["last_end"],
                "value": None if g["mean"] is None else round(g["mean"], 3),
                "quality": str(quality),
                "source__name": g["source_name"],
            }
        )
    return rows


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
    """Per KPI, only the smallest level of area with figures (LSOAs inside wards): never count twice.
    A level whose rows are all missing gives way to the next one that has values."""
    kinds = dict(Area.objects.filter(id__in={r["area_id"] for r in rows}).values_list("id", "kind"))
    present = defaultdict(set)
    valued = defaultdict(set)
    for row in rows:
        present[row["kpi_id"]].add(row["area_id"])
        if row["value"] is not None:
            valued[row["kpi_id"]].add(kinds[row["area_id"]])
    levels = {}
    for kpi_id, ids in present.items():
        found = valued[kpi_id] or {kinds[i] for i in ids}
        kind = next((k for k in LEVELS if k in found), None)
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


def dashboard_figures(kpis, area: Area, *, access: FigureAccess, start_year: int, end_year: int) -> dict:
    """What the dashboard shows of these KPIs in the area: a chart with its table per series, a
    figure per one-period KPI (a census, an index), and the KPIs this person may not see."""
    kpis = list(kpis)
    shown = access.visible(kpis)
    locked = [(k, access.dataset_for(k.code)) for k in kpis if not access.may_see(k.code)]
    # Charts show sensor readings (hourly, daily) as monthly means, computed by the database.
    all_points = many_series(shown, area, access=access, start_year=start_year, end_year=end_year, monthly=True)
    panels, snapshot = [], []
    for kpi in shown:
        rows = [{"label": period_label(p["period_start"], p["period_end"]), **p} for p in all_points[kpi.code]]
        if len(rows) == 1:
            snapshot.append({"kpi": kpi, **rows[0]})
        elif rows:
            panels.append(
                {
                    "kpi": kpi,
                    "rows": rows,
                    "chart": {
                        "label": f"{kpi.name} ({kpi.unit})",
                        "labels": [r["label"] for r in rows],
                        "values": [r["value"] for r in rows],
                        "lower_is_better": not kpi.higher_is_better,
                    },
                    "latest": next((r for r in reversed(rows) if r["value"] is not None), None),
                }
            )
    return {"panels": panels, "snapshot": snapshot, "locked": locked}


KPI_TABLE_HEADER = ["kpi", "area_code", "area_name", "period_start", "period_end", "value", "quality", "source"]


def kpi_table(kpi, *, area: Area | None, access: FigureAccess, start_year=None, end_year=None):
    """(rows, count) of a KPI's CSV. For an area: the chart's figures (readings shorter than a
    month as monthly means), counted. Without one: every observation as stored, streamed in
    chunks (count None). Nothing for a KPI whose figures `access` withholds."""
    if not access.may_see(kpi.code):
        return [], 0
    if area is not None:
        points = series(kpi, area, access=access, start_year=start_year, end_year=end_year, monthly=True)
        rows = [
            [
                kpi.code,
                area.code,
                area.name,
                p["period_start"].isoformat(),
                p["period_end"].isoformat(),
                "" if p["value"] is None else p["value"],
                p["quality"],
                p["source__name"],
            ]
            for p in points
        ]
        return rows, len(rows)
    queryset = KpiObservation.objects.filter(kpi=kpi).order_by("area__code", "period_start")
    if start_year:
        queryset = queryset.filter(period_end__year__gte=start_year)
    if end_year:
        queryset = queryset.filter(period_start__year__lte=end_year)
    values = queryset.values_list(
        "area__code", "area__name", "period_start", "period_end", "value", "quality", "source__name"
    ).iterator(chunk_size=5000)
    rows = (
        [kpi.code, a, n, s.isoformat(), e.isoformat(), "" if v is None else v, q, src]
        for a, n, s, e, v, q, src in values
    )
    return rows, None


def current_score(obj) -> ScoreRun | None:
    content_type = ContentType.objects.get_for_model(obj)
    return (
        ScoreRun.objects.filter(content_type=content_type, object_id=obj.pk, current=True)
        .select_related("weight_set", "coefficient_set")
        .first()
    )


def score_lines(run: ScoreRun, *, access: FigureAccess) -> list[dict]:
    """The run's lines with the wording, units and citations of its coefficient set (two queries).
    A line whose KPI `access` withholds keeps its change (effects × coefficients) but not the
    observed figure it started from: it says which dataset it is based on and how to get access."""

    kpis = {k.code: k for k in KpiDefinition.objects.filter(code__in={line["kpi"] for line in run.lines})}
    sources = {(c.effect, c.kpi_id): c for c in Coefficient.objects.filter(coefficient_set_id=run.coefficient_set_id)}
    bounds = dict(KpiBound.objects.filter(coefficient_set_id=run.coefficient_set_id).values_list("kpi_id", "rationale"))
    lines = []
    for line in run.lines:
        kpi = kpis.get(line["kpi"])
        line = dict(line, kpi_name=kpi.name if kpi else line["kpi"], unit=kpi.unit if kpi else "")
        withheld = access.note(line["kpi"])
        if withheld is not None and line.get("kpi_summary"):
            line["baseline"] = None
            line["baseline_observation"] = None
            line["withheld"] = withheld
        if line.get("kpi_summary"):
            line["bound_rationale"] = bounds.get(kpi.pk, "") if kpi else ""
        else:
            coefficient = sources.get((line["effect"], kpi.pk if kpi else None))
            line["source"] = coefficient.source if coefficient else ""
            line["source_url"] = coefficient.source_url if coefficient else ""
            line["effect_label"] = str(EFFECT_LABELS.get(line["effect"], line["effect"]))
        lines.append(line)
    return lines


def visible_observation_ids(run: ScoreRun, *, access: FigureAccess) -> list[int]:
    hidden = {
        line["baseline_observation"]
        for line in run.lines
        if line.get("kpi_summary") and not access.may_see(line["kpi"]) and line.get("baseline_observation")
    }
    return [pk for pk in run.observation_ids if pk not in hidden]


def score_explained(run: ScoreRun, *, access: FigureAccess, priorities=None) -> dict:
    observations = {
        o.pk: o
        for o in KpiObservation.objects.filter(pk__in=run.observation_ids)
        .exclude(kpi__code__in=list(access.withheld))
        .select_related("kpi", "area", "source")
    }
    lines = score_lines(run, access=access)
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


def scenario_projections(plans: list[dict], *, access: FigureAccess, weights: dict | None = None) -> dict:
    """Observed baseline and projected value per KPI in every area of a scenario (plans of
    {"area", "adjustments", "interventions"}), and the cost of all its interventions; never writes.
    Adjustments are absolute or percentage; interventions add their effects (× quantity) through
    the scoring coefficients. The catalogue, KPIs, scoring tables and weights are read once, so each
    area adds only its own figures (a few queries). `weights` by theme replace the published ones
    (the planning game scores by the player's objectives)."""

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
        scores = iter(scoring.preview_many(to_score, weights=weights) if to_score else [])
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
            **_projected_rows(kpis, plan["area"], plan["adjustments"], score, access=access),
        }
        for plan, effects, cost, score in scored
    ]
    return {"areas": areas, "cost": sum(a["cost"] for a in areas)}


def latest_points(kpis, area: Area, *, access: FigureAccess) -> dict[str, dict | None]:
    """The last point of each KPI's series in the area (what many_series would end with) without
    reading the series: one query finds each KPI's newest period in the area and in its smaller
    areas (an index seek per KPI and area), then many_series reads only from there. A store of
    hourly readings costs the same as one of yearly figures. Withheld KPIs come back None, unread."""
    requested = list(kpis)
    kpis = access.visible(requested)
    if not kpis:
        return {k.code: None for k in requested}
    newest = {  # aliases by position: KPI codes are data
        f"newest_{i}": Subquery(
            KpiObservation.objects.filter(kpi=kpi, area=OuterRef("pk"), value__isnull=False)
            .order_by("-period_start")
            .values("period_start")[:1]
        )
        for i, kpi in enumerate(kpis)
    }
    rows = list(
        Area.objects.filter(Q(pk=area.pk) | Q(parent=area) | Q(parent__parent=area))
        .annotate(**newest)
        .values("pk", "kind", *newest)
    )
    # Like many_series: the area's own figures, else those of the smallest areas inside it that have any.
    own, smaller = {}, defaultdict(lambda: defaultdict(list))
    for row in rows:
        for i, kpi in enumerate(kpis):
            start = row[f"newest_{i}"]
            if start is None:
                continue
            if row["pk"] == area.pk:
                own[kpi.code] = start
            else:
                smaller[kpi.code][row["kind"]].append(start)
    since = {}
    for kpi in kpis:
        by_kind = smaller[kpi.code]
        kind = next((k for k in LEVELS if by_kind.get(k)), next(iter(by_kind), None))
        since[kpi.code] = own.get(kpi.code) or (max(by_kind[kind]) if kind else None)
    smaller_ids = [row["pk"] for row in rows if row["pk"] != area.pk]
    series = _many_series(kpis, area, since=since, smaller_ids=smaller_ids)
    latest = {kpi.code: next((p for p in reversed(series[kpi.code]) if p["value"] is not None), None) for kpi in kpis}
    return {k.code: latest.get(k.code) for k in requested}


def _projected_rows(kpis, area: Area, adjustments: list[dict], score, *, access: FigureAccess) -> dict:
    intervention_change = defaultdict(float)
    for line in score.lines if score else []:
        if line.get("kpi_summary"):
            intervention_change[line["kpi"]] += line["change"]
    adjusted = {a["kpi"]: a for a in adjustments if a.get("kpi")}
    kpis = [k for k in kpis if k.code in adjusted or k.code in intervention_change]
    latest_of = latest_points(kpis, area, access=access)  # a few queries for every figure, however long the series
    rows = []
    for kpi in kpis:
        withheld = access.note(kpi.code)
        if withheld is not None:  # the projection starts from a figure this person may not see
            rows.append(
                {
                    "kpi": kpi,
                    "baseline": None,
                    "baseline_period": "",
                    "projected": None,
                    "change": None,
                    "better": None,
                    "notes": [],
                    "withheld": withheld,
                }
            )
            continue
        latest = latest_of[kpi.code]
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


def pending_requests():
    return AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).select_related("dataset", "user")


def user_data_export(*, user) -> dict:
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
