"""Open API of the twin: KPIs, observations, scores with their breakdown, the data catalogue."""

from datetime import UTC, datetime

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny

from twin import selectors
from twin.models import Dataset, KpiDefinition, KpiObservation, ScoreRun
from twin.permissions import figure_access, may_download
from twin.scoring import registry


class KpiSerializer(serializers.ModelSerializer):
    class Meta:
        model = KpiDefinition
        fields = [
            "code",
            "name",
            "unit",
            "theme",
            "direction",
            "description",
            "aggregation",
            "licence",
            "licence_url",
            "attribution",
            "sdg_targets",
            "toms_measures",
            "is_demo",
        ]


class ObservationSerializer(serializers.ModelSerializer):
    kpi = serializers.CharField(source="kpi.code")
    area = serializers.CharField(source="area.code")
    source = serializers.CharField(source="source.name")

    class Meta:
        model = KpiObservation
        fields = [
            "id",
            "kpi",
            "area",
            "period_start",
            "period_end",
            "value",
            "quality",
            "source",
            "dataset_version",
            "retrieved_at",
        ]


class ObservationFilter(serializers.Serializer):
    kpi = serializers.SlugField(required=False, help_text="KPI code, e.g. no2 (all KPIs you may see when left out)")
    area = serializers.CharField(required=False, help_text="Area code, e.g. E05011118")
    since = serializers.DateField(required=False, help_text="Periods ending on or after this date")
    until = serializers.DateField(required=False, help_text="Periods starting on or before this date")

    def validate(self, data):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise serializers.ValidationError({"since": "since must be on or before until."})
        return data


class DatasetSerializer(serializers.ModelSerializer):
    kpi = serializers.CharField(source="kpi.code", default=None)
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Dataset
        fields = [
            "slug",
            "title",
            "description",
            "kind",
            "kpi",
            "licence",
            "licence_url",
            "attribution",
            "tier",
            "is_demo",
            "updated_at",
            "url",
        ]


class ScoreSerializer(serializers.ModelSerializer):
    item = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()
    observation_ids = serializers.SerializerMethodField()
    weights_version = serializers.IntegerField(source="weight_set.version")
    coefficients_version = serializers.CharField(source="coefficient_set.version")

    class Meta:
        model = ScoreRun
        fields = [
            "item",
            "total",
            "equity",
            "contributions",
            "lines",
            "missing",
            "observation_ids",
            "effects",
            "area_codes",
            "inputs_hash",
            "weights_version",
            "coefficients_version",
            "created_at",
        ]

    def get_lines(self, run) -> list[dict]:
        return selectors.score_lines(run, access=self._access())

    def get_observation_ids(self, run) -> list[int]:
        return selectors.visible_observation_ids(run, access=self._access())

    def _access(self):
        request = self.context.get("request")
        return figure_access(request.user) if request is not None else figure_access(AnonymousUser())

    def get_item(self, run) -> str:
        return f"{run.content_type.app_label}.{run.content_type.model}:{run.object_id}"


class ObservationPagination(CursorPagination):
    """Stable under inserts with a constant cost per page: one KPI's observations by period
    (its unique index), every KPI's by id (the primary key) when none is named."""

    page_size = 500
    max_page_size = 5000
    page_size_query_param = "page_size"
    ordering = ("period_start", "id")

    def get_ordering(self, request, queryset, view):
        return self.ordering if request.query_params.get("kpi") else ("id",)


class KpiListApi(generics.ListAPIView):
    """Every KPI the twin stores, with unit, direction, licence and SDG / National TOMs tags."""

    serializer_class = KpiSerializer
    permission_classes = [AllowAny]
    queryset = KpiDefinition.objects.all()
    pagination_class = None
    filter_backends: list = []


