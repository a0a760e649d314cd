"""Every non-trivial read in the investors app, with the visibility rules of permissions.py
applied here, where the data is read."""

import gzip
import json

from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db.models.functions import AsGeoJSON, PointOnSurface
from django.db.models import F, Prefetch, QuerySet

from investors import additionality, permissions
from investors.models import (
    SCALE_BANDS,
    AdditionalityFactors,
    InvestorProfile,
    Opportunity,
    OpportunityTransition,
    SavedComparison,
    Sector,
)
from places.models import Area
from twin.models import KpiDefinition, ScoreRun
from twin.scoring.registry import Subject, in_batches

S = Opportunity.Status
SORTS = {
    "score": [F("impact_score").desc(nulls_last=True), "-published_at", "-pk"],
    "newest": [F("published_at").desc(nulls_last=True), "-created_at", "-pk"],
}


# --- Additionality -----------------------------------------------------------------------------
def additionality_current() -> tuple[additionality.Factors, AdditionalityFactors | None]:
    row = AdditionalityFactors.objects.select_related("changed_by").first()
    if row is None:
        return additionality.DEFAULT_FACTORS, None
    factors = additionality.Factors(
        leakage=row.leakage, displacement=row.displacement, deadweight=row.deadweight, multiplier=row.multiplier
    )
    return factors, row


def additionality_log(*, limit: int = 50) -> list[AdditionalityFactors]:
    return list(AdditionalityFactors.objects.select_related("changed_by")[:limit])


def scored_effects(opportunity: Opportunity, factors: additionality.Factors) -> dict:
    """What the twin scores: net local effects; stated local hires replace the twin's assumed
    local share of the jobs (scoring both would count the same people twice)."""
    net, _lines = additionality.net_effects(opportunity.effects, factors)
    if net.get("local_hires") is not None:
        net.pop("jobs_created", None)
    return net


def opportunity_score_subjects(pks=None, *, batch_size: int = 2000):
    """Opportunities as the twin's scoring subjects (net effects + ward codes), in batches of a
    constant number of queries: the factors once, then one for the opportunities and one for
    their wards per batch."""
    factors, _row = additionality_current()
    wards = Prefetch("areas", queryset=Area.objects.filter(kind=Area.Kind.WARD).only("id", "code"), to_attr="wards")
    queryset = Opportunity.objects.only("pk", *Opportunity.EFFECT_FIELDS).prefetch_related(wards)
    return in_batches(
        queryset,
        pks=pks,
        batch_size=batch_size,
        subject=lambda o: Subject(
            pk=o.pk, effects=scored_effects(o, factors), area_codes=tuple(sorted(a.code for a in o.wards))
        ),
    )


# --- Listing -----------------------------------------------------------------------------------
def opportunity_list(
    *,
    user,
    sector: str = "",
    investment_type: str = "",
    scale_band: str = "",
    area_code: str = "",
    planning_status: str = "",
    decision_time: str = "",
    min_score: float | None = None,
    sort: str = "score",
) -> QuerySet[Opportunity]:
    """Published opportunities (the listing is for everyone; promoters find their drafts on their
    own page), filtered, sorted by impact score or newest."""
    qs = (
        Opportunity.objects.filter(status=S.PUBLISHED)
        .select_related("promoter")
        .defer("timeline", "promoter__description")
    )
    if sector:
        qs = qs.filter(sector=sector)
    if investment_type:
        qs = qs.filter(investment_type=investment_type)
    if scale_band:
        qs = qs.filter(scale_band=scale_band)
    if planning_status:
        qs = qs.filter(planning_status=planning_status)
    if decision_time:
        qs = qs.filter(decision_time=decision_time)
    if area_code:
        qs = qs.filter(pk__in=Opportunity.areas.through.objects.filter(area__code=area_code).values("opportunity_id"))
    if min_score is not None:
        qs = qs.filter(impact_score__gte=min_score)
    return qs.order_by(*SORTS.get(sort, SORTS["score"]))


def scale_bands() -> list[tuple[str, str]]:
    return [(code, label) for code, _lower, label in SCALE_BANDS]


