"""Reads in proposals: filtered lists with a constant number of queries, map features built in the
database, nearby ideas, the personal feed and the comparison."""

import gzip
import json

from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db.models.functions import AsGeoJSON, Distance, PointOnSurface
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.core.cache import cache
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery

from accounts.services import home_ward
from engagement.models import Consultation
from engagement.selectors import followed_items
from pagecache import content_version
from places.models import Area
from proposals.models import Decision, Idea, IdeaPhoto, Milestone, PlanningProposal, ProposalTheme, ThematicLayer
from sitesearch import engine as sitesearch
from twin.scoring.registry import Subject, in_batches


def _consultation_subquery(field: str):
    """The proposal's current consultation (the newest that is not a draft), one field of it."""
    content_type = ContentType.objects.get_for_model(PlanningProposal)
    return Subquery(
        Consultation.objects.filter(content_type=content_type, object_id=OuterRef("pk"))
        .exclude(stage=Consultation.Stage.DRAFT)
        .order_by("-created_at", "-pk")
        .values(field)[:1]
    )


def proposal_list(
    *,
    status: str = "",
    theme: str = "",
    area_code: str = "",
    query: str = "",
    sort: str = "newest",
    near: Point | None = None,
    within_km: float | None = None,
    layer: str = "",
) -> QuerySet[PlanningProposal]:
    """Proposals with their promoter, themes, current consultation's support and closing time."""
    qs = (
        PlanningProposal.objects.select_related("promoter")
        .defer("description", "geometry", "promoter__description")
        .prefetch_related(Prefetch("theme_links", queryset=ProposalTheme.objects.order_by("theme")))
        .annotate(
            support=_consultation_subquery("support_count"),
            closes_at=_consultation_subquery("ends_at"),
        )
    )
    if status:
        qs = qs.filter(status=status)
    if theme:
        qs = qs.filter(theme_links__theme=theme)
    if area_code:
        qs = qs.filter(areas__code=area_code)
    if layer:
        qs = qs.filter(layers__slug=layer)
    if query:
        qs = sitesearch.matching(qs, query)
    if near is not None:
        qs = qs.annotate(distance=Distance("geometry", near))
        if within_km:
            qs = qs.filter(geometry__distance_lte=(near, D(km=within_km)))
    return qs.order_by(*_order(sort, near))


def _order(sort: str, near) -> list:
    if sort == "oldest":
        return ["created_at", "pk"]
    if sort == "supported":
        return [F("support").desc(nulls_last=True), "-created_at", "-pk"]
    if sort == "closing":
        return [F("closes_at").asc(nulls_last=True), "-created_at", "-pk"]
    if sort == "nearest" and near is not None:
        return ["distance", "pk"]
    return ["-created_at", "-pk"]


def proposal_detail(*, slug: str) -> PlanningProposal:
    return (
        PlanningProposal.objects.select_related("promoter", "decision")
        .prefetch_related(
            "theme_links", "documents", "images", "milestones", Prefetch("areas", queryset=_areas_named())
        )
        .get(slug=slug)
    )


def _areas_named():

    return Area.objects.defer("geometry", "attributes").order_by("kind", "name")


def idea_list(
    *,
    status: str = "",
    theme: str = "",
    area_code: str = "",
    query: str = "",
    sort: str = "newest",
    near: Point | None = None,
    within_km: float | None = None,
) -> QuerySet[Idea]:
    qs = Idea.objects.select_related("author", "organisation", "area").defer(
        "area__geometry", "area__attributes", "organisation__description"
    )
    if status:
        qs = qs.filter(status=status)
    if theme:
        qs = qs.filter(theme=theme)
    if area_code:
        qs = qs.filter(area__code=area_code)
    if query:
        qs = sitesearch.matching(qs, query)
    if near is not None:
        qs = qs.annotate(distance=Distance("location", near))
        if within_km:
            qs = qs.filter(location__distance_lte=(near, D(km=within_km)))
    if sort == "supported":
        return qs.order_by("-support_count", "-created_at", "-pk")
    if sort == "oldest":
        return qs.order_by("created_at", "pk")
    if sort == "nearest" and near is not None:
        return qs.order_by("distance", "pk")
    return qs.order_by("-created_at", "-pk")


def idea_detail(*, pk: int) -> Idea:
    return (
        Idea.objects.select_related("author", "organisation", "area")
        .defer("area__geometry", "organisation__description")
        .prefetch_related(
            Prefetch("photos", queryset=IdeaPhoto.objects.order_by("pk")),
            Prefetch("milestones", queryset=Milestone.objects.select_related("proposal").order_by("due_date", "pk")),
        )
        .get(pk=pk)
    )