class ObservationListApi(generics.ListAPIView):
    """Observations of one KPI (or of every KPI you may see), filtered by area and period.

    Restricted and Closed datasets need the same access as their download: naming one you may
    not download answers 403; without a KPI, their observations are left out."""

    serializer_class = ObservationSerializer
    permission_classes = [AllowAny]
    pagination_class = ObservationPagination
    filter_backends: list = []

    def get_queryset(self):
        params = ObservationFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        kpi = None
        if data.get("kpi"):
            kpi = KpiDefinition.objects.filter(code=data["kpi"]).first()
            if kpi is None:
                raise NotFound({"kpi": f"No KPI with code {data['kpi']!r}."})
            dataset = Dataset.objects.filter(kind=Dataset.Kind.KPI, kpi=kpi).first()
            if dataset is not None:
                allowed, need = may_download(self.request.user, dataset)
                if not allowed:
                    needed = need.replace("_", " ")
                    raise PermissionDenied(
                        {
                            "detail": f"The dataset {dataset.slug!r} is {dataset.tier}: {needed} first.",
                            "dataset": dataset.get_absolute_url(),
                        }
                    )
        queryset = KpiObservation.objects.select_related("kpi", "area", "source").defer("area__geometry")
        if kpi is not None:
            queryset = queryset.filter(kpi=kpi)
        else:
            queryset = queryset.exclude(kpi__code__in=list(figure_access(self.request.user).withheld))
        if data.get("area"):
            queryset = queryset.filter(area__code=data["area"])
        if data.get("since"):
            queryset = queryset.filter(period_end__gte=datetime.combine(data["since"], datetime.min.time(), tzinfo=UTC))
        if data.get("until"):
            queryset = queryset.filter(
                period_start__lte=datetime.combine(data["until"], datetime.max.time(), tzinfo=UTC)
            )
        return queryset

    @extend_schema(parameters=[ObservationFilter])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DatasetListApi(generics.ListAPIView):
    """The data catalogue: every dataset with licence, tier and last update."""

    serializer_class = DatasetSerializer
    permission_classes = [AllowAny]
    queryset = Dataset.objects.select_related("kpi")
    pagination_class = None
    filter_backends: list = []


class ScoreDetailApi(generics.RetrieveAPIView):
    """The current impact score of an item ("proposals.planningproposal", id) with every line."""

    serializer_class = ScoreSerializer
    permission_classes = [AllowAny]

    def get_object(self):
        label = self.kwargs["label"].lower()
        if label not in registry.labels():
            raise NotFound({"label": f"{label!r} is not scored. Scored: {', '.join(registry.labels())}."})
        model = apps.get_model(label)
        if not model.objects.filter(pk=self.kwargs["pk"]).exists():
            raise Http404
        run = (
            ScoreRun.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id=self.kwargs["pk"], current=True
            )
            .select_related("weight_set", "coefficient_set", "content_type")
            .first()
        )
        if run is None:
            raise NotFound({"detail": "Not scored yet; scores are calculated a few seconds after a change."})
        return run


class ScoreSummarySerializer(serializers.ModelSerializer):
    item = serializers.SerializerMethodField()
    weights_version = serializers.IntegerField(source="weight_set.version")
    coefficients_version = serializers.CharField(source="coefficient_set.version")
    breakdown = serializers.SerializerMethodField()

    class Meta:
        model = ScoreRun
        fields = [
            "item",
            "total",
            "equity",
            "contributions",
            "missing",
            "weights_version",
            "coefficients_version",
            "created_at",
            "breakdown",
        ]

    def get_item(self, run) -> str:
        return f"{run.content_type.app_label}.{run.content_type.model}:{run.object_id}"

    def get_breakdown(self, run) -> str:
        return f"/api/v1/scores/{run.content_type.app_label}.{run.content_type.model}/{run.object_id}/"


class ScoreFilter(serializers.Serializer):
    model = serializers.CharField(
        required=False,
        help_text='What is scored, e.g. "proposals.planningproposal" or "proposals.idea" (every model when left out)',
    )

    def validate_model(self, value):
        if value.lower() not in registry.labels():
            raise serializers.ValidationError(f"{value!r} is not scored. Scored: {', '.join(registry.labels())}.")
        return value.lower()


class ScorePagination(CursorPagination):
    page_size = 200
    max_page_size = 1000
    page_size_query_param = "page_size"
    ordering = ("object_id",)

    def get_ordering(self, request, queryset, view):
        return self.ordering if request.query_params.get("model") else ("id",)


class ScoreListApi(generics.ListAPIView):
    """The current impact score of every scored item (of one model, if named; breakdowns at each item's URL)."""

    serializer_class = ScoreSummarySerializer
    permission_classes = [AllowAny]
    pagination_class = ScorePagination
    filter_backends: list = []

    def get_queryset(self):
        params = ScoreFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        queryset = ScoreRun.objects.filter(current=True).select_related("content_type", "weight_set", "coefficient_set")
        if params.validated_data.get("model"):
            model = apps.get_model(params.validated_data["model"])
            queryset = queryset.filter(content_type=ContentType.objects.get_for_model(model))
        return queryset

    @extend_schema(parameters=[ScoreFilter])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
