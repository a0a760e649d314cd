"""GeoJSON endpoints shared by every map."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework_gis.pagination import GeoJsonPagination

from places import selectors
from places.serializers import AreaFeatureSerializer, AreaFilterSerializer, simplify_tolerance


class GeoJSONRenderer(JSONRenderer):
    """Answers clients that ask for application/geo+json (RFC 7946) as well as application/json."""

    media_type = "application/geo+json"
    format = "geojson"


class AreaPagination(GeoJsonPagination):
    page_size = 500
    max_page_size = 1000
    page_size_query_param = "page_size"


class AreaListApi(generics.ListAPIView):
    """Area boundaries as a GeoJSON FeatureCollection (WGS84). Open Government Licence v3.0."""

    serializer_class = AreaFeatureSerializer
    permission_classes = [AllowAny]
    pagination_class = AreaPagination
    filter_backends: list = []
    renderer_classes = [JSONRenderer, GeoJSONRenderer]  # GeoJSON for maps and GIS tools; cached as rendered bytes

    def get_filters(self) -> dict:
        if not hasattr(self, "_filters"):
            serializer = AreaFilterSerializer(data=self.request.query_params)
            serializer.is_valid(raise_exception=True)
            self._filters = serializer.validated_data
        return self._filters

    def get_queryset(self):
        filters = self.get_filters()
        return selectors.area_features(
            kind=filters.get("kind", ""),
            bbox=filters.get("in_bbox"),
            parent_code=filters.get("parent", ""),
            tolerance=simplify_tolerance(filters.get("zoom")),
        )

    @extend_schema(parameters=[AreaFilterSerializer])
    def get(self, request, *args, **kwargs):
        self.get_filters()  # a bad filter is a 400 before anything is cached
        # Boundaries change only when areas are imported or edited: cache whole responses,
        # keyed by the areas' version so an edit is visible at once.
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"places:areas:{selectors.areas_version()}:{digest}"
        body = cache.get(key)
        if body is None:
            body = JSONRenderer().render(super().get(request, *args, **kwargs).data)
            cache.set(key, body, timeout=3600)
        response = HttpResponse(body, content_type="application/geo+json")
        response["Cache-Control"] = "public, max-age=300"
        return response


class AreaDetailApi(generics.RetrieveAPIView):
    serializer_class = AreaFeatureSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    queryset = selectors.area_features()