def opportunity_detail(*, user, slug: str) -> Opportunity | None:
    return (
        Opportunity.objects.filter(permissions.visible_filter(user), slug=slug)
        .select_related("promoter", "promoter__investor_profile")
        .prefetch_related(Prefetch("areas", queryset=Area.objects.only("id", "code", "name", "kind")))
        .first()
    )


def my_opportunities(*, user) -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.filter(promoter_id__in=permissions.promoter_org_ids(user))
        .select_related("promoter")
        .defer("geometry", "timeline")
        .order_by("-updated_at", "-pk")
    )


def moderation_queue() -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.filter(status__in=[S.SUBMITTED, S.IN_REVIEW])
        .select_related("promoter")
        .defer("geometry", "timeline")
        .order_by("status_changed_at", "pk")
    )


def transitions(*, opportunity: Opportunity) -> list[OpportunityTransition]:
    return list(opportunity.transitions.select_related("by").order_by("at", "pk"))


# --- Scores over time --------------------------------------------------------------------------
def score_history(*, opportunity: Opportunity, limit: int = 20) -> list[dict]:
    """The opportunity's scores, newest first, each change with the reason read off the two runs:
    its effects, the council's weights, the coefficients, or new figures for named KPIs."""
    content_type = ContentType.objects.get_for_model(Opportunity)
    runs = list(
        ScoreRun.objects.filter(content_type=content_type, object_id=opportunity.pk)
        .only("total", "created_at", "effects", "weight_set_id", "coefficient_set_id", "lines")
        .order_by("-created_at", "-pk")[: limit + 1]
    )
    names = dict(KpiDefinition.objects.values_list("code", "name"))
    history = []
    for newer, older in zip(runs, runs[1:] + [None], strict=False):
        if len(history) == limit:
            break
        history.append({"run": newer, "before": older.total if older else None, **_why(newer, older, names)})
    return history


def _baselines(run) -> dict:
    return {line["kpi"]: line.get("baseline_observation") for line in run.lines if line.get("kpi_summary")}


def _why(newer, older, names) -> dict:
    if older is None:
        return {"reason": "first", "kpis": []}
    if newer.effects != older.effects:
        return {"reason": "effects", "kpis": []}
    if newer.weight_set_id != older.weight_set_id:
        return {"reason": "weights", "kpis": []}
    if newer.coefficient_set_id != older.coefficient_set_id:
        return {"reason": "coefficients", "kpis": []}
    before, after = _baselines(older), _baselines(newer)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed:
        return {"reason": "figures", "kpis": [names.get(k, k) for k in changed]}
    return {"reason": "figures", "kpis": []}


# --- Comparing ---------------------------------------------------------------------------------
COMPARE_MIN, COMPARE_MAX = 2, 4


def compare(*, user, slugs: list[str]) -> list[Opportunity]:
    """The opportunities this reader may see among `slugs`, in the order given (unknown or hidden
    ones are left out, never an error)."""
    found = {
        o.slug: o
        for o in Opportunity.objects.filter(permissions.visible_filter(user), slug__in=slugs[:COMPARE_MAX])
        .select_related("promoter", "promoter__investor_profile")
        .prefetch_related(Prefetch("areas", queryset=Area.objects.filter(kind=Area.Kind.WARD).only("id", "name")))
        .defer("geometry")
    }
    return [found[s] for s in dict.fromkeys(slugs) if s in found][:COMPARE_MAX]


def saved_comparisons(*, user) -> list[SavedComparison]:
    visible = Opportunity.objects.filter(permissions.visible_filter(user)).only("slug", "title")
    return list(SavedComparison.objects.filter(user=user).prefetch_related(Prefetch("opportunities", queryset=visible)))


