"""GeoJSON endpoints shared by every map."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework_gis.pagination import GeoJsonPagination

from places import selectors
from places.serializers import AreaFeatureSerializer, AreaFilterSerializer


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

    def get_filters(self) -> dict:
        if not hasattr(self, "_filters"):
            serializer = AreaFilterSerializer(data=self.request.query_params)
            serializer.is_valid(raise_exception=True)
            self._filters = serializer.validated_data
        return self._filters

    def get_queryset(self):
        filters = self.get_filters()
        return selectors.area_list(
            kind=filters.get("kind", ""), bbox=filters.get("in_bbox"), parent_code=filters.get("parent", "")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "zoom": self.get_filters().get("zoom")}

    @extend_schema(parameters=[AreaFilterSerializer])
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=300"
        return response


class AreaDetailApi(generics.RetrieveAPIView):
    serializer_class = AreaFeatureSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    queryset = selectors.area_list()
