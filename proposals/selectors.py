"""Reads in proposals: filtered lists with a constant number of queries, and nearby ideas."""

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db.models import Prefetch, Q, QuerySet

from proposals.models import Idea, PlanningProposal, ProposalTheme


def proposal_list(
    *, status: str = "", theme: str = "", area_code: str = "", query: str = "", sort: str = "newest"
) -> QuerySet[PlanningProposal]:
    qs = (
        PlanningProposal.objects.select_related("promoter")
        .defer("description", "geometry")
        .prefetch_related(Prefetch("theme_links", queryset=ProposalTheme.objects.order_by("theme")))
    )
    if status:
        qs = qs.filter(status=status)
    if theme:
        qs = qs.filter(theme_links__theme=theme)
    if area_code:
        qs = qs.filter(areas__code=area_code)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    return qs.order_by("created_at", "pk") if sort == "oldest" else qs.order_by("-created_at", "-pk")


def proposal_detail(*, slug: str) -> PlanningProposal:
    return (
        PlanningProposal.objects.select_related("promoter")
        .prefetch_related("theme_links", Prefetch("areas", queryset=_areas_named()))
        .get(slug=slug)
    )


def _areas_named():
    from places.models import Area

    return Area.objects.defer("geometry", "attributes").order_by("kind", "name")


def idea_list(*, status: str = "", theme: str = "", area_code: str = "", query: str = "") -> QuerySet[Idea]:
    qs = Idea.objects.select_related("author", "organisation", "area").defer("area__geometry", "area__attributes")
    if status:
        qs = qs.filter(status=status)
    if theme:
        qs = qs.filter(theme=theme)
    if area_code:
        qs = qs.filter(area__code=area_code)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(description__icontains=query))
    return qs.order_by("-created_at", "-pk")


def ideas_similar_nearby(*, title: str, location: Point, exclude_pk=None, radius_m: int = 1000, limit: int = 5):
    """Ideas within `radius_m` sharing a word of the title, nearest first: support, don't duplicate."""
    words = [w for w in title.lower().split() if len(w) > 3][:6]
    if not words:
        return []
    text = Q()
    for word in words:
        text |= Q(title__icontains=word) | Q(description__icontains=word)
    qs = (
        Idea.objects.filter(text, location__distance_lte=(location, D(m=radius_m)))
        .exclude(pk=exclude_pk)
        .annotate(distance=Distance("location", location))
        .order_by("distance")
        .defer("description")
    )
    return list(qs[:limit])
