from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from places.models import Area


@admin.register(Area)
class AreaAdmin(LeafletGeoAdmin):
    list_display = ["name", "kind", "code", "parent", "approximate"]
    list_filter = ["kind", "approximate"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
