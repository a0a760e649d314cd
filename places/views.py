"""The area map page (with its list alternative), area pages and the data sources page."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render

from pagecache import cache_page
from places import selectors
from places.datasets import COMBINED_ATTRIBUTION, DATASETS
from places.models import Area


@cache_page
def area_map(request):
    kind = request.GET.get("kind", Area.Kind.WARD)
    if kind not in Area.Kind.values:
        kind = Area.Kind.WARD
    areas = selectors.area_table(kind=kind)
    return render(
        request,
        "places/area_map.html",
        {
            "areas": areas,
            "kind": kind,
            "kinds": Area.Kind.choices,
            "map_config": {
                "tileUrl": settings.MAP_TILE_URL,
                "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
                "center": settings.MAP_CENTER,
                "zoom": settings.MAP_ZOOM,
                "kind": kind,
            },
            "datasets": DATASETS,
        },
    )


@cache_page
def area_detail(request, code):
    area = get_object_or_404(Area.objects.select_related("parent").defer("geometry", "parent__geometry"), code=code)
    children = area.children.defer("geometry").order_by("name")
    return render(request, "places/area_detail.html", {"area": area, "children": children})


@cache_page
def data_sources(request):
    return render(
        request, "places/data_sources.html", {"datasets": DATASETS, "combined_attribution": COMBINED_ATTRIBUTION}
    )