# --- The listing's map -------------------------------------------------------------------------
def features(queryset) -> bytes:
    """The filtered listing as a GeoJSON FeatureCollection (RFC 7946): one point per opportunity
    (a site's point on its surface), with what a popup needs; gzip-compressed, as the list maps'
    other collections are."""
    rows = (
        queryset.order_by()
        .annotate(point=AsGeoJSON(PointOnSurface("geometry"), precision=5))
        .values_list("pk", "slug", "title", "sector", "impact_score", "point")
        .order_by("pk")
    )
    sectors = dict(Sector.choices)
    features = []
    for pk, slug, title, sector, score, point in rows:
        label = str(sectors.get(sector, sector))
        if score is not None:
            label = f"{label} · {score:.1f}"
        properties = {"title": title, "status_label": label, "url": f"/invest/{slug}/"}
        features.append(
            '{"type":"Feature","id":' + str(pk) + ',"geometry":' + point
            + ',"properties":' + json.dumps(properties, ensure_ascii=False) + "}"
        )  # fmt: skip
    body = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
    return gzip.compress(body.encode(), compresslevel=6, mtime=0)


# --- "Download my data" ------------------------------------------------------------------------
def user_data_export(*, user) -> dict:
    """What the investors app holds about a person: their saved comparisons, the opportunities
    they created and the workflow steps they took (organisations' data stays with them)."""
    return {
        "saved_comparisons": [
            {
                "name": c.title,
                "created_at": c.created_at.isoformat(),
                "opportunities": [o.title for o in c.opportunities.all()],
            }
            for c in SavedComparison.objects.filter(user=user).prefetch_related("opportunities")
        ],
        "alerts": [
            {"name": a.name, "filters": a.filters, "frequency": a.frequency, "created_at": a.created_at.isoformat()}
            for a in user.opportunity_alerts.all()
        ],
        "opportunities_created": list(Opportunity.objects.filter(created_by=user).values_list("title", flat=True)),
        "status_changes": [
            {"opportunity": t.opportunity.title, "to": t.to_status, "at": t.at.isoformat(), "reason": t.reason}
            for t in OpportunityTransition.objects.filter(by=user).select_related("opportunity").order_by("at")
        ],
    }


# --- Delivered (the twin's projected-against-actual) -------------------------------------------
def delivered_items(pks=None):
    """Published or closed opportunities in delivery or completed, as the twin's `Delivered` rows."""
    from twin.delivery import Delivered

    queryset = (
        Opportunity.objects.filter(status__in=[S.PUBLISHED, S.CLOSED], delivery_started_on__isnull=False)
        .exclude(delivery_stage="")
        .prefetch_related(Prefetch("areas", queryset=Area.objects.filter(kind=Area.Kind.WARD).only("id", "code")))
        .only("pk", "slug", "title", "delivery_stage", "delivery_started_on")
    )
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    return [
        Delivered(
            label="investors.opportunity",
            pk=o.pk,
            title=o.title,
            url=o.get_absolute_url(),
            stage=o.delivery_stage,
            since=o.delivery_started_on,
            area_codes=tuple(sorted(a.code for a in o.areas.all())),
        )
        for o in queryset
    ]


def profile_of(user) -> InvestorProfile | None:
    """The investment profile of the first of this person's organisations that has one."""
    if not user.is_authenticated:
        return None
    return (
        InvestorProfile.objects.filter(organisation__members=user)
        .prefetch_related("areas")
        .select_related("organisation")
        .order_by("organisation__name")
        .first()
    )


def featured(*, profile: InvestorProfile | None, limit: int = 3) -> tuple[list[Opportunity], bool]:
    """The highest-scoring published opportunities, those matching the profile's sectors, types
    and areas first; (opportunities, whether they match the profile)."""
    base = (
        Opportunity.objects.filter(status=S.PUBLISHED)
        .select_related("promoter")
        .defer("timeline", "promoter__description")
        .order_by(F("impact_score").desc(nulls_last=True), "-published_at", "-pk")
    )
    if profile is not None:
        matching = base
        if profile.sectors:
            matching = matching.filter(sector__in=profile.sectors)
        if profile.investment_types:
            matching = matching.filter(investment_type__in=profile.investment_types)
        area_ids = [a.pk for a in profile.areas.all()]
        if area_ids:
            matching = matching.filter(
                pk__in=Opportunity.areas.through.objects.filter(area_id__in=area_ids).values("opportunity_id")
            )
        found = list(matching[:limit])
        if found:
            return found, True
    return list(base[:limit]), False