def ideas_similar_nearby(*, title: str, location: Point, exclude_pk=None, radius_m: int = 1000, limit: int = 5):
    """The ideas within `radius_m` most like the title (the site search's ranking), nearest
    first: support one instead of writing a duplicate."""
    nearby = Idea.objects.filter(location__distance_lte=(location, D(m=radius_m))).exclude(pk=exclude_pk)
    best = sitesearch.most_similar(nearby, title, limit=limit)
    if not best:
        return []
    qs = Idea.objects.filter(pk__in=best).annotate(distance=Distance("location", location)).defer("description")
    return list(qs.order_by("distance", "pk"))


# --- Map features ---------------------------------------------------------------------------------
# Features are built by the database (AsGeoJSON of one point per item) and the assembled
# FeatureCollection is cached as bytes under the content version (pagecache), which
# every change to proposals, ideas, layers or participation bumps, so a cached map is never stale.


def _feature(pk: int, geometry: str, properties: str) -> str:
    return '{"type":"Feature","id":' + str(pk) + ',"geometry":' + geometry + ',"properties":' + properties + "}"


def feature_collection(queryset, *, kind: str, licence: str, cache_key: str | None = None) -> bytes:
    """A GeoJSON FeatureCollection of proposals or ideas, one point each, with the properties a
    map popup and list need, as gzip-compressed bytes. `queryset` is a filtered
    proposal_list/idea_list, or a function returning one (called only if the collection is not
    cached already: a cached map costs no filter parsing or query building)."""
    version = content_version() if cache_key else None
    if version is not None:
        key = f"proposals:features-gz:{version}:{kind}:{cache_key}"
        cached = cache.get(key)
        if cached is not None:
            return cached
    if callable(queryset):
        queryset = queryset()
    if kind == "proposal":
        rows = (
            queryset.annotate(point=AsGeoJSON(PointOnSurface("geometry"), precision=5))
            .values_list("pk", "slug", "title", "status", "point")
            .order_by("pk")
        )
        labels = dict(PlanningProposal.Status.choices)
        features = [
            _feature(
                pk,
                point,
                json.dumps(
                    {
                        "title": title,
                        "status": status,
                        "status_label": str(labels.get(status, status)),
                        "url": f"/proposals/{slug}/",
                    },
                    ensure_ascii=False,
                ),
            )
            for pk, slug, title, status, point in rows
        ]
    else:
        rows = (
            queryset.annotate(point=AsGeoJSON("location", precision=5))
            .values_list("pk", "title", "status", "theme", "support_count", "point")
            .order_by("pk")
        )
        labels = dict(Idea.Status.choices)
        features = [
            _feature(
                pk,
                point,
                json.dumps(
                    {
                        "title": title,
                        "status": status,
                        "status_label": str(labels.get(status, status)),
                        "theme": theme,
                        "support": support,
                        "url": f"/ideas/{pk}/",
                    },
                    ensure_ascii=False,
                ),
            )
            for pk, title, status, theme, support, point in rows
        ]
    body = ('{"type":"FeatureCollection","licence":' + json.dumps(licence) + ',"features":[').encode()
    body += ",".join(features).encode() + b"]}"
    # Kept gzipped: 10,000 features are ~5 MB of JSON but ~0.6 MB compressed, which browsers take
    # as they are (phones download less; web workers hold 8x less per request).
    body = gzip.compress(body, compresslevel=6, mtime=0)
    if version is not None:
        cache.set(key, body, 3600)
    return body


def layers() -> list[ThematicLayer]:
    return list(
        ThematicLayer.objects.prefetch_related(
            Prefetch("proposals", queryset=PlanningProposal.objects.only("pk", "slug", "title", "status"))
        )
    )


# --- Personal feed ---------------------------------------------------------------------------------
def personal_feed(*, user, limit: int = 8) -> dict:
    """Items in my home area, matching my top priorities, and what I follow."""
    feed = feed_person(user=user)
    feed["home_proposals"], feed["home_ideas"] = feed_home(ward=feed["ward"], limit=limit)
    feed["priority_proposals"], feed["priority_ideas"] = feed_priorities(themes=feed["priorities"], limit=limit)
    return feed


def feed_person(*, user) -> dict:
    """The personal half of the feed: home ward, top three priorities and what the person follows."""

    profile = getattr(user, "profile", None)
    return {
        "ward": home_ward(user=user),
        "priorities": [t.value for t in profile.top_priorities(3)] if profile else [],
        "following": followed_items(user=user),
    }


def feed_home(*, ward, limit: int = 8) -> tuple[list, list]:
    """Newest proposals and ideas in a ward: the same for everyone who lives there."""
    if ward is None:
        return [], []
    return list(proposal_list(area_code=ward.code)[:limit]), list(idea_list(area_code=ward.code)[:limit])


def feed_priorities(*, themes: list[str], limit: int = 8) -> tuple[list, list]:
    """Newest proposals and ideas on any of these themes: the same for everyone who chose them."""
    if not themes:
        return [], []
    themed = ProposalTheme.objects.filter(theme__in=themes).values("proposal_id")
    return list(proposal_list().filter(pk__in=themed)[:limit]), list(idea_list().filter(theme__in=themes)[:limit])


