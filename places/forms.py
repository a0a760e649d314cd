"""The location chooser's fields, for every form where a point is chosen (a street report, an
idea…): a search by postcode, place or area with a list of results (no map needed), the map's
pin and "use my location", all landing in the same two hidden fields."""

from django import forms
from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _

from places import locations

SEARCH_ACTION = "search"


class LocationForm(forms.Form):
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    location_query = forms.CharField(
        label=_("Postcode, street, place or ward"), required=False, max_length=locations.MAX_QUERY, strip=True
    )
    location_choice = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    location_required = True
    location_missing = _("Choose where it is: search for a postcode, place or ward and pick a result, or use the map.")

    def clean(self):
        data = super().clean()
        choice = locations.parse_choice(data.get("location_choice") or "")
        if choice is not None:
            data["latitude"], data["longitude"] = choice
        if data.get("latitude") is None or data.get("longitude") is None:
            data["point"] = None
            if self.location_required:
                self.add_error("location_query", self.location_missing)
        else:
            data["point"] = Point(data["longitude"], data["latitude"], srid=4326)
        return data


def is_search(data) -> bool:
    """The form was sent with the location chooser's "Find" button (no JavaScript): show the
    results and keep what was typed; do not submit."""
    return bool(data) and data.get("location_action") == SEARCH_ACTION


def chooser_context(form: forms.Form, *, searching: bool = False) -> dict:
    """What the location chooser's template needs: the results of a search, and the chosen
    point in words."""
    data = form.data if form.is_bound else form.initial
    query = (data.get("location_query") or "").strip()[: locations.MAX_QUERY]
    results = locations.search(query=query) if query and (searching or not _point(data)) else None
    point = _point(data)
    return {
        "location_results": results,
        "location_query": query,
        "location_description": locations.describe(point=point) if point else "",
    }


def _point(data) -> Point | None:
    choice = locations.parse_choice(data.get("location_choice") or "")
    if choice is None:
        choice = locations.parse_choice(f"{data.get('latitude') or ''},{data.get('longitude') or ''}")
    return Point(choice[1], choice[0], srid=4326) if choice else None
