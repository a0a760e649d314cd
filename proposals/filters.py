"""List filters shared by the list pages, their maps and the API: one validation, one meaning."""

from django.contrib.gis.geos import Point
from django.utils.translation import gettext as _

from accounts.services import home_ward
from places import selectors as place_selectors


def _near(request, filters) -> tuple[Point | None, str]:
    """The point distances are measured from: my home area, or lat/lng given. Returns (point, problem)."""
    if filters.get("near") == "home":
        ward = home_ward(user=request.user) if request.user.is_authenticated else None
        if ward is None:
            return None, _("Set your home area in your profile to see what is near you.")
        return place_selectors.area_point(area=ward), ""
    if filters.get("lat") is not None and filters.get("lng") is not None:
        return Point(filters["lng"], filters["lat"], srid=4326), ""
    return None, ""


def list_filters(request, form_class):
    """Validated filters → (form, selector kwargs, problem). Shared by the pages and the API."""
    form = form_class(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    near, problem = _near(request, filters)
    within = filters.get("within")
    kwargs = {
        "status": filters.get("status", ""),
        "theme": filters.get("theme", ""),
        "area_code": filters.get("area", ""),
        "query": filters.get("q", ""),
        "sort": filters.get("sort") or "newest",
        "near": near,
        "within_km": float(within) if within and near is not None else None,
    }
    return form, kwargs, problem
