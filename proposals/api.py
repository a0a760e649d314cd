"""Proposals and ideas over the API: paginated lists, whole-district map features (GeoJSON built
in the database and cached by version), details, and idea submission."""

import csv
import hashlib
import json

from django.conf import settings
from django.contrib.gis.db.models.functions import PointOnSurface
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import generics, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.themes import Theme
from engagement.selectors import consultations_for
from places import maps as place_maps
from places.api import GeoJSONRenderer
from proposals import selectors, services
from proposals.filters import list_filters
from proposals.forms import IdeaFilterForm, ProposalFilterForm
from proposals.models import Idea, PlanningProposal
from twin import reach as twin_reach
from twin import selectors as twin_selectors
from twin.permissions import figure_access

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Text search in title and summary/description"),
    OpenApiParameter("status", str),
    OpenApiParameter("theme", str, enum=Theme.values),
    OpenApiParameter("area", str, description="Ward code, e.g. E05011121"),
    OpenApiParameter("near", str, enum=["home"], description="Measure distance from my home area (signed in)"),
    OpenApiParameter("lat", float, description="Measure distance from this point (with lng)"),
    OpenApiParameter("lng", float),
    OpenApiParameter("within", str, enum=["0.5", "1", "2", "5"], description="Kilometres from the point"),
    OpenApiParameter("sort", str, enum=["newest", "oldest", "supported", "closing", "nearest"]),
]


def _filters(request, form_class) -> dict:
    form, kwargs, problem = list_filters(request, form_class)
    if form.is_bound and not form.is_valid():
        raise serializers.ValidationError(form.errors.get_json_data())
    if problem:
        raise serializers.ValidationError({"near": [problem]})
    return kwargs


