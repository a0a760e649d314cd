import json
import math

from django.contrib.gis.geos import Polygon
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from places.models import Area


def simplify_tolerance(zoom: int | None) -> float | None:
    """About one screen pixel at this web-map zoom, in degrees; None keeps full detail."""
    if zoom is None or zoom >= 16:
        return None
    return 360.0 / (256 * 2**zoom)


class BBoxField(serializers.CharField):
    default_error_messages = {
        "invalid_bbox": _("Give four numbers: min_lon,min_lat,max_lon,max_lat, with min below max."),
    }

    def to_internal_value(self, data):
        raw = super().to_internal_value(data)
        try:
            values = [float(part) for part in raw.split(",")]
        except ValueError:
            self.fail("invalid_bbox")
        if len(values) != 4 or not all(math.isfinite(v) for v in values):
            self.fail("invalid_bbox")
        min_lon, min_lat, max_lon, max_lat = values
        if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
            self.fail("invalid_bbox")
        return Polygon.from_bbox(values)


class AreaFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Area.Kind.choices, required=False)
    parent = serializers.CharField(required=False, max_length=40, help_text="Code of the parent area")
    in_bbox = BBoxField(required=False, help_text="min_lon,min_lat,max_lon,max_lat (WGS84)")
    zoom = serializers.IntegerField(
        required=False, min_value=0, max_value=22, help_text="Web-map zoom: geometry is simplified to match"
    )


class AreaFeatureSerializer(GeoFeatureModelSerializer):
    geometry = serializers.SerializerMethodField()
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    population = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="places:detail", lookup_field="code")

    class Meta:
        model = Area
        geo_field = "geometry"
        id_field = "code"
        fields = ["code", "name", "kind", "parent", "approximate", "population", "url"]

    @extend_schema_field({"type": "object", "description": "GeoJSON MultiPolygon (WGS84)"})
    def get_geometry(self, area):
        # Simplified and encoded by the database (selectors.area_features); a plain Area also works.
        if getattr(area, "geojson", None):
            return json.loads(area.geojson)
        return json.loads(area.geometry.geojson)

    def get_population(self, area) -> int | None:
        return area.population
