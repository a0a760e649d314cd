"""The investors' home: featured opportunities (those matching the person's investment profile
first), headline city figures from the twin, and the CMS news tagged with the profile's sectors
and areas. It lives here, on the top floor, because it brings together cms, investors and twin."""

from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from cms.models import NewsPage
from investors import selectors as investor_selectors
from investors.models import Sector
from pagecache import cache_page
from places.selectors import deployment_district
from twin import selectors as twin_selectors
from twin.permissions import figure_access

HEADLINES = 4
NEWS = 5


def _tag_slugs(values) -> set[str]:
    """Tag slugs a profile's sectors and areas may appear under (`clean_tech`, `clean-tech`)."""
    slugs = set()
    for value in values:
        slugs |= {slugify(value), slugify(str(value).replace("_", " "))}
    return {s for s in slugs if s}


def _news(profile):
    news = NewsPage.objects.live().public().order_by("-date", "-pk")
    if profile is None:
        return list(news[:NEWS]), []
    sectors = _tag_slugs(profile.sectors)
    areas = _tag_slugs(a.name for a in profile.areas.all())
    tailored = news.filter(sector_tags__slug__in=sectors) | news.filter(area_tags__slug__in=areas)
    found = list(tailored.distinct()[:NEWS])
    labels = [Sector(s).label for s in profile.sectors if s in Sector.values] + [a.name for a in profile.areas.all()]
    return (found, labels) if found else (list(news[:NEWS]), [])


def _headlines(request):
    district = deployment_district()
    if district is None:
        return [], None
    kpis = twin_selectors.dashboard_kpis(kind="investor")
    figures = twin_selectors.dashboard_figures(
        kpis[: HEADLINES * 3], district, access=figure_access(request.user), start_year=2000, end_year=2100
    )
    found = [{**p["latest"], "kpi": p["kpi"]} for p in figures["panels"] if p["latest"]]
    found += [s for s in figures["snapshot"] if s.get("value") is not None]
    rows = [
        {
            "kpi": r["kpi"],
            "value": r["value"],
            "label": r["label"],
            "source": r.get("source__name") or r.get("source_name"),
        }
        for r in found
    ]
    order = {k.code: i for i, k in enumerate(kpis)}
    return sorted(rows, key=lambda r: order.get(r["kpi"].code, 99))[:HEADLINES], district


@require_http_methods(["GET"])
@cache_page
def investor_home(request):
    profile = investor_selectors.profile_of(request.user)
    featured, matching = investor_selectors.featured(profile=profile)
    news, tailored_to = _news(profile)
    headlines, district = _headlines(request)
    return render(
        request,
        "cms/investor_home.html",
        {
            "profile": profile,
            "featured": featured,
            "matching": matching,
            "news": news,
            "tailored_to": tailored_to,
            "headlines": headlines,
            "district": district,
        },
    )