class Pagination(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


def _point(obj_point) -> list[float] | None:
    return [round(obj_point.x, 6), round(obj_point.y, 6)] if obj_point else None


class ProposalListApi(generics.ListAPIView):
    """Planning proposals, filtered like the list page. Open Government Licence v3.0."""

    @extend_schema_serializer(component_name="ProposalListItem")
    class OutputSerializer(serializers.ModelSerializer):
        promoter = serializers.CharField(source="promoter.name", default=None)
        themes = serializers.SerializerMethodField()
        support = serializers.IntegerField(read_only=True, allow_null=True)
        closes_at = serializers.DateTimeField(read_only=True, allow_null=True)
        url = serializers.CharField(source="get_absolute_url")
        effects = serializers.DictField(read_only=True)

        class Meta:
            model = PlanningProposal
            fields = [
                "id",
                "slug",
                "title",
                "summary",
                "status",
                "promoter",
                "themes",
                "effects",
                "support",
                "closes_at",
                "created_at",
                "url",
            ]

        def get_themes(self, obj) -> list[str]:
            return [t.theme for t in obj.theme_links.all()]

    permission_classes = [AllowAny]
    serializer_class = OutputSerializer
    pagination_class = Pagination
    filter_backends: list = []

    def get_queryset(self):
        return selectors.proposal_list(**_filters(self.request, ProposalFilterForm))

    @extend_schema(parameters=FILTER_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class _FeaturesApi(APIView):
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, GeoJSONRenderer]
    kind = ""
    form_class = None

    @extend_schema(
        parameters=FILTER_PARAMETERS + [OpenApiParameter("layer", str, description="Thematic layer slug")],
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        def matching():  # parsed and built only when the collection is not cached already
            kwargs = _filters(request, self.form_class)
            if self.kind == "proposal" and request.query_params.get("layer"):
                kwargs["layer"] = request.query_params["layer"][:90]
            return selectors.proposal_list(**kwargs) if self.kind == "proposal" else selectors.idea_list(**kwargs)

        personal = request.query_params.get("near") == "home"
        key = None if personal else hashlib.sha256(request.get_full_path().encode()).hexdigest()
        body = selectors.feature_collection(
            matching,
            kind=self.kind,
            licence=f"{settings.OPEN_DATA_LICENCE} — {settings.OPEN_DATA_LICENCE_URL}",
            cache_key=key,
        )
        response = place_maps.geojson_response(request, body)
        response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
        return response


class ProposalFeaturesApi(_FeaturesApi):
    """Every matching proposal as a point (its site's point on surface): a GeoJSON FeatureCollection
    for maps and GIS tools, unpaginated. Open Government Licence v3.0."""

    kind = "proposal"
    form_class = ProposalFilterForm


class IdeaFeaturesApi(_FeaturesApi):
    """Every matching idea as a point: a GeoJSON FeatureCollection, unpaginated."""

    kind = "idea"
    form_class = IdeaFilterForm


def _score_block(item, label: str = "proposals.planningproposal") -> dict | None:
    run = twin_selectors.current_score(item)
    if run is None:
        return None
    return {
        "total": run.total,
        "equity": run.equity,
        "contributions": run.contributions,
        "missing": run.missing,
        "weights_version": run.weight_set.version,
        "coefficients_version": run.coefficient_set.version,
        "breakdown": f"/api/v1/scores/{label}/{item.pk}/",
        "why": f"/twin/scores/{label}/{item.pk}/",
    }


class ProposalDetailApi(APIView):
    """One proposal as a GeoJSON Feature with its full site geometry, effects, areas and decision."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, GeoJSONRenderer]

    @extend_schema(responses={(200, "application/geo+json"): OpenApiTypes.OBJECT})
    def get(self, request, slug):
        try:
            p = selectors.proposal_detail(slug=slug)
        except PlanningProposal.DoesNotExist as exc:
            raise Http404 from exc
        properties = {
            "slug": p.slug,
            "title": p.title,
            "summary": p.summary,
            "description_html": p.description,
            "status": p.status,
            "promoter": p.promoter.name if p.promoter else None,
            "themes": [t.theme for t in p.theme_links.all()],
            "areas": [{"code": a.code, "name": a.name, "kind": a.kind} for a in p.areas.all()],
            "effects": p.effects,
            "score": _score_block(p),
            "reach": twin_reach.reach(p.geometry, access=figure_access(request.user)),
            "consultations": [
                {"id": c.pk, "title": c.title, "stage": c.effective_stage, "url": f"/api/v1/consultations/{c.pk}/"}
                for c in consultations_for(target=p)
                if c.stage != "draft"
            ],
            "decision": _decision_block(getattr(p, "decision", None)),
            "documents": [{"title": d.title, "url": d.file.url, "pages": d.pages} for d in p.documents.all()],
            "images": [{"alt": i.alt_text, "url": i.image.url} for i in p.images.all()],
            "url": p.get_absolute_url(),
        }
        return Response(
            {"type": "Feature", "id": p.pk, "geometry": json.loads(p.geometry.geojson), "properties": properties}
        )


def _decision_block(decision) -> dict | None:
    if decision is None:
        return None
    return {
        "outcome": decision.outcome,
        "reasoning_html": decision.reasoning,
        "what_changed": decision.what_changed,
        "projected_effects": decision.projected_effects,
        "consultation": decision.consultation_id,
        "published_at": decision.published_at.isoformat(),
    }


class IdeaListApi(generics.ListCreateAPIView):
    """Ideas, filtered like the list page; signed-in people can submit one."""

    @extend_schema_serializer(component_name="Idea")
    class OutputSerializer(serializers.ModelSerializer):
        author = serializers.SerializerMethodField()
        organisation = serializers.CharField(source="organisation.name", default=None)
        area = serializers.CharField(source="area.code", default=None)
        location = serializers.SerializerMethodField()
        url = serializers.CharField(source="get_absolute_url")

        class Meta:
            model = Idea
            fields = [
                "id",
                "title",
                "description",
                "theme",
                "status",
                "official_response",
                "responded_at",
                "support_count",
                "author",
                "organisation",
                "area",
                "location",
                "created_at",
                "url",
            ]

        def get_author(self, obj) -> str | None:
            return obj.author.display_name if obj.author_id else None

        def get_location(self, obj) -> list[float] | None:
            return _point(obj.location)

    @extend_schema_serializer(component_name="IdeaInput")
    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=120)
        description = serializers.CharField(max_length=4000)
        theme = serializers.ChoiceField(choices=Theme.choices)
        latitude = serializers.FloatField(min_value=-90, max_value=90)
        longitude = serializers.FloatField(min_value=-180, max_value=180)

    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = OutputSerializer
    pagination_class = Pagination
    filter_backends: list = []

    def get_queryset(self):
        return selectors.idea_list(**_filters(self.request, IdeaFilterForm))

    @extend_schema(parameters=FILTER_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request, *args, **kwargs):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        try:
            idea = services.idea_submit(
                author=request.user,
                title=d["title"],
                description=d["description"],
                theme=d["theme"],
                location=Point(d["longitude"], d["latitude"], srid=4326),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        return Response(self.OutputSerializer(idea).data, status=status.HTTP_201_CREATED)


class IdeaDetailApi(generics.RetrieveAPIView):
    """One idea, with what it would take, its impact score (if it says) and its reach."""

    permission_classes = [AllowAny]
    queryset = Idea.objects.select_related("author", "organisation", "area", "intervention").defer("area__geometry")

    @extend_schema_serializer(component_name="IdeaDetail")
    class OutputSerializer(IdeaListApi.OutputSerializer):
        intervention = serializers.SerializerMethodField()
        score = serializers.SerializerMethodField()
        reach = serializers.SerializerMethodField()

        class Meta(IdeaListApi.OutputSerializer.Meta):
            fields = [*IdeaListApi.OutputSerializer.Meta.fields, "intervention", "score", "reach"]

        def get_intervention(self, idea) -> dict | None:
            if idea.intervention is None:
                return None
            return {"code": idea.intervention.code, "quantity": idea.intervention_quantity, "effects": idea.effects}

        def get_score(self, idea) -> dict | None:
            return _score_block(idea, "proposals.idea") if idea.intervention_id else None

        def get_reach(self, idea) -> dict:
            return twin_reach.reach(idea.location, access=figure_access(self.context["request"].user))

    serializer_class = OutputSerializer


# --- Open data exports (CSV), filtered like the lists ------------------------------------------------
class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class _Echo:
    def write(self, value):
        return value


class _CsvExportApi(APIView):
    permission_classes = [AllowAny]
    renderer_classes = [CSVRenderer, JSONRenderer]
    form_class = None
    filename = ""  # subclasses also define rows(kwargs): the header, then one list per item

    @extend_schema(parameters=FILTER_PARAMETERS, responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        kwargs = _filters(request, self.form_class)
        writer = csv.writer(_Echo())
        response = StreamingHttpResponse(
            (writer.writerow(row) for row in self.rows(kwargs)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
        return response


class ProposalCsvExportApi(_CsvExportApi):
    """Every matching proposal with its projected effects, as CSV (one row each, streamed).
    Open Government Licence v3.0."""

    form_class = ProposalFilterForm
    filename = "civic-twin-proposals.csv"
    EFFECTS = list(PlanningProposal.EFFECT_FIELDS)

    def rows(self, kwargs):
        yield [
            "id",
            "slug",
            "title",
            "status",
            "promoter",
            *self.EFFECTS,
            "support",
            "closes_at",
            "longitude",
            "latitude",
            "created_at",
            "url",
        ]
        qs = (
            selectors.proposal_list(**kwargs)
            .annotate(point=PointOnSurface("geometry"))
            .values_list(
                "pk",
                "slug",
                "title",
                "status",
                "promoter__name",
                *self.EFFECTS,
                "support",
                "closes_at",
                "point",
                "created_at",
            )
        )
        for row in qs.iterator(chunk_size=2000):
            *head, point, created_at = row
            yield [*head, round(point.x, 6), round(point.y, 6), created_at.isoformat(), f"/proposals/{row[1]}/"]


class IdeaCsvExportApi(_CsvExportApi):
    """Every matching idea, as CSV (no author names). Open Government Licence v3.0."""

    form_class = IdeaFilterForm
    filename = "civic-twin-ideas.csv"

    def rows(self, kwargs):
        yield [
            "id",
            "title",
            "theme",
            "status",
            "support_count",
            "ward_code",
            "longitude",
            "latitude",
            "official_response",
            "created_at",
            "url",
        ]
        qs = selectors.idea_list(**kwargs).values_list(
            "pk",
            "title",
            "theme",
            "status",
            "support_count",
            "area__code",
            "location",
            "official_response",
            "created_at",
        )
        for pk, title, theme, status_, support, ward, location, response, created_at in qs.iterator(chunk_size=2000):
            yield [
                pk,
                title,
                theme,
                status_,
                support,
                ward,
                round(location.x, 6),
                round(location.y, 6),
                response,
                created_at.isoformat(),
                f"/ideas/{pk}/",
            ]
