from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from places.models import Area, Place


@admin.register(Area)
class AreaAdmin(LeafletGeoAdmin):
    list_display = ["name", "kind", "code", "parent", "approximate"]
    list_filter = ["kind", "approximate"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Place)
class PlaceAdmin(LeafletGeoAdmin):
    list_display = ["name", "kind", "is_demo", "source"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "ref"]