# --- Comparison ----------------------------------------------------------------------------------
def proposals_compare(*, slugs: list[str]) -> list[PlanningProposal]:
    """Proposals in the order given, with their current consultation's tallies and decision."""
    by_slug = {
        p.slug: p
        for p in PlanningProposal.objects.filter(slug__in=slugs)
        .select_related("promoter")
        .defer("description", "geometry")
        .prefetch_related("theme_links")
        .annotate(
            support=_consultation_subquery("support_count"),
            neutral=_consultation_subquery("neutral_count"),
            oppose=_consultation_subquery("oppose_count"),
            responses=_consultation_subquery("response_count"),
            consultation_pk=_consultation_subquery("pk"),
            decision_outcome=Subquery(Decision.objects.filter(proposal=OuterRef("pk")).values("outcome")[:1]),
        )
    }
    return [by_slug[s] for s in slugs if s in by_slug]


def user_ideas_export(*, user) -> list[dict]:
    return [
        {
            "title": i.title,
            "description": i.description,
            "theme": i.theme,
            "location": [i.location.x, i.location.y],
            "status": i.status,
            "created_at": i.created_at.isoformat(),
            "photos": [p.image.name for p in i.photos.all()],
        }
        for i in Idea.all_objects.filter(author=user).prefetch_related("photos").order_by("pk")
    ]


def proposal_score_subjects(pks=None, *, batch_size: int = 2000):
    """Proposals as the twin's scoring subjects (effects + ward codes), in batches of a constant
    number of queries: one for the proposals, one for their wards."""

    wards = Prefetch("areas", queryset=Area.objects.filter(kind=Area.Kind.WARD).only("id", "code"), to_attr="wards")
    queryset = PlanningProposal.objects.only("pk", *PlanningProposal.EFFECT_FIELDS, "other_effects").prefetch_related(
        wards
    )
    return in_batches(
        queryset,
        pks=pks,
        batch_size=batch_size,
        subject=lambda p: Subject(pk=p.pk, effects=p.effects, area_codes=tuple(sorted(a.code for a in p.wards))),
    )


def idea_score_subjects(pks=None, *, batch_size: int = 2000):
    """Visible ideas that say what they would take, as the twin's scoring subjects (one query per batch)."""

    queryset = (
        Idea.objects.filter(intervention__isnull=False, intervention_quantity__isnull=False)
        .select_related("intervention", "area")
        .only("pk", "intervention_quantity", "intervention__effects_per_unit", "area__code", "area__kind")
    )
    return in_batches(
        queryset,
        pks=pks,
        batch_size=batch_size,
        subject=lambda i: Subject(pk=i.pk, effects=i.effects, area_codes=(i.area.code,) if i.area else ()),
    )


def decisions_latest(*, limit: int = 3) -> list[Decision]:
    """The newest published decisions ("you said, we did"), with their proposals."""
    return list(
        Decision.objects.select_related("proposal")
        .defer("proposal__geometry", "proposal__description")
        .order_by("-published_at", "-pk")[:limit]
    )


def near_home(*, user, limit: int = 4) -> dict:
    """For a signed-in person: the newest proposals and ideas in their home ward and on their top
    priorities (the home page's "near you")."""
    profile = getattr(user, "profile", None)
    ward, themes = home_ward(user=user), [t.value for t in profile.top_priorities(3)] if profile else []
    home_proposals, home_ideas = feed_home(ward=ward, limit=limit)
    priority_proposals, _priority_ideas = feed_priorities(themes=themes, limit=limit)
    return {"ward": ward, "priorities": themes, "home_proposals": home_proposals, "home_ideas": home_ideas,
            "priority_proposals": priority_proposals}  # fmt: skip


def delivered_proposals(pks=None):
    """Proposals in delivery or completed, with the date delivery started, as the twin's
    `Delivered` rows (projected effects against what the twin observes since)."""
    from twin.delivery import Delivered

    queryset = (
        PlanningProposal.objects.filter(
            status__in=[PlanningProposal.Status.IN_DELIVERY, PlanningProposal.Status.COMPLETED],
            delivery_started_on__isnull=False,
        )
        .prefetch_related(Prefetch("areas", queryset=Area.objects.filter(kind=Area.Kind.WARD).only("id", "code")))
        .only("pk", "slug", "title", "status", "delivery_started_on")
    )
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    return [
        Delivered(
            label="proposals.planningproposal",
            pk=p.pk,
            title=p.title,
            url=p.get_absolute_url(),
            stage=p.status,
            since=p.delivery_started_on,
            area_codes=tuple(sorted(a.code for a in p.areas.all())),
        )
        for p in queryset
    ]
