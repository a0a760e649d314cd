"""The area map page (with its list alternative), area pages and the data sources page."""

from django.contrib.gis.geos import Point
from django.shortcuts import get_object_or_404, render

from pagecache import cache_page
from params import BadParameter, parse_float
from places import locations, selectors
from places.datasets import COMBINED_ATTRIBUTION, DATASETS
from places.maps import map_config
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
            "map_config": map_config(kind=kind),
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


def location_search(request):
    """The location chooser's results (an htmx fragment): postcodes, places and wards."""
    query = (request.GET.get("location_query") or "")[: locations.MAX_QUERY].strip()
    results = locations.search(query=query)
    return render(request, "places/_location_results.html", {"results": results, "query": query})


def location_describe(request):
    """The chosen point in words (an htmx fragment)."""
    try:
        latitude = parse_float(request.GET.get("latitude"), name="latitude", minimum=-90, maximum=90)
        longitude = parse_float(request.GET.get("longitude"), name="longitude", minimum=-180, maximum=180)
    except BadParameter:
        return render(request, "places/_location_chosen.html", {"location_description": ""})
    description = locations.describe(point=Point(longitude, latitude, srid=4326))
    return render(request, "places/_location_chosen.html", {"location_description": description})
