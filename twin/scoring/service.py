"""Scores stored as ScoreRuns, in batches whose query count does not depend on their size."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from places.models import Area
from twin.models import Coefficient, CoefficientSet, KpiBound, KpiDefinition, KpiObservation, ScoreRun, WeightSet
from twin.scoring import engine, registry
from twin.signals import scores_changed

POPULATION_KPI = "population"
DECILE_KPI = "imd_decile"


class NotReady(LookupError):
    """No published coefficient set or weight set yet."""


def current_tables() -> tuple[CoefficientSet, engine.Tables]:
    coefficient_set = CoefficientSet.objects.filter(published_at__isnull=False).order_by("-published_at").first()
    if coefficient_set is None:
        raise NotReady("no published coefficient set")
    kpis = {
        k.code: engine.KpiInfo(k.code, k.name, k.unit, k.theme, k.higher_is_better) for k in KpiDefinition.objects.all()
    }
    rows = [
        engine.Row(c.effect, c.kpi.code, c.factor, c.scale, c.source, c.source_url)
        for c in Coefficient.objects.filter(coefficient_set=coefficient_set).select_related("kpi")
    ]
    bounds = {}
    rationales = {}
    for b in KpiBound.objects.filter(coefficient_set=coefficient_set).select_related("kpi"):
        bounds[b.kpi.code] = b.full_effect
        rationales[b.kpi.code] = b.rationale
    return coefficient_set, engine.Tables(coefficient_set.version, rows, bounds, kpis, rationales)


def current_weights() -> WeightSet:
    weights = WeightSet.objects.order_by("-version").first()
    if weights is None:
        raise NotReady("no weight set")
    return weights


def _latest(queryset):
    """{(kpi code, area id): (value, observation id, area parent id)} for the newest non-missing row."""
    queryset = queryset.filter(value__isnull=False).order_by("kpi_id", "area_id", "-period_end", "-pk")
    fields = ("kpi__code", "area_id", "value", "pk", "area__parent_id")
    if connection.vendor == "postgresql":
        rows = queryset.distinct("kpi_id", "area_id").values_list(*fields)
    else:
        rows = queryset.values_list(*fields)
    latest = {}
    for code, area_id, value, pk, parent_id in rows:
        latest.setdefault((code, area_id), (value, pk, parent_id))
    return latest


class AreaStats:
    """Population, deprivation and KPI baselines per ward, read once per batch run (3 queries)."""

    def __init__(self, kpi_codes):
        self.wards = dict(Area.objects.filter(kind=Area.Kind.WARD).values_list("code", "id"))
        lsoa = _latest(
            KpiObservation.objects.filter(kpi__code__in=[POPULATION_KPI, DECILE_KPI], area__kind=Area.Kind.LSOA)
        )
        self.population: dict[int, float] = {}
        self.population_ids: dict[int, list[int]] = {}
        decile_sum: dict[int, float] = {}
        for (code, _area_id), (value, pk, parent_id) in lsoa.items():
            if code == POPULATION_KPI and parent_id:
                self.population[parent_id] = self.population.get(parent_id, 0) + value
                self.population_ids.setdefault(parent_id, []).append(pk)
        for (code, area_id), (value, _pk, parent_id) in lsoa.items():
            if code == DECILE_KPI and parent_id:
                people = lsoa.get((POPULATION_KPI, area_id))
                if people:
                    decile_sum[parent_id] = decile_sum.get(parent_id, 0) + value * people[0]
        self.decile = {
            ward: decile_sum[ward] / self.population[ward] for ward in decile_sum if self.population.get(ward)
        }
        self.baselines = _latest(KpiObservation.objects.filter(kpi__code__in=kpi_codes, area__kind=Area.Kind.WARD))
        self.kpi_codes = list(kpi_codes)

    def context(self, area_codes) -> engine.Context:
        ward_ids = [self.wards[c] for c in area_codes if c in self.wards] or list(self.wards.values())
        codes = [c for c in area_codes if c in self.wards] or ["district"]
        known = [w for w in ward_ids if w in self.population]
        population = sum(self.population[w] for w in known) if len(known) == len(ward_ids) else None
        decile = None
        if population and all(w in self.decile for w in ward_ids):
            decile = round(sum(self.decile[w] * self.population[w] for w in ward_ids) / population, 2)
        baselines = {}
        for code in self.kpi_codes:
            values = [
                (self.baselines[(code, w)], self.population.get(w, 1)) for w in ward_ids if (code, w) in self.baselines
            ]
            if values:
                weight = sum(p for _, p in values)
                mean = sum(v[0] * p for v, p in values) / weight
                baselines[code] = (round(mean, 3), values[0][0][1])
        ids = [pk for w in ward_ids for pk in self.population_ids.get(w, [])] if len(ward_ids) <= 3 else []
        return engine.Context(codes, population, decile, baselines, ids)


def inputs_hash(subject, context, weights, coefficient_set) -> str:
    payload = [
        subject.effects,
        list(context.area_codes),
        context.population,
        context.imd_decile,
        sorted(context.baselines.items()),
        weights.version,
        coefficient_set.version,
    ]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def wards_affected_by(area_codes) -> set[str]:
    """The wards whose scores can change when these areas' figures change: scores read baselines
    per ward and residents and deprivation per LSOA (counted in its ward); other levels not at all."""
    affected = set()
    for kind, code, parent_code, parent_kind in Area.objects.filter(code__in=list(area_codes)).values_list(
        "kind", "code", "parent__code", "parent__kind"
    ):
        if kind == Area.Kind.WARD:
            affected.add(code)
        elif kind == Area.Kind.LSOA and parent_kind == Area.Kind.WARD:
            affected.add(parent_code)
    return affected


def _touches(subject, wards: set[str], stats: "AreaStats") -> bool:
    """An item in no known ward is scored against the whole district: every ward touches it."""
    codes = {c for c in subject.area_codes if c in stats.wards}
    return not codes or bool(codes & wards)


def rescore(
    *, label: str, pks: Iterable[int] | None = None, wards: set[str] | None = None, batch_size: int = 2000
) -> dict:
    """Score the given items (or all) of a registered model, or only those touching `wards`
    (ward codes); store a new current ScoreRun only where the inputs changed. Returns counts."""
    coefficient_set, tables = current_tables()
    weights = current_weights()
    content_type = ContentType.objects.get_for_model(apps.get_model(label))
    stats = AreaStats(tables.kpis.keys())
    seen = considered = changed = 0
    changed_pks = []
    for batch in registry.provider_for(label)(pks, batch_size=batch_size):
        seen += len(batch)
        if wards is not None:
            batch = [s for s in batch if _touches(s, set(wards), stats)]
        considered += len(batch)
        current = dict(
            ScoreRun.objects.filter(
                content_type=content_type, object_id__in=[s.pk for s in batch], current=True
            ).values_list("object_id", "inputs_hash")
        )
        runs = []
        for subject in batch:
            context = stats.context(subject.area_codes)
            digest = inputs_hash(subject, context, weights, coefficient_set)
            if current.get(subject.pk) == digest:
                continue
            result = engine.score(subject.effects, context, tables, weights.weights)
            runs.append(
                ScoreRun(
                    content_type=content_type,
                    object_id=subject.pk,
                    inputs_hash=digest,
                    effects=subject.effects,
                    area_codes=list(context.area_codes),
                    weight_set=weights,
                    coefficient_set=coefficient_set,
                    total=result.total,
                    equity=result.equity,
                    contributions=result.contributions,
                    lines=result.lines,
                    missing=result.missing,
                    observation_ids=result.observation_ids,
                )
            )
        if runs:
            with transaction.atomic():
                _lock(content_type.pk)  # two re-scores of the same model never both mark a run current
                ScoreRun.objects.filter(
                    content_type=content_type, object_id__in=[r.object_id for r in runs], current=True
                ).update(current=False)
                _insert(runs)
            changed += len(runs)
            changed_pks.extend(r.object_id for r in runs)
    if changed_pks:
        transaction.on_commit(lambda: scores_changed.send(sender=ScoreRun, label=label, pks=changed_pks))
    return {"label": label, "items": seen, "considered": considered, "rescored": changed}


def _lock(key: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x7477, key])


def _insert(runs: list[ScoreRun]) -> None:
    """bulk_create, or COPY on PostgreSQL: Django's UNNEST insert escapes every JSON document
    through psycopg's Python array dumper, which is most of the time of a 10,000-item re-score."""
    if connection.vendor != "postgresql":
        ScoreRun.objects.bulk_create(runs)
        return
    now = timezone.now()
    json_fields = ("effects", "area_codes", "contributions", "lines", "missing", "observation_ids")
    columns = [
        "content_type_id",
        "object_id",
        "current",
        "inputs_hash",
        "weight_set_id",
        "coefficient_set_id",
        "total",
        "equity",
        "created_at",
        *json_fields,
    ]
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {ScoreRun._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
            for r in runs:
                copy.write_row(
                    (
                        r.content_type_id,
                        r.object_id,
                        True,
                        r.inputs_hash,
                        r.weight_set_id,
                        r.coefficient_set_id,
                        r.total,
                        r.equity,
                        now,
                        *(json.dumps(getattr(r, name)) for name in json_fields),
                    )
                )


def preview(effects: dict, area_codes, *, weights: dict | None = None) -> engine.Score:
    """Score effects without storing anything (scenarios, forms)."""
    return preview_many([(effects, area_codes)], weights=weights)[0]


def preview_many(items: list[tuple[dict, list]], *, weights: dict | None = None) -> list[engine.Score]:
    """Score several (effects, area codes) without storing anything; the tables, weights and area
    figures are read once for all of them."""
    _coefficient_set, tables = current_tables()
    stats = AreaStats(tables.kpis.keys())
    weights = weights or current_weights().weights
    return [engine.score(effects, stats.context(area_codes), tables, weights) for effects, area_codes in items]


def as_dict(score: engine.Score) -> dict:
    return asdict(score)
