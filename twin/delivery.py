"""Projected against actual (the district plan's "validate actual versus projected outcomes").

Feature apps register what they have delivered (twin never imports them):

    delivery.register("investors.opportunity", provider)

A provider returns `Delivered` rows: the item, its stage (in delivery or completed), the date
delivery started and the ward codes it touches. `compare()` puts, per KPI, the change the item's
current impact score projected beside what the twin has observed in its wards since that date:
the latest observation minus the last one on or before the date, averaged over the wards that
have both. Change in an area has many causes; the page says so.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from twin.models import KpiDefinition, KpiObservation, ScoreRun
from twin.permissions import FigureAccess


@dataclass(frozen=True)
class Delivered:
    label: str
    pk: int
    title: str
    url: str
    stage: str  # "in_delivery" or "completed"
    since: date
    area_codes: tuple[str, ...]


@dataclass
class Comparison:
    item: Delivered
    rows: list[dict] = field(default_factory=list)  # kpi, name, unit, projected, observed, gap, wards


_PROVIDERS: dict[str, Callable[[], Iterable[Delivered]]] = {}


def register(label: str, provider: Callable[[], Iterable[Delivered]]) -> None:
    _PROVIDERS[label.lower()] = provider


def delivered(pks_by_label: dict[str, list[int]] | None = None) -> list[Delivered]:
    items = [d for provider in _PROVIDERS.values() for d in provider()]
    if pks_by_label is not None:
        items = [d for d in items if d.pk in pks_by_label.get(d.label, ())]
    return sorted(items, key=lambda d: (d.since, d.title))


def compare(items: list[Delivered], *, access: FigureAccess) -> list[Comparison]:
    """A fixed number of queries however many items: their current runs, the KPIs, and every
    observation of those KPIs in their wards. KPIs whose figures `access` withholds from the
    reader keep their projected change but show no observed one: the row says which dataset it
    is and how to ask for access (licence tiers apply here, where the figures are read)."""
    if not items:
        return []
    types = {label: ContentType.objects.get_for_model(apps.get_model(label)) for label in {d.label for d in items}}
    runs = {
        (r.content_type_id, r.object_id): r
        for r in ScoreRun.objects.filter(
            current=True, content_type__in=types.values(), object_id__in={d.pk for d in items}
        ).only("content_type_id", "object_id", "lines")
    }
    projected = {}
    for d in items:
        run = runs.get((types[d.label].pk, d.pk))
        lines = [line for line in (run.lines if run else []) if line.get("kpi_summary")]
        projected[(d.label, d.pk)] = {line["kpi"]: line["change"] for line in lines}
    kpi_codes = {code for changes in projected.values() for code in changes}
    visible = {code for code in kpi_codes if access.may_see(code)}
    kpis = {k.code: k for k in KpiDefinition.objects.filter(code__in=kpi_codes).only("code", "name", "unit")}
    wards = {code for d in items for code in d.area_codes}
    series: dict[tuple[str, str], list[tuple[datetime, float]]] = {}
    observations = (
        KpiObservation.objects.filter(kpi__code__in=visible, area__code__in=wards, value__isnull=False)
        .values_list("kpi__code", "area__code", "period_end", "value")
        .order_by("period_end")
    )
    for kpi, area, end, value in observations:
        series.setdefault((kpi, area), []).append((end, value))
    out = []
    for d in items:
        since = timezone.make_aware(datetime.combine(d.since, time.max)) if isinstance(d.since, date) else d.since
        comparison = Comparison(item=d)
        for code, change in sorted(projected[(d.label, d.pk)].items()):
            deltas = []
            for ward in d.area_codes:
                points = series.get((code, ward), [])
                before = [v for end, v in points if end <= since]
                after = [v for end, v in points if end > since]
                if before and after:
                    deltas.append(after[-1] - before[-1])
            observed = sum(deltas) / len(deltas) if deltas else None
            kpi = kpis.get(code)
            comparison.rows.append(
                {
                    "kpi": code,
                    "name": kpi.name if kpi else code,
                    "unit": kpi.unit if kpi else "",
                    "projected": change,
                    "observed": observed,
                    "gap": None if observed is None or change is None else observed - change,
                    "wards": len(deltas),
                    "withheld": access.note(code),
                }
            )
        out.append(comparison)
    return out
